// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/breaker/breaker_config.hpp"

namespace snnft::breaker {

/// Reads a breaker configuration from a JSON object. Keys are the BreakerConfig field names,
/// durations in milliseconds with a `_ms` suffix (`break_duration_ms`), enumerations as strings
/// (`"window_kind": "count" | "time"`, `"backoff": "fixed" | "exponential"`,
/// `"half_open_success_rule": "consecutive" | "rate"`, `"half_open_failure_rule": "any" | "rate"`),
/// and `triggers` as [{"name", "when": "above" | "below", "bound", "consecutive_samples"}].
/// Absent keys keep their value from `base`. Every error is a ConfigError naming the JSON
/// path, e.g. "/profiles/production/break_duration_ms: expected a positive number, got -5";
/// unknown keys are errors.
BreakerConfig parse_breaker_config(ObjectReader& reader, const BreakerConfig& base = {});
BreakerConfig parse_breaker_config(const nlohmann::json& value, const std::string& path,
                                   const BreakerConfig& base = {});

/// Reads {"profiles": {"<name>": {...}, ...}}. A profile may start from another one with
/// "extends": "<name>"; its own keys then override the inherited ones.
std::map<std::string, BreakerConfig> parse_breaker_profiles(const nlohmann::json& root);

/// One profile of a profiles file; the error for an unknown profile lists the known ones.
BreakerConfig load_breaker_profile(const std::string& file, const std::string& profile);

}  // namespace snnft::breaker
