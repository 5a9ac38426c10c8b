// SPDX-License-Identifier: MIT
#include "snnft/encoding/spike_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

namespace {

void require_one_per_neuron(const SpikePattern& pattern, std::size_t got, const char* what) {
  if (got != pattern.neuron_count()) {
    throw std::invalid_argument(std::string(what) + " needs " + std::to_string(pattern.neuron_count()) +
                                " entries (one per neuron), got " + std::to_string(got));
  }
}

}  // namespace

void first_spike_times(const SpikePattern& pattern, std::span<double> out_ms, double offset_ms) {
  require_one_per_neuron(pattern, out_ms.size(), "first_spike_times");
  std::fill(out_ms.begin(), out_ms.end(), std::numeric_limits<double>::infinity());
  for (const SpikeEvent& e : pattern.events()) out_ms[e.neuron] = std::min(out_ms[e.neuron], e.time_ms);
  for (double& t : out_ms) t -= offset_ms;  // infinity stays infinity
}

void spike_counts(const SpikePattern& pattern, std::span<std::size_t> out, double begin_ms, double end_ms) {
  require_one_per_neuron(pattern, out.size(), "spike_counts");
  std::fill(out.begin(), out.end(), std::size_t{0});
  for (const SpikeEvent& e : pattern.events()) {
    if (e.time_ms >= begin_ms && e.time_ms < end_ms) ++out[e.neuron];
  }
}

}  // namespace snnft
