// The JS side of the Reader: what the JS thread calls (under the Reader's
// mutex, except acknowledge) and the notices the input thread sends it.
#include "bridge.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "reader.h"

namespace ac {

// ---- Bridge ------------------------------------------------------------------

void Bridge::record(int32_t seq, int32_t dev, int32_t type, int32_t code, int32_t value, int32_t timeMs,
                    int32_t flags) {
  batch_.insert(batch_.end(), {seq, dev, type, code, value, timeMs, flags});
}

void Bridge::flushBatch() {
  if (batch_.empty()) return;
  auto* n = new Notice();
  n->kind = Notice::Events;
  n->records.swap(batch_);
  post(n);
}

void Bridge::post(Notice* n) {
  if (muted_) {
    delete n;
    batch_.clear();
    return;
  }
  if (n->kind != Notice::Events) flushBatch();  // keep events and device news in order
  {
    std::lock_guard<std::mutex> lk(ackMu_);
    unacked_.push_back(monotonicUs());
  }
  if (!sink_->post(n)) {
    std::lock_guard<std::mutex> lk(ackMu_);
    if (!unacked_.empty()) unacked_.pop_back();
  }
}

void Bridge::acknowledge() {
  std::lock_guard<std::mutex> lk(ackMu_);
  if (!unacked_.empty()) unacked_.pop_front();
}

int64_t Bridge::oldestUnackedUs() {
  std::lock_guard<std::mutex> lk(ackMu_);
  return unacked_.empty() ? -1 : unacked_.front();
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
    queue_.release(refused ? &none : &injection, drop, monotonicUs());
    flushOut();
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

void Reader::acknowledge() { bridge_.acknowledge(); }

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
