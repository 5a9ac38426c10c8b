// SPDX-License-Identifier: MIT
#pragma once
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/registry.hpp"
#include "snnft/resilience/breaker/replay_queue.hpp"

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

/// What KeyedBreakers::execute_with_fallback does with a call its key's breaker rejects.
struct FallbackStrategy {
  enum class Kind : std::uint8_t {
    kNone,                 ///< the rejection is the result
    kForwardToHealthiest,  ///< run it for the healthiest other key among `candidates`
    kQueueAndReplay,       ///< queue it (bounded, with a deadline); replay it once the breaker closes
  };
  Kind kind = Kind::kNone;
  std::vector<std::string> candidates;                 ///< forward: keys that may serve instead
  std::size_t queue_capacity = 64;                     ///< queue: calls one key's queue holds (set by its first use)
  Nanos max_wait = std::chrono::seconds(30);           ///< queue: not replayed after this (breaker clock)

  static FallbackStrategy forward_to_healthiest(std::vector<std::string> candidates) {
    FallbackStrategy s;
    s.kind = Kind::kForwardToHealthiest;
    s.candidates = std::move(candidates);
    return s;
  }
  static FallbackStrategy queue_and_replay(std::size_t capacity, Nanos max_wait) {
    FallbackStrategy s;
    s.kind = Kind::kQueueAndReplay;
    s.queue_capacity = capacity;
    s.max_wait = max_wait;
    return s;
  }
};

/// The outcome of KeyedBreakers::execute_with_fallback.
template <class T>
struct KeyedCall {
  /// The call that ran (for the key, or forwarded), else the rejection.
  CallResult<T> result = CallResult<T>::make(CallStatus::kRejected);
  std::string served_by;  ///< the key whose breaker admitted the call; empty if none did
  /// Set when the call was queued: its value once replayed, or ReplayExpiredError.
  std::optional<std::future<T>> replayed;

  [[nodiscard]] bool queued() const noexcept { return replayed.has_value(); }
};

/// One breaker per key (peer, column, resource), so a failing key cannot trip the others, and
/// a choice of the healthiest among alternative keys. The breakers live in a registry under
/// "<prefix>/<key>", so they are exported like any other.
class KeyedBreakers {
 public:
  KeyedBreakers(BreakerRegistry& registry, std::string prefix, BreakerConfig config, HealthWeights weights = {});
  /// Expires the calls still queued.
  ~KeyedBreakers();
  KeyedBreakers(const KeyedBreakers&) = delete;
  KeyedBreakers& operator=(const KeyedBreakers&) = delete;

  /// The breaker of `key`, created on first use.
  CircuitBreaker& for_key(std::string_view key);
  [[nodiscard]] std::string breaker_name(std::string_view key) const;
  /// health_score() of the key's breaker (applying due timed transitions first).
  double score(std::string_view key);
  /// The candidate with the highest positive score (the first on ties), or none if every
  /// candidate is open.
  std::optional<std::string> healthiest(std::span<const std::string> candidates);

  /// Runs `fn(key)` through the key's breaker; if the breaker rejects it, applies `strategy`:
  /// forward it (`fn(other)` through the other key's breaker, which counts as a fallback of
  /// `key`), or queue it to be replayed, in order, on the thread whose report closes the
  /// breaker (or by replay_queued()). `fn` must stay callable until then.
  template <class F>
  auto execute_with_fallback(std::string_view key, F&& fn, const FallbackStrategy& strategy)
      -> KeyedCall<std::remove_cvref_t<std::invoke_result_t<F&, const std::string&>>>;

  /// Calls waiting in the key's replay queue.
  [[nodiscard]] std::size_t queued(std::string_view key);
  /// Replays what each closed key's queue holds and expires what is past its deadline (for a
  /// periodic task; closing a breaker replays its queue by itself). Returns the calls replayed.
  std::size_t replay_queued();

 private:
  struct Key {
    std::shared_ptr<CircuitBreaker> breaker;
    std::shared_ptr<ReplayQueue> queue;  ///< created with the first queued call
    ListenerId replay_listener = 0;
  };
  Key& entry(std::string_view key);  ///< with mutex_ held
  /// The key's replay queue, created (and hooked to its breaker's closes) on first use.
  std::shared_ptr<ReplayQueue> queue_for(std::string_view key, std::size_t capacity);

  BreakerRegistry& registry_;
  std::string prefix_;
  BreakerConfig config_;
  HealthWeights weights_;
  std::mutex mutex_;
  std::map<std::string, Key, std::less<>> by_key_;
};

// ---- Template definitions -----------------------------------------------------------------

template <class F>
auto KeyedBreakers::execute_with_fallback(std::string_view key, F&& fn, const FallbackStrategy& strategy)
    -> KeyedCall<std::remove_cvref_t<std::invoke_result_t<F&, const std::string&>>> {
  using T = std::remove_cvref_t<std::invoke_result_t<F&, const std::string&>>;
  static_assert(!std::is_void_v<T>, "execute_with_fallback needs a call that returns a value");
  KeyedCall<T> out;
  const std::string own(key);
  CircuitBreaker& breaker = for_key(own);
  out.result = breaker.call([&] { return fn(own); });
  if (!out.result.rejected()) {
    out.served_by = own;
    return out;
  }
  switch (strategy.kind) {
    case FallbackStrategy::Kind::kForwardToHealthiest: {
      std::vector<std::string> others;
      for (const auto& c : strategy.candidates) {
        if (c != own) others.push_back(c);
      }
      const std::optional<std::string> best = healthiest(others);
      if (!best) break;
      CallResult<T> forwarded = for_key(*best).call([&] { return fn(*best); });
      if (forwarded.rejected()) break;
      breaker.record_fallback(*best);
      out.result = std::move(forwarded);
      out.served_by = *best;
      break;
    }
    case FallbackStrategy::Kind::kQueueAndReplay: {
      auto promise = std::make_shared<std::promise<T>>();
      std::future<T> future = promise->get_future();
      ReplayQueue::Item item;
      item.deadline_ns = breaker.clock().now_ns() + strategy.max_wait.count();
      item.replay = [promise, own, call = std::decay_t<F>(std::forward<F>(fn))](CircuitBreaker& b) mutable {
        CallResult<T> r = b.call([&] { return call(own); });
        if (r.rejected()) return false;
        try {
          promise->set_value(std::move(r).value());  // rethrows the call's exception
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
        return true;
      };
      item.expire = [promise] { promise->set_exception(std::make_exception_ptr(ReplayExpiredError())); };
      if (queue_for(own, strategy.queue_capacity)->push(std::move(item))) {
        out.replayed.emplace(std::move(future));
        breaker.record_fallback("queue");
      }
      break;
    }
    case FallbackStrategy::Kind::kNone: break;
  }
  return out;
}

}  // namespace snnft::breaker
