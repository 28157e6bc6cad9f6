// Devices coming and going: the inotify watch on /dev/input, opening new
// nodes (with retries while udev fixes their permissions; the opening and
// probing itself without the lock), which keyboards may be grabbed, and
// removing a device that vanished without leaving a key down. Input thread
// only, under the Reader's mutex except in openNode.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "grab.h"
#include "reader.h"

namespace ac {

namespace {
constexpr uint32_t kWatchMask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR;
}  // namespace

void Reader::watchDir() {
  if (watch_ >= 0) return;
  attribWatched_ = true;  // nothing is open yet
  watch_ = inotify_add_watch(inotifyFd_, opts_.dir.c_str(), kWatchMask | IN_ATTRIB);
  if (watch_ < 0) nextWatchTryUs_ = monotonicUs() + 1'000'000;
}

void Reader::watchAttrib(bool on) {
  // IN_ATTRIB (udev fixing a node's permissions) only matters while a node
  // is not open yet (updateWatch). Watched, it is an event on the
  // directory's children: the kernel then looks up the directory's watch on
  // every read of every node in it, ours and the desktop's, a key at a time.
  // (the same directory: the watch's mask is replaced, its descriptor kept)
  if (inotify_add_watch(inotifyFd_, opts_.dir.c_str(), kWatchMask | (on ? IN_ATTRIB : 0)) >= 0) attribWatched_ = on;
}

void Reader::scanAll(bool reportErrors) {
  // One try each, reported at once (unless quiet); a node we cannot open now
  // is retried when udev changes it (IN_ATTRIB).
  for (const std::string& path : listEventNodes(opts_.dir))
    if (!ignored_.count(path)) queueOpen(path, timing::kOpenAttempts - 1, !reportErrors);
}

void Reader::queueOpen(const std::string& path, int attempts, bool quiet) {
  for (auto& d : devs_)
    if (d && d->info.path == path) return;
  if (ignored_.count(path)) return;
  pendingOpens_[path] = PendingOpen{attempts, 0, quiet, ++openGen_};
}

void Reader::retryWatch(int64_t now) {  // (called only while unwatched)
  if (now >= nextWatchTryUs_) {
    watchDir();
    if (watch_ >= 0) scanAll(true);
  }
}

bool Reader::wanted(const DeviceInfo& info) const { return opts_.only.empty() || named(info); }

bool Reader::named(const DeviceInfo& info) const {
  for (const std::string& s : opts_.only)
    if (s == info.path || s == info.name) return true;
  return false;
}

std::string Reader::whyNotGrabbed(const DeviceInfo& info) const {
  // A grabbed device reaches applications only through the virtual
  // keyboard: what it cannot carry would be lost (a touchpad's motion, a
  // lid switch). Such a device is read, not grabbed; its keys reach
  // applications directly, uncorrected.
  if (!info.unmirrored.empty())
    return "not grabbed: it also sends " + info.unmirrored +
           ", which the virtual keyboard cannot pass on; its keys go to applications directly, uncorrected";
  // keyd, kanata, ydotool, KDE Connect...: another program's virtual
  // keyboard is theirs to drive, unless the user names it.
  if (info.bustype == BUS_VIRTUAL && !named(info))
    return "not grabbed: a virtual keyboard of another program (bus virtual); name it with --device to correct it";
  return "";
}

bool Reader::openDue(std::unique_lock<std::mutex>& lk) {
  // open() may wait on a device powering up, and probing does ioctls:
  // done without the lock, so that JS's answers never wait behind it. Only
  // this thread changes devs_ and pendingOpens_. (Called only with nodes queued.)
  int64_t now = monotonicUs();
  std::vector<Opened> batch;
  for (auto& p : pendingOpens_)
    if (p.second.nextUs <= now) {
      batch.emplace_back();
      batch.back().path = p.first;
      batch.back().gen = p.second.gen;
    }
  if (batch.empty()) return false;
  lk.unlock();
  for (Opened& o : batch) openNode(o);
  lk.lock();
  now = monotonicUs();
  for (Opened& o : batch) adopt(o, now);
  return true;
}

void Reader::openNode(Opened& o) const {
  o.writable = true;
  o.fd = open(o.path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (o.fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
    o.writable = false;  // still fine to read; only LED passthrough needs write
    o.fd = open(o.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  }
  o.info.path = o.path;
  if (o.fd < 0) {
    o.err = errno;
    // The group's name is looked up on the JS thread (addon.cc): NSS may block.
    describeOpenError(o.path, o.err, o.info, false);
    return;
  }
  probeFd(o.fd, o.info);
  if (isOwnDevice(o.info) || !(o.info.isKeyboard || o.info.isPointer) || !wanted(o.info)) return;
  // Monotonic event times let us tell events that predate a grab from
  // those after it, and give JS a clock that does not jump.
  int clk = CLOCK_MONOTONIC;
  o.mono = ioctl(o.fd, EVIOCSCLOCKID, &clk) == 0;
  if (o.mono && o.info.isKeyboard && opts_.grab) o.witness = openWitness(o.fd);
  readKeyState(o.fd, o.phys);
}

void Reader::adopt(Opened& o, int64_t now) {
  auto drop = [&] {
    if (o.fd >= 0) close(o.fd);
    if (o.witness >= 0) close(o.witness);
    o.fd = o.witness = -1;
  };
  auto it = pendingOpens_.find(o.path);
  bool known = false;
  for (auto& d : devs_)
    if (d && d->info.path == o.path) known = true;
  // Unplugged meanwhile (or unplugged and plugged again: opened anew next time), or open already.
  if (it == pendingOpens_.end() || it->second.gen != o.gen || known) return drop();
  PendingOpen& p = it->second;
  if (o.fd < 0) {
    if (o.err != ENOENT) unopened_.insert(o.path);  // until it opens, is ignored or goes
    bool last = p.attempts + 1 >= timing::kOpenAttempts;
    if (o.err != ENOENT && !last) {
      p.attempts++;
      p.nextUs = now + timing::kOpenRetryUs;
      return;
    }
    if (o.err != ENOENT && !p.quiet) {  // ENOENT: gone already, nothing to report
      auto rep = reportedErrors_.find(o.path);
      if (rep == reportedErrors_.end() || rep->second != o.err) {
        reportedErrors_[o.path] = o.err;
        notifyInfo("error", o.info, std::string("cannot open: ") + strerror(o.err));
      }
    }
    pendingOpens_.erase(it);
    return;
  }
  pendingOpens_.erase(it);
  unopened_.erase(o.path);
  if (isOwnDevice(o.info) || !(o.info.isKeyboard || o.info.isPointer) || !wanted(o.info)) {
    drop();
    ignored_[o.path] = true;
    return;
  }

  auto d = std::make_unique<Dev>();
  d->fd = o.fd;
  d->witness = o.witness;
  d->index = static_cast<int>(devs_.size());
  d->info = o.info;
  d->writable = o.writable;
  d->monoClock = o.mono;
  d->phys = o.phys;
  std::string whyNot = o.info.isKeyboard && opts_.grab ? whyNotGrabbed(o.info) : "";
  d->grabbable = o.info.isKeyboard && whyNot.empty();
  if (!watchDevice(*d)) return drop();
  reportedErrors_.erase(o.path);
  devs_.push_back(std::move(d));
  notifyDevice("added", *devs_.back());
  if (!whyNot.empty()) notifyDevice("skipped", *devs_.back(), whyNot);
}

bool Reader::watchDevice(const Dev& d) {
  epoll_event ev{};
  // Edge-triggered: every read of a device drains it (readDevice reads until
  // a short read), and evdev signals each new packet, so nothing waits
  // unseen; level-triggered, epoll_wait polled the device once more after
  // each key only to find it empty.
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = static_cast<uint64_t>(d.index);
  return epoll_ctl(epfd_, EPOLL_CTL_ADD, d.fd, &ev) == 0;
}

void Reader::removeDevice(Dev& d, const char* why) {
  stopKeys(d);
  int idx = d.index;
  int64_t now = monotonicUs();
  if (d.grabbed) {
    // Keys it had down in our stream would stay down on the virtual
    // keyboard: release them in order, behind whatever is queued.
    bool any = false;
    for (int c = 0; c < KEY_CNT; c++)
      if (d.logical.test(c)) {
        queue_.forward(Ev{idx, EV_KEY, static_cast<uint16_t>(c), 0, 0, now, false});
        any = true;
      }
    if (any) queue_.forward(Ev{idx, EV_SYN, SYN_REPORT, 0, 0, now, false});
  } else {
    vkbd_.releaseOwnedBy(idx);
  }
  epoll_ctl(epfd_, EPOLL_CTL_DEL, d.fd, nullptr);
  close(d.fd);
  d.fd = -1;
  if (d.witness >= 0) close(d.witness);
  d.witness = -1;
  notifyDevice("removed", d, why);
  devs_[idx].reset();
}

void Reader::handleInotify() {
  alignas(inotify_event) char buf[4096];
  int64_t now = monotonicUs();
  // (nodes to open are queued; openDue opens them without the lock)
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
        unopened_.erase(path);
        reportedErrors_.erase(path);
        for (size_t i = 0; i < devs_.size(); i++)
          if (devs_[i] && devs_[i]->info.path == path) removeDevice(*devs_[i], "unplugged");
      }
      if (ev->mask & (IN_CREATE | IN_ATTRIB | IN_MOVED_TO)) queueOpen(path, 0, false);
    }
  }
  if (rescan) scanAll(false);
}

}  // namespace ac
