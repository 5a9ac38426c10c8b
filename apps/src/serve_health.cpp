// SPDX-License-Identifier: MIT
// /health: one JSON object an operator's probe can act on.
#include <cmath>
#include <nlohmann/json.hpp>

#include "snnft/apps/serve_render.hpp"

namespace snnft::apps {

namespace {

nlohmann::json number_or_null(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }

/// The system breaker's state as a circuit state: "closed", "open", "half_open", "degraded".
std::string_view circuit_state(neuromorphic::SystemState s) {
  switch (s) {
    case neuromorphic::SystemState::kClosed: return "closed";
    case neuromorphic::SystemState::kOpen: return "open";
    case neuromorphic::SystemState::kHalfOpen: return "half_open";
    case neuromorphic::SystemState::kDegraded: return "degraded";
  }
  return "closed";
}

}  // namespace

std::string_view health_status(const RunStatus& s) {
  if (!s.protection) return "healthy";
  using neuromorphic::LadderLevel;
  using neuromorphic::SystemState;
  // Emergency: the spiking network no longer answers at all.
  if (s.level == LadderLevel::kEmergency || s.system_state == SystemState::kOpen) return "unhealthy";
  bool probing = s.system_state == SystemState::kHalfOpen, isolated = false;
  for (const ColumnStatus& c : s.columns) {
    probing = probing || c.state == breaker::BreakerState::kHalfOpen;
    isolated = isolated || c.state != breaker::BreakerState::kClosed;
  }
  if (probing) return "recovering";
  if (s.level != LadderLevel::kNormal || s.system_state == SystemState::kDegraded || isolated) return "degraded";
  return "healthy";
}

HealthReply health_reply(const RunStatus& s, double wall_s) {
  const std::string_view status = health_status(s);
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < s.columns.size(); ++k) {
    const ColumnStatus& c = s.columns[k];
    columns.push_back({{"column", k},
                       {"circuit_state", breaker::to_string(c.state)},
                       {"health_score", number_or_null(c.health)},
                       {"ran", c.ran},
                       {"voted", c.voted},
                       {"failed_checks", neuromorphic::describe(c.signatures)},
                       {"quarantined_neurons", c.quarantined_neurons},
                       {"isolations", c.isolations},
                       {"readmissions", c.readmissions}});
  }
  const nlohmann::ordered_json body = {
      {"status", status},
      {"circuit_state", circuit_state(s.system_state)},
      {"health_score", number_or_null(s.health_score)},
      {"ladder_level", neuromorphic::to_string(s.level)},
      {"recent_errors", s.recent_errors},
      {"fallback_active", s.last_source == neuromorphic::AnswerSource::kFallback},
      {"protection", s.protection},
      {"phase", to_string(s.phase)},
      {"progress", {{"unit", s.unit}, {"done", s.done}, {"total", s.total}}},
      {"wall_s", wall_s},
      {"columns", columns}};
  return {status == "unhealthy" ? 503 : 200, body.dump()};
}

}  // namespace snnft::apps
