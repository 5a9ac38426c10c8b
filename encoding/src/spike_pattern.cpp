// SPDX-License-Identifier: MIT
#include "snnft/encoding/spike_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace snnft {

void SpikePattern::add(double time_ms, NeuronIndex neuron) {
  if (neuron >= neuron_count_) {
    throw std::invalid_argument("spike for neuron " + std::to_string(neuron) + " in a pattern of " +
                                std::to_string(neuron_count_) + " neurons");
  }
  if (!std::isfinite(time_ms) || time_ms < 0) {
    throw std::invalid_argument("spike time must be finite and non-negative, got " + std::to_string(time_ms));
  }
  events_.push_back({time_ms, neuron});
}

void SpikePattern::finalize() {
  std::sort(events_.begin(), events_.end(), [](const SpikeEvent& a, const SpikeEvent& b) {
    return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.neuron < b.neuron;
  });
}

}  // namespace snnft
