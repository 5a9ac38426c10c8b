// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/registry.hpp"

#include <mutex>
#include <stdexcept>

namespace snnft::breaker {

std::string_view to_string(Health health) noexcept {
  switch (health) {
    case Health::kHealthy: return "healthy";
    case Health::kDegraded: return "degraded";
    case Health::kUnhealthy: return "unhealthy";
  }
  return "unknown";
}

BreakerRegistry::BreakerRegistry(BreakerConfig default_config, std::shared_ptr<const Clock> clock)
    : default_config_(std::move(default_config)), clock_(std::move(clock)) {
  validate(default_config_);
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get(std::string_view name) const {
  std::shared_lock lock(mutex_);
  const auto it = breakers_.find(name);
  return it == breakers_.end() ? nullptr : it->second.breaker;
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get_or_create(std::string_view name) {
  return get_or_create(name, default_config_);
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get_or_create(std::string_view name, const BreakerConfig& config) {
  if (auto existing = get(name)) return existing;
  // Build outside the lock (validation and allocation), then insert unless another thread won.
  auto created = std::make_shared<CircuitBreaker>(std::string(name), config, clock_);
  std::unique_lock lock(mutex_);
  const auto [it, inserted] = breakers_.try_emplace(std::string(name), Entry{created, {}});
  if (inserted) {
    for (const auto& l : listeners_) created->add_listener(l);
  }
  return it->second.breaker;
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get_or_create_from(std::string_view name,
                                                                    std::string_view config_name) {
  if (auto existing = get(name)) return existing;
  // Built under the lock, so that a concurrent set_config() either finds the new breaker or
  // happens before it reads the configuration.
  std::unique_lock lock(mutex_);
  if (const auto it = breakers_.find(name); it != breakers_.end()) return it->second.breaker;
  const auto shared = shared_configs_.find(config_name);
  if (shared == shared_configs_.end()) {
    throw std::out_of_range("breaker registry: no shared configuration named \"" + std::string(config_name) + "\"");
  }
  auto created = std::make_shared<CircuitBreaker>(std::string(name), shared->second, clock_);
  for (const auto& l : listeners_) created->add_listener(l);
  breakers_.emplace(std::string(name), Entry{created, std::string(config_name)});
  return created;
}

void BreakerRegistry::set_config(std::string_view config_name, const BreakerConfig& config) {
  validate(config);
  std::unique_lock lock(mutex_);
  shared_configs_.insert_or_assign(std::string(config_name), config);
  for (const auto& [name, entry] : breakers_) {
    if (entry.config_name == config_name) entry.breaker->update_config(config);
  }
}

std::optional<BreakerConfig> BreakerRegistry::shared_config(std::string_view config_name) const {
  std::shared_lock lock(mutex_);
  const auto it = shared_configs_.find(config_name);
  if (it == shared_configs_.end()) return std::nullopt;
  return it->second;
}

bool BreakerRegistry::remove(std::string_view name) {
  std::unique_lock lock(mutex_);
  const auto it = breakers_.find(name);
  if (it == breakers_.end()) return false;
  breakers_.erase(it);
  return true;
}

std::vector<std::string> BreakerRegistry::list() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  names.reserve(breakers_.size());
  for (const auto& [name, b] : breakers_) names.push_back(name);
  return names;
}

std::size_t BreakerRegistry::size() const {
  std::shared_lock lock(mutex_);
  return breakers_.size();
}

std::vector<std::shared_ptr<CircuitBreaker>> BreakerRegistry::breakers() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<CircuitBreaker>> out;
  out.reserve(breakers_.size());
  for (const auto& [name, entry] : breakers_) out.push_back(entry.breaker);
  return out;
}

std::vector<NamedMetrics> BreakerRegistry::all_metrics() const {
  // Metrics are read without the registry lock, so a slow reader never blocks get_or_create.
  std::vector<NamedMetrics> out;
  for (const auto& b : breakers()) out.push_back({b->name(), b->metrics()});
  return out;
}

HealthStatus BreakerRegistry::health_status() {
  HealthStatus h;
  std::size_t total = 0, rejecting = 0;
  for (const auto& b : breakers()) {
    const BreakerState s = b->state();
    ++h.count_by_state[static_cast<std::size_t>(s)];
    ++total;
    if (s == BreakerState::kOpen || s == BreakerState::kForcedOpen) ++rejecting;
    if (s != BreakerState::kClosed && s != BreakerState::kDisabled && s != BreakerState::kMetricsOnly) {
      h.not_closed.push_back(b->name());
    }
  }
  if (total > 0 && rejecting == total) {
    h.overall = Health::kUnhealthy;
  } else if (!h.not_closed.empty()) {
    h.overall = Health::kDegraded;
  }
  return h;
}

HealthMap BreakerRegistry::health_map() {
  HealthMap map;
  for (const auto& b : breakers()) {
    b->poll();
    const BreakerMetrics m = b->metrics();
    map.emplace(b->name(), BreakerHealth{m.state, m.window_failure_rate(), m.window_slow_call_rate(), m.window.calls,
                                         m.last_transition_ns, m.last_transition_from, m.last_transition_reason});
  }
  return map;
}

void BreakerRegistry::poll_all() {
  for (const auto& b : breakers()) b->poll();
}

void BreakerRegistry::add_listener_to_all(Listener listener) {
  std::unique_lock lock(mutex_);
  for (const auto& [name, entry] : breakers_) entry.breaker->add_listener(listener);
  listeners_.push_back(std::move(listener));
}

}  // namespace snnft::breaker
