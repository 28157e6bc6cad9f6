// The bridge to JavaScript: notices (event batches, device news, panic) wait
// in an outbox, in order, and JS is woken (through a Sink, which addon.cc
// implements with a thread-safe function) to take them; JS acknowledges
// each when it has handled it, which tells the input thread JS is keeping
// up. Key records are gathered into batches: JS is woken when a key it must
// decide arrives, when the batch is full, or a bound after its first record,
// never once per key. record/flush/post run on the input thread (or the JS
// thread inside resolve/stop/drain), under the Reader's mutex; take/done run
// on the JS thread without it, so the outbox has a mutex of its own.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
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

// Wakes JS to take what waits in the outbox (Bridge::take). Returns false
// when JS can no longer be woken (its side is shutting down).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual bool wake() = 0;
};

class Bridge {
 public:
  // A batch holds at most this many records before JS is woken for it.
  static constexpr size_t kBatchRecords = 256;

  explicit Bridge(std::unique_ptr<Sink> sink) : sink_(std::move(sink)) {}

  // How long the first record of a batch may wait for the rest (µs).
  void setBatchUs(int64_t us) { batchUs_ = us; }
  // Adds one record to the next Events notice; urgent: JS must decide on
  // it (a held key, a word end in snoop mode), so the batch goes out at the
  // next flushDue.
  // (Inline, with the two below: they run for every key event and every
  // wake-up of the input thread.)
  void record(int32_t seq, int32_t dev, int32_t type, int32_t code, int32_t value, int32_t timeMs, int32_t flags,
              bool urgent, int64_t now) {
    if (batch_.empty()) batchSinceUs_ = now;
    // One push_back a field: inline stores into the reserved room, where an
    // insert of a list called memmove and memcpy in libc for 28 bytes.
    for (int32_t v : {seq, dev, type, code, value, timeMs, flags}) batch_.push_back(v);
    urgent_ = urgent_ || urgent;
  }
  // Sends the batch if it is due: urgent, full, or older than the bound.
  void flushDue(int64_t now) {
    int64_t due = batchDueUs();
    if (due >= 0 && now >= due) flushBatch();
  }
  // When the batch falls due (-1: no batch).
  int64_t batchDueUs() const {
    if (batch_.empty()) return -1;
    if (urgent_ || batch_.size() >= kBatchRecords * kRecordInts) return 0;
    return batchSinceUs_ + batchUs_;
  }
  // Sends the records gathered so far, if any; wake false: JS takes them
  // itself right away (drain), so it is not woken for them.
  void flushBatch(bool wake = true);
  // Drops the records gathered so far (JS stalled, panic, stop).
  void clearBatch() { batch_.clear(), urgent_ = false; }
  // Queues a notice for JS, after the records gathered before it.
  void post(Notice* n, bool wake = true);
  // From now on notices are dropped, not sent (the process is exiting:
  // Node can no longer take them). Called under the Reader's mutex.
  void mute() { muted_ = true; }
  // JS thread: the next notice to handle, in order (null: none; the next
  // post wakes JS again). done(): JS has handled it.
  std::unique_ptr<Notice> take();
  void done();
  // Send time of the oldest notice JS has not handled yet, -1 when none.
  // Read without the outbox's lock: the input thread asks at every wake-up.
  int64_t oldestUnackedUs() const { return oldestUs_.load(std::memory_order_acquire); }

 private:
  std::unique_ptr<Sink> sink_;
  bool muted_ = false;
  std::vector<int32_t> batch_;  // records for the next Events notice
  int64_t batchSinceUs_ = 0;    // when its first record came
  int64_t batchUs_ = 250'000;
  bool urgent_ = false;
  std::mutex outMu_;
  // Notices JS has not taken yet, with their send times; guarded by outMu_,
  // as are the two below.
  std::deque<std::pair<int64_t, std::unique_ptr<Notice>>> outbox_;
  int64_t handlingSinceUs_ = -1;  // send time of the notice JS is handling
  bool wakePending_ = false;      // JS was woken and has not found the outbox empty since
  // What oldestUnackedUs() says, set under outMu_ whenever the two above change.
  std::atomic<int64_t> oldestUs_{-1};
  void updateOldest();  // under outMu_
};

}  // namespace ac
