// The virtual keyboard's side of the input thread: what we write to the
// uinput device and which keys we hold down on it. Touched under the
// Reader's mutex only: by the input thread (forwarding, hotplug, stop) and
// by the JS thread inside Reader::resolve. No N-API here.
#pragma once

#include <linux/input.h>

#include <cstdint>
#include <vector>

#include "devices.h"

namespace ac {

class VirtualKeyboard {
 public:
  VirtualKeyboard();
  ~VirtualKeyboard();
  VirtualKeyboard(const VirtualKeyboard&) = delete;
  VirtualKeyboard& operator=(const VirtualKeyboard&) = delete;

  // Keeps a duplicate of the caller's uinput fd: if JS closes its fd first,
  // we never write into whatever file later gets that number; writes to a
  // destroyed device just fail with ENODEV. False (errno set) on failure.
  bool open(int fd);
  void close();
  int fd() const { return fd_; }

  // Queues one event. dev is the device index it came from, -1 for ours
  // (injections, releases we make up); it owns the key it presses.
  void add(int dev, uint16_t type, uint16_t code, int32_t value);
  // Queues flat (type, code, value) triples as our own events.
  void addInjection(const std::vector<int32_t>& triples);
  // Queues a release of every key down here (and a report), e.g. at stop.
  void releaseAll();
  // Queues a release of the keys dev pressed here (it vanished unserved).
  void releaseOwnedBy(int dev);
  // The key is down here and dev pressed it.
  bool downBy(int dev, uint16_t code) const { return down_.test(code) && owner_[code] == dev; }

  // Writes what is queued. Returns 0, or the errno of a failed write the
  // first time one fails (later failures are not reported again).
  int flush();

  // LED changes the desktop made on the virtual keyboard (Caps Lock...),
  // read from the uinput fd, as EV_LED events plus a report; empty when
  // there are none. ledsKnown()/ledsOn() remember the last of each.
  std::vector<input_event> readLedChanges();
  int ledsKnown() const { return ledsKnown_; }
  int ledsOn() const { return ledsOn_; }

 private:
  int fd_ = -1;
  KeyBits down_;                  // keys down on the virtual keyboard
  std::vector<int> owner_;        // device index that pressed each down_ key, -1 ours
  std::vector<input_event> out_;  // events for the next write()
  int ledsKnown_ = 0, ledsOn_ = 0;
  bool writeErrorReported_ = false;
};

}  // namespace ac
