// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <vector>

#include "snnft/columns/cortical_column.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft::neuromorphic {

/// Watches one population's spikes for refractory violations — two spikes of one neuron
/// closer than its refractory period — and counts spikes per trial (for firing-rate bounds).
///
/// A healthy LIF neuron cannot violate: it is held for t_ref after every spike, so the
/// shortest possible interval is round(t_ref / dt) steps. Any violation means the refractory
/// logic (or its parameter) is corrupted. The expected period comes from the parameters the
/// column was built with, never from the engine's "ref_steps" variable, since that is what a
/// fault corrupts.
///
/// Trials are `steps_per_trial` steps long and start at multiples of it, which is how
/// CorticalColumn runs them from step 0. Spikes of an earlier trial are not compared: each
/// trial starts with the refractory state cleared. Allocation-free after construction.
class RefractoryMonitor final : public StepObserver {
 public:
  RefractoryMonitor(PopulationIndex population, std::size_t neurons, Step min_interval_steps, Step steps_per_trial);
  /// For a column's excitatory layer: min interval round(t_ref_ms / dt_ms), trial length
  /// round(trial_ms / dt_ms).
  explicit RefractoryMonitor(const columns::CorticalColumn& column);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }
  void on_phase_end(Phase phase, const StepView& view) override;

  /// Counts of the trial in progress or, between trials, of the last one.
  [[nodiscard]] std::uint32_t trial_violations() const { return trial_violations_; }
  [[nodiscard]] std::uint32_t trial_spikes() const { return trial_spikes_; }
  /// Totals since construction or the last take_totals().
  [[nodiscard]] std::uint64_t total_violations() const { return total_violations_; }
  [[nodiscard]] std::uint64_t total_spikes() const { return total_spikes_; }
  /// Returns {violations, spikes} since the last call and starts counting afresh (per phase
  /// of a run: training, labelling).
  struct Totals {
    std::uint64_t violations = 0;
    std::uint64_t spikes = 0;
  };
  Totals take_totals();

  [[nodiscard]] Step min_interval_steps() const { return min_interval_; }

 private:
  PopulationIndex population_;
  Step min_interval_;
  Step steps_per_trial_;
  std::vector<Step> last_spike_;  // step of each neuron's latest spike
  Step trial_ = -1;
  Step trial_start_ = 0;
  std::uint32_t trial_violations_ = 0;
  std::uint32_t trial_spikes_ = 0;
  std::uint64_t total_violations_ = 0;
  std::uint64_t total_spikes_ = 0;
};

}  // namespace snnft::neuromorphic
