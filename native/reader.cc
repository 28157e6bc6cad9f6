#include "reader.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace ac {

namespace {

// epoll tags: device slots use their index; the others sit far above.
constexpr uint64_t kTagWake = 1ull << 40;
constexpr uint64_t kTagInotify = 2ull << 40;
constexpr uint64_t kTagUinput = 3ull << 40;

// udev may chmod/chgrp a new node a little after it appears: retry opening
// for about a second before calling it an error.
constexpr int kOpenAttempts = 10;
constexpr int64_t kOpenRetryUs = 100'000;
constexpr int64_t kGrabRetryUs = 50'000;
constexpr int64_t kGrabBusyRetryUs = 1'000'000;
constexpr int64_t kStalledPollUs = 50'000;
// After a stall, let go of a keyboard at a pause in typing (no press or
// release for kHandoverQuietUs), or at the latest kHandoverMaxUs
// after the stall: until then we forward everything ourselves, unheld.
constexpr int64_t kHandoverQuietUs = 40'000;
constexpr int64_t kHandoverMaxUs = 1'000'000;
constexpr int64_t kHandoverPollUs = 10'000;
constexpr int kPanicExitCode = 3;

int64_t eventTimeUs(const input_event& e) {
  return static_cast<int64_t>(e.input_event_sec) * 1'000'000 + e.input_event_usec;
}

bool isPress(int32_t value) { return value != 0; }  // 1 press, 2 autorepeat

}  // namespace

int64_t monotonicUs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

Reader::Reader(Options opts, std::unique_ptr<Sink> sink)
    : opts_(std::move(opts)), sink_(std::move(sink)), vowner_(KEY_CNT, -1) {
  for (int c : opts_.holdKeys)
    if (c >= 0 && c < KEY_CNT) holdKeys_.set(c);
  for (int c : opts_.chordKeys)
    if (c >= 0 && c < KEY_CNT) chordKeys_.set(c);
}

Reader::~Reader() { stop(); }

void Reader::start() {
  // Our own duplicate of the uinput fd: if JS closes its fd first, we
  // never write into whatever file later gets that number; writes to a
  // destroyed device just fail with ENODEV.
  uinputFd_ = fcntl(opts_.uinputFd, F_DUPFD_CLOEXEC, 3);
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  inotifyFd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  auto fail = [&](const char* what) {
    std::string msg = std::string(what) + ": " + strerror(errno);
    for (int* fd : {&uinputFd_, &epfd_, &wakeFd_, &inotifyFd_})
      if (*fd >= 0) close(*fd), *fd = -1;
    throw std::runtime_error(msg);
  };
  if (uinputFd_ < 0) fail("uinputFd");
  if (epfd_ < 0) fail("epoll_create1");
  if (wakeFd_ < 0) fail("eventfd");
  if (inotifyFd_ < 0) fail("inotify_init1");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kTagWake;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, wakeFd_, &ev) < 0) fail("epoll_ctl(eventfd)");
  ev.data.u64 = kTagInotify;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, inotifyFd_, &ev) < 0) fail("epoll_ctl(inotify)");
  if (opts_.grab) {
    // The kernel queues LED changes (Caps Lock...) on the uinput fd; we
    // read them here. Non-blocking so a spurious wakeup cannot park us;
    // writes to uinput never block, so the JS side is unaffected.
    int fl = fcntl(uinputFd_, F_GETFL);
    if (fl >= 0) fcntl(uinputFd_, F_SETFL, fl | O_NONBLOCK);
    ev.data.u64 = kTagUinput;
    // EBADF is a caller's bug; an fd that cannot be polled (not uinput,
    // e.g. a file in tests) only costs the LED passthrough.
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, uinputFd_, &ev) < 0 && errno == EBADF) fail("uinputFd");
  }
  started_ = true;
  thread_ = std::thread(&Reader::run, this);
}

void Reader::stop() {
  if (!started_) return;
  started_ = false;
  stopping_ = true;
  uint64_t one = 1;
  if (write(wakeFd_, &one, sizeof(one)) < 0) { /* the thread polls at least every second */ }
  if (thread_.joinable()) thread_.join();
  close(epfd_);
  close(wakeFd_);
  close(inotifyFd_);
  close(uinputFd_);
  epfd_ = wakeFd_ = inotifyFd_ = uinputFd_ = -1;
}

void Reader::run() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    watchDir();
    scanAll(true);
    flushBatch();
  }
  while (!stopping_) {
    int timeoutMs;
    {
      std::lock_guard<std::mutex> lk(mu_);
      timeoutMs = nextTimeoutMs(monotonicUs());
    }
    iterate(timeoutMs);
  }
  finish();
}

