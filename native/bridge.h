// The bridge to JavaScript: notices (event batches, device news, panic)
// handed to a Sink that addon.cc implements with a thread-safe function,
// and the acknowledgements that tell the input thread JS is keeping up.
// post/flushBatch run on the input thread (or the JS thread inside
// resolve/stop), under the Reader's mutex; acknowledge runs on the JS
// thread without it, so the acknowledgements have a mutex of their own.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ac {

// Layout of one event record handed to JS (Int32Array, kRecordInts each).
enum RecordField { kSeq = 0, kDevice, kType, kCode, kValue, kTimeMs, kFlags, kRecordInts };
// kFlags bit: this key press/repeat is held; JS must answer resolve(seq, ...).
constexpr int32_t kFlagHeld = 1;

struct Notice {
  enum Kind { Events, Device, Panic } kind = Events;
  std::vector<int32_t> records;  // Events
  // Device: kind is added|removed|error|grabbed|ungrabbed|skipped.
  std::string devKind, path, name, message;
  long gid = -1;  // the node's group, named on the JS thread (NSS may block)
  int index = -1, error = 0, leds = -1;
  unsigned mode = 0;
  bool isKeyboard = false, isPointer = false;
};

// Delivers notices to JS. post() takes ownership; it returns false when the
// notice could not be queued (JS side shutting down).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual bool post(Notice* n) = 0;
};

class Bridge {
 public:
  explicit Bridge(std::unique_ptr<Sink> sink) : sink_(std::move(sink)) {}

  // Adds one record to the next Events notice.
  void record(int32_t seq, int32_t dev, int32_t type, int32_t code, int32_t value, int32_t timeMs, int32_t flags);
  // Sends the records gathered so far, if any.
  void flushBatch();
  // Drops the records gathered so far (JS stalled, panic, stop).
  void clearBatch() { batch_.clear(); }
  // Sends a notice; device news and panic go after the records before them.
  void post(Notice* n);
  // From now on notices are dropped, not sent (the process is exiting:
  // Node can no longer take them). Called under the Reader's mutex.
  void mute() { muted_ = true; }
  // JS has handled one notice.
  void acknowledge();
  // Send time of the oldest notice JS has not handled yet, -1 when none.
  int64_t oldestUnackedUs();

 private:
  std::unique_ptr<Sink> sink_;
  bool muted_ = false;
  std::vector<int32_t> batch_;  // records for the next Events notice
  std::mutex ackMu_;
  std::deque<int64_t> unacked_;  // send times of notices JS has not handled yet
};

}  // namespace ac
