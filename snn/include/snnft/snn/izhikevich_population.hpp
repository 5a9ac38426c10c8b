// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/snn/adaptive_population.hpp"

namespace snnft {

/// Izhikevich (2003): v' = 0.04 v² + 5 v + 140 − u + I, u' = a (b v − u); when v ≥ v_peak:
/// v ← c, u ← u + d. v in mV, t in ms, so I, u and d are in mV/ms (the paper's units).
/// Regular spiking: (a, b, c, d) = (0.02, 0.2, −65, 8).
struct IzhikevichParams {
  double a = 0.02;          ///< 1/ms: recovery rate of u
  double b = 0.2;           ///< 1/ms: sensitivity of u to v
  double c_mv = -65.0;      ///< reset of v
  double d = 8.0;           ///< mV/ms: jump of u at a spike
  double v_peak_mv = 30.0;  ///< spike cut-off
  double bias = 0.0;        ///< constant input current I, mV/ms
  AdaptiveSynapses synapses;
};

/// A population of Izhikevich neurons, integrated by forward Euler (see izhikevich_integrate).
class IzhikevichPopulation final : public AdaptivePopulation {
 public:
  /// Starts every neuron at v = c, u = b·c.
  IzhikevichPopulation(std::string name, std::size_t size, const IzhikevichParams& params, double dt_ms);
  [[nodiscard]] std::string_view model_name() const override { return "izhikevich"; }
  void integrate(Step step, std::size_t begin, std::size_t end, SimdIsa isa) override;
  [[nodiscard]] const IzhikevichParams& params() const { return params_; }
  /// Changes a, b, c, d, v_peak and the synaptic constants from the next step on; the state
  /// and the drive (bias) stay as they are.
  void set_params(const IzhikevichParams& params);

 private:
  IzhikevichParams params_;
  double dt_ms_;
  double ab_;  ///< a·b, see decimal_product in the source
};

}  // namespace snnft