int Reader::nextTimeoutMs(int64_t now) {
  int64_t next = now + 1'000'000;
  auto at = [&](int64_t t) { next = std::min(next, t); };
  if (heldSeq_) at(heldDeadlineUs_);
  for (auto& p : pendingOpens_) at(p.second.nextUs);
  if (watch_ < 0) at(nextWatchTryUs_);
  if (stalled_) {
    at(now + (anyGrabbed() ? kHandoverPollUs : kStalledPollUs));
  } else {
    std::lock_guard<std::mutex> lk(ackMu_);
    if (!unacked_.empty()) at(unacked_.front() + int64_t(opts_.stallMs) * 1000 + 1000);
  }
  if (opts_.grab && !panicked_ && !stalled_)
    for (auto& d : devs_)
      if (d && d->info.isKeyboard && !d->grabbed) at(d->nextGrabTryUs);
  if (panicked_ && opts_.panicExitMs > 0) at(panicExitAtUs_);
  int64_t ms = (next - now + 999) / 1000;
  return static_cast<int>(std::max<int64_t>(0, ms));
}

void Reader::iterate(int timeoutMs) {
  epoll_event evs[32];
  int n = epoll_wait(epfd_, evs, 32, timeoutMs);
  if (n < 0) n = 0;  // EINTR: just run the timers

  std::unique_lock<std::mutex> lk(mu_);
  for (int i = 0; i < n && !stopping_; i++) {
    uint64_t tag = evs[i].data.u64;
    if (tag == kTagWake) {
      uint64_t v;
      while (read(wakeFd_, &v, sizeof(v)) > 0) {
      }
    } else if (tag == kTagInotify) {
      handleInotify();
    } else if (tag == kTagUinput) {
      readUinput();
    } else if (tag < devs_.size() && devs_[tag]) {
      readDevice(*devs_[tag]);
    }
  }

  // injectIfIdle: read everything the kernel already has first, so "no
  // press since afterSeq" covers keys typed up to this very moment.
  if (!injectQueue_.empty()) {
    for (size_t i = 0; i < devs_.size(); i++)
      if (devs_[i]) readDevice(*devs_[i]);
    while (!injectQueue_.empty()) {
      InjectRequest* req = injectQueue_.front();
      injectQueue_.pop_front();
      req->result = !panicked_ && !stopping_ && lastPressSeq_ <= req->afterSeq;
      if (req->result) {
        appendInjection(*req->events);
        flushOut();
      }
      req->done = true;
    }
    injectDone_.notify_all();
  }

  int64_t now = monotonicUs();
  if (heldSeq_ && now >= heldDeadlineUs_) releaseHeld(nullptr, false, now);  // JS too slow: never stuck

  for (auto it = pendingOpens_.begin(); it != pendingOpens_.end();) {
    if (it->second.nextUs > now) {
      ++it;
      continue;
    }
    bool last = it->second.attempts + 1 >= kOpenAttempts;
    if (tryOpen(it->first, last) || last) {
      it = pendingOpens_.erase(it);
    } else {
      it->second.attempts++;
      it->second.nextUs = now + kOpenRetryUs;
      ++it;
    }
  }

  if (watch_ < 0 && now >= nextWatchTryUs_) {
    watchDir();
    if (watch_ >= 0) scanAll(true);
  }

  int64_t oldest = -1;
  {
    std::lock_guard<std::mutex> alk(ackMu_);
    if (!unacked_.empty()) oldest = unacked_.front();
  }
  if (!stalled_ && oldest >= 0 && now - oldest > int64_t(opts_.stallMs) * 1000) {
    onStall();
  } else if (stalled_ && oldest < 0 && !anyGrabbed()) {
    stalled_ = false;  // JS caught up: grabs come back below, once keys are up
  }
  if (stalled_)
    for (auto& d : devs_)
      if (d && d->grabbed &&
          (now - d->lastKeyUs >= kHandoverQuietUs || now >= stalledAtUs_ + kHandoverMaxUs)) {
        // What is queued goes out before we let go (gone: nothing to let go);
        // a press in it means this was no pause after all.
        if (!readDevice(*d)) continue;
        if (now - d->lastKeyUs < kHandoverQuietUs && now < stalledAtUs_ + kHandoverMaxUs) continue;
        flushOut();
        ungrab(*d, "stalled");
        if (d) readDevice(*d);  // what came to us alone during the switch goes out now
      }

  if (opts_.grab && !stalled_ && !panicked_)
    for (size_t i = 0; i < devs_.size(); i++)
      if (devs_[i]) maybeGrab(*devs_[i], now);

  if (panicked_ && opts_.panicExitMs > 0 && now >= panicExitAtUs_) {
    // JS did not end the process after the panic chord (its thread may be
    // blocked). Grabs are already released; end it from here.
    static const char msg[] = "autocorrector: panic chord, exiting\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) {
    }
    _exit(kPanicExitCode);
  }

  flushOut();
  flushBatch();
}

