// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "snnft/resilience/faults/bound_fault.hpp"
#include "snnft/resilience/faults/event.hpp"
#include "snnft/resilience/faults/parameter_scales.hpp"

namespace snnft::faults {

/// How an injector's network sits in its run.
struct InjectorOptions {
  std::uint64_t run_seed = 1;            ///< seed of specs that give none
  std::optional<std::uint32_t> column;   ///< classification runs: this network is column k
  /// Classification runs count bare `at=`/`until=` numbers as test trials; elsewhere they
  /// are rejected (a network run has only simulated time).
  bool trials = false;
  std::vector<PopulationIndex> default_populations;  ///< hit when a spec names none
};

/// Applies the neuron, synapse and engine faults of one network: a StepActor registered on
/// its Simulation. Faults timed in ms switch at the start of the step their time falls in,
/// counted from `origin_step` (the start of the run, or of the test phase); faults timed in
/// trials switch in begin_trial(). Every switch is an Event; `faults_injected` counts the
/// faults that became active. Only the step loop's own thread may call it.
///
/// Parameters and weights a fault holds are re-applied where their owners may rewrite them:
/// parameters at the first step of every trial (a column resets its thresholds then),
/// stuck weights after every Plasticity phase and at the first step of every trial (online
/// learning, checkpoint restores). Nothing else in a run writes them.
class NetworkInjector final : public StepActor {
 public:
  /// Binds every spec that applies to this network (specs for whole columns, or for another
  /// column, are skipped). Spec i keeps index i for its random streams. Throws ConfigError
  /// naming the spec for names or timings the network cannot have.
  NetworkInjector(std::span<const FaultSpec> specs, const Network& network, NetworkControl& control, Step origin_step,
                  InjectorOptions options);
  ~NetworkInjector() override;

  [[nodiscard]] PhaseMask phases() const override { return phases_; }
  void act(Phase phase, const StepView& view, NetworkControl& control) override;

  /// Test trial `trial` starts now (at step `now`): switch trial-timed faults, and let every
  /// active fault drop its per-trial state. Stochastic faults draw the trial's spikes from the
  /// trial's own key (see DrawKey).
  void begin_trial(std::int64_t trial, Step now);
  /// Replay `replay` (counted from 0 within the trial) of a calibration sample, run for test
  /// trial `trial` before the trial's own sample, starts now: as begin_trial, but its spikes
  /// are drawn from a key of its own, so replays leave the trial's draws untouched.
  void begin_replay(std::int64_t trial, std::uint32_t replay, Step now);

  [[nodiscard]] std::size_t bound_faults() const { return entries_.size(); }
  [[nodiscard]] std::size_t active_faults() const;
  [[nodiscard]] std::size_t faults_injected() const { return injected_; }
  [[nodiscard]] const std::vector<Event>& events() const { return events_; }

 private:
  struct Entry;
  void switch_timed(Step step, bool by_trial);
  void begin_presentation(std::int64_t trial, Step now);
  void activate(Entry& e, Step step, std::int64_t trial);
  void deactivate(Entry& e, Step step, std::int64_t trial);

  const Network& network_;
  NetworkControl& control_;
  Step origin_;
  InjectorOptions options_;
  std::unique_ptr<ParameterScales> parameters_;  // shared by the drift-like faults
  std::vector<std::unique_ptr<Entry>> entries_;
  PhaseMask phases_ = 0;
  std::int64_t trial_ = -1;
  DrawKey draw_key_;  // the bound faults keep a pointer to it
  bool rescale_parameters_ = false;
  std::size_t injected_ = 0;
  std::vector<Event> events_;
};

}  // namespace snnft::faults
