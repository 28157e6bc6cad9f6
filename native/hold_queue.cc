#include "hold_queue.h"

#include <algorithm>

namespace ac {

int64_t HoldQueue::waitUs() const {
  int64_t base = int64_t(timeoutMs_) * 1000;
  return std::min(std::max(2 * slowUs_, base), 4 * base);
}

void HoldQueue::hold(int32_t seq, int64_t sinceUs) {
  heldSeq_ = seq;
  heldSinceUs_ = sinceUs;
  heldDeadlineUs_ = sinceUs + waitUs();
}

void HoldQueue::release(const std::vector<int32_t>* injection, bool drop, int64_t now) {
  if (!heldSeq_) return;
  // An answer (not a timeout) shows JS is keeping up: a held key that
  // waited behind this one gets its full time from now, since JS could not
  // answer it before this one. (A Backspace typed right after a word's end
  // otherwise spent its time waiting for the fix, and its undo came late.)
  // After a timeout each key keeps its own deadline, so a dead JS costs
  // holdTimeoutMs once, not once per key.
  const bool answered = injection != nullptr;
  // How long JS takes, as a maximum that fades by 1 ms every 50 ms (a slow
  // spell is remembered for seconds, not for a few quick answers in it): a
  // JS that answers, slowly (a busy machine), is waited for up to 4 x
  // timeoutMs; one that lets keys time out is waited for twice as long each
  // time, so a slow spell costs it one uncorrected key, not all of them. A
  // healthy JS answers within milliseconds: the wait stays timeoutMs.
  slowUs_ = std::max<int64_t>(0, slowUs_ - (now - slowAtUs_) / 50);
  slowAtUs_ = now;
  slowUs_ = answered ? std::max(now - heldSinceUs_, slowUs_) : std::max(slowUs_, waitUs());
  // The correction goes out before the key that ended the word.
  if (injection) out_.addInjection(*injection);
  if (drop)
    swallowed_.set(pending_.front().code);
  else
    emit(pending_.front());
  pending_.pop_front();
  heldSeq_ = 0;
  while (!pending_.empty()) {
    Ev e = pending_.front();
    if (e.hold) {
      auto it = earlyAnswers_.find(e.seq);
      if (it != earlyAnswers_.end()) {
        // Checked again in its turn: the keys down may have changed since.
        if (!out_.wouldLeaveDown(it->second.injection)) out_.addInjection(it->second.injection);
        bool dropIt = it->second.drop;
        earlyAnswers_.erase(it);
        if (dropIt) {
          swallowed_.set(e.code);
          pending_.pop_front();
          continue;
        }
      } else if (answered || e.arrivedUs + waitUs() > now) {
        hold(e.seq, answered ? now : e.arrivedUs);  // the next word end waits for its own answer
        break;
      }
    }
    emit(e);
    pending_.pop_front();
  }
  if (!heldSeq_) earlyAnswers_.clear();
}

bool HoldQueue::answerEarly(int32_t seq, const std::vector<int32_t>& injection, bool drop) {
  for (const Ev& e : pending_)
    if (e.seq == seq && e.hold) {
      earlyAnswers_[seq] = Answer{injection, drop};
      return true;
    }
  return false;
}

void HoldQueue::flush() {
  for (const Ev& e : pending_) emit(e);
  pending_.clear();
  heldSeq_ = 0;
  earlyAnswers_.clear();
}

void HoldQueue::drop() {
  pending_.clear();
  heldSeq_ = 0;
  earlyAnswers_.clear();
}

}  // namespace ac