// ---- devices -------------------------------------------------------------

void Reader::watchDir() {
  if (watch_ >= 0) return;
  watch_ = inotify_add_watch(inotifyFd_, opts_.dir.c_str(),
                             IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR);
  if (watch_ < 0) nextWatchTryUs_ = monotonicUs() + 1'000'000;
}

void Reader::scanAll(bool reportErrors) {
  // A node we cannot open now is retried when udev changes it (IN_ATTRIB).
  for (const std::string& path : listEventNodes(opts_.dir))
    if (!ignored_.count(path)) tryOpen(path, reportErrors);
}

bool Reader::wanted(const DeviceInfo& info) const {
  if (opts_.only.empty()) return true;
  for (const std::string& s : opts_.only)
    if (s == info.path || s == info.name) return true;
  return false;
}

bool Reader::tryOpen(const std::string& path, bool reportError) {
  for (auto& d : devs_)
    if (d && d->info.path == path) return true;
  if (ignored_.count(path)) return true;

  bool writable = true;
  int fd = open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
    writable = false;  // still fine to read; only LED passthrough needs write
    fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  }
  if (fd < 0) {
    int err = errno;
    if (reportError && err != ENOENT) {
      auto it = reportedErrors_.find(path);
      if (it == reportedErrors_.end() || it->second != err) {
        reportedErrors_[path] = err;
        DeviceInfo info;
        info.path = path;
        describeOpenError(path, err, info);
        notifyInfo("error", info, std::string("cannot open: ") + strerror(err));
      }
    }
    return err == ENOENT;  // gone already: nothing to retry
  }

  DeviceInfo info;
  info.path = path;
  probeFd(fd, info);
  if (isOwnDevice(info) || !(info.isKeyboard || info.isPointer) || !wanted(info)) {
    close(fd);
    ignored_[path] = true;
    return true;
  }
  // Monotonic event times let us tell events that predate a grab from
  // those after it, and give JS a clock that does not jump.
  int clk = CLOCK_MONOTONIC;
  bool mono = ioctl(fd, EVIOCSCLOCKID, &clk) == 0;

  auto d = std::make_unique<Dev>();
  d->fd = fd;
  if (mono && info.isKeyboard && opts_.grab) d->witness = openWitness(fd);
  d->index = static_cast<int>(devs_.size());
  d->info = info;
  d->writable = writable;
  d->monoClock = mono;
  readKeyState(fd, d->phys);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = static_cast<uint64_t>(d->index);
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    close(fd);
    return false;
  }
  reportedErrors_.erase(path);
  devs_.push_back(std::move(d));
  notifyDevice("added", *devs_.back());
  return true;
}

void Reader::removeDevice(Dev& d, const char* why) {
  int idx = d.index;
  int64_t now = monotonicUs();
  if (d.grabbed) {
    // Keys it had down in our stream would stay down on the virtual
    // keyboard: release them in order, behind whatever is queued.
    bool any = false;
    for (int c = 0; c < KEY_CNT; c++)
      if (d.logical.test(c)) {
        forward(Ev{idx, EV_KEY, static_cast<uint16_t>(c), 0, 0, now, false});
        any = true;
      }
    if (any) forward(Ev{idx, EV_SYN, SYN_REPORT, 0, 0, now, false});
  } else {
    bool any = false;
    for (int c = 0; c < KEY_CNT; c++)
      if (vdown_.test(c) && vowner_[c] == idx) {
        emitRaw(EV_KEY, static_cast<uint16_t>(c), 0);
        any = true;
      }
    if (any) emitRaw(EV_SYN, SYN_REPORT, 0);
  }
  epoll_ctl(epfd_, EPOLL_CTL_DEL, d.fd, nullptr);
  close(d.fd);
  d.fd = -1;
  if (d.witness >= 0) close(d.witness);
  d.witness = -1;
  notifyDevice("removed", d, why);
  devs_[idx].reset();
}

