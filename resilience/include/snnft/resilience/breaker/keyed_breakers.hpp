// SPDX-License-Identifier: MIT
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::breaker {

/// How a breaker's health score weighs latency and recent failures.
struct HealthWeights {
  Nanos latency_scale = std::chrono::milliseconds(100);  ///< mean latency that halves the score
  Nanos recency_scale = std::chrono::seconds(60);        ///< how long a failure keeps lowering it
  double half_open_factor = 0.5;                         ///< a half-open breaker is a weaker choice
};

/// Health score in [0, 1] of one breaker, the product of four factors:
///   state     1 closed, disabled or metrics-only, `half_open_factor` half-open, 0 open or forced open;
///   success   (successes + 1) / (calls + 2) over the current window (Laplace's rule, so an
///             unused breaker scores 1/2 and evidence moves it either way);
///   latency   1 / (1 + mean latency / latency_scale), 1 if never measured;
///   recency   1 - exp(-t / recency_scale) / 2, t the time since the last failure (1 if none).
double health_score(const BreakerMetrics& metrics, std::int64_t now_ns, const HealthWeights& weights);

/// One breaker per key (peer, column, resource), so a failing key cannot trip the others, and
/// a choice of the healthiest among alternative keys. The breakers live in a registry under
/// "<prefix>/<key>", so they are exported like any other.
class KeyedBreakers {
 public:
  KeyedBreakers(BreakerRegistry& registry, std::string prefix, BreakerConfig config, HealthWeights weights = {});

  /// The breaker of `key`, created on first use.
  CircuitBreaker& for_key(std::string_view key);
  [[nodiscard]] std::string breaker_name(std::string_view key) const;
  /// health_score() of the key's breaker (applying due timed transitions first).
  double score(std::string_view key);
  /// The candidate with the highest positive score (the first on ties), or none if every
  /// candidate is open.
  std::optional<std::string> healthiest(std::span<const std::string> candidates);

 private:
  BreakerRegistry& registry_;
  std::string prefix_;
  BreakerConfig config_;
  HealthWeights weights_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<CircuitBreaker>, std::less<>> by_key_;
};

}  // namespace snnft::breaker
