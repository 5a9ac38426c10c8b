// SPDX-License-Identifier: MIT
// libFuzzer target: any text as a --fault flag. A spec is either accepted, with every value
// inside its documented range, or rejected with a ConfigError; nothing else may happen.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace snnft::faults;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const FaultSpec spec = parse_fault_flag(text);
    // What was accepted must be printable and parse back to itself.
    const std::string again = to_string(spec);
    const FaultSpec reparsed = parse_fault_flag(again);
    if (to_string(reparsed) != again) std::abort();
    const bool in_range = (!spec.at || spec.at->value <= 1e12) && (!spec.until || spec.until->value <= 1e12) &&
                          spec.sigma_ms > 0 && spec.sigma_ms <= 100 && std::isfinite(spec.value_mv) &&
                          (!spec.fraction || (*spec.fraction >= 0 && *spec.fraction <= 1));
    if (!in_range) std::abort();
  } catch (const snnft::ConfigError&) {
  }
  return 0;
}
