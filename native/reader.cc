// The input thread's loop and what it decides for each event: forward it
// (through the hold queue), report it to JS, or neither; the stall and the
// panic chord. Runs on the input thread under the Reader's mutex, except
// start/stop (JS thread, before the thread starts and to end it); each
// event's route also runs on a grabbed keyboard's own thread (keys.cc),
// under the same mutex.
#include "reader.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "grab.h"

namespace ac {

namespace {

// epoll tags: device slots use their index; the others sit far above.
constexpr uint64_t kTagWake = 1ull << 40;
constexpr uint64_t kTagInotify = 2ull << 40;
constexpr uint64_t kTagUinput = 3ull << 40;
constexpr uint64_t kTagTimer = 4ull << 40;

constexpr int kPanicExitCode = 3;

bool isPress(int32_t value) { return value != 0; }  // 1 press, 2 autorepeat

}  // namespace

Reader::Reader(Options opts, std::unique_ptr<Sink> sink) : opts_(std::move(opts)), bridge_(std::move(sink)) {
  for (int c : opts_.holdKeys)
    if (c >= 0 && c < KEY_CNT) holdKeys_.set(c);
  for (int c : opts_.chordKeys)
    if (c >= 0 && c < KEY_CNT) chordKeys_.set(c);
  queue_.setTimeoutMs(opts_.holdTimeoutMs);
  int batchMs = opts_.batchMs >= 0 ? opts_.batchMs : std::min(opts_.stallMs / 2, 1000);
  bridge_.setBatchUs(int64_t(batchMs) * 1000);
  vkbd_.setPace(opts_.chunkEvents, opts_.chunkPauseMs);
}

Reader::~Reader() { stop(); }

void Reader::start() {
  bool haveOut = vkbd_.open(opts_.uinputFd);
  int outErr = errno;
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  inotifyFd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  timerFd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  armedUs_ = -1;
  auto fail = [&](const char* what) {
    std::string msg = std::string(what) + ": " + strerror(errno);
    vkbd_.close();
    for (int* fd : {&epfd_, &wakeFd_, &inotifyFd_, &timerFd_})
      if (*fd >= 0) close(*fd), *fd = -1;
    throw std::runtime_error(msg);
  };
  if (!haveOut) errno = outErr, fail("uinputFd");
  if (epfd_ < 0) fail("epoll_create1");
  if (wakeFd_ < 0) fail("eventfd");
  if (inotifyFd_ < 0) fail("inotify_init1");
  if (timerFd_ < 0) fail("timerfd_create");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kTagWake;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, wakeFd_, &ev) < 0) fail("epoll_ctl(eventfd)");
  ev.data.u64 = kTagInotify;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, inotifyFd_, &ev) < 0) fail("epoll_ctl(inotify)");
  ev.data.u64 = kTagTimer;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, timerFd_, &ev) < 0) fail("epoll_ctl(timerfd)");
  if (opts_.grab) {
    // The kernel queues LED changes (Caps Lock...) on the uinput fd; we
    // read them here. Non-blocking so a spurious wakeup cannot park us;
    // writes to uinput never block, so the JS side is unaffected.
    setBlocking(vkbd_.fd(), false);
    ev.data.u64 = kTagUinput;
    // EBADF is a caller's bug; an fd that cannot be polled (not uinput,
    // e.g. a file in tests) only costs the LED passthrough.
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, vkbd_.fd(), &ev) < 0 && errno == EBADF) fail("uinputFd");
  }
  started_ = true;
  // The input thread takes no signals (they are the JS thread's business):
  // a signal there could only interrupt a syscall mid-way. It inherits this
  // mask; ours is put back at once.
  installKick();
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  thread_ = std::thread(&Reader::run, this);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void Reader::stop() {
  if (!started_) return;
  started_ = false;
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
  close(epfd_);
  close(wakeFd_);
  close(inotifyFd_);
  close(timerFd_);
  vkbd_.close();
  epfd_ = wakeFd_ = inotifyFd_ = timerFd_ = -1;
}

