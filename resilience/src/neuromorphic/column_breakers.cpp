// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/column_breakers.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "cache_prefetch.hpp"

namespace snnft::neuromorphic {

void validate(const ColumnBreakerSettings& s) {
  auto fail = [](const std::string& field, const std::string& problem) {
    throw std::invalid_argument(field + ": " + problem);
  };
  if (s.consecutive_failures == 0 && s.failure_rate == 0.0) {
    fail("consecutive_failures", "at least one of consecutive_failures and failure_rate must be on");
  }
  if (!(s.failure_rate >= 0.0 && s.failure_rate <= 1.0)) fail("failure_rate", "expected a number in [0, 1]");
  if (s.window_trials < 1 || s.window_trials > breaker::kMaxWindowSize) fail("window_trials", "expected an integer >= 1");
  if (s.break_trials < 1) fail("break_trials", "expected an integer >= 1");
  if (!(s.backoff_multiplier >= 1.0) || !std::isfinite(s.backoff_multiplier)) {
    fail("backoff_multiplier", "expected a number >= 1");
  }
  if (s.max_break_trials < s.break_trials) fail("max_break_trials", "must be at least break_trials");
  if (s.probe_trials < 1 || s.probe_trials > breaker::kMaxHalfOpenTrials) {
    fail("probe_trials", "expected an integer in [1, " + std::to_string(breaker::kMaxHalfOpenTrials) + "]");
  }
}

breaker::BreakerConfig to_breaker_config(const ColumnBreakerSettings& s) {
  validate(s);
  breaker::BreakerConfig c;
  c.consecutive_failures = s.consecutive_failures;
  c.failure_rate_threshold = s.failure_rate;
  c.window_kind = breaker::WindowKind::kCount;
  c.window_size = s.window_trials;
  c.minimum_calls = s.window_trials;
  c.permitted_calls_in_half_open = s.probe_trials;
  c.half_open_success_rule = breaker::HalfOpenSuccessRule::kConsecutiveSuccesses;
  c.half_open_consecutive_successes = s.probe_trials;
  c.half_open_failure_rule = breaker::HalfOpenFailureRule::kAnyFailure;
  // Probes always report within their trial; the max wait only guards against a caller that
  // stops reporting, so make it long.
  c.max_wait_in_half_open = breaker::Nanos(std::int64_t{1} << 40);
  c.break_duration = breaker::Nanos(s.break_trials);
  c.backoff = s.backoff_multiplier > 1.0 ? breaker::Backoff::kExponential : breaker::Backoff::kFixed;
  c.backoff_multiplier = s.backoff_multiplier > 1.0 ? s.backoff_multiplier : 2.0;
  c.max_break_duration = breaker::Nanos(s.max_break_trials);
  c.backoff_memory = breaker::Nanos(s.backoff_memory_trials);
  return c;
}

ColumnBreakers::ColumnBreakers(std::size_t columns, const ColumnBreakerSettings& settings)
    : clock_(std::make_shared<breaker::ManualClock>(0)),
      columns_(columns),
      mask_(columns, 0),
      consecutive_failures_rule_(settings.consecutive_failures),
      window_trials_(settings.window_trials) {
  const breaker::BreakerConfig config = to_breaker_config(settings);
  for (std::size_t k = 0; k < columns; ++k) {
    breakers_.push_back(std::make_unique<breaker::CircuitBreaker>("column" + std::to_string(k), config, clock_));
  }
}

void ColumnBreakers::notify(std::size_t k, breaker::BreakerState from) {
  using breaker::BreakerState;
  const BreakerState to = breakers_[k]->peek_state();
  if (to == from || !listener_) return;
  std::string_view reason = "operator";
  if (from == BreakerState::kClosed && to == BreakerState::kOpen) {
    const std::uint32_t run = breakers_[k]->metrics().consecutive_failures;
    reason = consecutive_failures_rule_ > 0 && run >= consecutive_failures_rule_ ? "consecutive_failures" : "failure_rate";
  } else if (from == BreakerState::kOpen && to == BreakerState::kHalfOpen) {
    reason = "break_elapsed";
  } else if (from == BreakerState::kHalfOpen && to == BreakerState::kClosed) {
    reason = "trials_succeeded";
  } else if (from == BreakerState::kHalfOpen && to == BreakerState::kOpen) {
    reason = "trials_failed";
  }
  listener_(k, from, to, reason);
}

bool ColumnBreakers::acquire(std::size_t k) {
  breaker::CircuitBreaker& b = *breakers_[k];
  breaker::Permit& p = columns_[k].permit;
  const breaker::BreakerState before = b.peek_state();
  p = b.try_acquire();
  mask_[k] = p.kind == breaker::Permit::Kind::kClosed ? 0 : 1;
  if (b.peek_state() != before) notify(k, before);
  return p.granted();
}

void ColumnBreakers::report_to_breaker(std::size_t k, bool healthy) {
  ColumnSlot& c = columns_[k];
  breaker::Permit& p = c.permit;
  if (!p.granted()) return;
  const bool closed = p.kind == breaker::Permit::Kind::kClosed;
  const breaker::BreakerState before = breakers_[k]->peek_state();
  if (healthy) {
    breakers_[k]->on_success(p);
  } else {
    breakers_[k]->on_failure(p);
  }
  if (healthy && closed) {
    c.clean_run = c.clean_generation == p.generation ? c.clean_run + 1 : 1;
    c.clean_generation = p.generation;
  } else {
    c.clean_run = 0;
  }
  p = breaker::Permit{};
  notify(k, before);
}

void ColumnBreakers::prefetch(std::size_t k) const {
  prefetch_bytes(&columns_[k], sizeof(ColumnSlot));
  // The state word and the line after it, which report() and state() read.
  prefetch_bytes(breakers_[k].get(), 128);
}

void ColumnBreakers::release(std::size_t k) {
  breaker::Permit& p = columns_[k].permit;
  if (!p.granted()) return;
  breakers_[k]->release(p);
  p = breaker::Permit{};
}

}  // namespace snnft::neuromorphic
