// SPDX-License-Identifier: MIT
// The "protection" JSON block: values, defaults, and errors naming the JSON path.
#include <gtest/gtest.h>

#include "config_error_of.hpp"
#include "snnft/resilience/neuromorphic/protection_json.hpp"

namespace snnft::neuromorphic {
namespace {

std::string error_of(const std::string& text) {
  return test::config_error_of([&] { parse_protection_config(nlohmann::json::parse(text), "/protection"); });
}

TEST(ProtectionJson, ReadsEveryGroupAndKeepsDefaultsForAbsentKeys) {
  const auto c = parse_protection_config(nlohmann::json::parse(R"({
    "enabled": true, "quantization_bits": 3, "emergency_probe_interval_trials": 8,
    "latency": "wall_clock",
    "health": {"timing_z": 2.5, "min_agreement": 0.4},
    "column_breaker": {"break_trials": 40, "max_break_trials": 80, "probe_trials": 2, "backoff_memory_trials": 0},
    "max_quarantined_fraction": 0.1,
    "ladder": {"degrade_below": 0.6, "degrade_windows": 3, "recover_above": 0.85, "window_trials": 10}
  })"), "/protection");
  EXPECT_EQ(c.quantization_bits, 3);
  EXPECT_EQ(c.emergency_probe_interval_trials, 8u);
  EXPECT_EQ(c.latency, LatencySource::kWallClock);
  EXPECT_DOUBLE_EQ(c.health.timing_z, 2.5);
  EXPECT_DOUBLE_EQ(c.health.min_agreement, 0.4);
  EXPECT_EQ(c.health.silence_trials, HealthThresholds{}.silence_trials);
  EXPECT_EQ(c.column_breaker.break_trials, 40u);
  EXPECT_EQ(c.column_breaker.probe_trials, 2u);
  EXPECT_EQ(c.column_breaker.backoff_memory_trials, 0u);
  EXPECT_EQ(c.max_quarantined_fraction, 0.1);
  EXPECT_DOUBLE_EQ(c.ladder.degrade_below, 0.6);
  EXPECT_EQ(c.ladder.degrade_windows, 3u);
  EXPECT_DOUBLE_EQ(c.ladder.recover_above, 0.85);
  EXPECT_EQ(c.ladder.recover_windows, 10u) << "default kept";
  EXPECT_EQ(c.ladder.window_trials, 10u);
  const auto off = parse_protection_config(nlohmann::json::parse(R"({"enabled": false})"), "/protection");
  EXPECT_FALSE(off.enabled);
}

TEST(ProtectionJson, ErrorsNameTheJsonPath) {
  EXPECT_EQ(error_of(R"({"ladder": {"degrade_below": 1.5}})"),
            "/protection/ladder/degrade_below: expected a number in [0, 1], got 1.5");
  EXPECT_EQ(error_of(R"({"ladder": {"degrade_below": 0.95}})"),
            "/protection/ladder/recover_above: expected a number in (degrade_below, 1]");
  EXPECT_EQ(error_of(R"({"health": {"timing_zz": 2}})"), "/protection/health/timing_zz: unknown key");
  EXPECT_EQ(error_of(R"({"column_breaker": {"break_trials": 0}})"),
            "/protection/column_breaker/break_trials: expected an integer >= 1, got 0");
  EXPECT_EQ(error_of(R"({"latency": "fast"})"),
            "/protection/latency: expected one of simulated, wall_clock, got \"fast\"");
  EXPECT_EQ(error_of(R"({"quantization_bits": 20})"), "/protection/quantization_bits: expected an integer <= 16, got 20");
  EXPECT_EQ(error_of(R"([1])"), "/protection: expected an object, got an array");
}

}  // namespace
}  // namespace snnft::neuromorphic
