// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/lif_params.hpp"
#include "snnft/snn/neuron_model_kernels.hpp"
#include "snnft/snn/population.hpp"

namespace snnft {

/// Synaptic input of a two-variable model: currents (current-based) or conductances
/// (conductance-based), exponentially decaying (a weight is a jump of ge or gi in the model's
/// current or conductance unit) or alpha-shaped (a weight is the peak of ge or gi, reached
/// tau after the spike). A time constant of 0 (current-based, exponential Izhikevich only)
/// makes that receptor a delta synapse: a weight w is a jump of v by w mV.
struct AdaptiveSynapses {
  SynapseModel model = SynapseModel::kCurrentBased;
  SynapseShape shape = SynapseShape::kExponential;
  double tau_e_ms = 5.0;   ///< 0: delta synapses
  double tau_i_ms = 10.0;  ///< 0: delta synapses
  double e_exc_mv = 0.0;    ///< conductance-based only
  double e_inh_mv = -80.0;  ///< conductance-based only
};

/// The state and the spike rule shared by the Izhikevich and AdEx populations: a membrane
/// potential v, an adaptation variable w (Izhikevich's u), synaptic inputs ge and gi, and a
/// per-neuron external current `drive` (current sources write it). A neuron spikes when v
/// crosses v_peak; then v ← v_reset and w ← w + jump. A model may add a refractory period
/// (AdEx): for its length after a spike v is held and the neuron cannot spike.
/// v and w are integrated in double precision (see IzhikevichKernelArgs for why); variable()
/// and state() give their single-precision views, and a value written into a view is taken
/// up by the next step.
class AdaptivePopulation : public Population {
 public:
  /// Input lands in ge, gi; with alpha synapses in he, hi, which then shape ge, gi.
  float* receptor_input(Receptor r) override {
    if (alpha()) return r == Receptor::kExcitatory ? he_.data() : hi_.data();
    return r == Receptor::kExcitatory ? ge_.data() : gi_.data();
  }
  std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) override;

  /// "v", "w" (or "u"), "ge", "gi", "drive"; with alpha synapses also "he", "hi"; with a
  /// refractory period also "ref_left" (steps left).
  [[nodiscard]] std::vector<std::string> variable_names() const override;
  std::span<float> variable(std::string_view name) override;
  [[nodiscard]] std::span<const float> variable(std::string_view name) const override;
  [[nodiscard]] std::span<const StateVariableInfo> state_variables() const override { return state_info_; }
  [[nodiscard]] std::span<const float> state(std::string_view name) const override;

  /// Sets every neuron's v and w (for initial states).
  void set_state(std::span<const double> v, std::span<const double> w);
  /// Changes the synaptic time constants and reversal potentials (the synapse model stays).
  void set_synapses(const AdaptiveSynapses& syn);
  /// Draws each neuron's v, and w if given (else w = w_per_v · v: Izhikevich's u = b·v), from
  /// streams keyed by (population, neuron).
  void initialise(const InitialValue& v, const std::optional<InitialValue>& w, double w_per_v, const CounterRng& rng,
                  PopulationIndex index);

 protected:
  /// `w_name`: "w" or "u"; `state_info`: v_mv, the adaptation variable, ge, gi with units.
  AdaptivePopulation(std::string name, std::size_t size, const AdaptiveSynapses& syn, double dt_ms, float drive,
                     std::string_view w_name, std::span<const StateVariableInfo> state_info);
  [[nodiscard]] SynapticInputArgs synaptic_args(std::size_t begin);
  [[nodiscard]] std::size_t chunk_count(std::size_t begin, std::size_t end) const;
  void set_spike_rule(double v_peak, double v_reset, double jump, bool inclusive);
  /// A refractory period of `t_ref_ms`: the spike step is its first step (as for LIF neurons,
  /// Brian2 and NEST), so v is held for round(t_ref / dt) − 1 further steps (see
  /// AdexKernelArgs::ref_left). Below half a step: none.
  void set_refractory(double t_ref_ms);
  /// Refractory steps left per neuron, or null without a refractory period.
  [[nodiscard]] float* ref_left(std::size_t begin) { return refractory() ? ref_left_.data() + begin : nullptr; }
  [[nodiscard]] PreciseVariable precise_v(std::size_t begin) { return {v_.data() + begin, v_view_.data() + begin}; }
  [[nodiscard]] PreciseVariable precise_w(std::size_t begin) { return {w_.data() + begin, w_view_.data() + begin}; }

  AlignedArray<double> v_, w_;            ///< padded like the float arrays
  AlignedArray<float> v_view_, w_view_;  ///< what variable() and state() show
  AlignedArray<float> ge_, gi_, drive_;
  AlignedArray<float> he_, hi_;  ///< alpha synapses only (empty otherwise)
  AlignedArray<float> ref_left_;  ///< refractory steps left

 private:
  [[nodiscard]] bool alpha() const { return syn_.shape == SynapseShape::kAlpha; }
  [[nodiscard]] bool refractory() const { return ref_steps_ > 0; }

  AdaptiveSynapses syn_;
  float decay_e_ = 0, decay_i_ = 0;
  float rise_e_ = 0, rise_i_ = 0;
  double step_ms_;
  double v_peak_ = 0, v_reset_ = 0, jump_ = 0;
  double ref_steps_ = 0;
  bool inclusive_ = true;
  std::string_view w_name_;
  std::span<const StateVariableInfo> state_info_;
};

}  // namespace snnft
