// SPDX-License-Identifier: MIT
// Registry, per-key isolation with health-based selection, and the background ticker.
#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <thread>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/keyed_breakers.hpp"
#include "snnft/resilience/breaker/ticker.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

TEST(Registry, GetOrCreateListAndRemove) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(consecutive_config(1), clock);
  EXPECT_EQ(registry.get("a"), nullptr);
  auto a = registry.get_or_create("a");
  auto special = consecutive_config(7);
  auto b = registry.get_or_create("b", special);
  EXPECT_EQ(registry.get_or_create("a", special), a);  // existing breakers keep their config
  EXPECT_EQ(a->config().consecutive_failures, 1u);
  EXPECT_EQ(b->config().consecutive_failures, 7u);
  EXPECT_EQ(registry.list(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(registry.remove("a"));
  EXPECT_FALSE(registry.remove("a"));
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(succeed(*a), CallStatus::kSuccess);  // a holder's breaker outlives its removal
}

TEST(Registry, HealthStatusAndAllMetrics) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(consecutive_config(1), clock);
  EXPECT_EQ(registry.health_status().overall, Health::kHealthy);  // vacuously
  auto a = registry.get_or_create("a");
  auto b = registry.get_or_create("b");
  auto c = registry.get_or_create("c");
  fail(*a);
  c->disable();
  HealthStatus h = registry.health_status();
  EXPECT_EQ(h.overall, Health::kDegraded);
  EXPECT_EQ(h.count_by_state[static_cast<int>(BreakerState::kOpen)], 1u);
  EXPECT_EQ(h.count_by_state[static_cast<int>(BreakerState::kDisabled)], 1u);
  EXPECT_EQ(h.not_closed, std::vector<std::string>{"a"});
  b->force_open();
  c->force_open();
  EXPECT_EQ(registry.health_status().overall, Health::kUnhealthy);
  const auto all = registry.all_metrics();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "a");
  EXPECT_EQ(all[0].metrics.counters.failed, 1u);
}

TEST(Registry, ConcurrentGetOrCreateYieldsOneBreakerPerName) {
  BreakerRegistry registry;
  constexpr int kThreads = 4;
  std::vector<std::vector<std::shared_ptr<CircuitBreaker>>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) seen[t].push_back(registry.get_or_create("peer-" + std::to_string(i % 50)));
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(registry.size(), 50u);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < 200; ++i) EXPECT_EQ(seen[t][i], registry.get("peer-" + std::to_string(i % 50)));
  }
}

TEST(Registry, ListenerForAllReachesExistingAndNewBreakers) {
  BreakerRegistry registry(consecutive_config(1), std::make_shared<ManualClock>(0));
  auto early = registry.get_or_create("early");
  std::vector<std::string> opened;
  registry.add_listener_to_all([&](const BreakerEvent& e) {
    if (e.kind == EventKind::kStateTransition) opened.emplace_back(e.breaker);
  });
  auto late = registry.get_or_create("late");
  fail(*early);
  fail(*late);
  EXPECT_EQ(opened, (std::vector<std::string>{"early", "late"}));
}

TEST(HealthScore, FactorsFollowTheirFormulas) {
  BreakerMetrics m;
  HealthWeights w;
  w.latency_scale = 100ms;
  w.recency_scale = 60s;
  EXPECT_DOUBLE_EQ(health_score(m, 0, w), 0.5);  // no evidence: Laplace prior
  m.window = {8, 2, 0};
  EXPECT_DOUBLE_EQ(health_score(m, 0, w), 7.0 / 10.0);
  m.latency.count = 10;
  m.latency.sum_ns = 10 * 100'000'000;  // mean 100 ms = the scale: halves it
  EXPECT_DOUBLE_EQ(health_score(m, 0, w), 0.35);
  m.last_failure_ns = 0;
  EXPECT_DOUBLE_EQ(health_score(m, 60'000'000'000, w), 0.35 * (1.0 - 0.5 * std::exp(-1.0)));
  m.state = BreakerState::kHalfOpen;
  EXPECT_DOUBLE_EQ(health_score(m, 60'000'000'000, w), 0.5 * 0.35 * (1.0 - 0.5 * std::exp(-1.0)));
  m.state = BreakerState::kOpen;
  EXPECT_EQ(health_score(m, 0, w), 0.0);
}

TEST(KeyedBreakers, IsolateKeysAndPickTheHealthiest) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(BreakerConfig{}, clock);
  auto c = consecutive_config(3);
  c.record_latency = true;
  KeyedBreakers peers(registry, "peer", c);
  const std::vector<std::string> keys = {"a", "b", "c"};
  // a: fast and reliable. b: reliable but slow. c: failing until it trips.
  for (int i = 0; i < 10; ++i) {
    succeed_after(peers.for_key("a"), *clock, 5ms);
    succeed_after(peers.for_key("b"), *clock, 300ms);
  }
  for (int i = 0; i < 3; ++i) fail(peers.for_key("c"));
  EXPECT_EQ(peers.for_key("c").state(), BreakerState::kOpen);
  EXPECT_EQ(peers.for_key("a").state(), BreakerState::kClosed);  // isolation
  EXPECT_EQ(registry.get("peer/c").get(), &peers.for_key("c"));
  EXPECT_EQ(peers.score("c"), 0.0);
  EXPECT_GT(peers.score("a"), peers.score("b"));
  EXPECT_EQ(peers.healthiest(keys), "a");
  const std::vector<std::string> without_a = {"c", "b"};
  EXPECT_EQ(peers.healthiest(without_a), "b");
  const std::vector<std::string> only_c = {"c"};
  EXPECT_EQ(peers.healthiest(only_c), std::nullopt);
  // A fresh failure halves the recency factor; it recovers as the failure ages.
  peers.for_key("a").on_failure(5ms);
  const double just_failed = peers.score("a");
  clock->advance(std::chrono::minutes(10));
  const double later = peers.score("a");
  EXPECT_NEAR(later / just_failed, (1.0 - 0.5 * std::exp(-10.0)) / 0.5, 1e-9);
}

TEST(Ticker, MovesOpenBreakerToHalfOpenWithoutCalls) {
  auto clock = std::make_shared<ManualClock>(0);
  auto c = consecutive_config(1);
  c.automatic_half_open = true;
  BreakerRegistry registry(c, clock);
  auto b = registry.get_or_create("svc");
  std::mutex m;
  std::condition_variable cv;
  bool half_open = false;
  b->add_listener([&](const BreakerEvent& e) {
    if (e.kind == EventKind::kStateTransition && e.to == BreakerState::kHalfOpen) {
      std::lock_guard lock(m);
      half_open = true;
      cv.notify_all();
    }
  });
  fail(*b);
  Ticker ticker(registry, 1ms);
  clock->advance(10s);
  {
    std::unique_lock lock(m);
    // A generous guard against a hang; the expected wait is about one tick.
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return half_open; }));
  }
  ticker.stop();
  EXPECT_EQ(b->peek_state(), BreakerState::kHalfOpen);
  EXPECT_GT(ticker.ticks(), 0u);
}

}  // namespace
}  // namespace snnft::breaker
