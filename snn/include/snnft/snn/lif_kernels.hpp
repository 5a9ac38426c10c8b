// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/core/simd_isa.hpp"

namespace snnft {

/// Pointers to one chunk of a LIF population's state and per-neuron constants, all 64-byte
/// aligned and padded to whole registers. Kernels touch [0, count) where count is a multiple
/// of 16 floats.
struct LifKernelArgs {
  float* v;
  float* ge;
  float* gi;
  float* ref_left;        ///< refractory steps left, as a float (exact for any realistic count)
  const float* decay_m;   ///< CUBA: exp(-dt/tau_m); COBA: unused
  const float* drive;     ///< CUBA: v_rest + bias (the resting target); COBA: v_rest + bias
  const float* p_e;       ///< CUBA: propagator ge -> v over one step; COBA: dt/tau_m
  const float* p_i;       ///< CUBA: propagator gi -> v over one step; COBA: unused
  float decay_e;          ///< exp(-dt/tau_e)
  float decay_i;          ///< exp(-dt/tau_i)
  float e_exc;            ///< COBA reversal potentials
  float e_inh;
  std::size_t count;
  /// decay_m, drive, p_e and p_i hold one value for every neuron: the kernels broadcast
  /// element 0 instead of loading the arrays (same numbers, less memory traffic).
  bool shared_constants = false;
  // Delta synapses (current-based only) need no fields of their own: a delta receptor has
  // decay 0 and propagator decay_m, so a jump enters v at the start of the step, and a jump
  // that reaches a refractory neuron is dropped with the rest of the step's update (as in
  // Brian2, where `(unless refractory)` makes every write to v, `v += w` included, conditional
  // on the neuron not being refractory).
  /// Alpha synapses (null for exponential ones): input lands in he and hi, which feed ge and
  /// gi: ge' = ge·decay_e + he·rise_e, he' = he·decay_e (and the same for gi, hi).
  float* he = nullptr;
  float* hi = nullptr;
  float rise_e = 0.0f;
  float rise_i = 0.0f;
  const float* q_e = nullptr;  ///< CUBA: propagator he -> v over one step; COBA: unused
  const float* q_i = nullptr;  ///< CUBA: propagator hi -> v over one step; COBA: unused
};

/// One chunk of a LIF population for threshold detection and reset.
struct LifDetectArgs {
  float* v;
  float* ref_left;
  const float* v_th;
  const float* v_reset;
  const float* ref_steps;
  std::size_t count;        ///< multiple of 16; padding lanes have v_th = +inf and ref_left = +inf
  std::uint32_t first_index;  ///< neuron index of element 0
  std::uint32_t* out;         ///< receives spiking neuron indices, ascending
  /// v_th holds one value for every neuron: the kernels broadcast element 0. Padding lanes
  /// are kept from spiking by their ref_left = +inf (refractory for ever) instead.
  bool shared_threshold = false;
};

/// Finds neurons that are not refractory and above threshold, resets them (v = v_reset,
/// ref_left = ref_steps) and writes their indices. Returns how many spiked.
std::size_t lif_detect(SimdIsa isa, const LifDetectArgs& args);

/// One integration step for current-based neurons, exact for the linear system:
///   v' = drive + (v - drive)·decay_m + ge·p_e + gi·p_i   (held while refractory)
///   ge' = ge·decay_e, gi' = gi·decay_i, ref' = max(ref - 1, 0)
/// With alpha synapses (he non-null), v' also takes he·q_e + hi·q_i and ge, gi advance as
/// described at LifKernelArgs::he.
void lif_integrate_cuba(SimdIsa isa, const LifKernelArgs& args);

/// One integration step for conductance-based neurons (forward Euler on v, exact decay of g):
///   v' = v + p_e·(drive - v + ge·(e_exc - v) + gi·(e_inh - v))   (held while refractory)
void lif_integrate_coba(SimdIsa isa, const LifKernelArgs& args);

/// lif_integrate_cuba then lif_detect on the same chunk, in one pass (`detect.v` and
/// `detect.ref_left` are ignored: the integrated v and ref_left are tested while still in
/// registers). Bit-identical to the two calls; returns how many spiked.
std::size_t lif_update_cuba(SimdIsa isa, const LifKernelArgs& integrate, const LifDetectArgs& detect);
/// The same for conductance-based neurons.
std::size_t lif_update_coba(SimdIsa isa, const LifKernelArgs& integrate, const LifDetectArgs& detect);

}  // namespace snnft
