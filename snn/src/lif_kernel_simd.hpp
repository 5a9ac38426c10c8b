// SPDX-License-Identifier: MIT
// Ops for xsimd batches; included only by the per-ISA translation units.
#pragma once
#include <xsimd/xsimd.hpp>

#include "lif_kernel_body.hpp"

namespace snnft::kernel {

template <class Arch>
struct Ops<xsimd::batch<float, Arch>> {
  using B = xsimd::batch<float, Arch>;
  static constexpr std::size_t lanes = B::size;
  static B load(const float* p) { return B::load_aligned(p); }
  static void store(float* p, const B& x) { x.store_aligned(p); }
  static B broadcast(float x) { return B(x); }
  static B max(const B& a, const B& b) { return xsimd::max(a, b); }
  static B held_or(const B& ref, const B& held, const B& integrated) {
    return xsimd::select(ref > B(0.5f), held, integrated);
  }
  static auto spiking(const B& ref, const B& v, const B& th) { return (ref < B(0.5f)) && (v > th); }
  static bool any(const xsimd::batch_bool<float, Arch>& m) { return xsimd::any(m); }
  static B select(const xsimd::batch_bool<float, Arch>& m, const B& a, const B& b) { return xsimd::select(m, a, b); }
  static void store_mask(const xsimd::batch_bool<float, Arch>& m, bool* out) { m.store_unaligned(out); }
};

}  // namespace snnft::kernel

#define SNNFT_DEFINE_LIF_KERNELS(suffix, arch)                                   \
  namespace snnft::kernel {                                                      \
  void integrate_cuba_##suffix(const LifKernelArgs& a) {                         \
    integrate_cuba<xsimd::batch<float, arch>>(a);                                \
  }                                                                              \
  void integrate_coba_##suffix(const LifKernelArgs& a) {                         \
    integrate_coba<xsimd::batch<float, arch>>(a);                                \
  }                                                                              \
  std::size_t detect_##suffix(const LifDetectArgs& a) {                          \
    return detect<xsimd::batch<float, arch>>(a);                                 \
  }                                                                              \
  std::size_t update_cuba_##suffix(const LifKernelArgs& a, const LifDetectArgs& d) { \
    return update_cuba<xsimd::batch<float, arch>>(a, d);                         \
  }                                                                              \
  std::size_t update_coba_##suffix(const LifKernelArgs& a, const LifDetectArgs& d) { \
    return update_coba<xsimd::batch<float, arch>>(a, d);                         \
  }                                                                              \
  }
