// The virtual keyboard's side of the input thread: what we write to the
// uinput device, at a pace every reader keeps up with, and which keys we
// hold down on it. Touched under the Reader's mutex only: by the input
// thread (forwarding, hotplug, pacing, stop) and by the JS thread inside
// Reader::resolve. No N-API here.
//
// Why a pace: each reader of the device (libinput in a compositor, the X
// server) has an evdev client buffer of 64 to 128 events in the kernel.
// One write() of a long correction delivers hundreds of events at once; a
// reader that is busy for a moment overflows, gets SYN_DROPPED, and the
// keys in between are lost. So events go out in whole packets, at most
// chunkEvents at once and on average chunkEvents per pauseMs; the rest
// waits here, in order, and everything forwarded later waits behind it.
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
  // (injections, releases we make up); it owns the key it presses. (Inline:
  // every forwarded event comes through here.)
  void add(int dev, uint16_t type, uint16_t code, int32_t value) {
    input_event ie{};
    ie.type = type;
    ie.code = code;
    ie.value = value;
    out_.push_back(ie);
    if (type == EV_KEY && code < KEY_CNT) {
      // (operator[]: code is in range; set/reset/test would check again, out of line)
      if (value == 0) {
        down_[code] = false;
      } else {
        if (!down_[code]) owner_[code] = dev;
        down_[code] = true;
      }
    }
  }
  // Queues flat (type, code, value) triples as our own events.
  void addInjection(const std::vector<int32_t>& triples);
  // Queues a release of every key down here (and a report), e.g. at stop.
  void releaseAll();
  // Queues a release of the keys dev pressed here (it vanished unserved).
  void releaseOwnedBy(int dev);
  // The key is down here and dev pressed it.
  bool downBy(int dev, uint16_t code) const { return down_.test(code) && owner_[code] == dev; }

  // How fast events go out: at most chunkEvents at once, chunkEvents per
  // pauseMs on average (whole packets; a longer packet goes out alone).
  // pauseMs 0: everything at once.
  void setPace(int chunkEvents, int pauseMs);

  // Writes what the pace allows now. Returns 0, or the errno of a failed
  // write the first time one fails (later failures are not reported
  // again); what could not be written is dropped then.
  AC_HOT int flush(int64_t nowUs);
  // Writes everything, waiting out the pace (at most about 2 s, then the
  // rest at once) but not the gate: stop, panic.
  int drain();
  // Drops what is not written yet (panic): the keys down are then those
  // the written events left down.
  void discard();
  // Nothing goes out before untilUs (0: open now); see Reader::gateChord.
  void holdUntil(int64_t untilUs) { gateUs_ = untilUs; }
  int64_t heldUntil() const { return gateUs_; }
  // The injection would leave a key down that is not down now (a press
  // without its release): such an injection is refused.
  bool wouldLeaveDown(const std::vector<int32_t>& triples) const;
  // Events wait for the pace; nextWriteUs() says when more may go out.
  bool pending() const { return head_ < out_.size(); }
  int64_t nextWriteUs() const { return nextWriteUs_; }

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
  std::vector<input_event> out_;  // events not written yet, from head_ on
  size_t head_ = 0;
  KeyBits written_;               // keys down in what was written
  int chunkEvents_ = 32;
  int64_t pauseUs_ = 0;
  double level_ = 0;              // events written recently (leaky bucket)
  int64_t levelAtUs_ = 0;
  int64_t nextWriteUs_ = 0;
  int64_t gateUs_ = 0;
  int ledsKnown_ = 0, ledsOn_ = 0;
  bool writeErrorReported_ = false;
};

}  // namespace ac
