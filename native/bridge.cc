// The JS side of the Reader: what the JS thread calls (under the Reader's
// mutex, except acknowledge) and the notices the input thread sends it.
#include "bridge.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "reader.h"

namespace ac {

// ---- Bridge ------------------------------------------------------------------

void Bridge::flushBatch(bool wake) {
  if (batch_.empty()) return;
  auto* n = new Notice();
  n->kind = Notice::Events;
  n->records.swap(batch_);
  batch_.reserve(kBatchRecords * kRecordInts);  // one allocation a batch, not one per doubling
  urgent_ = false;
  post(n, wake);
}

void Bridge::post(Notice* n, bool wake) {
  if (muted_) {
    delete n;
    clearBatch();
    return;
  }
  if (n->kind != Notice::Events) flushBatch(wake);  // keep events and device news in order
  {
    std::lock_guard<std::mutex> lk(outMu_);
    outbox_.emplace_back(monotonicUs(), std::unique_ptr<Notice>(n));
    updateOldest();
    // One wake-up for whatever queues until JS has emptied the outbox.
    if (!wake || wakePending_) return;
    wakePending_ = true;
  }
  if (!sink_->wake()) {
    // JS is going away: nothing will take these any more.
    muted_ = true;
    std::lock_guard<std::mutex> lk(outMu_);
    outbox_.clear();
    updateOldest();
  }
}

std::unique_ptr<Notice> Bridge::take() {
  std::lock_guard<std::mutex> lk(outMu_);
  if (outbox_.empty()) {
    wakePending_ = false;
    return nullptr;
  }
  handlingSinceUs_ = outbox_.front().first;
  std::unique_ptr<Notice> n = std::move(outbox_.front().second);
  outbox_.pop_front();
  updateOldest();
  return n;
}

void Bridge::done() {
  std::lock_guard<std::mutex> lk(outMu_);
  handlingSinceUs_ = -1;
  updateOldest();
}

void Bridge::updateOldest() {
  int64_t t = handlingSinceUs_ >= 0 ? handlingSinceUs_ : outbox_.empty() ? -1 : outbox_.front().first;
  oldestUs_.store(t, std::memory_order_release);
}

// ---- what the JS thread calls ----------------------------------------------

bool Reader::resolve(int32_t seq, const std::vector<int32_t>& injection, bool drop) {
  std::lock_guard<std::mutex> lk(mu_);
  if (!opts_.grab || panicked_ || seq == 0) return false;
  // An injection that would leave a key down is refused: the key goes out
  // as typed, and JS hears false as for a late answer.
  static const std::vector<int32_t> none;
  bool refused = vkbd_.wouldLeaveDown(injection);
  if (seq == queue_.heldSeq()) {
    int64_t now = clockUs();
    queue_.release(refused ? &none : &injection, drop, now);
    flushOut(now);
    if (vkbd_.pending()) wake();  // the rest goes out at its pace (or after the chord gate)
    return !refused;
  }
  return queue_.answerEarly(seq, refused ? none : injection, drop) && !refused;
}

bool Reader::injectIfIdle(const std::vector<int32_t>& injection, int32_t afterSeq) {
  std::unique_lock<std::mutex> lk(mu_);
  if (opts_.grab || panicked_ || stopping_ || !started_) return false;
  InjectRequest req{&injection, afterSeq};
  injectQueue_.push_back(&req);
  wake();
  if (!injectDone_.wait_for(lk, std::chrono::milliseconds(200), [&] { return req.done; })) {
    injectQueue_.erase(std::remove(injectQueue_.begin(), injectQueue_.end(), &req), injectQueue_.end());
    return false;
  }
  return req.result;
}

void Reader::setChordKeys(const std::vector<int>& codes) {
  std::lock_guard<std::mutex> lk(mu_);
  chordKeys_.reset();
  for (int c : codes)
    if (c >= 0 && c < KEY_CNT) chordKeys_.set(c);
}

void Reader::setHoldKeys(const std::vector<int>& codes) {
  std::lock_guard<std::mutex> lk(mu_);
  holdKeys_.reset();
  for (int c : codes)
    if (c >= 0 && c < KEY_CNT) holdKeys_.set(c);
}

std::unique_ptr<Notice> Reader::takeNotice() { return bridge_.take(); }

void Reader::noticeDone() { bridge_.done(); }

void Reader::flushToJs() {
  std::lock_guard<std::mutex> lk(mu_);
  bridge_.flushBatch(false);
}

// ---- device news -------------------------------------------------------------

void Reader::notifyDevice(const char* kind, const Dev& d, const std::string& message) {
  notifyInfo(kind, d.info, message);
}

void Reader::notifyInfo(const char* kind, const DeviceInfo& info, const std::string& message) {
  auto* n = new Notice();
  n->kind = Notice::Device;
  n->devKind = kind;
  n->path = info.path;
  n->name = info.name;
  n->message = message;
  n->gid = info.gid;
  n->mode = info.mode;
  n->error = info.error;
  n->leds = info.leds;
  n->isKeyboard = info.isKeyboard;
  n->isPointer = info.isPointer;
  for (auto& d : devs_)
    if (d && d->info.path == info.path) n->index = d->index;
  bridge_.post(n);
}

}  // namespace ac
