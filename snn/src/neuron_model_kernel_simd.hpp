// SPDX-License-Identifier: MIT
// The Izhikevich and AdEx kernels for xsimd batches of doubles; included only by the per-ISA
// units.
#pragma once
#include <immintrin.h>

#include <cstdint>

#include "lif_kernel_simd.hpp"

namespace snnft::kernel {

/// Single-precision views to and from registers of doubles, by the conversion instructions
/// (exact one way, round-to-nearest the other). xsimd's own converting loads and stores go
/// through a stack buffer that GCC's SLP vectoriser miscompiles at -O3.
template <class Arch>
struct ViewConversion;

template <>
struct ViewConversion<xsimd::sse4_2> {
  static __m128d load(const float* p) {
    return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
  }
  static void store(float* p, __m128d x) { _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_castps_si128(_mm_cvtpd_ps(x))); }
  static __m128d rounded(__m128d x) { return _mm_cvtps_pd(_mm_cvtpd_ps(x)); }
};

#if defined(__AVX__)
template <>
struct ViewConversion<xsimd::avx2> {
  static __m256d load(const float* p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
  static void store(float* p, __m256d x) { _mm_storeu_ps(p, _mm256_cvtpd_ps(x)); }
  static __m256d rounded(__m256d x) { return _mm256_cvtps_pd(_mm256_cvtpd_ps(x)); }
};
#endif

#if defined(__AVX512F__)
template <>
struct ViewConversion<xsimd::avx512bw> {
  static __m512d load(const float* p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
  static void store(float* p, __m512d x) { _mm256_storeu_ps(p, _mm512_cvtpd_ps(x)); }
  static __m512d rounded(__m512d x) { return _mm512_cvtps_pd(_mm512_cvtpd_ps(x)); }
};
#endif

template <class Arch>
struct Ops<xsimd::batch<double, Arch>> {
  using B = xsimd::batch<double, Arch>;
  using Mask = xsimd::batch_bool<double, Arch>;
  static constexpr std::size_t lanes = B::size;
  static B load(const double* p) { return B::load_aligned(p); }
  static void store(double* p, const B& x) { x.store_aligned(p); }
  // Views are float arrays at the same element offset, so not always aligned to a register.
  static B load_view(const float* p) { return B(ViewConversion<Arch>::load(p)); }
  static void store_view(float* p, const B& x) { ViewConversion<Arch>::store(p, x); }
  static B rounded(const B& x) { return B(ViewConversion<Arch>::rounded(x)); }
  static B broadcast(double x) { return B(x); }
  static B max(const B& a, const B& b) { return xsimd::max(a, b); }
  static B min(const B& a, const B& b) { return xsimd::min(a, b); }
  static B floor(const B& x) { return xsimd::floor(x); }
  static bool any(const Mask& m) { return xsimd::any(m); }
  static B select(const Mask& m, const B& a, const B& b) { return xsimd::select(m, a, b); }
  static void store_mask(const Mask& m, bool* out) { m.store_unaligned(out); }
  /// See Ops<double>::pow2i.
  static B pow2i(const B& k) {
    using I = xsimd::batch<std::int64_t, Arch>;
    const I biased = xsimd::bitwise_cast<I>(k + B(1023.0 + 4503599627370496.0));
    return xsimd::bitwise_cast<B>(biased << 52);
  }
};

}  // namespace snnft::kernel

#include "neuron_model_kernel_body.hpp"

#define SNNFT_DEFINE_NEURON_MODEL_KERNELS(suffix, arch)                  \
  namespace snnft::kernel {                                              \
  void izhikevich_integrate_##suffix(const IzhikevichKernelArgs& a) {    \
    izhikevich_integrate<xsimd::batch<double, arch>>(a);                 \
  }                                                                      \
  void adex_integrate_##suffix(const AdexKernelArgs& a) {                \
    adex_integrate<xsimd::batch<double, arch>>(a);                       \
  }                                                                      \
  std::size_t adaptive_detect_##suffix(const AdaptiveDetectArgs& a) {    \
    return adaptive_detect<xsimd::batch<double, arch>>(a);               \
  }                                                                      \
  }