bool Reader::readDevice(Dev& d) {
  input_event buf[64];
  for (;;) {
    ssize_t r = read(d.fd, buf, sizeof(buf));
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return true;
      // ENODEV: unplugged. Any other error: the device is unusable too.
      removeDevice(d, errno == ENODEV ? "vanished" : strerror(errno));
      return false;
    }
    if (r == 0) return true;
    int64_t now = monotonicUs();
    size_t n = static_cast<size_t>(r) / sizeof(input_event);
    for (size_t i = 0; i < n; i++) onInput(d, buf[i], now);
    if (static_cast<size_t>(r) < sizeof(buf)) return true;
  }
}

void Reader::onInput(Dev& d, const input_event& e, int64_t now) {
  if (e.type == EV_SYN && e.code == SYN_DROPPED) {
    d.dropping = true;  // the kernel's buffer overflowed: skip to the next report
    return;
  }
  if (d.dropping) {
    if (e.type == EV_SYN && e.code == SYN_REPORT) {
      d.dropping = false;
      KeyBits now_down;
      // Asked of our own fd on purpose: the kernel then drops the key events
      // still queued there, which the state already counts, so each change
      // is passed on once, here.
      if (readKeyState(d.fd, now_down)) {
        // Releases, then presses, we missed: nothing stays down, nothing typed is lost.
        for (int pass = 0; pass < 2; pass++)
          for (int c = 0; c < KEY_CNT; c++)
            if (d.phys.test(c) != now_down.test(c) && now_down.test(c) == (pass == 1)) {
              input_event k{};
              k.input_event_sec = e.input_event_sec;
              k.input_event_usec = e.input_event_usec;
              k.type = EV_KEY;
              k.code = static_cast<uint16_t>(c);
              k.value = pass;
              onInput(d, k, now);
            }
        input_event syn = e;  // the report that ended the gap, now after the releases
        onInput(d, syn, now);
      }
    }
    return;
  }

  int64_t t = eventTimeUs(e);
  // Forward what only we received: while grabbed, and also what was still
  // queued on our fd when we let go (stamped before the ungrab), or those
  // keys would reach no one.
  bool exclusive = d.grabbed ? (!d.monoClock || t >= d.grabbedAtUs)
                             : d.monoClock && t >= d.grabbedAtUs && t < d.ungrabbedAtUs;
  bool fwd = opts_.grab && !panicked_ && exclusive;

  if (e.type == EV_KEY) {
    if (e.code >= KEY_CNT) return;
    if (e.value != 2) d.lastKeyUs = now;
    if (isPress(e.value))
      d.phys.set(e.code);
    else
      d.phys.reset(e.code);

    if (e.value == 1 && !panicked_ &&
        (e.code == KEY_BACKSPACE || e.code == KEY_ESC || e.code == KEY_ENTER)) {
      KeyBits all;
      for (auto& o : devs_)
        if (o) all |= o->phys;
      if (all.test(KEY_BACKSPACE) && all.test(KEY_ESC) && all.test(KEY_ENTER)) {
        panic();
        return;
      }
    }

    int32_t seq = ++seq_;
    if (isPress(e.value)) lastPressSeq_ = seq;
    if (fwd && e.value == 2 && !opts_.forwardRepeats) fwd = false;  // reported, not forwarded
    // Only a served keyboard waits for JS; a late leftover goes straight out.
    // Stalled: JS will not answer, so nothing waits for it.
    bool hold = fwd && d.grabbed && !stalled_ && isPress(e.value) && holdKeys_.test(e.code);
    if (fwd && d.grabbed && !stalled_ && e.value == 1 && !hold && chordKeys_.test(e.code)) {
      KeyBits all;
      for (auto& o : devs_)
        if (o) all |= o->phys;
      hold = all.test(KEY_LEFTCTRL) || all.test(KEY_RIGHTCTRL) || all.test(KEY_LEFTALT) ||
             all.test(KEY_RIGHTALT) || all.test(KEY_LEFTMETA) || all.test(KEY_RIGHTMETA);
    }
    if (!stalled_ && !panicked_) {
      batch_.insert(batch_.end(), {seq, d.index, e.type, e.code, e.value,
                                   static_cast<int32_t>(static_cast<uint32_t>(t / 1000)),
                                   hold ? kFlagHeld : 0});
    }
    if (fwd) {
      if (isPress(e.value))
        d.logical.set(e.code);
      else
        d.logical.reset(e.code);
      forward(Ev{d.index, e.type, e.code, e.value, seq, now, hold});
    } else if (opts_.grab && e.value == 0 && !d.grabbed && vdown_.test(e.code) && vowner_[e.code] == d.index) {
      // Went down through the virtual keyboard while grabbed, released
      // while not: the desktop only hears the release from us.
      emitRaw(EV_KEY, e.code, 0);
      emitRaw(EV_SYN, SYN_REPORT, 0);
    }
    if (e.value == 0 && !d.grabbed) d.nextGrabTryUs = 0;  // a key came up: maybe grabbable now
    return;
  }

  // Scan codes (EV_MSC), LEDs and autorepeat settings are the physical
  // keyboard's business; the virtual keyboard gets keys, reports and
  // relative motion (combined keyboard+mouse receivers).
  if (fwd && (e.type == EV_SYN || e.type == EV_REL))
    forward(Ev{d.index, e.type, e.code, e.value, 0, now, false});
}

