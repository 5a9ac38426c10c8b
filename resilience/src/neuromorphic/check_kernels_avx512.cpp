// SPDX-License-Identifier: MIT
// Compiled with -mavx512f (and the AVX2/FMA it implies).
#include <immintrin.h>

#include <cstdint>

#include "check_kernels.hpp"

namespace snnft::neuromorphic::kernels {

float class_scores_avx512(const float* w, const float* x, std::size_t features, float* out) {
  // Sixteen classes in one register; four independent sums so the multiply-adds overlap.
  __m512 acc[4] = {_mm512_loadu_ps(w + features * 16), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
  std::size_t j = 0;
  for (; j + 4 <= features; j += 4) {
    for (std::size_t u = 0; u < 4; ++u) {
      acc[u] = _mm512_fmadd_ps(_mm512_loadu_ps(w + (j + u) * 16), _mm512_set1_ps(x[j + u]), acc[u]);
    }
  }
  for (; j < features; ++j) acc[0] = _mm512_fmadd_ps(_mm512_loadu_ps(w + j * 16), _mm512_set1_ps(x[j]), acc[0]);
  _mm512_storeu_ps(out, _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3])));

  // max(1, max |x|)
  __m512 m = _mm512_set1_ps(1.0f);
  std::size_t i = 0;
  for (; i + 16 <= features; i += 16) m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
  if (i < features) {
    const __mmask16 tail = static_cast<__mmask16>((1u << (features - i)) - 1u);
    m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_maskz_loadu_ps(tail, x + i)));
  }
  return _mm512_reduce_max_ps(m);
}

bool all_finite_avx512(const float* values, std::size_t n) {
  // A float is NaN or ±Inf exactly when all its exponent bits are set.
  const __m512i exponent = _mm512_set1_epi32(0x7f800000);
  __mmask16 bad = 0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512i bits = _mm512_and_si512(_mm512_loadu_si512(values + i), exponent);
    bad |= _mm512_cmpeq_epi32_mask(bits, exponent);
  }
  if (i < n) {
    const __mmask16 tail = static_cast<__mmask16>((1u << (n - i)) - 1u);
    const __m512i bits = _mm512_and_si512(_mm512_maskz_loadu_epi32(tail, values + i), exponent);
    bad |= _mm512_mask_cmpeq_epi32_mask(tail, bits, exponent);
  }
  return bad == 0;
}

}  // namespace snnft::neuromorphic::kernels