void Reader::stopAtExit() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    bridge_.mute();
  }
  stop();  // finish() writes out what is held, releases keys, ungrabs
}

void Reader::run() {
  pthread_setname_np(pthread_self(), "ac-input");
  useDefaultProtectionKeys();
  {
    std::unique_lock<std::mutex> lk(mu_);
    watchDir();
    scanAll(true);
    if (!pendingOpens_.empty()) openDue(lk);
    updateWatch();
    bridge_.flushBatch();
  }
  int timeoutMs;
  {
    std::lock_guard<std::mutex> lk(mu_);
    int64_t now = clockUs();
    timeoutMs = waitFor(nextDueUs(now), now);
  }
  while (!stopping_) timeoutMs = iterate(timeoutMs);
  finish();
}

int64_t Reader::clockUs() {
  lastNowUs_ = std::max(lastNowUs_, monotonicUs());
  return lastNowUs_;
}

int Reader::waitFor(int64_t dueUs, int64_t now) {
  if (dueUs >= 0 && dueUs <= now) return 0;
  if (dueUs != armedUs_) {
    // Absolute, on the clock monotonicUs() reads: no drift between wake-ups.
    itimerspec its{};
    if (dueUs >= 0) {
      its.it_value.tv_sec = dueUs / 1'000'000;
      its.it_value.tv_nsec = (dueUs % 1'000'000) * 1000;
    }
    if (timerfd_settime(timerFd_, TFD_TIMER_ABSTIME, &its, nullptr) < 0) {
      // Cannot happen with a valid fd; fall back to epoll_wait's own timer.
      armedUs_ = -1;
      return dueUs < 0 ? -1 : static_cast<int>(std::min<int64_t>(INT32_MAX, (dueUs - now + 999) / 1000));
    }
    armedUs_ = dueUs;
  }
  return -1;
}

int64_t Reader::nextDueUs(int64_t now) {
  // Nothing due: wait for an event with no timeout at all, so an idle
  // daemon never wakes (JS wakes us through wakeFd_ when it needs us).
  constexpr int64_t kNever = INT64_MAX;
  int64_t next = keyDueUs();
  auto at = [&](int64_t t) { next = std::min(next, t); };
  for (auto& p : pendingOpens_) at(p.second.nextUs);
  if (watch_ < 0) at(nextWatchTryUs_);
  if (stalled_) at(now + (anyGrabbed() ? timing::kHandoverPollUs : timing::kStalledPollUs));
  if (opts_.grab && !panicked_ && !stalled_)
    for (auto& d : devs_)
      // (only a keyboard we may grab: another's retry time stays 0, which was a busy loop)
      if (d && d->grabbable && !d->grabbed) at(d->nextGrabTryUs);
  return next == kNever ? -1 : next;
}

int64_t Reader::keyDueUs() const {
  // Everything a key can make due, so the key thread (armAfterKeys) and the
  // input thread's timer (nextDueUs) cannot disagree on it.
  int64_t next = INT64_MAX;
  auto at = [&](int64_t t) { next = std::min(next, t); };
  if (queue_.heldSeq()) at(queue_.deadlineUs());
  if (vkbd_.pending()) at(vkbd_.nextWriteUs());
  if (bridge_.batchDueUs() >= 0) at(bridge_.batchDueUs());
  if (!stalled_) {  // (stalled: the handover's poll stands in for it)
    int64_t oldest = bridge_.oldestUnackedUs();
    if (oldest >= 0) at(oldest + int64_t(opts_.stallMs) * 1000 + 1000);
  }
  if (panicked_ && opts_.panicExitMs > 0) at(panicExitAtUs_);
  return next;
}

