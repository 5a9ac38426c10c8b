// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/breaker/count_window.hpp"
#include "snnft/resilience/breaker/latency_histogram.hpp"
#include "snnft/resilience/breaker/state.hpp"

namespace snnft::breaker {

/// Counters of one breaker since creation or the last reset_metrics(). Timed-out calls are
/// also failed calls; slow calls are also successful or failed calls.
struct BreakerCounters {
  std::uint64_t successful = 0;
  std::uint64_t failed = 0;
  std::uint64_t rejected = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t slow = 0;
  std::uint64_t ignored = 0;       ///< exceptions the classifier ignored
  std::uint64_t fallbacks = 0;     ///< calls served by a fallback
  std::uint64_t trips = 0;         ///< Closed or HalfOpen -> Open by a rule or trigger
  std::array<std::uint64_t, kStateCount> transitions_to{};  ///< indexed by BreakerState

  /// Every call presented to the breaker.
  [[nodiscard]] std::uint64_t total() const noexcept { return successful + failed + rejected + ignored; }
};

/// A point-in-time view of one breaker, for dashboards, health checks and exporters.
struct BreakerMetrics {
  BreakerState state = BreakerState::kClosed;
  BreakerCounters counters;
  std::uint64_t times_opened = 0;       ///< transitions to Open (ForcedOpen not included)
  std::uint64_t times_half_opened = 0;  ///< transitions to HalfOpen
  Nanos time_open_total{0};             ///< time spent Open or ForcedOpen, including now
  Nanos time_in_state{0};
  /// Lifetime rates among recorded calls (successful + failed); 0 when there were none.
  double success_rate = 0.0;
  double failure_rate = 0.0;
  /// What the trip rules currently see.
  WindowTotals window;
  /// Rates in the current window (0 while it is empty).
  [[nodiscard]] double window_failure_rate() const noexcept {
    return window.calls > 0 ? static_cast<double>(window.failures) / window.calls : 0.0;
  }
  [[nodiscard]] double window_slow_call_rate() const noexcept {
    return window.calls > 0 ? static_cast<double>(window.slow) / window.calls : 0.0;
  }
  /// The last transition: when (the creation time if there was none), from where and why.
  std::int64_t last_transition_ns = 0;
  BreakerState last_transition_from = BreakerState::kClosed;
  std::optional<TransitionReason> last_transition_reason;
  std::uint32_t consecutive_failures = 0;
  std::uint32_t consecutive_trips = 0;  ///< the trip streak that drives backoff (see backoff_memory)
  std::int64_t last_failure_ns = -1;    ///< clock time of the last failure, -1 if none
  LatencySnapshot latency;
};

}  // namespace snnft::breaker
