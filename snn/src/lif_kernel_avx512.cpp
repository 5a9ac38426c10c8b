// SPDX-License-Identifier: MIT
// Compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw.
#include "lif_kernel_simd.hpp"
SNNFT_DEFINE_LIF_KERNELS(avx512, xsimd::avx512bw)
