// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/core/simd_isa.hpp"

namespace snnft {

/// One state variable of a two-variable model: the double-precision value the kernels
/// integrate, and its single-precision view, which is what the rest of the engine reads and
/// writes (recorders, faults, current sources). The kernels publish each new value to the
/// view; a view element that no longer equals the published value was written by someone
/// else, and the kernel takes that value instead.
struct PreciseVariable {
  double* value;
  float* view;
};

/// How synaptic input enters a two-variable model (Izhikevich, AdEx): as a current
/// ge + gi, or through conductances ge (e_exc − v) + gi (e_inh − v).
struct SynapticInputArgs {
  float* ge;
  float* gi;
  float decay_e;  ///< exp(−dt/τe): ge and gi decay exactly
  float decay_i;
  double e_exc;   ///< conductance-based only
  double e_inh;
  bool conductance = false;
  /// Delta synapses (current-based Izhikevich only): 1 if the receptor's input is a jump of v
  /// by its value in mV, else 0. A delta receptor has decay 0; its jumps of a step are added
  /// to v before the step's derivatives are taken, as Brian2 applies `v += w` after one step's
  /// update and before the next.
  float jump_e = 0.0f;
  float jump_i = 0.0f;
  [[nodiscard]] bool has_delta() const { return jump_e != 0.0f || jump_i != 0.0f; }
  /// Alpha synapses (null for exponential ones): input lands in he and hi, which feed ge
  /// and gi: ge' = ge·decay_e + he·rise_e, he' = he·decay_e (the same for gi, hi).
  float* he = nullptr;
  float* hi = nullptr;
  float rise_e = 0.0f;
  float rise_i = 0.0f;
};

/// One chunk of an Izhikevich (2003) population, v in mV, t in ms:
///   v' = 0.04 v² + 5 v + 140 − u + I,  u' = a (b v − u),  I = drive + synaptic input
/// advanced by one forward-Euler step of dt (both derivatives from the old state), in double
/// precision, with the terms grouped as in the code Brian2 generates for its `euler` method:
///   v ← dt·((140 + I) + ((−u + 0.04·v·v) + 5·v)) + v,   u ← dt·((−a)·u + ab·v) + u.
/// Spike times of this model hinge on whether v reaches v_peak in one step or the next, so
/// rounding differences of one unit in the last place can move a spike by a step, and a moved
/// spike shifts the ones after it; single precision drifts by milliseconds within a second.
struct IzhikevichKernelArgs {
  PreciseVariable v;
  PreciseVariable u;
  const float* drive;  ///< external current I per neuron (constant part plus current sources)
  SynapticInputArgs syn;
  double minus_a;      ///< −a
  double ab;           ///< a·b (see IzhikevichPopulation for how it is rounded)
  double dt_ms;
  std::size_t count;   ///< multiple of 16 (padded)
};

/// One chunk of an AdEx (Brette & Gerstner 2005) population; v in mV, w and currents in pA,
/// conductances in nS, C in pF, t in ms:
///   C v' = −g_L (v − E_L) + g_L Δ_T exp((v − V_T)/Δ_T) − w + I,  τ_w w' = a (v − E_L) − w
/// advanced by one forward-Euler step of dt, in double precision.
struct AdexKernelArgs {
  PreciseVariable v;
  PreciseVariable w;
  const float* drive;  ///< external current I per neuron, pA
  SynapticInputArgs syn;
  double g_l, e_l, v_t, delta_t, inv_delta_t, a;
  double dt_over_c;    ///< dt / C, ms/pF
  double dt_over_tau_w;
  std::size_t count;   ///< multiple of 16 (padded)
  /// Refractory steps left per neuron, as a float (null: no refractory period): a spike sets
  /// round(t_ref / dt); each step counts it down by one, and holds v (at v_reset after a spike)
  /// if more than one step was left, while w, ge and gi evolve with the held v. So v is held
  /// for the round(t_ref / dt) − 1 steps after the spike step, and the neuron may spike again
  /// in the step that integrates it again (Brian2 and NEST count the same way).
  float* ref_left = nullptr;
};

/// Threshold and reset shared by both models: a neuron spikes when v crosses v_peak (v ≥ v_peak
/// if `inclusive`, else v > v_peak); then v ← v_reset and w ← w + jump (Izhikevich: u ← u + d).
struct AdaptiveDetectArgs {
  PreciseVariable v;
  PreciseVariable w;
  std::size_t count;          ///< multiple of 16 (padded)
  std::size_t live;           ///< neurons in the chunk; padding lanes beyond never report spikes
  std::uint32_t first_index;  ///< neuron index of element 0
  std::uint32_t* out;         ///< receives spiking neuron indices, ascending
  double v_peak, v_reset, jump;
  bool inclusive;
  /// Refractory steps left (null: no refractory period): a neuron with steps left never
  /// spikes, and a spike sets them to `ref_steps` = round(t_ref / dt).
  float* ref_left = nullptr;
  double ref_steps = 0;
};

void izhikevich_integrate(SimdIsa isa, const IzhikevichKernelArgs& args);
void adex_integrate(SimdIsa isa, const AdexKernelArgs& args);
/// Resets neurons past the peak and writes their indices; returns how many spiked.
std::size_t adaptive_detect(SimdIsa isa, const AdaptiveDetectArgs& args);

/// e^x in double precision from +, −, ×, ÷, floor and an exponent-field write only, so that
/// every instruction set computes the same bits (within 2 units in the last place of std::exp
/// for |x| ≤ 700; x is clamped to that range).
double exp_portable(double x);

}  // namespace snnft
