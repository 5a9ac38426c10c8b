// SPDX-License-Identifier: MIT
// The integration kernels, written once for a generic value type V: either `float` (the
// scalar reference) or an xsimd batch. Each instruction-set TU includes this file with its
// own compiler flags. Only +, -, *, max and select are used, and contraction into FMA is
// disabled, so every lane computes exactly what the scalar kernel computes: SIMD and scalar
// runs produce bit-identical spikes.
#pragma once
#include <algorithm>
#include <cstddef>

#include "snnft/snn/lif_kernels.hpp"

namespace snnft::kernel {

template <class V>
struct Ops;

template <>
struct Ops<float> {
  static constexpr std::size_t lanes = 1;
  static float load(const float* p) { return *p; }
  static void store(float* p, float x) { *p = x; }
  static float broadcast(float x) { return x; }
  static float max(float a, float b) { return std::max(a, b); }
  static float held_or(float ref, float held, float integrated) { return ref > 0.5f ? held : integrated; }
  static bool spiking(float ref, float v, float th) { return ref < 0.5f && v > th; }
  static bool any(bool m) { return m; }
  static float select(bool m, float a, float b) { return m ? a : b; }
  static void store_mask(bool m, bool* out) { *out = m; }
};

template <class V>
void integrate_cuba(const LifKernelArgs& a) {
  using O = Ops<V>;
  const V de = O::broadcast(a.decay_e), di = O::broadcast(a.decay_i);
  const V one = O::broadcast(1.0f), zero = O::broadcast(0.0f);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), ge = O::load(a.ge + i), gi = O::load(a.gi + i);
    const V ref = O::load(a.ref_left + i);
    const V drive = O::load(a.drive + i);
    const V v_next = drive + (v - drive) * O::load(a.decay_m + i) + ge * O::load(a.p_e + i) +
                     gi * O::load(a.p_i + i);
    O::store(a.v + i, O::held_or(ref, v, v_next));
    O::store(a.ge + i, ge * de);
    O::store(a.gi + i, gi * di);
    O::store(a.ref_left + i, O::max(ref - one, zero));
  }
}

template <class V>
void integrate_coba(const LifKernelArgs& a) {
  using O = Ops<V>;
  const V de = O::broadcast(a.decay_e), di = O::broadcast(a.decay_i);
  const V ee = O::broadcast(a.e_exc), ei = O::broadcast(a.e_inh);
  const V one = O::broadcast(1.0f), zero = O::broadcast(0.0f);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), ge = O::load(a.ge + i), gi = O::load(a.gi + i);
    const V ref = O::load(a.ref_left + i);
    const V dv = (O::load(a.drive + i) - v) + ge * (ee - v) + gi * (ei - v);
    const V v_next = v + O::load(a.p_e + i) * dv;
    O::store(a.v + i, O::held_or(ref, v, v_next));
    O::store(a.ge + i, ge * de);
    O::store(a.gi + i, gi * di);
    O::store(a.ref_left + i, O::max(ref - one, zero));
  }
}

template <class V>
std::size_t detect(const LifDetectArgs& a) {
  using O = Ops<V>;
  std::size_t n = 0;
  bool lane_spikes[O::lanes];
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), ref = O::load(a.ref_left + i);
    const auto spike = O::spiking(ref, v, O::load(a.v_th + i));
    if (!O::any(spike)) continue;  // the common case: most registers hold no spike
    O::store(a.v + i, O::select(spike, O::load(a.v_reset + i), v));
    O::store(a.ref_left + i, O::select(spike, O::load(a.ref_steps + i), ref));
    O::store_mask(spike, lane_spikes);
    for (std::size_t k = 0; k < O::lanes; ++k) {
      if (lane_spikes[k]) a.out[n++] = a.first_index + static_cast<std::uint32_t>(i + k);
    }
  }
  return n;
}

}  // namespace snnft::kernel
