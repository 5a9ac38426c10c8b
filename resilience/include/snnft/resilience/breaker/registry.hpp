// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::breaker {

/// Overall health of the breakers in a registry.
enum class Health : std::uint8_t {
  kHealthy,    ///< no breaker is open, forced open or half-open
  kDegraded,   ///< some are
  kUnhealthy,  ///< every breaker is open or forced open
};
std::string_view to_string(Health health) noexcept;

/// Summary for a health endpoint.
struct HealthStatus {
  Health overall = Health::kHealthy;
  std::array<std::size_t, kStateCount> count_by_state{};  ///< indexed by BreakerState
  std::vector<std::string> not_closed;                   ///< names of breakers not closed or disabled
};

/// One breaker's metrics with its name.
struct NamedMetrics {
  std::string name;
  BreakerMetrics metrics;
};

/// Named breakers sharing a clock, safe to use from many threads. Breakers are handed out as
/// shared_ptr, so one stays valid for its holders even after remove().
class BreakerRegistry {
 public:
  explicit BreakerRegistry(BreakerConfig default_config = {},
                           std::shared_ptr<const Clock> clock = SystemClock::shared());

  /// The breaker called `name`, or null.
  [[nodiscard]] std::shared_ptr<CircuitBreaker> get(std::string_view name) const;
  /// The breaker called `name`, created with the default configuration if it does not exist.
  std::shared_ptr<CircuitBreaker> get_or_create(std::string_view name);
  /// As above, but a new breaker gets `config` (an existing one keeps its own).
  std::shared_ptr<CircuitBreaker> get_or_create(std::string_view name, const BreakerConfig& config);
  bool remove(std::string_view name);

  /// Names in lexicographic order.
  [[nodiscard]] std::vector<std::string> list() const;
  [[nodiscard]] std::size_t size() const;
  /// Metrics of every breaker, in name order.
  [[nodiscard]] std::vector<NamedMetrics> all_metrics() const;
  /// Applies due timed transitions, then summarises the states.
  HealthStatus health_status();
  /// Applies due timed transitions in every breaker (see CircuitBreaker::poll).
  void poll_all();

  /// Adds `listener` to every breaker, present and future.
  void add_listener_to_all(Listener listener);

  [[nodiscard]] const std::shared_ptr<const Clock>& clock() const noexcept { return clock_; }
  [[nodiscard]] const BreakerConfig& default_config() const noexcept { return default_config_; }

 private:
  [[nodiscard]] std::vector<std::shared_ptr<CircuitBreaker>> breakers() const;

  BreakerConfig default_config_;
  std::shared_ptr<const Clock> clock_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<CircuitBreaker>, std::less<>> breakers_;
  std::vector<Listener> listeners_;
};

}  // namespace snnft::breaker