int Reader::iterate(int timeoutMs) {
  epoll_event evs[32];
  int n = epoll_wait(epfd_, evs, 32, timeoutMs);
  if (n < 0) n = 0;  // EINTR: just run the timers

  std::unique_lock<std::mutex> lk(mu_);
  // One time for this wake-up, for every decision in it. When only keys
  // woke us, it is their kernel stamp (readDevice), not a clock read: in a
  // VM the clock may be an emulated HPET, a system call each (bench:kernel:
  // a clock read a key cost more than a tenth of the floor's read and write).
  bool onlyInput = n > 0;
  for (int i = 0; i < n; i++)
    if (evs[i].data.u64 >= devs_.size()) onlyInput = false;
  int64_t now = onlyInput ? -1 : clockUs();
  for (int i = 0; i < n && !stopping_; i++) {
    uint64_t tag = evs[i].data.u64;
    if (tag == kTagTimer) {
      uint64_t v;
      if (read(timerFd_, &v, sizeof(v)) > 0) armedUs_ = -1;  // one-shot: it is disarmed now
    } else if (tag == kTagWake) {
      uint64_t v;
      while (read(wakeFd_, &v, sizeof(v)) > 0) {
      }
    } else if (tag == kTagInotify) {
      handleInotify();
    } else if (tag == kTagUinput) {
      readUinput();
    } else if (tag < devs_.size() && devs_[tag]) {
      readDevice(*devs_[tag], now);
    }
  }
  if (now < 0) now = clockUs();  // (nothing was there to read)
  // What was read goes out before the rest of the wake-up's work: a key's
  // latency is its read, its route and this write, nothing else.
  if (onlyInput) flushOut(now);

  // The rest is checked inline first: a key's wake-up mostly finds nothing
  // else to do, and under emulation each call costs (bench:kernel).
  if (!injectQueue_.empty()) serveInjectRequests(now);
  if (keysEnded_) reapKeys();

  if (queue_.heldSeq() && now >= queue_.deadlineUs()) queue_.release(nullptr, false, now);  // JS too slow: never stuck

  if (watch_ < 0) retryWatch(now);

  int64_t oldest = bridge_.oldestUnackedUs();
  if (!stalled_ && oldest >= 0 && now - oldest > int64_t(opts_.stallMs) * 1000) {
    onStall();
  } else if (stalled_ && oldest < 0 && !anyGrabbed()) {
    stalled_ = false;  // JS caught up: grabs come back below, once keys are up
  }
  if (stalled_) handOver(now);

  if (opts_.grab && !stalled_ && !panicked_)
    for (size_t i = 0; i < devs_.size(); i++)
      if (devs_[i] && grabDue(*devs_[i], now)) maybeGrab(*devs_[i], now);

  if (panicked_ && opts_.panicExitMs > 0 && now >= panicExitAtUs_) {
    // JS did not end the process after the panic chord (its thread may be
    // blocked). Grabs are already released; end it from here.
    static const char msg[] = "autocorrector: panic chord, exiting\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) {
    }
    _exit(kPanicExitCode);
  }

  if (!pendingOpens_.empty() && openDue(lk)) now = clockUs();  // (it let go of the lock while it opened)
  updateWatch();
  if (vkbd_.pending()) flushOut(now);
  bridge_.flushDue(now);
  return waitFor(nextDueUs(now), now);
}

void Reader::serveInjectRequests(int64_t now) {  // (called only with requests queued)
  // injectIfIdle: read everything the kernel already has first, so "no
  // press since afterSeq" covers keys typed up to this very moment.
  // A keyboard its own thread reads (grabbed) cannot be read here: input
  // its thread has not taken yet counts as a press.
  bool unread = false;
  for (size_t i = 0; i < devs_.size(); i++)
    if (devs_[i]) {
      if (devs_[i]->keys.joinable())
        unread = unread || keysUnread(*devs_[i]);
      else
        readDevice(*devs_[i], now);
    }
  while (!injectQueue_.empty()) {
    InjectRequest* req = injectQueue_.front();
    injectQueue_.pop_front();
    req->result = !panicked_ && !stopping_ && !unread && lastPressSeq_ <= req->afterSeq &&
                  !vkbd_.wouldLeaveDown(*req->events);
    if (req->result) {
      vkbd_.addInjection(*req->events);
      flushOut(now);
    }
    req->done = true;
  }
  injectDone_.notify_all();
}

bool Reader::readDevice(Dev& d, int64_t& now) {
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
    consume(d, buf, static_cast<size_t>(r) / sizeof(input_event), now);
    if (static_cast<size_t>(r) < sizeof(buf)) return true;
  }
}

