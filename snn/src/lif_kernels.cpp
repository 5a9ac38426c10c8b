// SPDX-License-Identifier: MIT
// Run-time dispatch to the kernel compiled for the requested instruction set. The scalar
// kernel is compiled here, with the baseline flags, and is the reference the others must match.
#include "snnft/snn/lif_kernels.hpp"

#include "lif_kernel_body.hpp"

namespace snnft::kernel {
#if defined(SNNFT_HAVE_X86_KERNELS)
void integrate_cuba_sse42(const LifKernelArgs&);
void integrate_coba_sse42(const LifKernelArgs&);
void integrate_cuba_avx2(const LifKernelArgs&);
void integrate_coba_avx2(const LifKernelArgs&);
void integrate_cuba_avx512(const LifKernelArgs&);
void integrate_coba_avx512(const LifKernelArgs&);
std::size_t detect_sse42(const LifDetectArgs&);
std::size_t detect_avx2(const LifDetectArgs&);
std::size_t detect_avx512(const LifDetectArgs&);
std::size_t update_cuba_sse42(const LifKernelArgs&, const LifDetectArgs&);
std::size_t update_coba_sse42(const LifKernelArgs&, const LifDetectArgs&);
std::size_t update_cuba_avx2(const LifKernelArgs&, const LifDetectArgs&);
std::size_t update_coba_avx2(const LifKernelArgs&, const LifDetectArgs&);
std::size_t update_cuba_avx512(const LifKernelArgs&, const LifDetectArgs&);
std::size_t update_coba_avx512(const LifKernelArgs&, const LifDetectArgs&);
#endif
}  // namespace snnft::kernel

namespace snnft {

void lif_integrate_cuba(SimdIsa isa, const LifKernelArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::integrate_cuba_sse42(args);
    case SimdIsa::kAvx2: return kernel::integrate_cuba_avx2(args);
    case SimdIsa::kAvx512: return kernel::integrate_cuba_avx512(args);
#endif
    default: return kernel::integrate_cuba<float>(args);
  }
}

void lif_integrate_coba(SimdIsa isa, const LifKernelArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::integrate_coba_sse42(args);
    case SimdIsa::kAvx2: return kernel::integrate_coba_avx2(args);
    case SimdIsa::kAvx512: return kernel::integrate_coba_avx512(args);
#endif
    default: return kernel::integrate_coba<float>(args);
  }
}

std::size_t lif_detect(SimdIsa isa, const LifDetectArgs& args) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::detect_sse42(args);
    case SimdIsa::kAvx2: return kernel::detect_avx2(args);
    case SimdIsa::kAvx512: return kernel::detect_avx512(args);
#endif
    default: return kernel::detect<float>(args);
  }
}

std::size_t lif_update_cuba(SimdIsa isa, const LifKernelArgs& integrate, const LifDetectArgs& detect) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::update_cuba_sse42(integrate, detect);
    case SimdIsa::kAvx2: return kernel::update_cuba_avx2(integrate, detect);
    case SimdIsa::kAvx512: return kernel::update_cuba_avx512(integrate, detect);
#endif
    default: return kernel::update_cuba<float>(integrate, detect);
  }
}

std::size_t lif_update_coba(SimdIsa isa, const LifKernelArgs& integrate, const LifDetectArgs& detect) {
  switch (isa) {
#if defined(SNNFT_HAVE_X86_KERNELS)
    case SimdIsa::kSse42: return kernel::update_coba_sse42(integrate, detect);
    case SimdIsa::kAvx2: return kernel::update_coba_avx2(integrate, detect);
    case SimdIsa::kAvx512: return kernel::update_coba_avx512(integrate, detect);
#endif
    default: return kernel::update_coba<float>(integrate, detect);
  }
}

}  // namespace snnft
