// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/health_signature.hpp"

#include <array>

namespace snnft::neuromorphic {

namespace {
constexpr std::array<std::string_view, kSignatureCount> kSignatureNames = {
    "timing_error", "refractory_violation", "consensus", "latency", "non_finite",
    "invalid_answer", "saturation",         "silence",   "crash",     "replay_mismatch", "cascor"};
constexpr std::array<std::string_view, kOperationCount> kOperationNames = {"train", "label", "test"};
}  // namespace

std::string_view to_string(FaultSignature s) {
  const auto v = static_cast<std::uint32_t>(s);
  for (std::size_t i = 0; i < kSignatureCount; ++i) {
    if (v == (1u << i)) return kSignatureNames[i];
  }
  return "unknown";
}

std::string describe(SignatureMask mask) {
  std::string out;
  for (std::size_t i = 0; i < kSignatureCount; ++i) {
    if ((mask & (1u << i)) == 0) continue;
    if (!out.empty()) out += '+';
    out += kSignatureNames[i];
  }
  return out.empty() ? "none" : out;
}

std::string_view to_string(Operation op) {
  const auto i = static_cast<std::size_t>(op);
  return i < kOperationNames.size() ? kOperationNames[i] : "unknown";
}

}  // namespace snnft::neuromorphic
