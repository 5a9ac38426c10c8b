// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/breaker_config.hpp"

#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace snnft::breaker {

namespace {

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

std::optional<ConfigProblem> rate_problem(const char* field, double x, bool allow_zero) {
  const bool ok = std::isfinite(x) && x <= 1.0 && (allow_zero ? x >= 0.0 : x > 0.0);
  if (ok) return std::nullopt;
  return ConfigProblem{field, std::string("expected a number in ") + (allow_zero ? "[0, 1]" : "(0, 1]") +
                                  ", got " + number_text(x)};
}

std::optional<ConfigProblem> duration_problem(const char* field, Nanos d, bool allow_zero) {
  if (d.count() > 0 || (allow_zero && d.count() == 0)) return std::nullopt;
  return ConfigProblem{field, std::string("expected a ") + (allow_zero ? "non-negative" : "positive") +
                                  " duration, got " + number_text(static_cast<double>(d.count()) * 1e-6) +
                                  " ms"};
}

}  // namespace

std::optional<ConfigProblem> find_problem(const BreakerConfig& c) {
  if (auto p = rate_problem("failure_rate_threshold", c.failure_rate_threshold, true)) return p;
  if (c.minimum_calls < 1) return ConfigProblem{"minimum_calls", "expected an integer >= 1, got 0"};
  if (c.window_kind == WindowKind::kCount) {
    if (c.window_size < 1 || c.window_size > kMaxWindowSize) {
      return ConfigProblem{"window_size", "expected an integer in [1, " + std::to_string(kMaxWindowSize) +
                                              "], got " + std::to_string(c.window_size)};
    }
    if (c.minimum_calls > c.window_size && (c.failure_rate_threshold > 0 || c.slow_call_threshold.count() > 0)) {
      return ConfigProblem{"minimum_calls", "must not exceed window_size (" + std::to_string(c.window_size) +
                                                "), got " + std::to_string(c.minimum_calls)};
    }
  } else {
    if (auto p = duration_problem("window_duration_ms", c.window_duration, false)) return p;
    if (c.window_buckets < 1 || c.window_buckets > 3600) {
      return ConfigProblem{"window_buckets", "expected an integer in [1, 3600], got " +
                                                 std::to_string(c.window_buckets)};
    }
    if (c.window_duration.count() / c.window_buckets < 1) {
      return ConfigProblem{"window_buckets", "buckets would be shorter than 1 ns"};
    }
  }
  if (auto p = duration_problem("slow_call_threshold_ms", c.slow_call_threshold, true)) return p;
  if (c.failure_count_threshold > 0) {
    if (auto p = duration_problem("failure_count_period_ms", c.failure_count_period, false)) return p;
    if (c.failure_count_period.count() < kFailureCountBuckets) {
      return ConfigProblem{"failure_count_period_ms", "buckets would be shorter than 1 ns"};
    }
  }
  if (auto p = rate_problem("slow_call_rate_threshold", c.slow_call_rate_threshold, false)) return p;

  const std::uint32_t permitted = c.permitted_calls_in_half_open;
  if (permitted < 1 || permitted > kMaxHalfOpenTrials) {
    return ConfigProblem{"permitted_calls_in_half_open", "expected an integer in [1, " +
                                                             std::to_string(kMaxHalfOpenTrials) + "], got " +
                                                             std::to_string(permitted)};
  }
  if (c.half_open_success_rule == HalfOpenSuccessRule::kConsecutiveSuccesses &&
      (c.half_open_consecutive_successes < 1 || c.half_open_consecutive_successes > permitted)) {
    return ConfigProblem{"half_open_consecutive_successes",
                         "expected an integer in [1, permitted_calls_in_half_open = " + std::to_string(permitted) +
                             "], got " + std::to_string(c.half_open_consecutive_successes)};
  }
  if (auto p = rate_problem("half_open_success_rate", c.half_open_success_rate, false)) return p;
  if (auto p = rate_problem("half_open_failure_rate", c.half_open_failure_rate, false)) return p;
  if (auto p = duration_problem("max_wait_in_half_open_ms", c.max_wait_in_half_open, false)) return p;

  if (auto p = duration_problem("break_duration_ms", c.break_duration, false)) return p;
  if (!std::isfinite(c.backoff_multiplier) || c.backoff_multiplier < 1.0) {
    return ConfigProblem{"backoff_multiplier", "expected a number >= 1, got " + number_text(c.backoff_multiplier)};
  }
  if (c.max_break_duration < c.break_duration) {
    return ConfigProblem{"max_break_duration_ms", "must be at least break_duration_ms"};
  }
  if (auto p = duration_problem("backoff_memory_ms", c.backoff_memory, true)) return p;
  if (auto p = rate_problem("jitter", c.jitter, true)) return p;
  if (c.jitter >= 1.0) return ConfigProblem{"jitter", "expected a number in [0, 1), got 1"};

  std::set<std::string> names;
  for (std::size_t i = 0; i < c.triggers.size(); ++i) {
    const auto& t = c.triggers[i];
    const std::string field = "triggers/" + std::to_string(i);
    if (t.name.empty()) return ConfigProblem{field + "/name", "expected a non-empty name"};
    if (!names.insert(t.name).second) return ConfigProblem{field + "/name", "duplicate trigger \"" + t.name + "\""};
    if (!std::isfinite(t.bound)) return ConfigProblem{field + "/bound", "expected a finite number"};
    if (t.consecutive_samples < 1) {
      return ConfigProblem{field + "/consecutive_samples", "expected an integer >= 1, got 0"};
    }
  }
  return std::nullopt;
}

void validate(const BreakerConfig& config) {
  if (auto p = find_problem(config)) throw std::invalid_argument(p->field + ": " + p->message);
}

BreakerConfig development_profile() {
  BreakerConfig c;
  c.consecutive_failures = 3;
  c.failure_rate_threshold = 0.5;
  c.minimum_calls = 5;
  c.window_size = 20;
  c.permitted_calls_in_half_open = 1;
  c.half_open_consecutive_successes = 1;
  c.max_wait_in_half_open = std::chrono::seconds(5);
  c.break_duration = std::chrono::seconds(1);
  c.max_break_duration = std::chrono::seconds(5);
  c.record_latency = true;
  return c;
}

BreakerConfig production_profile() {
  BreakerConfig c;
  c.consecutive_failures = 0;
  c.failure_rate_threshold = 0.5;
  c.minimum_calls = 20;
  c.window_size = 100;
  c.slow_call_threshold = std::chrono::seconds(2);
  c.slow_call_rate_threshold = 0.8;
  c.permitted_calls_in_half_open = 5;
  c.half_open_success_rule = HalfOpenSuccessRule::kSuccessRate;
  c.half_open_success_rate = 0.8;
  c.half_open_failure_rule = HalfOpenFailureRule::kFailureRate;
  c.half_open_failure_rate = 0.4;
  c.max_wait_in_half_open = std::chrono::seconds(30);
  c.break_duration = std::chrono::seconds(10);
  c.backoff = Backoff::kExponential;
  c.backoff_multiplier = 2.0;
  c.max_break_duration = std::chrono::minutes(5);
  c.jitter = 0.1;
  c.record_latency = true;
  return c;
}

}  // namespace snnft::breaker
