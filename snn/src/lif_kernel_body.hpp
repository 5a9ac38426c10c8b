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

/// A per-neuron constant: loaded lane by lane, or, when the population shares it, one value
/// broadcast once before the loop (it then costs no memory traffic per neuron). Both give the
/// same numbers, since a shared constant is the value every element of its array holds.
template <class V, bool Shared>
struct Constant {
  using O = Ops<V>;
  explicit Constant(const float* p) : base(p), value(O::broadcast(Shared ? p[0] : 0.0f)) {}
  V at(std::size_t i) const {
    if constexpr (Shared) {
      return value;
    } else {
      return O::load(base + i);
    }
  }
  const float* base;
  V value;
};

/// Exponential synapses: ge and gi decay by a constant factor per step.
template <class V>
struct ExpSynapses {
  using O = Ops<V>;
  struct State {
    V ge, gi;
  };
  explicit ExpSynapses(const LifKernelArgs& a) : args(a), de(O::broadcast(a.decay_e)), di(O::broadcast(a.decay_i)) {}
  State load(std::size_t i) const { return {O::load(args.ge + i), O::load(args.gi + i)}; }
  void advance(std::size_t i, const State& s) const {
    O::store(args.ge + i, s.ge * de);
    O::store(args.gi + i, s.gi * di);
  }
  const LifKernelArgs& args;
  V de, di;
};

/// Alpha synapses: input lands in he and hi, which feed ge and gi (see LifKernelArgs::he).
template <class V>
struct AlphaSynapses {
  using O = Ops<V>;
  struct State {
    V ge, gi, he, hi;
  };
  explicit AlphaSynapses(const LifKernelArgs& a)
      : args(a), de(O::broadcast(a.decay_e)), di(O::broadcast(a.decay_i)), re(O::broadcast(a.rise_e)),
        ri(O::broadcast(a.rise_i)) {}
  State load(std::size_t i) const {
    return {O::load(args.ge + i), O::load(args.gi + i), O::load(args.he + i), O::load(args.hi + i)};
  }
  void advance(std::size_t i, const State& s) const {
    O::store(args.ge + i, s.ge * de + s.he * re);
    O::store(args.gi + i, s.gi * di + s.hi * ri);
    O::store(args.he + i, s.he * de);
    O::store(args.hi + i, s.hi * di);
  }
  const LifKernelArgs& args;
  V de, di, re, ri;
};

/// The membrane update of one register of current-based neurons (see lif_integrate_cuba).
template <class V, bool Shared>
struct CubaMembrane {
  using O = Ops<V>;
  using Synapses = ExpSynapses<V>;
  using State = typename Synapses::State;
  explicit CubaMembrane(const LifKernelArgs& a) : decay_m(a.decay_m), drive(a.drive), p_e(a.p_e), p_i(a.p_i) {}
  V next(std::size_t i, const V& v, const State& s) const {
    const V d = drive.at(i);
    return d + (v - d) * decay_m.at(i) + s.ge * p_e.at(i) + s.gi * p_i.at(i);
  }
  /// v while refractory.
  V held(const V& v, const State&) const { return v; }
  Constant<V, Shared> decay_m, drive, p_e, p_i;
};

/// Current-based neurons with alpha synapses: v also takes the exact response to he and hi.
template <class V, bool Shared>
struct CubaAlphaMembrane {
  using O = Ops<V>;
  using Synapses = AlphaSynapses<V>;
  using State = typename Synapses::State;
  explicit CubaAlphaMembrane(const LifKernelArgs& a)
      : decay_m(a.decay_m), drive(a.drive), p_e(a.p_e), p_i(a.p_i), q_e(a.q_e), q_i(a.q_i) {}
  V next(std::size_t i, const V& v, const State& s) const {
    const V d = drive.at(i);
    return d + (v - d) * decay_m.at(i) + s.ge * p_e.at(i) + s.gi * p_i.at(i) + s.he * q_e.at(i) + s.hi * q_i.at(i);
  }
  V held(const V& v, const State&) const { return v; }
  Constant<V, Shared> decay_m, drive, p_e, p_i, q_e, q_i;
};

/// The membrane update of one register of conductance-based neurons (see lif_integrate_coba),
/// with exponential or alpha synapses (v sees the conductances at the start of the step).
template <class V, bool Shared, template <class> class Syn>
struct CobaMembrane {
  using O = Ops<V>;
  using Synapses = Syn<V>;
  using State = typename Synapses::State;
  explicit CobaMembrane(const LifKernelArgs& a)
      : drive(a.drive), p_e(a.p_e), e_exc(O::broadcast(a.e_exc)), e_inh(O::broadcast(a.e_inh)) {}
  V next(std::size_t i, const V& v, const State& s) const {
    const V dv = (drive.at(i) - v) + s.ge * (e_exc - v) + s.gi * (e_inh - v);
    return v + p_e.at(i) * dv;
  }
  V held(const V& v, const State&) const { return v; }
  Constant<V, Shared> drive, p_e;
  V e_exc, e_inh;
};

/// Integration only, for runs in which something watches or edits the state between the
/// Integrate and Detect phases.
template <class V, class Membrane>
void integrate(const LifKernelArgs& a) {
  using O = Ops<V>;
  const Membrane m(a);
  const typename Membrane::Synapses syn(a);
  const V one = O::broadcast(1.0f), zero = O::broadcast(0.0f);
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i);
    const typename Membrane::State s = syn.load(i);
    const V ref = O::load(a.ref_left + i);
    O::store(a.v + i, O::held_or(ref, m.held(v, s), m.next(i, v, s)));
    syn.advance(i, s);
    O::store(a.ref_left + i, O::max(ref - one, zero));
  }
}