void Reader::readUinput() {
  input_event buf[16];
  for (;;) {
    ssize_t r = read(uinputFd_, buf, sizeof(buf));
    if (r <= 0) return;
    std::vector<input_event> leds;
    for (size_t i = 0; i < static_cast<size_t>(r) / sizeof(input_event); i++) {
      const input_event& e = buf[i];
      if (e.type != EV_LED || e.code >= 31) continue;
      ledsKnown_ |= 1 << e.code;
      if (e.value)
        ledsOn_ |= 1 << e.code;
      else
        ledsOn_ &= ~(1 << e.code);
      input_event l{};
      l.type = EV_LED;
      l.code = e.code;
      l.value = e.value ? 1 : 0;
      leds.push_back(l);
    }
    if (leds.empty()) continue;
    input_event syn{};
    syn.type = EV_SYN;
    syn.code = SYN_REPORT;
    leds.push_back(syn);
    for (auto& d : devs_)
      if (d && d->grabbed && d->writable)
        if (write(d->fd, leds.data(), leds.size() * sizeof(input_event)) < 0) {
          // A keyboard without that LED or one being unplugged: not fatal.
        }
  }
}

void Reader::handleInotify() {
  alignas(inotify_event) char buf[4096];
  int64_t now = monotonicUs();
  bool rescan = false;
  for (;;) {
    ssize_t r = read(inotifyFd_, buf, sizeof(buf));
    if (r <= 0) break;
    for (char* p = buf; p < buf + r;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) rescan = true;
      if (ev->mask & IN_IGNORED) {  // the directory itself went away
        watch_ = -1;
        nextWatchTryUs_ = now + 1'000'000;
        continue;
      }
      if (ev->len == 0 || strncmp(ev->name, "event", 5) != 0) continue;
      std::string path = opts_.dir + "/" + ev->name;
      if (ev->mask & (IN_DELETE | IN_MOVED_FROM)) {
        ignored_.erase(path);
        pendingOpens_.erase(path);
        reportedErrors_.erase(path);
        for (size_t i = 0; i < devs_.size(); i++)
          if (devs_[i] && devs_[i]->info.path == path) removeDevice(*devs_[i], "unplugged");
      }
      if (ev->mask & (IN_CREATE | IN_ATTRIB | IN_MOVED_TO)) {
        bool open = false;
        for (auto& d : devs_)
          if (d && d->info.path == path) open = true;
        if (!open && !ignored_.count(path)) pendingOpens_[path] = PendingOpen{0, now};
      }
    }
  }
  if (rescan) scanAll(false);
}

// ---- grabbing ------------------------------------------------------------

