// SPDX-License-Identifier: MIT
// Shared helpers of the breaker tests: a manual clock, calls that succeed or fail, and a
// listener that records transitions.
#pragma once
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::breaker::testing {

using namespace std::chrono_literals;

struct ServiceError : std::runtime_error {
  ServiceError() : std::runtime_error("service failed") {}
};

inline CallStatus succeed(CircuitBreaker& b) {
  return b.call([] { return 1; }).status();
}
inline CallStatus fail(CircuitBreaker& b) {
  return b.call([]() -> int { throw ServiceError(); }).status();
}
/// A call that takes `latency` on the manual clock.
inline CallStatus succeed_after(CircuitBreaker& b, ManualClock& clock, Nanos latency) {
  return b.call([&] { clock.advance(latency); }).status();
}

/// A classifier for which std::invalid_argument is the caller's mistake (ignored) and every
/// other exception a failure of the service.
inline ErrorKind invalid_argument_is_ignored(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::invalid_argument&) {
    return ErrorKind::kIgnore;
  } catch (...) {
    return ErrorKind::kFailure;
  }
}

/// A breaker on a manual clock starting at t = 1 s.
struct Fixture {
  explicit Fixture(BreakerConfig config, std::string name = "svc")
      : clock(std::make_shared<ManualClock>(1'000'000'000)),
        breaker(std::make_unique<CircuitBreaker>(std::move(name), std::move(config), clock)) {}
  std::shared_ptr<ManualClock> clock;
  std::unique_ptr<CircuitBreaker> breaker;
};

/// Records every transition as "from->to:reason".
class TransitionLog {
 public:
  explicit TransitionLog(CircuitBreaker& b) {
    b.add_listener([this](const BreakerEvent& e) {
      if (e.kind != EventKind::kStateTransition) return;
      std::lock_guard lock(mutex_);
      lines_.push_back(std::string(to_string(e.from)) + "->" + std::string(to_string(e.to)) + ":" +
                       std::string(to_string(e.reason)));
    });
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

/// A configuration with only the consecutive-failure rule and a fixed 10 s break.
inline BreakerConfig consecutive_config(std::uint32_t failures) {
  BreakerConfig c;
  c.consecutive_failures = failures;
  c.failure_rate_threshold = 0.0;
  c.break_duration = 10s;
  c.permitted_calls_in_half_open = 2;
  c.half_open_consecutive_successes = 2;
  c.max_wait_in_half_open = 5s;
  return c;
}

/// `c` with the windowed failure-rate rule: trip once `threshold` of the last `window_size`
/// calls failed, counted only when the window holds at least `minimum_calls`.
inline BreakerConfig with_failure_rate(BreakerConfig c, double threshold, std::uint32_t minimum_calls,
                                       std::uint32_t window_size) {
  c.failure_rate_threshold = threshold;
  c.minimum_calls = minimum_calls;
  c.window_size = window_size;
  return c;
}

}  // namespace snnft::breaker::testing
