// SPDX-License-Identifier: MIT
// The part of `snnft breaker-demo` that shows the strategies beyond a single breaker: a real
// timeout on an executor, METRICS_ONLY, a shared named configuration with the failure-count
// rule, forwarding to the healthiest replica, queue-and-replay, and the health map.
#pragma once
#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::apps {

/// Prints each demonstration; deterministic (the simulated clock drives every rule, and the
/// one real timeout blocks on a latch rather than on time).
void show_breaker_strategies(breaker::BreakerRegistry& registry, breaker::ManualClock& clock);

}  // namespace snnft::apps
