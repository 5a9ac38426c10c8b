// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "snnft/apps/run_status.hpp"
#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::apps {

/// The run's metrics in the Prometheus text format 0.0.4: every family with its HELP and
/// TYPE lines, counters named *_total, per-column samples labelled column="k". `wall_s` is
/// the run's elapsed time at the scrape. With a registry, its breakers follow in the breaker
/// library's own exposition (snnft_breaker_*).
std::string metrics_text(const RunStatus& status, double wall_s, const breaker::BreakerRegistry* registry = nullptr);

/// "healthy", "degraded", "recovering" or "unhealthy", from the ladder rung, the system
/// breaker and the column breakers (a run without protection is healthy).
std::string_view health_status(const RunStatus& status);

/// The /health reply: HTTP 200 while healthy, degraded or recovering, 503 when unhealthy.
struct HealthReply {
  int http_status;
  std::string body;  ///< JSON
};
HealthReply health_reply(const RunStatus& status, double wall_s);

}  // namespace snnft::apps
