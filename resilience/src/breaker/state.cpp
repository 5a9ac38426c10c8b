// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/state.hpp"

#include <array>

namespace snnft::breaker {

namespace {
constexpr std::array<std::string_view, kStateCount> kStateNames = {"closed",      "open",     "half_open",
                                                                    "forced_open", "disabled", "metrics_only"};
}  // namespace

std::string_view to_string(BreakerState state) noexcept {
  const auto i = static_cast<std::size_t>(state);
  return i < kStateNames.size() ? kStateNames[i] : "unknown";
}

std::string_view to_string(TransitionReason reason) noexcept {
  switch (reason) {
    case TransitionReason::kConsecutiveFailures: return "consecutive_failures";
    case TransitionReason::kFailureRate: return "failure_rate";
    case TransitionReason::kSlowCallRate: return "slow_call_rate";
    case TransitionReason::kFailureCount: return "failure_count";
    case TransitionReason::kTrigger: return "trigger";
    case TransitionReason::kBreakElapsed: return "break_elapsed";
    case TransitionReason::kTrialsSucceeded: return "trials_succeeded";
    case TransitionReason::kTrialsFailed: return "trials_failed";
    case TransitionReason::kHalfOpenMaxWait: return "half_open_max_wait";
    case TransitionReason::kOperator: return "operator";
    case TransitionReason::kReset: return "reset";
    case TransitionReason::kRestore: return "restore";
  }
  return "unknown";
}

std::optional<BreakerState> parse_state(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<BreakerState>(i);
  }
  return std::nullopt;
}

}  // namespace snnft::breaker
