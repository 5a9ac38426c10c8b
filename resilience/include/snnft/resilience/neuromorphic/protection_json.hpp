// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/neuromorphic/protection_config.hpp"

namespace snnft::neuromorphic {

/// Reads a "protection" block:
///
///     {"enabled": true, "quantization_bits": 4, "checkpoint_interval_trials": 50,
///      "emergency_probe_interval_trials": 2, "restore_on_isolation": true,
///      "latency": "simulated" | "wall_clock",
///      "health": {<HealthThresholds field names>},
///      "column_breaker": {<ColumnBreakerSettings field names>},
///      "ladder": {<LadderConfig field names>}}
///
/// Absent keys keep their value from `base`. Errors are ConfigErrors naming the JSON path,
/// e.g. "/protection/ladder/degrade_below: expected a number in [0, 1], got 1.5"; unknown keys
/// and cross-field problems (degrade_below >= recover_above) are errors too.
ProtectionConfig parse_protection_config(ObjectReader& reader, const ProtectionConfig& base = {});
ProtectionConfig parse_protection_config(const nlohmann::json& value, const std::string& path,
                                         const ProtectionConfig& base = {});

}  // namespace snnft::neuromorphic
