// SPDX-License-Identifier: MIT
// The fault models, grouped by what they act on. Each returns a BoundFault; bind_fault()
// picks the right one. How each model acts, and what is restored when it clears:
//
// Spike faults (act on the spike lists after Detect, so nothing downstream — propagation,
// learning, recorders, monitors — sees the original spikes):
//  - dead: the neuron's spikes are removed. Its membrane still integrates and resets; only
//    its output is cut, so no parameter needs restoring.
//  - saturated: the neuron is added to the spike list in every step it is allowed to fire
//    (t_ref after its previous spike), with v reset and ref_left set as a real spike would,
//    so it fires at the refractory-limited maximum rate 1/t_ref.
//  - drop: each spike of the neuron is removed with probability p.
//  - jitter: each spike is delayed by |N(0, sigma)| rounded to steps (a spike cannot move into
//    the past, so the shift is half-normal with rms sigma) and released from a fixed-size
//    pending buffer; a spike that would collide with a new spike of the same neuron waits one
//    more step, so no spike is lost. Spikes still pending when a trial ends are dropped.
//  - stuck_v: v is written after Integrate (so Detect sees it) and after Detect (so observers
//    see it). When the fault clears the neuron integrates on from the stuck value.
// Parameter faults (per-neuron parameters through the network's ParameterScales: faults that
// overlap on a neuron multiply their scales; parameters rewritten by their owner, e.g. a column
// resetting thresholds per trial, are scaled again at the first step of the trial; the last
// value the owner wrote comes back, bit for bit, when the last fault on the neuron clears):
//  - drift: v_th = v_reset + threshold_scale·(v_th − v_reset); tau_m → tau_m / leak_scale with
//    decay_m, p_e, p_i re-derived exactly as the population derives them; the refractory
//    period t_ref → t_ref·refractory_scale (ref_steps = round(t_ref'/dt) − 1).
//  - refractory_corrupt: a refractory scale of 0 (ref_steps = 0) and ref_left cleared: the
//    neuron can fire again on the step after a spike.
//  - simd_off: the engine's kernels switch to scalar (NetworkControl::set_simd), and back when
//    it clears; spikes are bit-identical either way.
// Synapse faults (stored weights of projections, CSR order):
//  - syn_stuck0 / syn_stuckmax: the weights are held at 0 / at the projection's
//    largest-magnitude weight (sign kept) after every Plasticity phase and at the first step
//    of every trial, overriding learning; the original weights return when the fault clears.
//  - bitflip: once, when the fault appears, every bit of the selected float32 weights flips
//    with probability `rate` (on the stored bit pattern). When it clears, a weight that still
//    holds its flipped pattern gets its original back (a scrubbed memory); a weight that
//    learning has rewritten since keeps the new value.
#pragma once
#include <memory>

#include "snnft/resilience/faults/bound_fault.hpp"

namespace snnft::faults {

/// dead, saturated, drop, jitter, stuck_v.
std::unique_ptr<BoundFault> make_spike_fault(const FaultSpec& spec, const BindContext& context);
/// drift, refractory_corrupt, simd_off.
std::unique_ptr<BoundFault> make_parameter_fault(const FaultSpec& spec, const BindContext& context);
/// syn_stuck0, syn_stuckmax, bitflip.
std::unique_ptr<BoundFault> make_synapse_fault(const FaultSpec& spec, const BindContext& context);

}  // namespace snnft::faults
