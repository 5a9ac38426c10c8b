// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/clock.hpp"

namespace snnft::breaker {

std::int64_t SystemClock::now_ns() const noexcept {
  return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::shared_ptr<const Clock> SystemClock::shared() {
  static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace snnft::breaker
