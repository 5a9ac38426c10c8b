// SPDX-License-Identifier: MIT
#pragma once
#include <string>

namespace snnft {

/// How synaptic input enters the membrane equation.
enum class SynapseModel {
  /// Current-based (CUBA): tau_m dv/dt = -(v - v_rest) + bias + ge + gi, with ge, gi in mV
  /// decaying exponentially (tau_e, tau_i). Linear, so integrated exactly. A time constant
  /// of 0 makes that receptor a delta synapse: a weight w is a jump of v by w mV.
  kCurrentBased,
  /// Conductance-based (COBA): tau_m dv/dt = (v_rest - v) + bias + ge (e_exc - v) + gi (e_inh - v),
  /// with ge, gi in units of the leak conductance decaying exponentially (exactly); v is
  /// advanced by forward Euler as in the reference benchmark (Brette et al. 2007).
  kConductanceBased,
};

/// The time course of one input spike's effect on its receptor variable (ge or gi).
enum class SynapseShape {
  /// A jump by the weight w, then exponential decay with tau: g(t) = w·e^(−t/tau).
  kExponential,
  /// An alpha function peaking at exactly w at t = tau (PyNN's IF_curr_alpha, IF_cond_alpha):
  /// g(t) = w·(t/tau)·e^(1 − t/tau). Integrated exactly through a second variable h (spikes
  /// land in h, in units of the weight): g' = −g/tau + (e/tau)·h, h' = −h/tau.
  kAlpha,
};

/// Parameters of one leaky integrate-and-fire population. Units are in the names.
/// Every neuron shares them unless a per-neuron override is applied after construction.
struct LifParams {
  double tau_m_ms = 20.0;
  double v_rest_mv = -70.0;   ///< leak reversal E_L
  double v_reset_mv = -70.0;
  double v_th_mv = -50.0;     ///< spike when v > v_th
  double t_ref_ms = 2.0;      ///< absolute refractory period (v held at v_reset)
  double tau_e_ms = 5.0;      ///< excitatory synaptic time constant; 0: delta synapses (current-based only)
  double tau_i_ms = 10.0;     ///< inhibitory synaptic time constant; 0: delta synapses (current-based only)
  double e_exc_mv = 0.0;      ///< excitatory reversal potential (conductance-based only)
  double e_inh_mv = -80.0;    ///< inhibitory reversal potential (conductance-based only)
  double bias_mv = 0.0;       ///< constant drive R·I, in mV
  SynapseShape synapse_shape = SynapseShape::kExponential;  ///< shared by both receptors; alpha needs tau > 0
};

/// A random or fixed initial value for one state variable.
struct InitialValue {
  enum class Kind { kConstant, kUniform, kNormal };
  Kind kind = Kind::kConstant;
  double a = 0.0;  ///< value, lower bound, or mean
  double b = 0.0;  ///< upper bound or standard deviation
};

std::string to_string(SynapseModel model);
std::string to_string(SynapseShape shape);

/// exp(−dt/tau) and the alpha coupling (e·dt/tau)·exp(−dt/tau) of h into g over one step:
/// with g' = −g/tau + (e/tau)·h and h' = −h/tau, one step maps (g, h) exactly to
/// (g·decay + h·rise, h·decay).
struct AlphaStep {
  double decay;
  double rise;
};
AlphaStep alpha_step(double dt_ms, double tau_ms);

}  // namespace snnft