void Reader::consume(Dev& d, const input_event* buf, size_t n, int64_t& now) {
  if (now < 0) {
    // The newest stamp in the read is when the last of it happened: at most
    // a scheduling delay behind the clock, so deadlines met late, never early.
    if (d.monoClock && n > 0)
      now = lastNowUs_ = std::max(lastNowUs_, eventTimeUs(buf[n - 1]));
    else
      now = clockUs();
  }
  for (size_t i = 0; i < n; i++) onInput(d, buf[i], now);
  d.skipKeys = false;  // a new read: what the recovery counted is behind us
}

void Reader::recoverDropped(Dev& d, const input_event& report, int64_t now) {
  KeyBits nowDown;
  // Asked of our own fd on purpose: the kernel then drops the key events
  // still queued there, which the state already counts, so each change
  // is passed on once, here.
  if (!readKeyState(d.fd, nowDown)) return;
  // Releases, then presses, we missed: nothing stays down, nothing typed is lost.
  for (int pass = 0; pass < 2; pass++)
    for (int c = 0; c < KEY_CNT; c++)
      if (d.phys.test(c) != nowDown.test(c) && nowDown.test(c) == (pass == 1)) {
        input_event k{};
        k.input_event_sec = report.input_event_sec;
        k.input_event_usec = report.input_event_usec;
        k.type = EV_KEY;
        k.code = static_cast<uint16_t>(c);
        k.value = pass;
        onInput(d, k, now);
      }
  input_event syn = report;  // the report that ended the gap, now after the releases
  onInput(d, syn, now);
  // The key events after this report in the same read were queued when the
  // state was read, so the state counts them already: skip them.
  d.skipKeys = true;
}

void Reader::onInput(Dev& d, const input_event& e, int64_t now) {
  if (e.type == EV_SYN && e.code == SYN_DROPPED) {
    d.dropping = true;  // the kernel's buffer overflowed: skip to the next report
    return;
  }
  if (d.dropping) {
    if (e.type == EV_SYN && e.code == SYN_REPORT) {
      d.dropping = false;
      recoverDropped(d, e, now);
    }
    return;
  }

  if (d.skipKeys && e.type == EV_KEY) return;

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
    // (operator[]: the code is in range, checked above; set/reset/test would check again, out of line)
    d.phys[e.code] = isPress(e.value);

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

    if (fwd && d.grabbed) gateChord(e, now);

    int32_t seq = ++seq_;
    if (isPress(e.value)) lastPressSeq_ = seq;
    if (fwd && e.value == 2 && !opts_.forwardRepeats) fwd = false;  // reported, not forwarded
    // Only a served keyboard waits for JS; a late leftover goes straight out.
    // Stalled: JS will not answer, so nothing waits for it.
    // A key JS must decide on (a word end, the toggle chord's key) wakes JS
    // at once, held or not (snoop mode); others wait in the batch.
    bool decide = (isPress(e.value) && holdKeys_[e.code]) || (e.value == 1 && chordKeys_[e.code] && modifierDown());
    bool hold = fwd && d.grabbed && !stalled_ && decide;
    if (!stalled_ && !panicked_)
      bridge_.record(seq, d.index, e.type, e.code, e.value, static_cast<int32_t>(static_cast<uint32_t>(t / 1000)),
                     hold ? kFlagHeld : 0, decide, now);
    if (fwd) {
      d.logical[e.code] = isPress(e.value);
      queue_.forward(Ev{d.index, e.type, e.code, e.value, seq, now, hold});
    } else if (opts_.grab && e.value == 0 && !d.grabbed && vkbd_.downBy(d.index, e.code)) {
      // Went down through the virtual keyboard while grabbed, released
      // while not: the desktop only hears the release from us.
      vkbd_.add(-1, EV_KEY, e.code, 0);
      vkbd_.add(-1, EV_SYN, SYN_REPORT, 0);
    }
    if (e.value == 0 && !d.grabbed) d.nextGrabTryUs = 0;  // a key came up: maybe grabbable now
    return;
  }

  // Scan codes (EV_MSC), LEDs and autorepeat settings are the physical
  // keyboard's business; the virtual keyboard gets keys, reports and
  // relative motion (combined keyboard+mouse receivers).
  if (fwd && (e.type == EV_SYN || e.type == EV_REL))
    queue_.forward(Ev{d.index, e.type, e.code, e.value, 0, now, false});
}

