// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/core/types.hpp"

namespace snnft::neuromorphic {

/// When quarantined neurons are tried again.
struct ProbationSettings {
  /// A neuron is released after this many trials without evidence against it, doubled for
  /// each time it was quarantined again while on probation (its strikes), up to the maximum.
  std::uint32_t quarantine_trials = 10;
  std::uint32_t max_quarantine_trials = 160;
  /// A released neuron is on probation for this many trials: evidence in them quarantines it
  /// again (one more strike); a clean probation clears its strikes.
  std::uint32_t probation_trials = 20;
};

/// Quarantine of one column's neurons as probation rather than a sentence: the bookkeeping of
/// which neurons are silenced, when each is released, and how long the next sentence is. It
/// decides; the caller silences and releases (CorticalColumn::quarantine / release). Pure
/// logic, allocation-free after construction.
class NeuronProbation {
 public:
  NeuronProbation(std::size_t neurons, const ProbationSettings& settings);

  /// Evidence against neuron j in `trial` (from its own dynamics). Returns true if it is to be
  /// silenced now: not yet quarantined and fewer than `limit` neurons are.
  bool evidence(NeuronIndex j, std::uint64_t trial, std::size_t limit);
  /// Ends `trial`: neurons whose sentence has passed without evidence are released (appended
  /// to `released`, which must have room for every neuron); probations that passed clean
  /// clear the neuron's strikes.
  void end_trial(std::uint64_t trial, std::vector<NeuronIndex>& released);

  [[nodiscard]] std::size_t quarantined() const { return silenced_.size(); }
  /// Nobody quarantined or on probation: end_trial() would change nothing.
  [[nodiscard]] bool idle() const { return silenced_.empty() && probationers_.empty(); }
  [[nodiscard]] bool is_quarantined(NeuronIndex j) const { return state_[j].quarantined; }
  [[nodiscard]] bool on_probation(NeuronIndex j, std::uint64_t trial) const { return trial < state_[j].probation_until; }
  [[nodiscard]] std::uint32_t strikes(NeuronIndex j) const { return state_[j].strikes; }
  /// Trials without evidence a neuron with `strikes` waits before release.
  [[nodiscard]] std::uint32_t sentence(std::uint32_t strikes) const;

 private:
  struct Neuron {
    std::uint64_t last_evidence = 0;
    std::uint64_t probation_until = 0;  // released at some trial < this: on probation
    std::uint32_t strikes = 0;
    bool quarantined = false;
  };
  ProbationSettings settings_;
  std::vector<Neuron> state_;
  std::vector<NeuronIndex> silenced_;     // quarantined now
  std::vector<NeuronIndex> probationers_; // released, probation not yet over
};

}  // namespace snnft::neuromorphic
