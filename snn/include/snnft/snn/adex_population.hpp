// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/snn/adaptive_population.hpp"

namespace snnft {

/// Adaptive exponential integrate-and-fire (Brette & Gerstner 2005):
///   C v' = −g_L (v − E_L) + g_L Δ_T exp((v − V_T)/Δ_T) − w + I,  τ_w w' = a (v − E_L) − w;
/// when v > v_peak: v ← v_reset, w ← w + b, and for t_ref after the spike v stays at v_reset
/// while w evolves (NEST's aeif models; Brian2's `(unless refractory)` on v'). Units: mV, ms,
/// pF, nS, pA. The defaults are the paper's regular-spiking neuron, without a refractory
/// period; v_peak defaults to V_T + 5 Δ_T, as in Brian2's example.
struct AdexParams {
  double c_pf = 281.0;
  double g_l_ns = 30.0;
  double e_l_mv = -70.6;
  double v_t_mv = -50.4;
  double delta_t_mv = 2.0;  ///< 0: no exponential term, spikes cut at V_T (NEST's aeif models)
  double tau_w_ms = 144.0;
  double a_ns = 4.0;
  double b_pa = 80.5;
  double v_reset_mv = -70.6;
  double v_peak_mv = -40.4;
  double t_ref_ms = 0.0;  ///< refractory period
  double bias_pa = 0.0;  ///< constant input current I
  AdaptiveSynapses synapses;
};

/// A population of AdEx neurons, integrated by forward Euler (see adex_integrate).
class AdexPopulation final : public AdaptivePopulation {
 public:
  /// Starts every neuron at v = E_L, w = 0.
  AdexPopulation(std::string name, std::size_t size, const AdexParams& params, double dt_ms);
  [[nodiscard]] std::string_view model_name() const override { return "adex"; }
  void integrate(Step step, std::size_t begin, std::size_t end, SimdIsa isa) override;
  [[nodiscard]] const AdexParams& params() const { return params_; }
  /// Changes every parameter but the drive (bias) from the next step on; the state stays.
  void set_params(const AdexParams& params);

 private:
  AdexParams params_;
  double dt_ms_;
};

}  // namespace snnft
