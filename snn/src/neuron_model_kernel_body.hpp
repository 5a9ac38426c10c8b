// SPDX-License-Identifier: MIT
// Izhikevich and AdEx kernels, written once for `float` (the scalar reference) and for xsimd
// batches, with the same operations in the same order, so that every instruction set gives
// the same bits (see lif_kernel_body.hpp). pow2i (2^k for a whole-number k) is the only
// operation each value type supplies itself.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>

#include "lif_kernel_body.hpp"
#include "snnft/snn/neuron_model_kernels.hpp"

namespace snnft::kernel {

inline float pow2i(float k) { return std::bit_cast<float>((static_cast<std::int32_t>(k) + 127) << 23); }
inline float floor_of(float x) { return std::floor(x); }

/// Cephes' expf: e^x = 2^k · e^r with k = round(x / ln 2), |r| ≤ ln 2 / 2, e^r by a degree-7
/// polynomial. x is clamped to [−80, 80], far beyond anything a neuron model reaches.
template <class V>
V exp_portable(const V& x_in) {
  using O = Ops<V>;
  const V x = O::max(O::broadcast(-80.0f), O::select(x_in > O::broadcast(80.0f), O::broadcast(80.0f), x_in));
  const V k = floor_of(x * O::broadcast(1.44269504088896341f) + O::broadcast(0.5f));
  const V r = x - k * O::broadcast(0.693359375f) - k * O::broadcast(-2.12194440e-4f);
  V p = O::broadcast(1.9875691500e-4f);
  p = p * r + O::broadcast(1.3981999507e-3f);
  p = p * r + O::broadcast(8.3334519073e-3f);
  p = p * r + O::broadcast(4.1665795894e-2f);
  p = p * r + O::broadcast(1.6666665459e-1f);
  p = p * r + O::broadcast(5.0000001201e-1f);
  p = p * (r * r) + r + O::broadcast(1.0f);
  return p * pow2i(k);
}

/// Synaptic current into v, and the exact decay of ge and gi over the step.
template <class V>
struct SynapticInput {
  using O = Ops<V>;
  explicit SynapticInput(const SynapticInputArgs& a)
      : args(a), de(O::broadcast(a.decay_e)), di(O::broadcast(a.decay_i)), ee(O::broadcast(a.e_exc)),
        ei(O::broadcast(a.e_inh)) {}
  /// The input current at v; advances ge and gi of register i.
  V take(std::size_t i, const V& v) const {
    const V ge = O::load(args.ge + i), gi = O::load(args.gi + i);
    O::store(args.ge + i, ge * de);
    O::store(args.gi + i, gi * di);
    if (args.conductance) return ge * (ee - v) + gi * (ei - v);
    return ge + gi;
  }
  const SynapticInputArgs& args;
  V de, di, ee, ei;
};

template <class V>
void izhikevich_integrate(const IzhikevichKernelArgs& a) {
  using O = Ops<V>;
  const SynapticInput<V> syn(a.syn);
  const V pa = O::broadcast(a.a), pb = O::broadcast(a.b), dt = O::broadcast(a.dt_ms);
  const V c004 = O::broadcast(0.04f), c5 = O::broadcast(5.0f), c140 = O::broadcast(140.0f);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), u = O::load(a.u + i);
    const V input = O::load(a.drive + i) + syn.take(i, v);
    const V dv = (c004 * v + c5) * v + c140 - u + input;
    const V du = pa * (pb * v - u);
    O::store(a.v + i, v + dt * dv);
    O::store(a.u + i, u + dt * du);
  }
}

template <class V>
void adex_integrate(const AdexKernelArgs& a) {
  using O = Ops<V>;
  const SynapticInput<V> syn(a.syn);
  const V g_l = O::broadcast(a.g_l), e_l = O::broadcast(a.e_l), v_t = O::broadcast(a.v_t);
  const V delta_t = O::broadcast(a.delta_t), inv_delta_t = O::broadcast(a.inv_delta_t), pa = O::broadcast(a.a);
  const V dt_c = O::broadcast(a.dt_over_c), dt_tw = O::broadcast(a.dt_over_tau_w);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), w = O::load(a.w + i);
    const V input = O::load(a.drive + i) + syn.take(i, v);
    const V spike_current = g_l * delta_t * exp_portable((v - v_t) * inv_delta_t);
    const V dv = g_l * (e_l - v) + spike_current - w + input;
    const V dw = pa * (v - e_l) - w;
    O::store(a.v + i, v + dt_c * dv);
    O::store(a.w + i, w + dt_tw * dw);
  }
}

template <class V>
std::size_t adaptive_detect(const AdaptiveDetectArgs& a) {
  using O = Ops<V>;
  const V peak = O::broadcast(a.v_peak), reset = O::broadcast(a.v_reset), jump = O::broadcast(a.jump);
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i);
    const auto spike = a.inclusive ? (v >= peak) : (v > peak);
    if (!O::any(spike)) continue;
    O::store(a.v + i, O::select(spike, reset, v));
    const V w = O::load(a.w + i);
    O::store(a.w + i, O::select(spike, w + jump, w));
    bool lane_spikes[O::lanes];
    O::store_mask(spike, lane_spikes);
    for (std::size_t k = 0; k < O::lanes && i + k < a.live; ++k) {
      if (lane_spikes[k]) a.out[n++] = a.first_index + static_cast<std::uint32_t>(i + k);
    }
  }
  return n;
}

}  // namespace snnft::kernel
