#include "virtual_keyboard.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace ac {

VirtualKeyboard::VirtualKeyboard() : owner_(KEY_CNT, -1) {}

VirtualKeyboard::~VirtualKeyboard() { close(); }

bool VirtualKeyboard::open(int fd) {
  fd_ = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  return fd_ >= 0;
}

void VirtualKeyboard::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void VirtualKeyboard::addInjection(const std::vector<int32_t>& inj) {
  for (size_t i = 0; i + 2 < inj.size(); i += 3)
    add(-1, static_cast<uint16_t>(inj[i]), static_cast<uint16_t>(inj[i + 1]), inj[i + 2]);
}

void VirtualKeyboard::releaseAll() {
  bool any = false;
  for (int c = 0; c < KEY_CNT; c++)
    if (down_.test(c)) {
      add(-1, EV_KEY, static_cast<uint16_t>(c), 0);
      any = true;
    }
  if (any) add(-1, EV_SYN, SYN_REPORT, 0);
}

void VirtualKeyboard::releaseOwnedBy(int dev) {
  bool any = false;
  for (int c = 0; c < KEY_CNT; c++)
    if (down_.test(c) && owner_[c] == dev) {
      add(-1, EV_KEY, static_cast<uint16_t>(c), 0);
      any = true;
    }
  if (any) add(-1, EV_SYN, SYN_REPORT, 0);
}

void VirtualKeyboard::setPace(int chunkEvents, int pauseMs) {
  chunkEvents_ = chunkEvents > 0 ? chunkEvents : 1;
  pauseUs_ = pauseMs > 0 ? int64_t(pauseMs) * 1000 : 0;
}

bool VirtualKeyboard::wouldLeaveDown(const std::vector<int32_t>& inj) const {
  KeyBits down = down_;
  for (size_t i = 0; i + 2 < inj.size(); i += 3)
    if (inj[i] == EV_KEY && inj[i + 1] >= 0 && inj[i + 1] < KEY_CNT) down.set(inj[i + 1], inj[i + 2] != 0);
  return (down & ~down_).any();
}

int VirtualKeyboard::flush(int64_t nowUs) {
  if (!pending()) return 0;
  if (nowUs < gateUs_) {
    nextWriteUs_ = gateUs_;
    return 0;
  }
  // How many events go out now: whole packets (up to a SYN_REPORT), as many
  // as the bucket has room for; one packet at least when it is empty.
  if (pauseUs_ > 0 && nowUs > levelAtUs_) {  // (a caller's time may lag another's by a scheduling delay)
    level_ -= double(nowUs - levelAtUs_) * chunkEvents_ / double(pauseUs_);
    if (level_ < 0) level_ = 0;
    levelAtUs_ = nowUs;
  }
  size_t end = head_;
  for (size_t i = head_; i < out_.size(); i++) {
    bool packetEnd = (out_[i].type == EV_SYN && out_[i].code == SYN_REPORT) || i + 1 == out_.size();
    if (!packetEnd) continue;
    size_t n = i + 1 - head_;
    if (pauseUs_ > 0 && level_ + double(n) > chunkEvents_ && !(end == head_ && level_ <= 0)) break;
    end = i + 1;
    if (pauseUs_ > 0 && level_ + double(n) >= chunkEvents_) break;
  }
  int failed = 0;
  if (end > head_) {
    if (fd_ >= 0) {
      const char* p = reinterpret_cast<const char*>(out_.data() + head_);
      size_t left = (end - head_) * sizeof(input_event);
      while (left > 0) {
        ssize_t w = write(fd_, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          if (!writeErrorReported_) {
            writeErrorReported_ = true;
            failed = errno ? errno : EIO;
          }
          end = out_.size();  // the device is gone or broken: drop the rest too
          break;
        }
        p += w;
        left -= static_cast<size_t>(w);
      }
    }
    for (size_t i = head_; i < end; i++) {
      const input_event& e = out_[i];
      if (e.type == EV_KEY && e.code < KEY_CNT) written_[e.code] = e.value != 0;
    }
    if (pauseUs_ > 0) level_ += double(end - head_);
    head_ = end;
  }
  if (head_ == out_.size()) {
    out_.clear();
    head_ = 0;
  } else {
    // Room for the next packet once the bucket has drained enough.
    size_t next = head_;
    while (next < out_.size() && !(out_[next].type == EV_SYN && out_[next].code == SYN_REPORT)) next++;
    double len = double(std::min(next, out_.size() - 1) + 1 - head_);
    // A packet longer than a chunk goes out alone, once the bucket is empty.
    double need = len > chunkEvents_ ? level_ : level_ + len - chunkEvents_;
    if (need < 1) need = 1;
    nextWriteUs_ = nowUs + static_cast<int64_t>(need * double(pauseUs_) / chunkEvents_) + 1;
  }
  if (nextWriteUs_ < gateUs_) nextWriteUs_ = gateUs_;
  return failed;
}

int VirtualKeyboard::drain() {
  int64_t giveUpUs = monotonicUs() + 2'000'000;
  int failed = 0;
  gateUs_ = 0;
  for (;;) {
    int64_t now = monotonicUs();
    if (now >= giveUpUs) pauseUs_ = 0;
    int err = flush(now);
    if (err && !failed) failed = err;
    if (!pending()) return failed;
    int64_t waitUs = nextWriteUs_ - now;
    usleep(static_cast<useconds_t>(std::max<int64_t>(100, std::min<int64_t>(waitUs, 100'000))));
  }
}

void VirtualKeyboard::discard() {
  out_.clear();
  head_ = 0;
  down_ = written_;
  gateUs_ = 0;
}

std::vector<input_event> VirtualKeyboard::readLedChanges() {
  std::vector<input_event> leds;
  input_event buf[16];
  for (;;) {
    ssize_t r = read(fd_, buf, sizeof(buf));
    if (r <= 0) break;
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
  }
  if (!leds.empty()) {
    input_event syn{};
    syn.type = EV_SYN;
    syn.code = SYN_REPORT;
    leds.push_back(syn);
  }
  return leds;
}

}  // namespace ac
