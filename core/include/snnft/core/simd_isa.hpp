// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace snnft {

/// Instruction sets a kernel can be compiled for, narrowest first.
enum class SimdIsa { kScalar, kSse42, kAvx2, kAvx512 };

/// "scalar", "sse4.2", "avx2", "avx512".
std::string_view to_string(SimdIsa isa);
std::optional<SimdIsa> parse_simd_isa(std::string_view name);

/// Widest instruction set both compiled into this binary and supported by the running CPU.
SimdIsa best_simd_isa();
/// Every instruction set usable here, narrowest first (always starts with kScalar).
std::vector<SimdIsa> available_simd_isas();
/// Number of float lanes of one register of this ISA.
int float_lanes(SimdIsa isa);

}  // namespace snnft
