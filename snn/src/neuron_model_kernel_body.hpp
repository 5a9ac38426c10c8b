// SPDX-License-Identifier: MIT
// Izhikevich and AdEx kernels, written once for `double` (the scalar reference) and for xsimd
// batches of doubles, with the same operations in the same order, so that every instruction
// set gives the same bits (see lif_kernel_body.hpp). Each value type supplies its own Ops:
// loads and stores of the double state and of its single-precision views, select, and pow2i.
#pragma once
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "lif_kernel_body.hpp"
#include "snnft/snn/neuron_model_kernels.hpp"

namespace snnft::kernel {

template <>
struct Ops<double> {
  static constexpr std::size_t lanes = 1;
  static double load(const double* p) { return *p; }
  static void store(double* p, double x) { *p = x; }
  static double load_view(const float* p) { return *p; }
  static void store_view(float* p, double x) { *p = static_cast<float>(x); }
  /// x rounded to single precision and back: what store_view then load_view give.
  static double rounded(double x) { return static_cast<float>(x); }
  static double broadcast(double x) { return x; }
  static double max(double a, double b) { return std::max(a, b); }
  static double min(double a, double b) { return std::min(a, b); }
  static double floor(double x) { return std::floor(x); }
  static bool any(bool m) { return m; }
  static double select(bool m, double a, double b) { return m ? a : b; }
  static void store_mask(bool m, bool* out) { *out = m; }
  /// 2^k for a whole-number k in [−1022, 1023]: k + 1023 written into the exponent field, by
  /// way of the low bits of k + 1023 + 2^52 (no float-to-integer conversion is needed).
  static double pow2i(double k) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(k + (1023.0 + 4503599627370496.0)) << 52);
  }
};

/// The value a kernel works with: the precise value, unless its view was written since the
/// kernel last published it (a fault, a user, a test); then the written value.
template <class V>
V current(const PreciseVariable& x, std::size_t i) {
  using O = Ops<V>;
  const V precise = O::load(x.value + i);
  const V seen = O::load_view(x.view + i);
  return O::select(seen != O::rounded(precise), seen, precise);
}

/// Stores a new value and publishes it to the view.
template <class V>
void publish(const PreciseVariable& x, std::size_t i, const V& value) {
  Ops<V>::store(x.value + i, value);
  Ops<V>::store_view(x.view + i, value);
}

/// Cephes' exp: e^x = 2^k · e^r with k = round(x / ln 2), |r| ≤ ln 2 / 2, and e^r from a
/// rational approximation, 1 + 2 r P(r²) / (Q(r²) − r P(r²)).
template <class V>
V exp_portable(const V& x_in) {
  using O = Ops<V>;
  const V x = O::min(O::broadcast(700.0), O::max(O::broadcast(-700.0), x_in));
  const V k = O::floor(x * O::broadcast(1.4426950408889634073599) + O::broadcast(0.5));
  const V r = x - k * O::broadcast(6.93145751953125E-1) - k * O::broadcast(1.42860682030941723212E-6);
  const V rr = r * r;
  const V p = r * ((O::broadcast(1.26177193074810590878E-4) * rr + O::broadcast(3.02994407707441961300E-2)) * rr +
                   O::broadcast(9.99999999999999999910E-1));
  const V q = ((O::broadcast(3.00198505138664455042E-6) * rr + O::broadcast(2.52448340349684104192E-3)) * rr +
               O::broadcast(2.27265548208155028766E-1)) * rr + O::broadcast(2.00000000000000000009E0);
  const V er = O::broadcast(1.0) + O::broadcast(2.0) * (p / (q - p));
  return er * O::pow2i(k);
}

/// Synaptic current into v, and the exact decay of ge and gi over the step (in single
/// precision: a product of two floats is exact in double, so rounding it once gives the float
/// product).
template <class V>
struct SynapticInput {
  using O = Ops<V>;
  explicit SynapticInput(const SynapticInputArgs& a)
      : args(a), de(O::broadcast(a.decay_e)), di(O::broadcast(a.decay_i)), ee(O::broadcast(a.e_exc)),
        ei(O::broadcast(a.e_inh)), re(O::broadcast(a.rise_e)), ri(O::broadcast(a.rise_i)) {}
  /// The input current at v; advances ge and gi (and, alpha-shaped, he and hi) of register i.
  V take(std::size_t i, const V& v) const {
    const V ge = O::load_view(args.ge + i), gi = O::load_view(args.gi + i);
    if (args.he) {
      const V he = O::load_view(args.he + i), hi = O::load_view(args.hi + i);
      O::store_view(args.ge + i, ge * de + he * re);
      O::store_view(args.gi + i, gi * di + hi * ri);
      O::store_view(args.he + i, he * de);
      O::store_view(args.hi + i, hi * di);
    } else {
      O::store_view(args.ge + i, ge * de);
      O::store_view(args.gi + i, gi * di);
    }
    if (args.conductance) return ge * (ee - v) + gi * (ei - v);
    return ge + gi;
  }
  /// With delta receptors (current-based): adds their jumps to v and returns the current of
  /// the others; advances ge and gi of register i.
  V take_with_jumps(std::size_t i, V& v) const {
    const V ge = O::load_view(args.ge + i), gi = O::load_view(args.gi + i);
    O::store_view(args.ge + i, ge * de);
    O::store_view(args.gi + i, gi * di);
    v = v + (ge * je + gi * ji);
    return ge * (one - je) + gi * (one - ji);
  }
  const SynapticInputArgs& args;
  V de, di, ee, ei, re, ri;
  V je = O::broadcast(args.jump_e), ji = O::broadcast(args.jump_i), one = O::broadcast(1.0);
};

