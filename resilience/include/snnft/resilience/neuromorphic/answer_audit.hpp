// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <vector>

namespace snnft::neuromorphic {

/// The system-level check of the answers themselves, for faults that leave every column's own
/// checks quiet (a few saturated neurons labelled with one class make a column answer that
/// class every trial, on time and at a plausible rate): the vote of the admitted columns is
/// compared, trial by trial, with a cheap non-spiking auditor (classes × features
/// multiply-adds), and the disagreements of the last `window` trials are counted against what
/// calibration measured on held-back samples. It alarms when they are more than a binomial
/// count at the healthy rate reaches with probability `false_alarm` (so a healthy run does not
/// alarm), and estimates what the vote's accuracy has become. Allocation-free per trial.
class AnswerAudit {
 public:
  /// Calibration: on held-back samples, the vote and the auditor disagreed at
  /// `healthy_disagreement`, the vote was right at `vote_accuracy` and the auditor at
  /// `auditor_accuracy`, with `classes` classes. The healthy rate is taken `margin` higher (the
  /// held-back samples were seen in training). Returns false (and the audit stays off) when no
  /// count of `window` trials could tell a fault from that rate.
  bool calibrate(double healthy_disagreement, double vote_accuracy, double auditor_accuracy, int classes,
                 std::uint32_t window = 24, double margin = 0.05, double false_alarm = 1e-4);
  [[nodiscard]] bool enabled() const { return threshold_ > 0; }

  /// One trial's comparison (trials in increasing order).
  void add(std::uint64_t trial, bool disagree);
  /// More disagreements in the last `window` trials (up to `trial`) than a healthy system makes.
  [[nodiscard]] bool alarmed(std::uint64_t trial) const;
  /// Disagreements counted in the last `window` trials, and the threshold.
  [[nodiscard]] std::uint32_t disagreements(std::uint64_t trial) const;
  [[nodiscard]] std::uint32_t threshold() const { return threshold_; }
  /// The vote's accuracy now, estimated from the agreement with the auditor (the auditor's
  /// errors taken as spread over the other classes), anchored so that the calibrated agreement
  /// gives the calibrated accuracy; in [0, vote_accuracy].
  [[nodiscard]] double estimated_vote_accuracy(std::uint64_t trial) const;

 private:
  struct Entry {
    std::uint64_t trial = 0;
    bool disagree = false;
    bool used = false;
  };
  std::vector<Entry> ring_;  // the last `window` comparisons
  std::size_t next_ = 0;
  std::uint32_t ring_disagreements_ = 0;  // disagreements among the ring's entries
  std::uint32_t window_ = 0, threshold_ = 0;
  double healthy_agreement_ = 1.0, vote_accuracy_ = 1.0, chance_ = 0.0;
};

/// The smallest count x with P(Binomial(n, p) >= x) <= alpha, or 0 if even n is more likely.
std::uint32_t binomial_alarm_count(std::uint32_t n, double p, double alpha);

}  // namespace snnft::neuromorphic
