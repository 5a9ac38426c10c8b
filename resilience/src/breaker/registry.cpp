// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/registry.hpp"

#include <mutex>

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
  return it == breakers_.end() ? nullptr : it->second;
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get_or_create(std::string_view name) {
  return get_or_create(name, default_config_);
}

std::shared_ptr<CircuitBreaker> BreakerRegistry::get_or_create(std::string_view name, const BreakerConfig& config) {
  if (auto existing = get(name)) return existing;
  // Build outside the lock (validation and allocation), then insert unless another thread won.
  auto created = std::make_shared<CircuitBreaker>(std::string(name), config, clock_);
  std::unique_lock lock(mutex_);
  const auto [it, inserted] = breakers_.try_emplace(std::string(name), created);
  if (inserted) {
    for (const auto& l : listeners_) created->add_listener(l);
  }
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
  for (const auto& [name, b] : breakers_) out.push_back(b);
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
    if (s != BreakerState::kClosed && s != BreakerState::kDisabled) h.not_closed.push_back(b->name());
  }
  if (total > 0 && rejecting == total) {
    h.overall = Health::kUnhealthy;
  } else if (!h.not_closed.empty()) {
    h.overall = Health::kDegraded;
  }
  return h;
}

void BreakerRegistry::poll_all() {
  for (const auto& b : breakers()) b->poll();
}

void BreakerRegistry::add_listener_to_all(Listener listener) {
  std::unique_lock lock(mutex_);
  for (const auto& [name, b] : breakers_) b->add_listener(listener);
  listeners_.push_back(std::move(listener));
}

}  // namespace snnft::breaker
