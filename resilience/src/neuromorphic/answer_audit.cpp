// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/answer_audit.hpp"

#include <algorithm>
#include <cmath>

namespace snnft::neuromorphic {

std::uint32_t binomial_alarm_count(std::uint32_t n, double p, double alpha) {
  if (n == 0) return 0;
  p = std::clamp(p, 0.0, 1.0);
  // P(X = k) from the top down; the tail grows until it passes alpha.
  double tail = 0.0;
  for (std::uint32_t x = n + 1; x-- > 0;) {
    const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                           (x > 0 ? x * std::log(p) : 0.0) + (n > x ? (n - x) * std::log1p(-p) : 0.0);
    tail += std::exp(log_pmf);
    if (tail > alpha) return x == n ? 0 : x + 1;
  }
  return 0;
}

bool AnswerAudit::calibrate(double healthy_disagreement, double vote_accuracy, double auditor_accuracy, int classes,
                            std::uint32_t window, double margin, double false_alarm) {
  window_ = window;
  ring_.assign(window, Entry{});
  next_ = 0;
  ring_disagreements_ = 0;
  const double rate = std::min(1.0, healthy_disagreement + margin);
  threshold_ = binomial_alarm_count(window, rate, false_alarm);
  healthy_agreement_ = 1.0 - healthy_disagreement;
  vote_accuracy_ = vote_accuracy;
  chance_ = classes > 1 ? (1.0 - auditor_accuracy) / static_cast<double>(classes - 1) : 0.0;
  // The estimate needs the healthy agreement to stand above what a wrong vote would reach.
  if (!(healthy_agreement_ > chance_)) threshold_ = 0;
  return enabled();
}

void AnswerAudit::add(std::uint64_t trial, bool disagree) {
  if (!enabled()) return;
  ring_disagreements_ += static_cast<std::uint32_t>(disagree) - static_cast<std::uint32_t>(ring_[next_].disagree);
  ring_[next_] = {trial, disagree, true};
  if (++next_ == ring_.size()) next_ = 0;
}

std::uint32_t AnswerAudit::disagreements(std::uint64_t trial) const {
  if (ring_.empty()) return 0;
  // The oldest entry is the next to be overwritten (or the first, until the ring is full).
  // Trials only increase, so when it is still in the window, every entry is: the running count
  // is the answer (every trial of a run that compares every trial).
  const Entry& oldest = ring_[next_].used ? ring_[next_] : ring_.front();
  if (!oldest.used) return 0;
  if (oldest.trial + window_ > trial) return ring_disagreements_;
  std::uint32_t n = 0;
  for (const Entry& e : ring_) n += e.used && e.disagree && e.trial + window_ > trial;
  return n;
}

bool AnswerAudit::alarmed(std::uint64_t trial) const { return enabled() && disagreements(trial) >= threshold_; }

double AnswerAudit::estimated_vote_accuracy(std::uint64_t trial) const {
  std::uint32_t n = 0, agree = 0;
  for (const Entry& e : ring_) {
    if (!e.used || e.trial + window_ <= trial) continue;
    ++n;
    agree += !e.disagree;
  }
  if (n == 0) return vote_accuracy_;
  const double g = static_cast<double>(agree) / static_cast<double>(n);
  const double scaled = vote_accuracy_ * (g - chance_) / (healthy_agreement_ - chance_);
  return std::clamp(scaled, 0.0, vote_accuracy_);
}

}  // namespace snnft::neuromorphic