/// Appends the neurons of the register at i whose lanes are set in `spike`.
template <class V, class Mask>
std::size_t append_spikes(const Mask& spike, std::size_t i, const LifDetectArgs& d, std::size_t n) {
  using O = Ops<V>;
  bool lane_spikes[O::lanes];
  O::store_mask(spike, lane_spikes);
  for (std::size_t k = 0; k < O::lanes; ++k) {
    if (lane_spikes[k]) d.out[n++] = d.first_index + static_cast<std::uint32_t>(i + k);
  }
  return n;
}

template <class V, bool SharedThreshold>
std::size_t detect_impl(const LifDetectArgs& a) {
  using O = Ops<V>;
  const Constant<V, SharedThreshold> v_th(a.v_th);
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i), ref = O::load(a.ref_left + i);
    const auto spike = O::spiking(ref, v, v_th.at(i));
    if (!O::any(spike)) continue;  // the common case: most registers hold no spike
    O::store(a.v + i, O::select(spike, O::load(a.v_reset + i), v));
    O::store(a.ref_left + i, O::select(spike, O::load(a.ref_steps + i), ref));
    n = append_spikes<V>(spike, i, a, n);
  }
  return n;
}

/// Integration and detection in one pass: each register is integrated, tested against the
/// threshold and reset while it is still in registers, instead of being stored and loaded
/// again by a second pass. Every value is computed exactly as integrate() followed by
/// detect() computes it.
template <class V, class Membrane, bool SharedThreshold>
std::size_t integrate_and_detect(const LifKernelArgs& a, const LifDetectArgs& d) {
  using O = Ops<V>;
  const Membrane m(a);
  const typename Membrane::Synapses syn(a);
  const Constant<V, SharedThreshold> v_th(d.v_th);
  const V one = O::broadcast(1.0f), zero = O::broadcast(0.0f);
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.count; i += O::lanes) {
    const V v = O::load(a.v + i);
    const typename Membrane::State s = syn.load(i);
    const V ref = O::load(a.ref_left + i);
    syn.advance(i, s);
    V v_new = O::held_or(ref, m.held(v, s), m.next(i, v, s));
    V ref_new = O::max(ref - one, zero);
    const auto spike = O::spiking(ref_new, v_new, v_th.at(i));
    if (O::any(spike)) {
      v_new = O::select(spike, O::load(d.v_reset + i), v_new);
      ref_new = O::select(spike, O::load(d.ref_steps + i), ref_new);
      n = append_spikes<V>(spike, i, d, n);
    }
    O::store(a.v + i, v_new);
    O::store(a.ref_left + i, ref_new);
  }
  return n;
}

// Entry points: pick the synapse shape and the shared-constant or per-neuron variant once
// per call.
inline bool has_alpha_synapses(const LifKernelArgs& a) { return a.he != nullptr; }

/// Calls f.template operator()<Membrane>() with the current-based membrane type for `a`.
template <class V, class F>
auto with_cuba_membrane(const LifKernelArgs& a, F&& f) {
  if (has_alpha_synapses(a)) {
    return a.shared_constants ? f.template operator()<CubaAlphaMembrane<V, true>>()
                              : f.template operator()<CubaAlphaMembrane<V, false>>();
  }
  return a.shared_constants ? f.template operator()<CubaMembrane<V, true>>()
                            : f.template operator()<CubaMembrane<V, false>>();
}

/// The same for conductance-based membranes.
template <class V, class F>
auto with_coba_membrane(const LifKernelArgs& a, F&& f) {
  if (has_alpha_synapses(a)) {
    return a.shared_constants ? f.template operator()<CobaMembrane<V, true, AlphaSynapses>>()
                              : f.template operator()<CobaMembrane<V, false, AlphaSynapses>>();
  }
  return a.shared_constants ? f.template operator()<CobaMembrane<V, true, ExpSynapses>>()
                            : f.template operator()<CobaMembrane<V, false, ExpSynapses>>();
}

template <class V>
void integrate_cuba(const LifKernelArgs& a) {
  with_cuba_membrane<V>(a, [&]<class M>() { integrate<V, M>(a); });
}

template <class V>
void integrate_coba(const LifKernelArgs& a) {
  with_coba_membrane<V>(a, [&]<class M>() { integrate<V, M>(a); });
}

template <class V>
std::size_t detect(const LifDetectArgs& a) {
  return a.shared_threshold ? detect_impl<V, true>(a) : detect_impl<V, false>(a);
}

template <class V, class Membrane>
std::size_t update(const LifKernelArgs& a, const LifDetectArgs& d) {
  return d.shared_threshold ? integrate_and_detect<V, Membrane, true>(a, d)
                            : integrate_and_detect<V, Membrane, false>(a, d);
}

template <class V>
std::size_t update_cuba(const LifKernelArgs& a, const LifDetectArgs& d) {
  return with_cuba_membrane<V>(a, [&]<class M>() { return update<V, M>(a, d); });
}

template <class V>
std::size_t update_coba(const LifKernelArgs& a, const LifDetectArgs& d) {
  return with_coba_membrane<V>(a, [&]<class M>() { return update<V, M>(a, d); });
}

}  // namespace snnft::kernel
