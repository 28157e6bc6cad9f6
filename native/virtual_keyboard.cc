#include "virtual_keyboard.h"

#include <fcntl.h>
#include <unistd.h>

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

void VirtualKeyboard::add(int dev, uint16_t type, uint16_t code, int32_t value) {
  input_event ie{};
  ie.type = type;
  ie.code = code;
  ie.value = value;
  out_.push_back(ie);
  if (type == EV_KEY && code < KEY_CNT) {
    if (value == 0) {
      down_.reset(code);
    } else {
      if (!down_.test(code)) owner_[code] = dev;
      down_.set(code);
    }
  }
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

int VirtualKeyboard::flush() {
  if (out_.empty()) return 0;
  int failed = 0;
  if (fd_ >= 0) {
    const char* p = reinterpret_cast<const char*>(out_.data());
    size_t left = out_.size() * sizeof(input_event);
    while (left > 0) {
      ssize_t w = write(fd_, p, left);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        if (!writeErrorReported_) {
          writeErrorReported_ = true;
          failed = errno ? errno : EIO;
        }
        break;
      }
      p += w;
      left -= static_cast<size_t>(w);
    }
  }
  out_.clear();
  return failed;
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
