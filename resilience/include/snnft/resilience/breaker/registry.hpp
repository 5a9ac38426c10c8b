// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
  std::vector<std::string> not_closed;  ///< names of breakers not closed, disabled or metrics-only
};

/// One breaker's metrics with its name.
struct NamedMetrics {
  std::string name;
  BreakerMetrics metrics;
};

/// One entry of a health map: what a dashboard or health endpoint shows per breaker.
struct BreakerHealth {
  BreakerState state = BreakerState::kClosed;
  double failure_rate = 0.0;    ///< failures / calls in the current window (0 while empty)
  double slow_call_rate = 0.0;  ///< slow calls / calls in the current window
  std::uint32_t window_calls = 0;
  std::int64_t last_transition_ns = 0;  ///< clock time of the last transition (creation if none)
  BreakerState last_transition_from = BreakerState::kClosed;
  std::optional<TransitionReason> last_transition_reason;  ///< none before the first transition
};
/// Breaker name -> health, in name order.
using HealthMap = std::map<std::string, BreakerHealth, std::less<>>;

/// Named breakers sharing a clock, safe to use from many threads. Breakers are handed out as
/// shared_ptr, so one stays valid for its holders even after remove(). Configurations can be
/// shared by name: a breaker created from a named configuration follows its changes.
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

  /// Adds or replaces the shared configuration `config_name` (throws std::invalid_argument if
  /// it is invalid). Every breaker created from it is reconfigured (update_config()).
  void set_config(std::string_view config_name, const BreakerConfig& config);
  /// The shared configuration `config_name`, if there is one.
  [[nodiscard]] std::optional<BreakerConfig> shared_config(std::string_view config_name) const;
  /// The breaker called `name`; if it does not exist, it is created from the shared
  /// configuration `config_name` (std::out_of_range if there is none) and follows it.
  std::shared_ptr<CircuitBreaker> get_or_create_from(std::string_view name, std::string_view config_name);

  /// Names in lexicographic order.
  [[nodiscard]] std::vector<std::string> list() const;
  [[nodiscard]] std::size_t size() const;
  /// Metrics of every breaker, in name order.
  [[nodiscard]] std::vector<NamedMetrics> all_metrics() const;
  /// Applies due timed transitions, then summarises the states.
  HealthStatus health_status();
  /// Applies due timed transitions, then reports every breaker's health.
  HealthMap health_map();
  /// Applies due timed transitions in every breaker (see CircuitBreaker::poll).
  void poll_all();

  /// Adds `listener` to every breaker, present and future.
  void add_listener_to_all(Listener listener);

  [[nodiscard]] const std::shared_ptr<const Clock>& clock() const noexcept { return clock_; }
  [[nodiscard]] const BreakerConfig& default_config() const noexcept { return default_config_; }

 private:
  [[nodiscard]] std::vector<std::shared_ptr<CircuitBreaker>> breakers() const;

  struct Entry {
    std::shared_ptr<CircuitBreaker> breaker;
    std::string config_name;  ///< the shared configuration it follows; empty for none
  };

  BreakerConfig default_config_;
  std::shared_ptr<const Clock> clock_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Entry, std::less<>> breakers_;
  std::map<std::string, BreakerConfig, std::less<>> shared_configs_;
  std::vector<Listener> listeners_;
};

}  // namespace snnft::breaker
