// SPDX-License-Identifier: MIT
#include "check_kernels.hpp"

#include "snnft/core/simd_isa.hpp"

namespace snnft::neuromorphic::kernels {

Width widest() {
#if defined(SNNFT_HAVE_X86_CHECK_KERNELS)
  static const Width width = [] {
    const SimdIsa isa = best_simd_isa();
    // The AVX2 kernels multiply-add (FMA), which AVX2 alone does not promise.
    if (isa == SimdIsa::kAvx512) return Width::kAvx512;
    if (isa == SimdIsa::kAvx2 && __builtin_cpu_supports("fma")) return Width::kAvx2;
    return Width::kBaseline;
  }();
  return width;
#else
  return Width::kBaseline;
#endif
}

}  // namespace snnft::neuromorphic::kernels
