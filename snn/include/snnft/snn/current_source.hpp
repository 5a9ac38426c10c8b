// SPDX-License-Identifier: MIT
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// A current injected into neurons of a LIF population, with PyNN's semantics (DCSource,
/// StepCurrentSource, ACSource, NoisyCurrentSource). Amplitudes are R·I in mV, the unit of the LIF
/// model's bias_mv: V∞ = v_rest + bias + I (for a PyNN current in nA, multiply by
/// R = τ_m / C_m in MΩ). The current of step s (from s·dt to (s+1)·dt) is the value at s·dt.
struct CurrentSourceSpec {
  enum class Kind {
    kDc,     ///< amplitude_mv while start_ms ≤ t < stop_ms
    kStep,   ///< from times_ms[k] on (rounded to the step), amplitudes_mv[k]; 0 before the first
    kNoisy,  ///< mean_mv + stdev_mv·N(0, 1), a new independent draw per neuron every dt_ms, in [start, stop)
    kAc,     ///< offset_mv + amplitude_mv·sin(2π·frequency_hz·(t − start) + phase_deg), in [start, stop)
  };
  Kind kind = Kind::kDc;
  std::string population;
  std::vector<NeuronIndex> ids;  ///< targeted neurons, ascending; empty = all
  double amplitude_mv = 0.0;
  double start_ms = 0.0;
  double stop_ms = std::numeric_limits<double>::infinity();
  std::vector<double> times_ms;       ///< kStep, ascending
  std::vector<double> amplitudes_mv;  ///< kStep, one per time
  double mean_mv = 0.0;
  double stdev_mv = 0.0;
  double dt_ms = 0.0;  ///< kNoisy: interval between draws; 0 = the simulation step
  double offset_mv = 0.0;     ///< kAc
  double frequency_hz = 0.0;  ///< kAc
  double phase_deg = 0.0;     ///< kAc
};

/// Injects any number of current sources. Runs as an actor at the end of the Deliver phase:
/// the drive of each targeted neuron becomes its own drive (LIF: v_rest + bias; Izhikevich,
/// AdEx: the bias current) plus the sum of the currents of that step, so the integrators treat
/// the current exactly (CUBA: the exact propagator for a current constant over the step). Noise draws are keyed by (source,
/// neuron, interval): the same for any thread count or SIMD setting.
///
/// Populations that receive current read their integration constants per neuron from then
/// on (their drive varies between neurons), which costs the kernel a few loads per neuron.
class CurrentInjector final : public StepActor {
 public:
  /// Throws std::invalid_argument for an unknown population or one without a drive (Poisson,
  /// spike sources), a neuron id out of range, or inconsistent step times; the message names
  /// the source by its index.
  CurrentInjector(Network& network, std::vector<CurrentSourceSpec> sources);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver); }
  void act(Phase phase, const StepView& view, NetworkControl& control) override;

  /// The current of source k into its j-th target neuron in step s (LIF: mV; Izhikevich,
  /// AdEx: the model's current unit).
  [[nodiscard]] float amplitude(std::size_t k, std::size_t j, Step s) const;
  [[nodiscard]] std::size_t source_count() const { return sources_.size(); }
  /// Neuron i of population p now has `drive` without injected current (its bias was
  /// changed); a neuron no source targets keeps whatever is written into its drive.
  void set_base_drive(PopulationIndex p, NeuronIndex i, float drive);
  /// Replaces source k's waveform (type, amplitudes, times, window) from the next step on, on
  /// the same clock; its population and neurons stay (PyNN sets a source's parameters between
  /// runs). Checked as in the constructor.
  void set_source(std::size_t k, const CurrentSourceSpec& spec);

 private:
  struct Source {
    CurrentSourceSpec spec;
    PopulationIndex population;
    std::size_t slot;  // index into targets_
    std::vector<NeuronIndex> ids;
    Step start, stop;
    std::vector<Step> change_steps;
    Step noise_steps = 1;
  };
  struct Target {
    PopulationIndex population;
    std::vector<float> base_drive;  // the drive without injected current, per neuron
    std::vector<float> sum;         // this step's total current, per neuron
    std::vector<NeuronIndex> union_ids;
  };
  [[nodiscard]] Source checked_source(std::size_t k, CurrentSourceSpec spec) const;

  Network* network_;
  const CounterRng* rng_;
  std::vector<Source> sources_;
  std::vector<Target> targets_;
};

}  // namespace snnft
