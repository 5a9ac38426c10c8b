// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/columns/cortical_column.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
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
///
/// Only steps with spikes matter, so the monitor asks the engine to call it only then
/// (spike_trigger): most steps of a trial cost it nothing. A trial without any spike is then
/// never seen, so its counts are read as 0 by comparing with the simulation's clock; a
/// monitor built without a clock (the Network constructor) and with trials is called in every
/// step instead.
class RefractoryMonitor final : public StepObserver {
 public:
  /// `clock`, if given, is the simulation that steps `network` (see above).
  RefractoryMonitor(const Network& network, PopulationIndex population, Step min_interval_steps, Step steps_per_trial,
                    const Simulation* clock = nullptr);
  /// For a column's excitatory layer: min interval round(t_ref_ms / dt_ms), trial length
  /// round(trial_ms / dt_ms), the column's simulation as the clock.
  explicit RefractoryMonitor(columns::CorticalColumn& column);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }
  [[nodiscard]] PopulationIndex spike_trigger() const override {
    return clock_ != nullptr || steps_per_trial_ == 0 ? population_ : kEveryStep;
  }
  void on_phase_end(Phase, const StepView& view) override { observe(view.step); }

  /// Takes the spikes of `step`. Inline, since it runs every step: the common case (same
  /// trial, no spike) is two comparisons.
  void observe(Step step) {
    if (step >= next_trial_start_) start_trial(step);
    const auto ids = spikes_->ids();
    if (!ids.empty()) count(step, ids);
  }

  /// Counts of the trial in progress or, between trials, of the last one.
  [[nodiscard]] std::uint32_t trial_violations() const { return counted_trial_is_current() ? trial_violations_ : 0; }
  [[nodiscard]] std::uint32_t trial_spikes() const { return counted_trial_is_current() ? trial_spikes_ : 0; }
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
  void start_trial(Step step);
  void count(Step step, std::span<const NeuronIndex> ids);
  // Whether the counts belong to the trial of the last step run (or, without a clock, to the
  // last trial seen, which is the same when the monitor is called in every step).
  [[nodiscard]] bool counted_trial_is_current() const {
    return clock_ == nullptr || clock_->now() - 1 < next_trial_start_;
  }

  const SpikeList* spikes_;  // the watched population's spikes of the current step
  PopulationIndex population_;
  const Simulation* clock_;
  Step min_interval_;
  Step steps_per_trial_;
  std::vector<Step> last_spike_;  // step of each neuron's latest spike
  Step trial_start_ = 0;
  Step next_trial_start_ = -1;  // forces the first call to start a trial
  std::uint32_t trial_violations_ = 0;
  std::uint32_t trial_spikes_ = 0;
  std::uint64_t total_violations_ = 0;
  std::uint64_t total_spikes_ = 0;
};

/// Runs a RefractoryMonitor from the engine's actor dispatch rather than its observer
/// dispatch; it still only reads. A column already has an observer of its own (its trial
/// monitor), and a second one in the same phase makes the observer dispatch's indirect call
/// alternate between two targets, which the branch predictor misses. A healthy column has no
/// actors, so here the monitor is the dispatch's only target; with the monitor's spike
/// trigger it is called only in steps in which the layer spiked.
/// It reads at the end of the step, after any actor (a fault injector) edited the Detect
/// phase's spikes, so it sees the spikes the network actually propagated.
class RefractoryMonitorActor final : public StepActor {
 public:
  explicit RefractoryMonitorActor(RefractoryMonitor& monitor) : monitor_(monitor) {}
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kObserve); }
  [[nodiscard]] PopulationIndex spike_trigger() const override { return monitor_.spike_trigger(); }
  void act(Phase, const StepView& view, NetworkControl&) override { monitor_.observe(view.step); }

 private:
  RefractoryMonitor& monitor_;
};

}  // namespace snnft::neuromorphic
