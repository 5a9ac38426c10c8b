// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/call_result.hpp"

namespace snnft::breaker {

std::string_view to_string(CallStatus status) noexcept {
  switch (status) {
    case CallStatus::kSuccess: return "success";
    case CallStatus::kFailure: return "failure";
    case CallStatus::kRejected: return "rejected";
    case CallStatus::kTimedOut: return "timed_out";
    case CallStatus::kIgnoredError: return "ignored_error";
  }
  return "unknown";
}

}  // namespace snnft::breaker
