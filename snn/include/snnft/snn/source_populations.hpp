// SPDX-License-Identifier: MIT
#pragma once
#include <limits>
#include <span>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/encoding/spike_pattern.hpp"
#include "snnft/snn/population.hpp"

namespace snnft {

/// A time in ms as the step that starts at it (rounded); infinity as "never".
Step step_starting_at(double ms, double dt_ms);

/// Independent Poisson spike trains, one per neuron, as a discrete-time Bernoulli process:
/// each neuron spikes in a step with probability rate·dt (as Brian2's PoissonGroup does).
/// Instead of one random number per neuron per step, the gap to the next spike is drawn from
/// the geometric distribution, so the cost is proportional to the number of spikes. Draws are
/// keyed by (population, neuron, spike count): independent of threads and chunking.
/// The trains run in the steps [start_step, stop_step) only (PyNN's SpikeSourcePoisson
/// start and duration), a window per neuron.
class PoissonPopulation final : public Population {
 public:
  PoissonPopulation(std::string name, std::vector<double> rates_hz, double dt_ms, const CounterRng& rng,
                    PopulationIndex index, Step start_step = 0,
                    Step stop_step = std::numeric_limits<Step>::max());

  [[nodiscard]] std::string_view model_name() const override { return "poisson"; }
  void integrate(Step, std::size_t, std::size_t, SimdIsa) override {}
  std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) override;

  [[nodiscard]] std::vector<std::string> variable_names() const override { return {"rate_hz"}; }
  std::span<float> variable(std::string_view name) override;
  [[nodiscard]] std::span<const StateVariableInfo> state_variables() const override;
  [[nodiscard]] std::span<const float> state(std::string_view name) const override;
  [[nodiscard]] std::span<const float> variable(std::string_view name) const override;

  /// Restarts every train so that the next spikes are drawn from `step` (or the start of the
  /// window, if later) on.
  void restart(Step step);
  /// Moves the window to [start_step, stop_step) (PyNN's start and duration set between runs)
  /// and restarts the trains from `now` (or the new start, if later).
  void set_window(Step start_step, Step stop_step, Step now);
  /// The same with a window per neuron.
  void set_windows(std::span<const Step> start_steps, std::span<const Step> stop_steps, Step now);

 private:
  static constexpr Step kNever = std::numeric_limits<Step>::max();
  Step draw_gap(std::size_t neuron);
  /// Neuron i's next spike at `next`, unless that is past its window.
  void schedule(std::size_t i, Step next);

  double dt_ms_;
  const CounterRng* rng_;
  PopulationIndex index_;
  std::vector<Step> start_steps_, stop_steps_;
  AlignedArray<float> rate_hz_;
  std::vector<Step> next_step_;
  std::vector<std::uint64_t> drawn_;
};

/// Replays a fixed SpikePattern, shifted to start at a given step. Spike times are rounded to
/// the nearest step. Used for encoded inputs (TTFS, rate) presented trial by trial.
class SpikeSourcePopulation final : public Population {
 public:
  SpikeSourcePopulation(std::string name, std::size_t size, double dt_ms);

  [[nodiscard]] std::string_view model_name() const override { return "spike_source"; }
  /// Replaces the pattern; its time 0 becomes `start_step`. Reuses capacity (no allocation
  /// once the largest pattern has been seen).
  void set_pattern(const SpikePattern& pattern, Step start_step);

  void integrate(Step, std::size_t, std::size_t, SimdIsa) override {}
  std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) override;

 private:
  struct Scheduled {
    Step step;
    NeuronIndex neuron;
  };
  double dt_ms_;
  std::vector<Scheduled> schedule_;
};

}  // namespace snnft