void Reader::maybeGrab(Dev& d, int64_t now) {
  if (!opts_.grab || !d.info.isKeyboard || d.grabbed || stalled_ || panicked_ || now < d.nextGrabTryUs) return;
  d.nextGrabTryUs = now + kGrabRetryUs;
  // Read what is already queued first: those events reached the desktop
  // directly and must not be forwarded a second time.
  if (!readDevice(d)) return;
  if (panicked_) return;  // the chord may have been in what we just read
  // No key down, neither in what readers were given (a release the kernel
  // has counted but not yet delivered would reach us alone after the grab)
  // nor in the kernel's state. Key state is asked of the witness, never of
  // our own fd: EVIOCGKEY drops the key events queued on the fd it is asked on.
  int stateFd = d.witness >= 0 ? d.witness : d.fd;
  drainWitness(d);
  KeyBits down;
  if (d.phys.any() || !readKeyState(stateFd, down) || down.any()) return;
  d.grabbedAtUs = monotonicUs();
  if (ioctl(d.fd, EVIOCGRAB, 1) < 0) {
    int err = errno;
    if (!d.grabErrorReported) {
      d.grabErrorReported = true;
      notifyDevice("error", d,
                   std::string("cannot grab: ") + strerror(err) +
                       (err == EBUSY ? " (another program has grabbed it)" : ""));
    }
    d.nextGrabTryUs = now + kGrabBusyRetryUs;
    return;
  }
  // What the witness saw reached everyone: the grab took hold after its
  // last event, so only later stamps are ours alone. A key event there (or a
  // key down now) means the desktop may hold a key whose release would come
  // to us alone: let go and try again at the next pause.
  WitnessNews news = readWitness(d);
  if (news.last >= d.grabbedAtUs) d.grabbedAtUs = news.last + 1;
  if (news.sawKey || !readKeyState(stateFd, down) || down.any()) {
    letGo(d);
    readDevice(d);  // what came to us alone meanwhile goes out now, through us
    return;
  }
  d.grabbed = true;
  d.grabErrorReported = false;
  d.logical.reset();
  // Caps Lock may have changed while we were not reading (snoop, a stall):
  // the LEDs the desktop last set tell JS where the lock state is now.
  if (d.info.leds >= 0) {
    int lit = readLeds(d.fd);
    if (lit >= 0) d.info.leds = (lit & ~ledsKnown_) | (ledsOn_ & ledsKnown_);
  }
  if (d.writable && ledsKnown_) {
    std::vector<input_event> leds;
    for (int c = 0; c < 31; c++)
      if (ledsKnown_ & (1 << c)) {
        input_event l{};
        l.type = EV_LED;
        l.code = static_cast<uint16_t>(c);
        l.value = (ledsOn_ >> c) & 1;
        leds.push_back(l);
      }
    input_event syn{};
    syn.type = EV_SYN;
    leds.push_back(syn);
    if (write(d.fd, leds.data(), leds.size() * sizeof(input_event)) < 0) {
    }
  }
  notifyDevice("grabbed", d);
}

void Reader::letGo(Dev& d) {
  // The kernel lets go of the grab somewhere inside the ioctl (after an RCU
  // grace period, which can be milliseconds). The witness receives events
  // only once the grab is gone, so its first event marks the first one that
  // reached everyone; earlier stamps came to us alone and are ours to
  // forward. Without a witness, assume the worst case: the start.
  drainWitness(d);
  int64_t before = monotonicUs();
  ioctl(d.fd, EVIOCGRAB, 0);
  int64_t after = monotonicUs();
  if (d.witness < 0) {
    d.ungrabbedAtUs = before;
    return;
  }
  WitnessNews news = readWitness(d);
  d.ungrabbedAtUs = news.first >= 0 ? std::min(news.first, after) : after;
}

void Reader::ungrab(Dev& d, const char* why) {
  if (!d.grabbed) return;
  letGo(d);
  d.grabbed = false;
  d.nextGrabTryUs = monotonicUs() + kGrabRetryUs;
  notifyDevice("ungrabbed", d, why);
}

void Reader::onStall() {
  // JS stopped taking our notices: step out of the way entirely. What we
  // hold goes out now, uncorrected; nothing waits for JS any more; each
  // keyboard is let go at its next pause in typing (iterate), then the
  // desktop reads it directly until JS catches up.
  stalled_ = true;
  stalledAtUs_ = monotonicUs();
  flushPending();
  flushOut();
  batch_.clear();
}

bool Reader::anyGrabbed() const {
  for (auto& d : devs_)
    if (d && d->grabbed) return true;
  return false;
}

