// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/state_checks.hpp"

#include <algorithm>
#include <cmath>

#include "check_kernels.hpp"

namespace snnft::neuromorphic {

bool all_finite(std::span<const float> values) {
#if defined(SNNFT_HAVE_X86_CHECK_KERNELS)
  switch (kernels::widest()) {
    case kernels::Width::kAvx512: return kernels::all_finite_avx512(values.data(), values.size());
    case kernels::Width::kAvx2: return kernels::all_finite_avx2(values.data(), values.size());
    case kernels::Width::kBaseline: break;
  }
#endif
  constexpr std::size_t kLanes = 8;
  float lane[kLanes] = {};
  const std::size_t n = values.size(), body = n / kLanes * kLanes;
  const float* x = values.data();
  for (std::size_t i = 0; i < body; i += kLanes) {
    for (std::size_t k = 0; k < kLanes; ++k) lane[k] += x[i + k] - x[i + k];
  }
  float rest = 0.0f;
  for (std::size_t i = body; i < n; ++i) rest += x[i] - x[i];
  float total = rest;
  for (float l : lane) total += l;
  return total == 0.0f;
}

std::span<const float> slice_of(std::span<const float> values, std::size_t slice, std::size_t slices) {
  if (slices <= 1) return values;
  const std::size_t part = values.size() / slices;
  const std::size_t begin = std::min(slice, slices - 1) * part;
  const std::size_t end = slice + 1 >= slices ? values.size() : begin + part;
  return values.subspan(begin, end - begin);
}

}  // namespace snnft::neuromorphic
