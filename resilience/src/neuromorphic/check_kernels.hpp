// SPDX-License-Identifier: MIT
// The per-trial arithmetic of the health checks, compiled for wider vector units than the
// build's baseline and picked at run time (best_simd_isa()): the answer audit's class scores
// and the NaN/Inf scans run on every healthy trial.
#pragma once
#include <cstddef>

namespace snnft::neuromorphic::kernels {

/// The widest of these kernels this CPU runs (and this build has), fixed for the process.
enum class Width { kBaseline, kAvx2, kAvx512 };
Width widest();

/// Scores of `lanes` classes (8 or 16; 16 only for the AVX-512 one): out[c] = w[features][c] +
/// Σ_j w[j][c]·x[j], with `weights` feature-major, `lanes` floats a row, the bias row last.
/// Returns max(1, max_j |x[j]|), which bounds the scores' rounding error.
float class_scores_avx2(const float* weights, const float* x, std::size_t features, std::size_t lanes, float* out);
float class_scores_avx512(const float* weights, const float* x, std::size_t features, float* out);

/// True if none of the n values is NaN or ±Inf (all exponent bits set).
bool all_finite_avx2(const float* values, std::size_t n);
bool all_finite_avx512(const float* values, std::size_t n);

}  // namespace snnft::neuromorphic::kernels