template <class V, bool Jumps>
void izhikevich_steps(const IzhikevichKernelArgs& a) {
  using O = Ops<V>;
  const SynapticInput<V> syn(a.syn);
  const V minus_a = O::broadcast(a.minus_a), ab = O::broadcast(a.ab), dt = O::broadcast(a.dt_ms);
  const V c004 = O::broadcast(0.04), c5 = O::broadcast(5.0), c140 = O::broadcast(140.0);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    V v = current<V>(a.v, i);
    const V u = current<V>(a.u, i);
    V synaptic;
    if constexpr (Jumps) {
      synaptic = syn.take_with_jumps(i, v);
    } else {
      synaptic = syn.take(i, v);
    }
    const V input = O::load_view(a.drive + i) + synaptic;
    const V dv = (c140 + input) + ((-u + c004 * (v * v)) + c5 * v);
    const V du = minus_a * u + ab * v;
    publish(a.v, i, dt * dv + v);
    publish(a.u, i, dt * du + u);
  }
}

template <class V>
void izhikevich_integrate(const IzhikevichKernelArgs& a) {
  if (a.syn.has_delta()) return izhikevich_steps<V, true>(a);
  izhikevich_steps<V, false>(a);
}

template <class V, bool Refractory>
void adex_steps(const AdexKernelArgs& a) {
  using O = Ops<V>;
  const SynapticInput<V> syn(a.syn);
  const V g_l = O::broadcast(a.g_l), e_l = O::broadcast(a.e_l), v_t = O::broadcast(a.v_t);
  const V delta_t = O::broadcast(a.delta_t), inv_delta_t = O::broadcast(a.inv_delta_t), pa = O::broadcast(a.a);
  const V dt_c = O::broadcast(a.dt_over_c), dt_tw = O::broadcast(a.dt_over_tau_w);
  const V one = O::broadcast(1.0), zero = O::broadcast(0.0), one_and_half = O::broadcast(1.5);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = current<V>(a.v, i), w = current<V>(a.w, i);
    const V input = O::load_view(a.drive + i) + syn.take(i, v);
    const V spike_current = g_l * delta_t * exp_portable((v - v_t) * inv_delta_t);
    const V dv = g_l * (e_l - v) + spike_current - w + input;
    const V dw = pa * (v - e_l) - w;
    if constexpr (Refractory) {
      // Brian2's `(unless refractory)` on v' and NEST's aeif models: v stays, w moves on. The
      // last step of the period integrates (see AdexKernelArgs::ref_left).
      const V ref = O::load_view(a.ref_left + i);
      publish(a.v, i, O::select(ref > one_and_half, v, v + dt_c * dv));
      O::store_view(a.ref_left + i, O::max(ref - one, zero));
    } else {
      publish(a.v, i, v + dt_c * dv);
    }
    publish(a.w, i, w + dt_tw * dw);
  }
}

template <class V>
void adex_integrate(const AdexKernelArgs& a) {
  if (a.ref_left) return adex_steps<V, true>(a);
  adex_steps<V, false>(a);
}

template <class V>
std::size_t adaptive_detect(const AdaptiveDetectArgs& a) {
  using O = Ops<V>;
  const V peak = O::broadcast(a.v_peak), reset = O::broadcast(a.v_reset), jump = O::broadcast(a.jump);
  const V ref_steps = O::broadcast(a.ref_steps), half = O::broadcast(0.5);
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = current<V>(a.v, i);
    auto spike = a.inclusive ? (v >= peak) : (v > peak);
    if (!O::any(spike)) continue;
    V ref = ref_steps;
    if (a.ref_left) {
      ref = O::load_view(a.ref_left + i);
      spike = spike & (ref < half);
      if (!O::any(spike)) continue;
    }
    const V w = current<V>(a.w, i);
    publish(a.v, i, O::select(spike, reset, v));
    publish(a.w, i, O::select(spike, w + jump, w));
    if (a.ref_left) O::store_view(a.ref_left + i, O::select(spike, ref_steps, ref));
    bool lane_spikes[O::lanes];
    O::store_mask(spike, lane_spikes);
    for (std::size_t k = 0; k < O::lanes && i + k < a.live; ++k) {
      if (lane_spikes[k]) a.out[n++] = a.first_index + static_cast<std::uint32_t>(i + k);
    }
  }
  return n;
}

}  // namespace snnft::kernel
