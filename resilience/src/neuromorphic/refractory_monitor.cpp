// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "cache_prefetch.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr Step kNever = std::numeric_limits<Step>::min() / 2;

Step steps_of(double ms, double dt_ms) { return static_cast<Step>(std::llround(ms / dt_ms)); }
}  // namespace

RefractoryMonitor::RefractoryMonitor(const Network& network, PopulationIndex population, Step min_interval_steps,
                                     Step steps_per_trial, const Simulation* clock)
    : spikes_(&network.population(population).spikes()),
      population_(population),
      clock_(clock),
      min_interval_(std::max<Step>(min_interval_steps, 1)),
      steps_per_trial_(steps_per_trial),
      last_spike_(network.population(population).size(), kNever) {
  if (steps_per_trial < 0) throw std::invalid_argument("RefractoryMonitor: steps_per_trial must be >= 0");
}

RefractoryMonitor::RefractoryMonitor(columns::CorticalColumn& column)
    : RefractoryMonitor(column.network(), column.excitatory(),
                        steps_of(column.params().t_ref_ms, column.params().dt_ms),
                        steps_of(column.params().trial_ms, column.params().dt_ms), &column.simulation()) {}

void RefractoryMonitor::start_trial(Step step) {
  // Usually the trial right after the last one seen, which needs no division.
  if (steps_per_trial_ > 0 && next_trial_start_ >= 0 && step - next_trial_start_ < steps_per_trial_) {
    trial_start_ = next_trial_start_;
  } else {
    const Step trial = steps_per_trial_ > 0 ? step / steps_per_trial_ : 0;
    trial_start_ = trial * steps_per_trial_;
  }
  next_trial_start_ = steps_per_trial_ > 0 ? trial_start_ + steps_per_trial_ : std::numeric_limits<Step>::max();
  trial_violations_ = 0;
  trial_spikes_ = 0;
  // The other columns' trials have evicted the spike steps since this monitor last ran; asked
  // for all at once they arrive together, instead of one miss in every step that spikes.
  prefetch_bytes(last_spike_.data(), last_spike_.size() * sizeof(Step));
}

void RefractoryMonitor::count(Step step, std::span<const NeuronIndex> ids) {
  trial_spikes_ += static_cast<std::uint32_t>(ids.size());
  total_spikes_ += ids.size();
  for (NeuronIndex j : ids) {
    if (j >= last_spike_.size()) continue;
    const Step last = last_spike_[j];
    if (last >= trial_start_ && step - last < min_interval_) {
      ++trial_violations_;
      ++total_violations_;
    }
    last_spike_[j] = step;
  }
}

RefractoryMonitor::Totals RefractoryMonitor::take_totals() {
  const Totals t{total_violations_, total_spikes_};
  total_violations_ = 0;
  total_spikes_ = 0;
  return t;
}

}  // namespace snnft::neuromorphic
