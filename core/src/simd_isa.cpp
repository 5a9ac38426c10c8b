// SPDX-License-Identifier: MIT
#include "snnft/core/simd_isa.hpp"

#include <xsimd/xsimd.hpp>

namespace snnft {

std::string_view to_string(SimdIsa isa) {
  switch (isa) {
    case SimdIsa::kScalar: return "scalar";
    case SimdIsa::kSse42: return "sse4.2";
    case SimdIsa::kAvx2: return "avx2";
    case SimdIsa::kAvx512: return "avx512";
  }
  return "scalar";
}

std::optional<SimdIsa> parse_simd_isa(std::string_view name) {
  for (SimdIsa isa : {SimdIsa::kScalar, SimdIsa::kSse42, SimdIsa::kAvx2, SimdIsa::kAvx512}) {
    if (to_string(isa) == name) return isa;
  }
  return std::nullopt;
}

std::vector<SimdIsa> available_simd_isas() {
  // The kernels are compiled for x86-64 only; elsewhere the scalar kernel is used.
  std::vector<SimdIsa> out{SimdIsa::kScalar};
#if defined(__x86_64__)
  const auto cpu = xsimd::available_architectures();
  if (cpu.sse4_2) out.push_back(SimdIsa::kSse42);
  if (cpu.avx2) out.push_back(SimdIsa::kAvx2);
  if (cpu.avx512bw) out.push_back(SimdIsa::kAvx512);
#endif
  return out;
}

SimdIsa best_simd_isa() {
  static const SimdIsa best = available_simd_isas().back();  // the CPU does not change under us
  return best;
}

int float_lanes(SimdIsa isa) {
  switch (isa) {
    case SimdIsa::kScalar: return 1;
    case SimdIsa::kSse42: return 4;
    case SimdIsa::kAvx2: return 8;
    case SimdIsa::kAvx512: return 16;
  }
  return 1;
}

}  // namespace snnft
