// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/keyed_breakers.hpp"

#include <cmath>

namespace snnft::breaker {

double health_score(const BreakerMetrics& m, std::int64_t now_ns, const HealthWeights& w) {
  double state = 1.0;
  switch (m.state) {
    case BreakerState::kOpen:
    case BreakerState::kForcedOpen: return 0.0;
    case BreakerState::kHalfOpen: state = w.half_open_factor; break;
    default: break;
  }
  const double calls = m.window.calls;
  const double success = (calls - m.window.failures + 1.0) / (calls + 2.0);
  double latency = 1.0;
  if (m.latency.count > 0 && w.latency_scale.count() > 0) {
    latency = 1.0 / (1.0 + m.latency.mean_seconds() / (static_cast<double>(w.latency_scale.count()) * 1e-9));
  }
  double recency = 1.0;
  if (m.last_failure_ns >= 0 && w.recency_scale.count() > 0) {
    const double since = static_cast<double>(std::max<std::int64_t>(0, now_ns - m.last_failure_ns));
    recency = 1.0 - 0.5 * std::exp(-since / static_cast<double>(w.recency_scale.count()));
  }
  return state * success * latency * recency;
}

KeyedBreakers::KeyedBreakers(BreakerRegistry& registry, std::string prefix, BreakerConfig config,
                             HealthWeights weights)
    : registry_(registry), prefix_(std::move(prefix)), config_(std::move(config)), weights_(weights) {
  validate(config_);
}

KeyedBreakers::~KeyedBreakers() {
  // The breakers outlive this object in the registry: unhook the replay listeners and expire
  // what the queues hold now (a removed listener may keep its queue alive for a while).
  for (auto& [key, k] : by_key_) {
    if (k.replay_listener != 0) k.breaker->remove_listener(k.replay_listener);
    if (k.queue) k.queue->expire_all();
  }
}

std::string KeyedBreakers::breaker_name(std::string_view key) const { return prefix_ + "/" + std::string(key); }

KeyedBreakers::Key& KeyedBreakers::entry(std::string_view key) {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    it = by_key_.emplace(std::string(key), Key{registry_.get_or_create(breaker_name(key), config_), nullptr, 0}).first;
  }
  return it->second;
}

CircuitBreaker& KeyedBreakers::for_key(std::string_view key) {
  std::lock_guard lock(mutex_);
  return *entry(key).breaker;
}

std::shared_ptr<ReplayQueue> KeyedBreakers::queue_for(std::string_view key, std::size_t capacity) {
  std::lock_guard lock(mutex_);
  Key& k = entry(key);
  if (!k.queue) {
    k.queue = std::make_shared<ReplayQueue>(k.breaker, capacity);
    // Replay as soon as the breaker closes, on the thread that closed it (after the breaker
    // has released its locks, so the replayed calls go through it like any other).
    k.replay_listener = k.breaker->add_listener([queue = k.queue](const BreakerEvent& e) {
      if (e.kind == EventKind::kStateTransition && e.to == BreakerState::kClosed) queue->replay();
    });
  }
  return k.queue;
}

std::size_t KeyedBreakers::queued(std::string_view key) {
  std::lock_guard lock(mutex_);
  const auto it = by_key_.find(key);
  return it == by_key_.end() || !it->second.queue ? 0 : it->second.queue->size();
}

std::size_t KeyedBreakers::replay_queued() {
  std::vector<std::pair<std::shared_ptr<CircuitBreaker>, std::shared_ptr<ReplayQueue>>> queues;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, k] : by_key_) {
      if (k.queue) queues.emplace_back(k.breaker, k.queue);
    }
  }
  std::size_t replayed = 0;
  for (const auto& [breaker, queue] : queues) {
    queue->expire_due();
    if (breaker->state() == BreakerState::kClosed) replayed += queue->replay();
  }
  return replayed;
}

double KeyedBreakers::score(std::string_view key) {
  CircuitBreaker& b = for_key(key);
  b.poll();
  return health_score(b.metrics(), b.clock().now_ns(), weights_);
}

std::optional<std::string> KeyedBreakers::healthiest(std::span<const std::string> candidates) {
  std::optional<std::string> best;
  double best_score = 0.0;
  for (const auto& key : candidates) {
    const double s = score(key);
    if (s > best_score) {
      best_score = s;
      best = key;
    }
  }
  return best;
}

}  // namespace snnft::breaker
