// SPDX-License-Identifier: MIT
#include "breaker_demo_strategies.hpp"

#include <cstdio>
#include <future>
#include <iomanip>
#include <iostream>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "snnft/resilience/breaker/keyed_breakers.hpp"
#include "snnft/resilience/breaker/timeout_executor.hpp"

namespace snnft::apps {

namespace {

using namespace snnft::breaker;
using namespace std::chrono_literals;

struct Unavailable : std::runtime_error {
  Unavailable() : std::runtime_error("replica unavailable") {}
};

std::string percent(double rate) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", rate * 100.0);
  return buf;
}

/// A dependency that hangs: the call blocks until released, far past its deadline.
void show_real_timeout(BreakerRegistry& registry) {
  std::cout << "real timeout: a call that hangs, on a 2-worker executor, 50 ms deadline\n";
  TimeoutExecutor executor({2, 4});
  auto pricing = registry.get_or_create("pricing");
  std::latch release(1);
  const auto r = pricing->call_with_timeout(executor, [&] {
    release.wait();
    return 9.99;
  }, 50ms);
  std::cout << "  -> " << to_string(r.status()) << " while the call still blocks; abandoned calls running: "
            << executor.abandoned() << "\n";
  release.count_down();
  while (executor.abandoned() != 0) std::this_thread::yield();
  std::cout << "  -> released: the abandoned call ended on its worker, its result discarded; abandoned now "
            << executor.abandoned() << " (" << executor.abandoned_total() << " in all)\n";
}

/// A new dependency watched before its breaker is enforced.
void show_metrics_only(BreakerRegistry& registry) {
  std::cout << "metrics only: a new recommendations service, every third call failing\n";
  auto recommendations = registry.get_or_create("recommendations");
  recommendations->metrics_only();
  for (int i = 0; i < 30; ++i) {
    (void)recommendations->call([i] {
      if (i % 3 == 0) throw std::runtime_error("no recommendation");
      return i;
    });
  }
  const BreakerMetrics m = recommendations->metrics();
  std::cout << "  -> state " << to_string(m.state) << ", window failure rate " << percent(m.window_failure_rate())
            << ", trips " << m.counters.trips << "\n";
}

/// One named configuration shared by two breakers, with the failure-count rule.
void show_shared_config(BreakerRegistry& registry, ManualClock& clock) {
  std::cout << "shared configuration \"payments\": 3 failures within 10 s, at least 5 calls\n";
  BreakerConfig payments = registry.default_config();
  payments.consecutive_failures = 0;
  payments.failure_rate_threshold = 0.0;
  payments.failure_count_threshold = 3;
  payments.failure_count_period = 10s;
  payments.failure_count_minimum_calls = 5;
  registry.set_config("payments", payments);
  auto eu = registry.get_or_create_from("payments-eu", "payments");
  auto us = registry.get_or_create_from("payments-us", "payments");
  const bool outcomes[] = {true, false, true, true, false, false};  // true: success
  for (const bool ok : outcomes) {
    (void)eu->call([ok] {
      if (!ok) throw std::runtime_error("card declined by the gateway");
      return 0;
    });
    clock.advance(1s);
  }
  std::cout << "  -> payments-eu " << to_string(eu->state()) << "\n";
  payments.failure_count_threshold = 5;
  registry.set_config("payments", payments);
  std::cout << "  -> set_config(\"payments\", 5 failures): payments-us now trips after "
            << us->config().failure_count_threshold << " failures\n";
}

/// Three replicas, one down: rejected calls go to the healthiest other one.
void show_forwarding(KeyedBreakers& replicas) {
  std::cout << "forward to the healthiest: replicas eu, us, ap; eu is down\n";
  const std::vector<std::string> all{"eu", "us", "ap"};
  auto query = [](const std::string& region) -> int {
    if (region == "eu") throw Unavailable();
    return region == "us" ? 1 : 2;
  };
  (void)replicas.for_key("ap").call([]() -> int { throw Unavailable(); });  // ap failed once
  const auto forward = FallbackStrategy::forward_to_healthiest(all);
  for (int i = 0; i < 4; ++i) {
    const auto r = replicas.execute_with_fallback("eu", query, forward);
    std::cout << "  -> call for eu: " << to_string(r.result.status()) << ", served by "
              << (r.served_by.empty() ? "none" : r.served_by) << "\n";
  }
}

/// Orders rejected while the ledger is open, replayed in order when it closes.
void show_queue_and_replay(KeyedBreakers& ledgers, ManualClock& clock) {
  std::cout << "queue and replay: ledger writes while the ledger is open (queue of 8, 60 s each)\n";
  CircuitBreaker& ledger = ledgers.for_key("main");
  while (ledger.state() == BreakerState::kClosed) {
    (void)ledger.call([]() -> int { throw std::runtime_error("ledger locked"); });
  }
  const auto queue = FallbackStrategy::queue_and_replay(8, 60s);
  std::vector<std::future<int>> replayed;
  for (int order = 1; order <= 3; ++order) {
    auto write = [order](const std::string&) {
      std::cout << "     replaying order " << order << "\n";
      return order * 100;
    };
    auto r = ledgers.execute_with_fallback("main", write, queue);
    if (r.queued()) replayed.push_back(std::move(*r.replayed));
  }
  std::cout << "  -> " << ledgers.queued("main") << " writes queued\n";
  // A probe each second; the first one admitted is the half-open trial, and the report that
  // closes the breaker replays the queue.
  int waited_s = 0;
  while (ledger.call([] { return 0; }).rejected()) {
    clock.advance(1s);
    ++waited_s;
  }
  while (ledger.state() == BreakerState::kHalfOpen) (void)ledger.call([] { return 0; });
  std::cout << "  -> probed once a second: admitted after " << waited_s << " s\n";
  std::cout << "  -> ledger " << to_string(ledger.state()) << ", replayed:";
  for (auto& f : replayed) {
    try {
      std::cout << " " << f.get();
    } catch (const ReplayExpiredError&) {
      std::cout << " expired";
    }
  }
  std::cout << "\n";
}

void show_health_map(BreakerRegistry& registry) {
  std::cout << "health map:\n";
  for (const auto& [name, h] : registry.health_map()) {
    std::cout << "  " << std::left << std::setw(20) << name << " " << std::setw(12) << to_string(h.state)
              << std::right << " failure rate " << std::setw(5) << percent(h.failure_rate) << "  slow rate "
              << std::setw(5) << percent(h.slow_call_rate) << "  last transition ";
    if (h.last_transition_reason) {
      std::cout << to_string(h.last_transition_from) << " -> " << to_string(h.state) << " ("
                << to_string(*h.last_transition_reason) << ")\n";
    } else {
      std::cout << "none\n";
    }
  }
}

}  // namespace

void show_breaker_strategies(BreakerRegistry& registry, ManualClock& clock) {
  show_real_timeout(registry);
  show_metrics_only(registry);
  show_shared_config(registry, clock);
  BreakerConfig keyed = registry.default_config();
  keyed.failure_rate_threshold = 0.0;
  keyed.consecutive_failures = 1;
  keyed.permitted_calls_in_half_open = 1;
  keyed.half_open_consecutive_successes = 1;
  keyed.half_open_success_rule = HalfOpenSuccessRule::kConsecutiveSuccesses;
  keyed.half_open_failure_rule = HalfOpenFailureRule::kAnyFailure;
  KeyedBreakers replicas(registry, "replica", keyed);
  show_forwarding(replicas);
  KeyedBreakers ledgers(registry, "ledger", keyed);
  show_queue_and_replay(ledgers, clock);
  show_health_map(registry);
}

}  // namespace snnft::apps