void Reader::gateChord(const input_event& e, int64_t now) {
  if (e.value == 2) return;
  bool chordKey = e.code == KEY_BACKSPACE || e.code == KEY_ESC || e.code == KEY_ENTER;
  if (!chordKey) {
    if (e.value == 1) vkbd_.holdUntil(0);  // another key: not the chord
    return;
  }
  KeyBits all;
  for (auto& o : devs_)
    if (o) all |= o->phys;
  int down = all.test(KEY_BACKSPACE) + all.test(KEY_ESC) + all.test(KEY_ENTER);
  if (e.value == 1) {
    int64_t until = now + (down >= 2 ? timing::kChordGate2Us : timing::kChordGateUs);
    if (until > vkbd_.heldUntil()) vkbd_.holdUntil(until);
  } else if (down == 0) {
    vkbd_.holdUntil(0);  // a tap: not the chord
  }
}

bool Reader::modifierDown() const {
  KeyBits all;
  for (auto& o : devs_)
    if (o) all |= o->phys;
  return all.test(KEY_LEFTCTRL) || all.test(KEY_RIGHTCTRL) || all.test(KEY_LEFTALT) || all.test(KEY_RIGHTALT) ||
         all.test(KEY_LEFTMETA) || all.test(KEY_RIGHTMETA);
}

void Reader::onStall() {
  // JS stopped taking our notices: step out of the way entirely. What we
  // hold goes out now, uncorrected; nothing waits for JS any more; each
  // keyboard is let go at its next pause in typing (handOver), then the
  // desktop reads it directly until JS catches up.
  stalled_ = true;
  stalledAtUs_ = monotonicUs();
  queue_.flush();
  flushOut();
  bridge_.clearBatch();
}

void Reader::panic() {
  panicked_ = true;
  // Drop what is held (the chord's own Backspace/Enter must not type) and
  // let go of every key and every keyboard before telling anyone.
  // What is still waiting for the pace (the rest of a correction) is
  // dropped too; the releases go out at once.
  queue_.drop();
  vkbd_.discard();
  vkbd_.releaseAll();
  drainOut();
  for (auto& d : devs_)
    if (d && d->grabbed) {
      setGrab(d->fd, false);
      d->grabbed = false;
    }
  bridge_.clearBatch();
  auto* n = new Notice();
  n->kind = Notice::Panic;
  bridge_.post(n);
  panicExitAtUs_ = monotonicUs() + int64_t(opts_.panicExitMs) * 1000;
}

void Reader::drainOut() {
  if (int err = vkbd_.drain()) reportWriteError(err);
}

void Reader::reportWriteError(int err) {
  DeviceInfo info;
  info.path = "uinput";
  info.error = err;
  notifyInfo("error", info, std::string("cannot write to the virtual keyboard: ") + strerror(err));
}

void Reader::wake() {
  uint64_t one = 1;
  if (write(wakeFd_, &one, sizeof(one)) < 0) { /* the counter is full: a wakeup is pending anyway */ }
}

void Reader::finish() {
  std::lock_guard<std::mutex> lk(mu_);
  for (auto& d : devs_)
    if (d) stopKeys(*d);
  // Nothing we wrote may stay down, and nothing held may be lost.
  if (!panicked_) queue_.flush();
  vkbd_.releaseAll();
  drainOut();
  for (auto& d : devs_)
    if (d) {
      if (d->grabbed) setGrab(d->fd, false);
      close(d->fd);
      if (d->witness >= 0) close(d->witness);
    }
  devs_.clear();
  bridge_.clearBatch();
  for (InjectRequest* req : injectQueue_) req->done = true;
  injectQueue_.clear();
  injectDone_.notify_all();
}

}  // namespace ac
