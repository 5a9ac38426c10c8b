// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/core/simd_isa.hpp"

namespace snnft {

/// How synaptic input enters a two-variable model (Izhikevich, AdEx): as a current
/// ge + gi, or through conductances ge (e_exc − v) + gi (e_inh − v).
struct SynapticInputArgs {
  float* ge;
  float* gi;
  float decay_e;  ///< exp(−dt/τe): ge and gi decay exactly
  float decay_i;
  float e_exc;    ///< conductance-based only
  float e_inh;
  bool conductance = false;
};

/// One chunk of an Izhikevich (2003) population, v in mV, t in ms:
///   v' = 0.04 v² + 5 v + 140 − u + I,  u' = a (b v − u),  I = drive + synaptic input
/// advanced by one forward-Euler step of dt (both derivatives from the old state, as
/// Brian2's `euler` method does).
struct IzhikevichKernelArgs {
  float* v;
  float* u;
  const float* drive;  ///< external current I per neuron (constant part plus current sources)
  SynapticInputArgs syn;
  float a, b;
  float dt_ms;
  std::size_t count;  ///< multiple of 16 (padded)
};

/// One chunk of an AdEx (Brette & Gerstner 2005) population; v in mV, w and currents in pA,
/// conductances in nS, C in pF, t in ms:
///   C v' = −g_L (v − E_L) + g_L Δ_T exp((v − V_T)/Δ_T) − w + I,  τ_w w' = a (v − E_L) − w
/// advanced by one forward-Euler step of dt.
struct AdexKernelArgs {
  float* v;
  float* w;
  const float* drive;  ///< external current I per neuron, pA
  SynapticInputArgs syn;
  float g_l, e_l, v_t, delta_t, inv_delta_t, a;
  float dt_over_c;     ///< dt / C, ms/pF
  float dt_over_tau_w;
  std::size_t count;  ///< multiple of 16 (padded)
};

/// Threshold and reset shared by both models: a neuron spikes when v crosses v_peak (v ≥ v_peak
/// if `inclusive`, else v > v_peak); then v ← v_reset and w ← w + jump (Izhikevich: u ← u + d).
struct AdaptiveDetectArgs {
  float* v;
  float* w;
  std::size_t count;          ///< multiple of 16 (padded)
  std::size_t live;           ///< neurons in the chunk; padding lanes beyond never report spikes
  std::uint32_t first_index;  ///< neuron index of element 0
  std::uint32_t* out;         ///< receives spiking neuron indices, ascending
  float v_peak, v_reset, jump;
  bool inclusive;
};

void izhikevich_integrate(SimdIsa isa, const IzhikevichKernelArgs& args);
void adex_integrate(SimdIsa isa, const AdexKernelArgs& args);
/// Resets neurons past the peak and writes their indices; returns how many spiked.
std::size_t adaptive_detect(SimdIsa isa, const AdaptiveDetectArgs& args);

/// e^x in single precision from +, −, ×, floor and an exponent-field write only, so that
/// every instruction set computes the same bits (relative error below 2·10⁻⁷ for |x| ≤ 80).
float exp_portable(float x);

}  // namespace snnft
