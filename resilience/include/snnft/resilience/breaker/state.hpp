// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace snnft::breaker {

/// Breaker states. The numeric values are those of the `snnft_breaker_state` gauge.
enum class BreakerState : std::uint8_t {
  kClosed = 0,      ///< calls pass; outcomes are recorded and the trip rules evaluated
  kOpen = 1,        ///< calls are rejected until the break duration has elapsed
  kHalfOpen = 2,    ///< a fixed number of trial calls decide between Closed and Open
  kForcedOpen = 3,  ///< an operator holds the breaker open; only an operator releases it
  kDisabled = 4,    ///< calls always pass and are counted, but no rule ever trips
  kMetricsOnly = 5,  ///< calls always pass; outcomes fill the windows and metrics, but no rule trips
};
inline constexpr int kStateCount = 6;

/// Why a transition happened; carried by transition events.
enum class TransitionReason : std::uint8_t {
  kConsecutiveFailures,  ///< Closed -> Open
  kFailureRate,          ///< Closed -> Open
  kSlowCallRate,         ///< Closed -> Open, or HalfOpen -> Open when the trials were too slow
  kFailureCount,         ///< Closed -> Open: N failures within the failure-count period
  kTrigger,              ///< Closed/HalfOpen -> Open by an external signal
  kBreakElapsed,         ///< Open -> HalfOpen
  kTrialsSucceeded,      ///< HalfOpen -> Closed
  kTrialsFailed,         ///< HalfOpen -> Open
  kHalfOpenMaxWait,      ///< HalfOpen -> Open: trials did not report back in time
  kOperator,             ///< force_open / force_close / disable / metrics_only
  kReset,                ///< reset()
  kRestore,              ///< restore() from a snapshot
};

/// Lower-case name used in metrics labels and JSON ("closed", "half_open", ...).
std::string_view to_string(BreakerState state) noexcept;
std::string_view to_string(TransitionReason reason) noexcept;
/// Inverse of to_string(BreakerState).
std::optional<BreakerState> parse_state(std::string_view name) noexcept;

}  // namespace snnft::breaker
