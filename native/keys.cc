// A grabbed keyboard's own thread ("ac-keys"): a blocking read of the
// device, each event's route, the write to the virtual keyboard, and back
// to the read. That is the least a forwarder can do for a key (two system
// calls, as the bench's floor), where the input thread's epoll loop needs
// a third (epoll_wait) and its wake-up's housekeeping. Everything else
// (hot-plug, timers, JS's wake-ups, grabbing and letting go) stays with the
// input thread, which takes the device back (stopKeys) before it reads the
// device itself or lets go of it. Under the Reader's mutex, like the input
// thread, except while blocked in read().
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "reader.h"

namespace ac {

namespace {

// Interrupts a key thread's read() (no SA_RESTART: the read returns EINTR).
// A real-time signal: Node, libuv and V8 use none of them.
int kickSignal() { return SIGRTMIN + 4; }

void onKick(int) {}

}  // namespace

void Reader::installKick() {
  struct sigaction sa {};
  sa.sa_handler = onKick;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(kickSignal(), &sa, nullptr);
}

void Reader::startKeys(Dev& d) {
  if (d.keys.joinable() || d.fd < 0) return;
  // Out of the epoll set, and blocking: from here only its thread reads it.
  epoll_ctl(epfd_, EPOLL_CTL_DEL, d.fd, nullptr);
  if (!setBlocking(d.fd, true)) {
    restoreToEpoll(d);
    return;
  }
  d.keysStop = false;
  d.keysDone = false;
  d.keysErr = 0;
  try {
    // (it inherits the input thread's mask: every signal blocked)
    d.keys = std::thread(&Reader::serveKeys, this, std::ref(d));
    // Named here too: "grabbed" may reach JS before the thread first runs.
    pthread_setname_np(d.keys.native_handle(), "ac-keys");
  } catch (const std::system_error&) {
    restoreToEpoll(d);  // no thread: the epoll loop serves it, as before
  }
}

void Reader::restoreToEpoll(Dev& d) {
  setBlocking(d.fd, false);
  watchDevice(d);  // (what is queued now is reported at once)
}

void Reader::stopKeys(Dev& d) {
  if (!d.keys.joinable()) return;
  d.keysStop = true;
  // The caller holds mu_; the thread needs it to finish what it read. A
  // kick that lands just before its read() is lost, so kick until it is done.
  std::unique_lock<std::mutex> lk(mu_, std::adopt_lock);
  while (!d.keysDone) {
    pthread_kill(d.keys.native_handle(), kickSignal());
    keysDoneCv_.wait_for(lk, std::chrono::milliseconds(2));
  }
  lk.release();  // still held, by the caller
  d.keys.join();
  // (a device that failed is found so by the epoll loop's next read)
  if (d.fd >= 0) restoreToEpoll(d);
}

bool Reader::keysUnread(const Dev& d) const {
  pollfd p{d.fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

void Reader::serveKeys(Dev& d) {
  pthread_setname_np(pthread_self(), "ac-keys");
  sigset_t kick;
  sigemptyset(&kick);
  sigaddset(&kick, kickSignal());
  pthread_sigmask(SIG_UNBLOCK, &kick, nullptr);
  input_event buf[kReadEvents];
  const int fd = d.fd;  // (d.fd changes only once this thread is joined)
  for (;;) {
    if (d.keysStop.load(std::memory_order_acquire)) break;
    ssize_t r = read(fd, buf, sizeof(buf));
    int err = r < 0 ? errno : 0;
    std::lock_guard<std::mutex> lk(mu_);
    if (r > 0) {
      const size_t n = static_cast<size_t>(r) / sizeof(input_event);
      int64_t now = readTimeUs(d, buf, n);
      const size_t ahead = writeAhead(d, buf, n, now);
      consume(d, buf, n, now);
      flushOut(now, ahead);  // the key's write, when it was not ahead
      bridge_.flushDue(now);
      armAfterKeys(now);
    } else if (r == 0 || err != EINTR) {
      // Unplugged (ENODEV) or unusable: the input thread removes it (reapKeys).
      d.keysErr = r == 0 ? ENODEV : err;
      keysEnded_ = true;
      wake();
      break;
    }
  }
  std::lock_guard<std::mutex> lk(mu_);
  d.keysDone = true;
  keysDoneCv_.notify_all();
}

void Reader::reapKeys() {
  keysEnded_ = false;
  for (size_t i = 0; i < devs_.size(); i++) {
    Dev* d = devs_[i].get();
    if (!d || !d->keysDone || !d->keys.joinable()) continue;
    d->keys.join();
    if (d->keysErr) removeDevice(*d, d->keysErr == ENODEV ? "vanished" : strerror(d->keysErr));
  }
}

size_t Reader::writeAhead(const Dev& d, const input_event* buf, size_t n, int64_t now) {
  // A read of plain keys goes out before consume() routes it: the write is
  // what the user waits for, and the route's work then runs while the
  // reader reads (bench:kernel, under the emulator: it was most of our
  // latency over the floor's). Only what the route would write unchanged,
  // at once and in this order: no key JS decides (a word end, the toggle
  // chord's key), no panic chord key, no repeat, nothing held, gated,
  // paced or swallowed. Anything else takes the route alone.
  if (!opts_.grab || panicked_ || !d.grabbed || d.dropping || d.skipKeys || queue_.heldSeq() || queue_.swallowing())
    return 0;
  input_event out[kReadEvents];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const input_event& e = buf[i];
    if (e.type == EV_KEY) {
      if (e.code >= KEY_CNT || e.value == 2 || e.code == KEY_BACKSPACE || e.code == KEY_ESC || e.code == KEY_ENTER ||
          (e.value == 1 && (holdKeys_.test(e.code) || chordKeys_.test(e.code))))
        return 0;
    } else if (e.type == EV_SYN) {
      if (e.code != SYN_REPORT) return 0;
    } else if (e.type != EV_REL) {
      continue;  // scan codes, LEDs: the route does not forward them either
    }
    if (d.monoClock && eventTimeUs(e) < d.grabbedAtUs) return 0;  // sent before our grab: others heard it
    input_event& o = out[k++];
    o = input_event{};  // (as VirtualKeyboard::add queues it: the kernel stamps it)
    o.type = e.type;
    o.code = e.code;
    o.value = e.value;
  }
  if (k == 0 || !vkbd_.writesAtOnce(k, now)) return 0;
  return vkbd_.writeAhead(out, k);
}

void Reader::armAfterKeys(int64_t now) {
  // What a key made due: if that is sooner than the input thread's timer,
  // arm it now (that thread is asleep in epoll_wait).
  int64_t soonest = keyDueUs();
  if (soonest == INT64_MAX || (armedUs_ >= 0 && armedUs_ <= soonest)) return;
  // Due already, or no timer: the input thread runs it itself, now.
  if (soonest <= now || waitFor(nextDueUs(now), now) != -1) wake();
}

}  // namespace ac