int Reader::openWitness(int fd) {
  // Reopening our own fd through /proc names the very same device, even if
  // its node has been reused since.
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  int w = open(self.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (w < 0) return -1;
  int clk = CLOCK_MONOTONIC;
  if (ioctl(w, EVIOCSCLOCKID, &clk) < 0) {
    close(w);
    return -1;
  }
  return w;
}

void Reader::drainWitness(Dev& d) {
  if (d.witness < 0) return;
  input_event buf[64];
  while (read(d.witness, buf, sizeof(buf)) > 0) {
  }
}

Reader::WitnessNews Reader::readWitness(Dev& d) {
  WitnessNews news;
  if (d.witness < 0) return news;
  // EVIOCGLED takes the device's event lock, so a delivery already under way
  // (it may have reached our fd but not yet the witness) has finished; it
  // only drops LED events from the witness's queue, which we never use.
  readLeds(d.witness);
  input_event buf[64];
  for (;;) {
    ssize_t r = read(d.witness, buf, sizeof(buf));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return news;
    size_t n = static_cast<size_t>(r) / sizeof(input_event);
    for (size_t i = 0; i < n; i++) {
      if (buf[i].type == EV_SYN && buf[i].code == SYN_DROPPED) continue;
      int64_t t = eventTimeUs(buf[i]);
      if (news.first < 0) news.first = t;
      news.last = t;
      if (buf[i].type == EV_KEY && buf[i].value != 2) news.sawKey = true;
    }
  }
}

void Reader::panic() {
  panicked_ = true;
  // Drop what is held (the chord's own Backspace/Enter must not type) and
  // let go of every key and every keyboard before telling anyone.
  pending_.clear();
  heldSeq_ = 0;
  earlyAnswers_.clear();
  releaseVirtualKeys();
  flushOut();
  for (auto& d : devs_)
    if (d && d->grabbed) {
      ioctl(d->fd, EVIOCGRAB, 0);
      d->grabbed = false;
    }
  batch_.clear();
  auto* n = new Notice();
  n->kind = Notice::Panic;
  notify(n);
  panicExitAtUs_ = monotonicUs() + int64_t(opts_.panicExitMs) * 1000;
}

// ---- forwarding ------------------------------------------------------------

void Reader::forward(const Ev& ev) {
  if (heldSeq_ != 0) {
    pending_.push_back(ev);  // behind the held key, in order
    return;
  }
  if (ev.hold) {
    heldSeq_ = ev.seq;
    heldDeadlineUs_ = ev.arrivedUs + int64_t(opts_.holdTimeoutMs) * 1000;
    pending_.push_back(ev);
    return;
  }
  emit(ev);
}

void Reader::emit(const Ev& ev) {
  if (ev.dev >= 0 && ev.type == EV_KEY && ev.code < KEY_CNT && swallowed_.test(ev.code)) {
    if (ev.value == 0) swallowed_.reset(ev.code);
    if (ev.value != 1) return;  // the dropped press's repeats and release
    swallowed_.reset(ev.code);  // a new press (release lost): forward it
  }
  input_event ie{};
  ie.type = ev.type;
  ie.code = ev.code;
  ie.value = ev.value;
  out_.push_back(ie);
  if (ev.type == EV_KEY && ev.code < KEY_CNT) {
    if (ev.value == 0) {
      vdown_.reset(ev.code);
    } else {
      if (!vdown_.test(ev.code)) vowner_[ev.code] = ev.dev;
      vdown_.set(ev.code);
    }
  }
}

void Reader::emitRaw(uint16_t type, uint16_t code, int32_t value) {
  emit(Ev{-1, type, code, value, 0, 0, false});
}

void Reader::appendInjection(const std::vector<int32_t>& inj) {
  for (size_t i = 0; i + 2 < inj.size(); i += 3)
    emitRaw(static_cast<uint16_t>(inj[i]), static_cast<uint16_t>(inj[i + 1]), inj[i + 2]);
}

void Reader::releaseHeld(const std::vector<int32_t>* injection, bool drop, int64_t now) {
  if (!heldSeq_) return;
  // The correction goes out before the key that ended the word.
  if (injection) appendInjection(*injection);
  if (drop)
    swallowed_.set(pending_.front().code);
  else
    emit(pending_.front());
  pending_.pop_front();
  heldSeq_ = 0;
  while (!pending_.empty()) {
    Ev e = pending_.front();
    if (e.hold) {
      auto it = earlyAnswers_.find(e.seq);
      if (it != earlyAnswers_.end()) {
        appendInjection(it->second.injection);
        bool dropIt = it->second.drop;
        earlyAnswers_.erase(it);
        if (dropIt) {
          swallowed_.set(e.code);
          pending_.pop_front();
          continue;
        }
      } else if (e.arrivedUs + int64_t(opts_.holdTimeoutMs) * 1000 > now) {
        heldSeq_ = e.seq;  // the next word end waits for its own answer
        heldDeadlineUs_ = e.arrivedUs + int64_t(opts_.holdTimeoutMs) * 1000;
        break;
      }
    }
    emit(e);
    pending_.pop_front();
  }
  if (!heldSeq_) earlyAnswers_.clear();
}

void Reader::flushPending() {
  for (const Ev& e : pending_) emit(e);
  pending_.clear();
  heldSeq_ = 0;
  earlyAnswers_.clear();
}

void Reader::releaseVirtualKeys() {
  bool any = false;
  for (int c = 0; c < KEY_CNT; c++)
    if (vdown_.test(c)) {
      emitRaw(EV_KEY, static_cast<uint16_t>(c), 0);
      any = true;
    }
  if (any) emitRaw(EV_SYN, SYN_REPORT, 0);
}

void Reader::flushOut() {
  if (out_.empty()) return;
  if (uinputFd_ >= 0) {
    const char* p = reinterpret_cast<const char*>(out_.data());
    size_t left = out_.size() * sizeof(input_event);
    while (left > 0) {
      ssize_t w = write(uinputFd_, p, left);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        if (!writeErrorReported_) {
          writeErrorReported_ = true;
          DeviceInfo info;
          info.path = "uinput";
          info.error = errno;
          notifyInfo("error", info, std::string("cannot write to the virtual keyboard: ") + strerror(errno));
        }
        break;
      }
      p += w;
      left -= static_cast<size_t>(w);
    }
  }
  out_.clear();
}

