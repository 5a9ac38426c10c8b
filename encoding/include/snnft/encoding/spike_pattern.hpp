// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "snnft/core/types.hpp"

namespace snnft {

/// One spike of a spike-source neuron.
struct SpikeEvent {
  double time_ms;
  NeuronIndex neuron;
  friend bool operator==(const SpikeEvent&, const SpikeEvent&) = default;
};

/// A fixed set of spikes for a spike-source population: what encoders produce and what the
/// engine replays. Events are kept sorted by (time, neuron) once finalize() has run.
class SpikePattern {
 public:
  explicit SpikePattern(std::size_t neuron_count = 0) : neuron_count_(neuron_count) {}

  /// Adds a spike; throws std::invalid_argument for a neuron out of range or a time that is
  /// negative or not finite.
  void add(double time_ms, NeuronIndex neuron);
  /// Sorts the events by (time, neuron). Call after the last add().
  void finalize();
  /// Removes every event, keeping the allocated capacity (no allocation when refilled).
  void clear() { events_.clear(); }
  void reserve(std::size_t n) { events_.reserve(n); }

  [[nodiscard]] std::size_t neuron_count() const { return neuron_count_; }
  [[nodiscard]] std::span<const SpikeEvent> events() const { return events_; }
  [[nodiscard]] std::size_t size() const { return events_.size(); }
  [[nodiscard]] bool empty() const { return events_.empty(); }

 private:
  std::size_t neuron_count_;
  std::vector<SpikeEvent> events_;
};

/// Earliest spike time of each neuron, minus `offset_ms`; +infinity for a neuron that never
/// fires. Works on unsorted patterns. `out_ms` must have neuron_count() entries.
void first_spike_times(const SpikePattern& pattern, std::span<double> out_ms, double offset_ms = 0.0);

/// Number of spikes of each neuron with time in [begin_ms, end_ms). `out` must have
/// neuron_count() entries.
void spike_counts(const SpikePattern& pattern, std::span<std::size_t> out, double begin_ms, double end_ms);

}  // namespace snnft
