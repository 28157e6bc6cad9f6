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
#if defined(__x86_64__)
#include <cpuid.h>
#endif
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

void useDefaultProtectionKeys() {
  // V8 allocates a memory protection key for its wasm code and changes the
  // rights on it of the thread that started it, and every thread started
  // after inherits them. A thread whose rights (PKRU) differ from other
  // processes' makes each switch to or from it write PKRU, and under qemu
  // that flushes the emulated TLB: the softirq our write wakes then ran
  // with a cold TLB (bench:kernel's trace: 49-75 µs after our key thread,
  // 27-43 after the floor; 28 after either with this). Our threads never
  // touch V8's code, so the kernel's default for a new process (key 0 open,
  // every other key closed) is also the least they need.
#if defined(__x86_64__)
  // Only where the kernel enabled protection keys (CPUID.7.0:ECX.OSPKE):
  // elsewhere WRPKRU faults (SIGILL). WRPKRU itself rather than glibc's
  // pkey_set: musl has no pkey_set, and glibc's runs RDPKRU unchecked.
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(c & bit_OSPKE)) return;
  constexpr unsigned kDefaultPkru = 0x55555554;  // access disabled (01) for keys 1-15, key 0 open
  asm volatile(".byte 0x0f, 0x01, 0xef" /* wrpkru */ : : "a"(kDefaultPkru), "c"(0), "d"(0) : "memory");
#endif
}

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
  useDefaultProtectionKeys();
  sigset_t kick;
  sigemptyset(&kick);
  sigaddset(&kick, kickSignal());
  pthread_sigmask(SIG_UNBLOCK, &kick, nullptr);
  input_event buf[64];
  const int fd = d.fd;  // (d.fd changes only once this thread is joined)
  for (;;) {
    if (d.keysStop.load(std::memory_order_acquire)) break;
    ssize_t r = read(fd, buf, sizeof(buf));
    int err = r < 0 ? errno : 0;
    std::lock_guard<std::mutex> lk(mu_);
    if (r > 0) {
      int64_t now = -1;
      consume(d, buf, static_cast<size_t>(r) / sizeof(input_event), now);
      flushOut(now);  // the key's write: nothing else before it
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

void Reader::armAfterKeys(int64_t now) {
  // What a key made due: if that is sooner than the input thread's timer,
  // arm it now (that thread is asleep in epoll_wait).
  int64_t soonest = keyDueUs();
  if (soonest == INT64_MAX || (armedUs_ >= 0 && armedUs_ <= soonest)) return;
  // Due already, or no timer: the input thread runs it itself, now.
  if (soonest <= now || waitFor(nextDueUs(now), now) != -1) wake();
}

}  // namespace ac
