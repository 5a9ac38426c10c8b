// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/lif_kernels.hpp"
#include "snnft/snn/lif_params.hpp"
#include "snnft/snn/poisson_input.hpp"
#include "snnft/snn/population.hpp"

#include <optional>

namespace snnft {

/// Initial values of the state variables of a LIF population.
struct LifInitialState {
  InitialValue v_mv{InitialValue::Kind::kConstant, -70.0, 0.0};
  InitialValue ge{};
  InitialValue gi{};
};

/// Leaky integrate-and-fire neurons stored as a struct of arrays (one aligned, padded array
/// per variable). Constants that depend on dt are derived once into per-neuron arrays, so a
/// per-neuron change (heterogeneity, parametric drift) costs nothing in the kernel. While
/// decay_m, drive, p_e and p_i (and, separately, v_th) hold one value for every neuron and
/// nobody has been handed a writable view of them, the kernels broadcast that value instead
/// of loading the arrays.
///
/// Variables: state "v", "ge", "gi", "ref_left"; per-neuron parameters "v_th", "v_reset",
/// "drive" (v_rest + bias), "decay_m", "p_e", "p_i", "ref_steps" (steps v is held after the
/// spike step: t_ref/dt − 1). With alpha synapses also "he", "hi" (where input lands) and,
/// current-based, "q_e", "q_i" (their propagators into v).
class LifPopulation final : public Population {
 public:
  LifPopulation(std::string name, std::size_t size, SynapseModel model, const LifParams& params, double dt_ms);

  [[nodiscard]] std::string_view model_name() const override { return "lif"; }
  [[nodiscard]] SynapseModel synapse_model() const { return model_; }
  [[nodiscard]] const LifParams& params() const { return params_; }

  /// Draws the initial state from streams keyed by (population, neuron).
  void initialise(const LifInitialState& init, const CounterRng& rng, PopulationIndex index);

  /// Drives every neuron with n external Poisson trains (Brunel's external input); the
  /// counts are added to the receptor variable at the start of each step.
  void set_poisson_input(const PoissonInputParams& params, const CounterRng& rng, PopulationIndex index);

  /// Sets neuron i's membrane time constant, re-deriving its per-step constants.
  void set_tau_m(std::size_t i, double tau_m_ms);
  /// Gives every neuron its own tau_m_ms, v_rest_mv, v_reset_mv, v_th_mv, t_ref_ms and
  /// bias_mv (one LifParams per neuron; the synaptic constants stay the population's).
  /// Values that turn out equal for all neurons are still broadcast by the kernels.
  void set_neuron_params(std::span<const LifParams> per_neuron);
  /// Changes the population's synaptic time constants (0: delta synapse, current-based only)
  /// and reversal potentials, re-deriving every neuron's propagators as a build would.
  void set_synapses(double tau_e_ms, double tau_i_ms, double e_exc_mv, double e_inh_mv);

  void integrate(Step step, std::size_t begin, std::size_t end, SimdIsa isa) override;
  std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) override;
  std::size_t update(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) override;
  /// Input lands in ge, gi; with alpha synapses in he, hi, which then shape ge, gi.
  float* receptor_input(Receptor r) override {
    if (alpha_) return r == Receptor::kExcitatory ? he_.data() : hi_.data();
    return r == Receptor::kExcitatory ? ge_.data() : gi_.data();
  }

  [[nodiscard]] std::vector<std::string> variable_names() const override;
  /// Allocation-free (monitors look variables up every step). Handing out "decay_m",
  /// "drive", "p_e" or "p_i" (or "v_th") makes the kernels read those arrays (that array)
  /// from then on, since the caller may write any neuron's value through the span at any time.
  std::span<float> variable(std::string_view name) override;
  /// Read-only; the per-neuron arrays always hold the values, even while the kernels broadcast.
  [[nodiscard]] std::span<const float> variable(std::string_view name) const override;

  /// Recordable: v_mv (mV), ge, gi (mV when current-based, units of the leak conductance when
  /// conductance-based), v_th_mv (mV).
  [[nodiscard]] std::span<const StateVariableInfo> state_variables() const override;
  [[nodiscard]] std::span<const float> state(std::string_view name) const override;

  /// Whether the kernels currently broadcast the shared integration constants.
  [[nodiscard]] bool shares_constants() const { return shared_constants_; }
  /// Whether the kernels currently broadcast the shared threshold.
  [[nodiscard]] bool shares_threshold() const { return shared_threshold_; }

 private:
  void derive_neuron(std::size_t i, double tau_m_ms);
  void add_external_input(Step step, std::size_t begin, std::size_t end);
  void refresh_shared_constants();
  [[nodiscard]] std::size_t chunk_stop(std::size_t end) const;
  [[nodiscard]] LifKernelArgs integrate_args(std::size_t begin, std::size_t end);
  [[nodiscard]] LifDetectArgs detect_args(std::size_t begin, std::size_t end, NeuronIndex* out);

  SynapseModel model_;
  LifParams params_;
  double dt_ms_;
  float decay_e_, decay_i_;
  bool alpha_;
  float rise_e_ = 0.0f, rise_i_ = 0.0f;  // alpha synapses: h -> g coupling over one step
  AlignedArray<float> v_, ge_, gi_, he_, hi_, ref_left_;
  AlignedArray<float> v_th_, v_reset_, drive_, decay_m_, p_e_, p_i_, q_e_, q_i_, ref_steps_;
  std::vector<double> tau_m_ms_;  // per neuron, to derive the propagators again
  std::optional<PoissonInput> poisson_input_;
  bool constants_exposed_ = false;  // a writable span of a kernel constant was handed out
  bool shared_constants_ = false;
  bool threshold_exposed_ = false;  // the same for v_th
  bool shared_threshold_ = false;
};

}  // namespace snnft
