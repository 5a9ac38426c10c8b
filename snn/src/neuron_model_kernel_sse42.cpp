// SPDX-License-Identifier: MIT
// Compiled with -msse4.2.
#include "neuron_model_kernel_simd.hpp"
SNNFT_DEFINE_NEURON_MODEL_KERNELS(sse42, xsimd::sse4_2)
