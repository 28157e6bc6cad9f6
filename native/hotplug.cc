// Devices coming and going: the inotify watch on /dev/input, opening new
// nodes (with retries while udev fixes their permissions), and removing a
// device that vanished without leaving a key down. Input thread only,
// under the Reader's mutex.
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

void Reader::retryOpens(int64_t now) {
  for (auto it = pendingOpens_.begin(); it != pendingOpens_.end();) {
    if (it->second.nextUs > now) {
      ++it;
      continue;
    }
    bool last = it->second.attempts + 1 >= timing::kOpenAttempts;
    if (tryOpen(it->first, last) || last) {
      it = pendingOpens_.erase(it);
    } else {
      it->second.attempts++;
      it->second.nextUs = now + timing::kOpenRetryUs;
      ++it;
    }
  }

  if (watch_ < 0 && now >= nextWatchTryUs_) {
    watchDir();
    if (watch_ >= 0) scanAll(true);
  }
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

}  // namespace ac
