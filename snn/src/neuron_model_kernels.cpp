// SPDX-License-Identifier: MIT
// Run-time dispatch of the Izhikevich and AdEx kernels; the scalar kernels, compiled here
// with the baseline flags, are the reference the SIMD ones match bit for bit.
#include "snnft/snn/neuron_model_kernels.hpp"

#include "neuron_model_kernel_body.hpp"

namespace snnft::kernel {
#if defined(SNNFT_HAVE_X86_KERNELS)
void izhikevich_integrate_sse42(const IzhikevichKernelArgs&);
void izhikevich_integrate_avx2(const IzhikevichKernelArgs&);
void izhikevich_integrate_avx512(const IzhikevichKernelArgs&);
void adex_integrate_sse42(const AdexKernelArgs&);
void adex_integrate_avx2(const AdexKernelArgs&);
void adex_integrate_avx512(const AdexKernelArgs&);
std::size_t adaptive_detect_sse42(const AdaptiveDetectArgs&);
std::size_t adaptive_detect_avx2(const AdaptiveDetectArgs&);
std::size_t adaptive_detect_avx512(const AdaptiveDetectArgs&);
#endif
}  // namespace snnft::kernel

namespace snnft {

void izhikevich_integrate(SimdIsa isa, const IzhikevichKernelArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::izhikevich_integrate_sse42(args);
    case SimdIsa::kAvx2: return kernel::izhikevich_integrate_avx2(args);
    case SimdIsa::kAvx512: return kernel::izhikevich_integrate_avx512(args);
#endif
    default: return kernel::izhikevich_integrate<double>(args);
  }
}

void adex_integrate(SimdIsa isa, const AdexKernelArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::adex_integrate_sse42(args);
    case SimdIsa::kAvx2: return kernel::adex_integrate_avx2(args);
    case SimdIsa::kAvx512: return kernel::adex_integrate_avx512(args);
#endif
    default: return kernel::adex_integrate<double>(args);
  }
}

std::size_t adaptive_detect(SimdIsa isa, const AdaptiveDetectArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::adaptive_detect_sse42(args);
    case SimdIsa::kAvx2: return kernel::adaptive_detect_avx2(args);
    case SimdIsa::kAvx512: return kernel::adaptive_detect_avx512(args);
#endif
    default: return kernel::adaptive_detect<double>(args);
  }
}

double exp_portable(double x) { return kernel::exp_portable<double>(x); }

}  // namespace snnft
