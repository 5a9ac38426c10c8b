// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>

#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/breaker/state.hpp"

namespace snnft::breaker {

/// What a BreakerEvent reports.
enum class EventKind : std::uint8_t {
  kStateTransition,
  kSuccess,
  kFailure,       ///< includes timeouts, which also produce kTimeout
  kTimeout,
  kRejected,
  kIgnoredError,
  kFallback,      ///< a fallback served the call
  kTriggerFired,  ///< an external trigger's bound was violated often enough to trip
};
std::string_view to_string(EventKind kind) noexcept;

/// One event. The string views point into the breaker and are valid only during the
/// listener call; copy them to keep them.
struct BreakerEvent {
  EventKind kind = EventKind::kStateTransition;
  std::string_view breaker{};
  std::int64_t time_ns = 0;
  BreakerState from = BreakerState::kClosed;  ///< transitions only
  BreakerState to = BreakerState::kClosed;    ///< transitions; otherwise the current state
  TransitionReason reason = TransitionReason::kOperator;  ///< transitions only
  std::string_view detail{};  ///< trigger or fallback name, when there is one
  Nanos latency{0};         ///< call events, when measured
};

/// A listener runs on the thread that caused the event, after the breaker has released every
/// lock, so it may call back into the breaker. Events of different threads may arrive out of
/// order; transitions carry `from` so that a listener can tell.
using Listener = std::function<void(const BreakerEvent&)>;
using ListenerId = std::uint64_t;

}  // namespace snnft::breaker
