// The forward/hold queue: grabbed keyboards' events on their way to the
// virtual keyboard. A word-ending key is held until JS answers (or its
// time is up); everything after it waits behind it, in order. Touched under
// the Reader's mutex only: by the input thread (forwarding, timeouts,
// panic, stop) and by the JS thread inside Reader::resolve.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "devices.h"
#include "virtual_keyboard.h"

namespace ac {

// One event on its way out.
struct Ev {
  int dev;  // index into the Reader's devices, -1 for synthetic
  uint16_t type, code;
  int32_t value;
  int32_t seq;
  int64_t arrivedUs;
  bool hold;
};

class HoldQueue {
 public:
  explicit HoldQueue(VirtualKeyboard& out) : out_(out) {}
  void setTimeoutMs(int ms) { timeoutMs_ = ms; }

  // Out now, or behind the held key; ev.hold makes it the held key.
  // (Inline, with emit: every forwarded event comes through here.)
  void forward(const Ev& ev) {
    if (heldSeq_ != 0) {
      pending_.push_back(ev);  // behind the held key, in order
      return;
    }
    if (ev.hold) {
      hold(ev.seq, ev.arrivedUs);
      pending_.push_back(ev);
      return;
    }
    emit(ev);
  }
  // Lets the held key go: the injection first (if any), then the key
  // (swallowed with drop), then what queued behind it, up to the next held
  // key still waiting for its answer. injection null: no answer came in
  // time (vs. an answer, even an empty one), which decides how long the
  // next held key may wait.
  void release(const std::vector<int32_t>* injection, bool drop, int64_t now);
  // An answer for a held key still queued behind the held one: kept until
  // its turn. False when no such key is queued.
  bool answerEarly(int32_t seq, const std::vector<int32_t>& injection, bool drop);
  // Everything queued goes out as typed; nothing is held any more.
  void flush();
  // Everything queued is dropped (the panic chord's own keys must not type).
  void drop();

  int32_t heldSeq() const { return heldSeq_; }
  int64_t deadlineUs() const { return heldDeadlineUs_; }

 private:
  struct Answer {
    std::vector<int32_t> injection;
    bool drop = false;
  };
  void emit(const Ev& ev) {
    if (ev.dev >= 0 && ev.type == EV_KEY && ev.code < KEY_CNT && swallowed_[ev.code]) {
      if (ev.value == 0) swallowed_[ev.code] = false;
      if (ev.value != 1) return;  // the dropped press's repeats and release
      swallowed_[ev.code] = false;  // a new press (release lost): forward it
    }
    out_.add(ev.dev, ev.type, ev.code, ev.value);
  }
  // How long the held key may wait for its answer (see release).
  int64_t waitUs() const;
  void hold(int32_t seq, int64_t sinceUs);

  VirtualKeyboard& out_;
  int timeoutMs_ = 250;
  std::deque<Ev> pending_;  // front is the held key, when heldSeq_ != 0
  int32_t heldSeq_ = 0;
  int64_t heldDeadlineUs_ = 0;
  int64_t heldSinceUs_ = 0;  // when the held key began to wait for JS
  int64_t slowUs_ = 0;       // how long JS took of late (see release)
  int64_t slowAtUs_ = 0;     // when slowUs_ was last updated
  std::map<int32_t, Answer> earlyAnswers_;
  KeyBits swallowed_;  // dropped presses whose repeats and release must not go out either
};

}  // namespace ac
