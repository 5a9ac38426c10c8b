// SPDX-License-Identifier: MIT
// Compiled with -mavx2.
#include "neuron_model_kernel_simd.hpp"
SNNFT_DEFINE_NEURON_MODEL_KERNELS(avx2, xsimd::avx2)
