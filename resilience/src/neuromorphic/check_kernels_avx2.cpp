// SPDX-License-Identifier: MIT
// Compiled with -mavx2 -mfma.
#include <immintrin.h>

#include <cstdint>

#include "check_kernels.hpp"

namespace snnft::neuromorphic::kernels {

namespace {
/// max(1, max |x|) over n values.
float largest_magnitude(const float* x, std::size_t n) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  __m256 m = _mm256_set1_ps(1.0f);
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) m = _mm256_max_ps(m, _mm256_and_ps(_mm256_loadu_ps(x + j), abs_mask));
  __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
  h = _mm_max_ps(h, _mm_movehl_ps(h, h));
  h = _mm_max_ss(h, _mm_movehdup_ps(h));
  float largest = _mm_cvtss_f32(h);
  for (; j < n; ++j) {
    const float a = x[j] < 0.0f ? -x[j] : x[j];
    largest = a > largest ? a : largest;
  }
  return largest;
}
}  // namespace

float class_scores_avx2(const float* w, const float* x, std::size_t features, std::size_t lanes, float* out) {
  // Four independent sums (even/odd features × the two halves of 16 lanes, or even/odd
  // features twice for 8 lanes), so the multiply-adds overlap instead of each waiting on the
  // last.
  if (lanes == 8) {
    __m256 a = _mm256_loadu_ps(w + features * 8), b = _mm256_setzero_ps();
    std::size_t j = 0;
    for (; j + 2 <= features; j += 2) {
      a = _mm256_fmadd_ps(_mm256_loadu_ps(w + j * 8), _mm256_broadcast_ss(x + j), a);
      b = _mm256_fmadd_ps(_mm256_loadu_ps(w + j * 8 + 8), _mm256_broadcast_ss(x + j + 1), b);
    }
    if (j < features) a = _mm256_fmadd_ps(_mm256_loadu_ps(w + j * 8), _mm256_broadcast_ss(x + j), a);
    _mm256_storeu_ps(out, _mm256_add_ps(a, b));
  } else {
    __m256 lo = _mm256_loadu_ps(w + features * 16), hi = _mm256_loadu_ps(w + features * 16 + 8);
    __m256 lo2 = _mm256_setzero_ps(), hi2 = _mm256_setzero_ps();
    std::size_t j = 0;
    auto two = [&](std::size_t at) {
      const __m256 x0 = _mm256_broadcast_ss(x + at), x1 = _mm256_broadcast_ss(x + at + 1);
      const float* r = w + at * 16;
      lo = _mm256_fmadd_ps(_mm256_loadu_ps(r), x0, lo);
      hi = _mm256_fmadd_ps(_mm256_loadu_ps(r + 8), x0, hi);
      lo2 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 16), x1, lo2);
      hi2 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 24), x1, hi2);
    };
    for (; j + 4 <= features; j += 4) {
      two(j);
      two(j + 2);
    }
    if (j + 2 <= features) {
      two(j);
      j += 2;
    }
    if (j < features) {
      const __m256 x0 = _mm256_broadcast_ss(x + j);
      lo = _mm256_fmadd_ps(_mm256_loadu_ps(w + j * 16), x0, lo);
      hi = _mm256_fmadd_ps(_mm256_loadu_ps(w + j * 16 + 8), x0, hi);
    }
    _mm256_storeu_ps(out, _mm256_add_ps(lo, lo2));
    _mm256_storeu_ps(out + 8, _mm256_add_ps(hi, hi2));
  }
  return largest_magnitude(x, features);
}

bool all_finite_avx2(const float* values, std::size_t n) {
  // A float is NaN or ±Inf exactly when all its exponent bits are set.
  const __m256i exponent = _mm256_set1_epi32(0x7f800000);
  auto bad_in = [&](const float* at) {
    const __m256i bits = _mm256_and_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at)), exponent);
    return _mm256_cmpeq_epi32(bits, exponent);
  };
  if (n < 8) {
    bool finite = true;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits;
      __builtin_memcpy(&bits, values + i, sizeof bits);
      finite = finite && (bits & 0x7f800000u) != 0x7f800000u;
    }
    return finite;
  }
  __m256i bad = _mm256_setzero_si256();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) bad = _mm256_or_si256(bad, _mm256_or_si256(bad_in(values + i), bad_in(values + i + 8)));
  if (i + 8 <= n) {
    bad = _mm256_or_si256(bad, bad_in(values + i));
    i += 8;
  }
  // The rest as the last eight values, overlapping what was already looked at.
  if (i < n) bad = _mm256_or_si256(bad, bad_in(values + n - 8));
  return _mm256_testz_si256(bad, bad) != 0;
}

}  // namespace snnft::neuromorphic::kernels
