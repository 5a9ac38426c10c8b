// SPDX-License-Identifier: MIT
// Compiled with -mavx2.
#include "lif_kernel_simd.hpp"
SNNFT_DEFINE_LIF_KERNELS(avx2, xsimd::avx2)
