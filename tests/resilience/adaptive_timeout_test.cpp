// SPDX-License-Identifier: MIT
// Adaptive timeouts track a latency percentile; fallback chains try their steps in order.
#include <gtest/gtest.h>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/adaptive_timeout.hpp"
#include "snnft/resilience/breaker/fallback_chain.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

TEST(AdaptiveTimeout, TracksPercentileTimesMultiplierClamped) {
  AdaptiveTimeoutConfig c;
  c.window_samples = 100;
  c.percentile = 0.99;
  c.multiplier = 2.0;
  c.min_samples = 10;
  c.min_timeout = 50ms;
  c.max_timeout = 150ms;
  c.initial_timeout = 100ms;
  AdaptiveTimeout t(c);
  for (int i = 1; i <= 9; ++i) t.record(std::chrono::milliseconds(i));
  EXPECT_EQ(t.timeout(), 100ms);  // too few samples yet
  for (int i = 10; i <= 100; ++i) t.record(std::chrono::milliseconds(i));  // 1..100 ms
  const LatencyStats s = t.stats();
  EXPECT_EQ(s.samples, 100u);
  EXPECT_EQ(s.p50, 50ms);  // nearest rank: the 50th of 100
  EXPECT_EQ(s.p99, 99ms);
  EXPECT_EQ(s.mean, 50500us);
  EXPECT_EQ(s.max, 100ms);
  EXPECT_EQ(t.timeout(), 150ms);  // 2 * 99 ms = 198 ms, clamped to the maximum
  // The window forgets: 100 samples of 10 ms replace them all.
  for (int i = 0; i < 100; ++i) t.record(10ms);
  EXPECT_EQ(t.stats().p99, 10ms);
  EXPECT_EQ(t.timeout(), 50ms);  // 20 ms, clamped to the minimum
}

TEST(AdaptiveTimeout, KeysAreIndependent) {
  AdaptiveTimeoutConfig c;
  c.min_samples = 1;
  c.window_samples = 10;
  c.percentile = 0.5;
  c.multiplier = 3.0;
  AdaptiveTimeouts timeouts(c);
  timeouts.record("fast", 10ms);
  timeouts.record("slow", 400ms);
  EXPECT_EQ(timeouts.timeout("fast"), 30ms);
  EXPECT_EQ(timeouts.timeout("slow"), 1200ms);
  EXPECT_EQ(timeouts.keys(), (std::vector<std::string>{"fast", "slow"}));
  AdaptiveTimeoutConfig bad;
  bad.percentile = 1.5;
  EXPECT_THROW(AdaptiveTimeout{bad}, std::invalid_argument);
}

TEST(FallbackChain, TriesStepsInOrderUntilOneSucceeds) {
  auto clock = std::make_shared<ManualClock>(0);
  auto primary = std::make_shared<CircuitBreaker>("primary", consecutive_config(2), clock);
  auto replica = std::make_shared<CircuitBreaker>("replica", consecutive_config(2), clock);
  bool replica_up = false;
  FallbackChain<std::string> chain;
  chain.then("primary", []() -> std::string { throw ServiceError(); }, primary)
      .then("replica", [&]() -> std::string {
        if (!replica_up) throw ServiceError();
        return "from replica";
      }, replica)
      .ultimately("cache", "stale value");

  auto r = chain.execute();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r.value, "stale value");
  EXPECT_EQ(r.served_by_name(), "cache");
  ASSERT_EQ(r.attempts.size(), 3u);
  EXPECT_EQ(r.attempts[0].status, CallStatus::kFailure);
  EXPECT_EQ(r.attempts[1].status, CallStatus::kFailure);

  chain.execute();  // second failure of each: both breakers open
  EXPECT_EQ(primary->state(), BreakerState::kOpen);
  r = chain.execute();
  EXPECT_EQ(r.attempts[0].status, CallStatus::kRejected);  // skipped cheaply
  EXPECT_EQ(r.attempts[1].status, CallStatus::kRejected);
  EXPECT_EQ(r.served_by, 2u);

  replica_up = true;
  clock->advance(10s);
  r = chain.execute();
  EXPECT_EQ(*r.value, "from replica");
  EXPECT_EQ(r.served_by, 1u);
  EXPECT_EQ(primary->metrics().counters.fallbacks, 4u);  // each execute() fell back from it
  EXPECT_EQ(replica->metrics().counters.fallbacks, 3u);
}

TEST(FallbackChain, AllStepsFailingReportsTheLastError) {
  FallbackChain<int> chain;
  chain.then("a", []() -> int { throw ServiceError(); }).then("b", []() -> int { throw std::logic_error("b"); });
  const auto r = chain.execute();
  EXPECT_FALSE(r.ok());
  ASSERT_TRUE(r.last_error);
  EXPECT_THROW(std::rethrow_exception(r.last_error), std::logic_error);
}

}  // namespace
}  // namespace snnft::breaker
