// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/events.hpp"

namespace snnft::breaker {

std::string_view to_string(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::kStateTransition: return "state_transition";
    case EventKind::kSuccess: return "success";
    case EventKind::kFailure: return "failure";
    case EventKind::kTimeout: return "timeout";
    case EventKind::kRejected: return "rejected";
    case EventKind::kIgnoredError: return "ignored_error";
    case EventKind::kFallback: return "fallback";
    case EventKind::kTriggerFired: return "trigger_fired";
  }
  return "unknown";
}

}  // namespace snnft::breaker
