// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/breaker/circuit_breaker.hpp"
#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::breaker {

/// Version of the snapshot JSON format written by to_json().
inline constexpr int kSnapshotFormatVersion = 1;

/// A breaker snapshot as JSON:
///   {"version": 1, "state": "open", "consecutive_trips": 2, "remaining_break_ns": 1500000000,
///    "consecutive_failures": 0, "count_window": "ssfFS", "time_window": [[age, calls, failures, slow]],
///    "counters": {...}, "time_open_total_ns": ..., "latency": {"counts": [...], "sum_ns": ...}}
/// In "count_window" each call is one letter, oldest first: s success, f failure, and the
/// capitals S, F for slow ones.
nlohmann::json to_json(const BreakerSnapshot& snapshot);
/// Inverse of to_json(); a malformed document is a ConfigError naming the JSON path.
BreakerSnapshot snapshot_from_json(const nlohmann::json& value, const std::string& path = "");

/// Snapshots of every breaker in a registry: {"version": 1, "breakers": {"<name>": {...}}}.
nlohmann::json save_registry_state(const BreakerRegistry& registry);
/// Restores each saved breaker, creating missing ones with the registry's default config.
/// Returns how many were restored.
std::size_t restore_registry_state(BreakerRegistry& registry, const nlohmann::json& saved);

}  // namespace snnft::breaker
