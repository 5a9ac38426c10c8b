// SPDX-License-Identifier: MIT
// Compiled with -msse4.2.
#include "lif_kernel_simd.hpp"
SNNFT_DEFINE_LIF_KERNELS(sse42, xsimd::sse4_2)