// ---- JS side ---------------------------------------------------------------

bool Reader::resolve(int32_t seq, const std::vector<int32_t>& injection, bool drop) {
  std::lock_guard<std::mutex> lk(mu_);
  if (!opts_.grab || panicked_ || seq == 0) return false;
  if (seq == heldSeq_) {
    releaseHeld(&injection, drop, monotonicUs());
    flushOut();
    return true;
  }
  // An answer for a key still queued behind the held one: keep it.
  for (const Ev& e : pending_)
    if (e.seq == seq && e.hold) {
      earlyAnswers_[seq] = Answer{injection, drop};
      return true;
    }
  return false;
}

bool Reader::injectIfIdle(const std::vector<int32_t>& injection, int32_t afterSeq) {
  std::unique_lock<std::mutex> lk(mu_);
  if (opts_.grab || panicked_ || stopping_ || !started_) return false;
  InjectRequest req{&injection, afterSeq};
  injectQueue_.push_back(&req);
  uint64_t one = 1;
  if (write(wakeFd_, &one, sizeof(one)) < 0) {
  }
  if (!injectDone_.wait_for(lk, std::chrono::milliseconds(200), [&] { return req.done; })) {
    injectQueue_.erase(std::remove(injectQueue_.begin(), injectQueue_.end(), &req), injectQueue_.end());
    return false;
  }
  return req.result;
}

void Reader::setChordKeys(const std::vector<int>& codes) {
  std::lock_guard<std::mutex> lk(mu_);
  chordKeys_.reset();
  for (int c : codes)
    if (c >= 0 && c < KEY_CNT) chordKeys_.set(c);
}

void Reader::setHoldKeys(const std::vector<int>& codes) {
  std::lock_guard<std::mutex> lk(mu_);
  holdKeys_.reset();
  for (int c : codes)
    if (c >= 0 && c < KEY_CNT) holdKeys_.set(c);
}

void Reader::acknowledge() {
  std::lock_guard<std::mutex> lk(ackMu_);
  if (!unacked_.empty()) unacked_.pop_front();
}

void Reader::flushBatch() {
  if (batch_.empty()) return;
  auto* n = new Notice();
  n->kind = Notice::Events;
  n->records.swap(batch_);
  notify(n);
}

void Reader::notify(Notice* n) {
  if (n->kind != Notice::Events) flushBatch();  // keep events and device news in order
  {
    std::lock_guard<std::mutex> lk(ackMu_);
    unacked_.push_back(monotonicUs());
  }
  if (!sink_->post(n)) {
    std::lock_guard<std::mutex> lk(ackMu_);
    if (!unacked_.empty()) unacked_.pop_back();
  }
}

void Reader::notifyDevice(const char* kind, const Dev& d, const std::string& message) {
  notifyInfo(kind, d.info, message);
}

void Reader::notifyInfo(const char* kind, const DeviceInfo& info, const std::string& message) {
  auto* n = new Notice();
  n->kind = Notice::Device;
  n->devKind = kind;
  n->path = info.path;
  n->name = info.name;
  n->message = message;
  n->group = info.group;
  n->mode = info.mode;
  n->error = info.error;
  n->leds = info.leds;
  n->isKeyboard = info.isKeyboard;
  n->isPointer = info.isPointer;
  for (auto& d : devs_)
    if (d && d->info.path == info.path) n->index = d->index;
  notify(n);
}

void Reader::finish() {
  std::lock_guard<std::mutex> lk(mu_);
  // Nothing we wrote may stay down, and nothing held may be lost.
  if (!panicked_) flushPending();
  releaseVirtualKeys();
  flushOut();
  for (auto& d : devs_)
    if (d) {
      if (d->grabbed) ioctl(d->fd, EVIOCGRAB, 0);
      close(d->fd);
      if (d->witness >= 0) close(d->witness);
    }
  devs_.clear();
  batch_.clear();
  for (InjectRequest* req : injectQueue_) req->done = true;
  injectQueue_.clear();
  injectDone_.notify_all();
}

}  // namespace ac
