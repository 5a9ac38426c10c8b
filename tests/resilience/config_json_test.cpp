// SPDX-License-Identifier: MIT
// Breaker configuration profiles from JSON: values, inheritance and errors with JSON paths.
#include <gtest/gtest.h>

#include <fstream>

#include "config_error_of.hpp"
#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/config_json.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

using snnft::test::config_error_of;

TEST(BreakerConfigJson, ReadsEveryFieldWithUnits) {
  const auto j = nlohmann::json::parse(R"({
    "consecutive_failures": 4, "failure_rate_threshold": 0.25, "minimum_calls": 8,
    "window_kind": "time", "window_duration_ms": 30000, "window_buckets": 6, "window_size": 50,
    "slow_call_threshold_ms": 1500.5, "slow_call_rate_threshold": 0.75,
    "failure_count_threshold": 5, "failure_count_period_ms": 2000, "failure_count_minimum_calls": 20,
    "permitted_calls_in_half_open": 4, "half_open_success_rule": "rate", "half_open_success_rate": 0.75,
    "half_open_consecutive_successes": 2, "half_open_failure_rule": "rate", "half_open_failure_rate": 0.5,
    "max_wait_in_half_open_ms": 20000, "automatic_half_open": true,
    "break_duration_ms": 500, "backoff": "exponential", "backoff_multiplier": 1.5,
    "max_break_duration_ms": 60000, "backoff_memory_ms": 120000, "jitter": 0.1, "jitter_seed": 17, "record_latency": true,
    "triggers": [{"name": "loss_rate", "when": "above", "bound": 0.05},
                 {"name": "reliability", "when": "below", "bound": 0.9, "consecutive_samples": 3}]
  })");
  const BreakerConfig c = parse_breaker_config(j, "");
  EXPECT_EQ(c.consecutive_failures, 4u);
  EXPECT_EQ(c.failure_rate_threshold, 0.25);
  EXPECT_EQ(c.window_kind, WindowKind::kTime);
  EXPECT_EQ(c.window_duration, 30s);
  EXPECT_EQ(c.window_buckets, 6u);
  EXPECT_EQ(c.slow_call_threshold, 1500500us);
  EXPECT_EQ(c.failure_count_threshold, 5u);
  EXPECT_EQ(c.failure_count_period, 2s);
  EXPECT_EQ(c.failure_count_minimum_calls, 20u);
  EXPECT_EQ(c.half_open_success_rule, HalfOpenSuccessRule::kSuccessRate);
  EXPECT_EQ(c.half_open_failure_rule, HalfOpenFailureRule::kFailureRate);
  EXPECT_EQ(c.max_wait_in_half_open, 20s);
  EXPECT_TRUE(c.automatic_half_open);
  EXPECT_EQ(c.break_duration, 500ms);
  EXPECT_EQ(c.backoff, Backoff::kExponential);
  EXPECT_EQ(c.backoff_multiplier, 1.5);
  EXPECT_EQ(c.max_break_duration, 60s);
  EXPECT_EQ(c.backoff_memory, 120s);
  EXPECT_EQ(c.jitter_seed, 17u);
  ASSERT_EQ(c.triggers.size(), 2u);
  EXPECT_EQ(c.triggers[1].name, "reliability");
  EXPECT_EQ(c.triggers[1].when, TriggerWhen::kBelow);
  EXPECT_EQ(c.triggers[1].consecutive_samples, 3u);
  EXPECT_EQ(c.triggers[0].consecutive_samples, 1u);
}

TEST(BreakerConfigJson, ErrorsNameTheJsonPath) {
  const auto parse = [](const std::string& text) {
    return config_error_of([&] { parse_breaker_profiles(nlohmann::json::parse(text)); });
  };
  EXPECT_EQ(parse(R"({"profiles": {"production": {"break_duration_ms": -5}}})"),
            "/profiles/production/break_duration_ms: expected a positive number, got -5");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"break_duration": 5}}})"), "/profiles/p/break_duration: unknown key");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"backoff_memory_ms": -1}}})"),
            "/profiles/p/backoff_memory_ms: expected a non-negative number, got -1");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"failure_rate_threshold": 50}}})"),
            "/profiles/p/failure_rate_threshold: expected a number in [0, 1], got 50");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"backoff": "linear"}}})"),
            "/profiles/p/backoff: expected one of fixed, exponential, got \"linear\"");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"permitted_calls_in_half_open": 2, "half_open_consecutive_successes": 3}}})"),
            "/profiles/p/half_open_consecutive_successes: expected an integer in [1, "
            "permitted_calls_in_half_open = 2], got 3");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"triggers": [{"name": "x", "bound": 1}, {"name": "x", "bound": 2}]}}})"),
            "/profiles/p/triggers/1/name: duplicate trigger \"x\"");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"triggers": [{"name": "x", "bound": 1, "above": 2}]}}})"),
            "/profiles/p/triggers/0/above: unknown key");
  EXPECT_EQ(parse(R"({"profiles": {"p": {"permitted_calls_in_half_open": 600}}})"),
            "/profiles/p/permitted_calls_in_half_open: expected an integer <= 511, got 600");
  EXPECT_EQ(parse(R"({"profiles": {"a": {"extends": "b"}, "b": {"extends": "a"}}})"),
            "/profiles/a/extends: profiles extend each other in a cycle");
  EXPECT_EQ(parse(R"({"profiles": {"a": {"extends": "nope"}}})"), "/profiles/a/extends: no profile named \"nope\"");
  EXPECT_EQ(parse(R"({"profile": {}})"), "/profiles: missing required field");
  EXPECT_EQ(parse(R"({"profiles": []})"), "/profiles: expected an object, got an array");
}

TEST(BreakerConfigJson, ProfilesInheritAndOverride) {
  const auto profiles = parse_breaker_profiles(nlohmann::json::parse(R"({"profiles": {
    "production": {"extends": "base", "break_duration_ms": 30000},
    "base": {"consecutive_failures": 5, "break_duration_ms": 1000, "record_latency": true}
  }})"));
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles.at("base").break_duration, 1s);
  EXPECT_EQ(profiles.at("production").break_duration, 30s);
  EXPECT_EQ(profiles.at("production").consecutive_failures, 5u);
  EXPECT_TRUE(profiles.at("production").record_latency);
  EXPECT_EQ(profiles.at("production").window_size, BreakerConfig{}.window_size);  // untouched default
}

TEST(BreakerConfigJson, ShippedProfilesLoadAndBuildBreakers) {
  for (const char* name : {"development", "production", "latency_sensitive"}) {
    const BreakerConfig c = load_breaker_profile(SNNFT_DATA_DIR "/breaker/profiles.json", name);
    EXPECT_NO_THROW(CircuitBreaker(name, c)) << name;
  }
  EXPECT_EQ(config_error_of([] { load_breaker_profile(SNNFT_DATA_DIR "/breaker/profiles.json", "staging"); }),
            std::string(SNNFT_DATA_DIR "/breaker/profiles.json") +
                ": no profile \"staging\" (profiles: development, latency_sensitive, production)");
}

TEST(BreakerConfigJson, BuiltInProfilesAreValid) {
  EXPECT_FALSE(find_problem(development_profile()).has_value());
  EXPECT_FALSE(find_problem(production_profile()).has_value());
}

}  // namespace
}  // namespace snnft::breaker
