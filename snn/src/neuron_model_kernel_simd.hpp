// SPDX-License-Identifier: MIT
// The Izhikevich and AdEx kernels for xsimd batches; included only by the per-ISA units.
#pragma once
// The batch versions of pow2i and floor_of come before the kernel templates that call them.
#include "lif_kernel_simd.hpp"

namespace snnft::kernel {

template <class Arch>
xsimd::batch<float, Arch> pow2i(const xsimd::batch<float, Arch>& k) {
  using I = xsimd::batch<std::int32_t, Arch>;
  const I bits = (xsimd::to_int(k) + I(127)) << 23;
  return xsimd::bitwise_cast<xsimd::batch<float, Arch>>(bits);
}

template <class Arch>
xsimd::batch<float, Arch> floor_of(const xsimd::batch<float, Arch>& x) {
  return xsimd::floor(x);
}

}  // namespace snnft::kernel

#include "neuron_model_kernel_body.hpp"

#define SNNFT_DEFINE_NEURON_MODEL_KERNELS(suffix, arch)                  \
  namespace snnft::kernel {                                              \
  void izhikevich_integrate_##suffix(const IzhikevichKernelArgs& a) {    \
    izhikevich_integrate<xsimd::batch<float, arch>>(a);                  \
  }                                                                      \
  void adex_integrate_##suffix(const AdexKernelArgs& a) {                \
    adex_integrate<xsimd::batch<float, arch>>(a);                        \
  }                                                                      \
  std::size_t adaptive_detect_##suffix(const AdaptiveDetectArgs& a) {    \
    return adaptive_detect<xsimd::batch<float, arch>>(a);                \
  }                                                                      \
  }
