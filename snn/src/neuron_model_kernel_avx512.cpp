// SPDX-License-Identifier: MIT
// Compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw.
#include "neuron_model_kernel_simd.hpp"
SNNFT_DEFINE_NEURON_MODEL_KERNELS(avx512, xsimd::avx512bw)
