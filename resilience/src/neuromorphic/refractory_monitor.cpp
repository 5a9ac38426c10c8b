// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "snnft/snn/network.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr Step kNever = std::numeric_limits<Step>::min() / 2;

Step steps_of(double ms, double dt_ms) { return static_cast<Step>(std::llround(ms / dt_ms)); }
}  // namespace

RefractoryMonitor::RefractoryMonitor(PopulationIndex population, std::size_t neurons, Step min_interval_steps,
                                     Step steps_per_trial)
    : population_(population),
      min_interval_(std::max<Step>(min_interval_steps, 1)),
      steps_per_trial_(steps_per_trial),
      last_spike_(neurons, kNever) {
  if (steps_per_trial < 0) throw std::invalid_argument("RefractoryMonitor: steps_per_trial must be >= 0");
}

RefractoryMonitor::RefractoryMonitor(const columns::CorticalColumn& column)
    : RefractoryMonitor(column.excitatory(), column.params().neurons,
                        steps_of(column.params().t_ref_ms, column.params().dt_ms),
                        steps_of(column.params().trial_ms, column.params().dt_ms)) {}

void RefractoryMonitor::on_phase_end(Phase, const StepView& view) {
  const Step trial = steps_per_trial_ > 0 ? view.step / steps_per_trial_ : 0;
  if (trial != trial_) {
    trial_ = trial;
    trial_start_ = trial * steps_per_trial_;
    trial_violations_ = 0;
    trial_spikes_ = 0;
  }
  const auto ids = view.network.population(population_).spikes().ids();
  trial_spikes_ += static_cast<std::uint32_t>(ids.size());
  total_spikes_ += ids.size();
  for (NeuronIndex j : ids) {
    if (j >= last_spike_.size()) continue;
    const Step last = last_spike_[j];
    if (last >= trial_start_ && view.step - last < min_interval_) {
      ++trial_violations_;
      ++total_violations_;
    }
    last_spike_[j] = view.step;
  }
}

RefractoryMonitor::Totals RefractoryMonitor::take_totals() {
  const Totals t{total_violations_, total_spikes_};
  total_violations_ = 0;
  total_spikes_ = 0;
  return t;
}

}  // namespace snnft::neuromorphic
