// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/neuron_probation.hpp"

#include <algorithm>
#include <stdexcept>

namespace snnft::neuromorphic {

NeuronProbation::NeuronProbation(std::size_t neurons, const ProbationSettings& settings)
    : settings_(settings), state_(neurons) {
  if (settings.quarantine_trials < 1 || settings.max_quarantine_trials < settings.quarantine_trials) {
    throw std::invalid_argument("quarantine_trials: expected 1 <= quarantine_trials <= max_quarantine_trials");
  }
  silenced_.reserve(neurons);
  probationers_.reserve(neurons);
}

std::uint32_t NeuronProbation::sentence(std::uint32_t strikes) const {
  std::uint64_t t = settings_.quarantine_trials;
  for (std::uint32_t i = 0; i < strikes && t < settings_.max_quarantine_trials; ++i) t *= 2;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(t, settings_.max_quarantine_trials));
}

bool NeuronProbation::evidence(NeuronIndex j, std::uint64_t trial, std::size_t limit) {
  Neuron& n = state_[j];
  n.last_evidence = trial;
  if (n.quarantined) return false;  // the evidence goes on: its sentence restarts
  if (silenced_.size() >= limit) return false;
  if (trial < n.probation_until) {
    // It did it again while on probation: a longer sentence next time.
    ++n.strikes;
    n.probation_until = 0;
    probationers_.erase(std::find(probationers_.begin(), probationers_.end(), j));
  }
  n.quarantined = true;
  silenced_.push_back(j);
  return true;
}

void NeuronProbation::end_trial(std::uint64_t trial, std::vector<NeuronIndex>& released) {
  for (std::size_t i = 0; i < silenced_.size();) {
    const NeuronIndex j = silenced_[i];
    Neuron& n = state_[j];
    if (trial + 1 < n.last_evidence + 1 + sentence(n.strikes)) {
      ++i;
      continue;
    }
    n.quarantined = false;
    n.probation_until = trial + 1 + settings_.probation_trials;
    released.push_back(j);
    probationers_.push_back(j);
    silenced_[i] = silenced_.back();
    silenced_.pop_back();
  }
  for (std::size_t i = 0; i < probationers_.size();) {
    Neuron& n = state_[probationers_[i]];
    if (trial + 1 < n.probation_until) {
      ++i;
      continue;
    }
    n.strikes = 0;  // a clean probation
    n.probation_until = 0;
    probationers_[i] = probationers_.back();
    probationers_.pop_back();
  }
}

}  // namespace snnft::neuromorphic
