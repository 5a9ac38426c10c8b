// SPDX-License-Identifier: MIT
// Closed-state trip rules and the Open -> HalfOpen -> Closed cycle, on a manual clock.
#include <gtest/gtest.h>

#include "breaker_test_util.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

TEST(BreakerRules, ConsecutiveFailuresTripExactlyAtThreshold) {
  Fixture f(consecutive_config(3));
  auto& b = *f.breaker;
  fail(b);
  fail(b);
  succeed(b);  // a success breaks the run
  fail(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(fail(b), CallStatus::kRejected);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.failed, 5u);
  EXPECT_EQ(m.counters.successful, 1u);
  EXPECT_EQ(m.counters.rejected, 1u);
  EXPECT_EQ(m.counters.trips, 1u);
  EXPECT_EQ(m.times_opened, 1u);
}

TEST(BreakerRules, FailureRateAppliesOnlyAfterMinimumCalls) {
  auto c = with_failure_rate(BreakerConfig{}, 0.5, 10, 10);
  Fixture f(c);
  auto& b = *f.breaker;
  for (int i = 0; i < 9; ++i) fail(b);  // 100 % failures, but only 9 calls
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  succeed(b);  // 10th call: 9/10 >= 0.5 even though it succeeded
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerRules, FailureRateOverSlidingCountWindowForgetsOldCalls) {
  auto c = with_failure_rate(BreakerConfig{}, 0.5, 4, 4);
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  // F S S S: 1/4. Then S pushes the F out: 0/4. Then F F: window S S F F = 2/4 -> trip.
  fail(b);
  succeed(b);
  succeed(b);
  succeed(b);
  succeed(b);
  EXPECT_EQ(b.metrics().window.failures, 0u);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(log.lines(), std::vector<std::string>{"closed->open:failure_rate"});
}

TEST(BreakerRules, RateThresholdUsesExactDecimalComparison) {
  // 3 / 10 must reach a threshold of 0.3 even though 0.3 * 10 > 3 in binary floating point.
  auto c = with_failure_rate(BreakerConfig{}, 0.3, 10, 10);
  Fixture f(c);
  auto& b = *f.breaker;
  for (int i = 0; i < 7; ++i) succeed(b);
  fail(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerRules, SlowCallRateTrips) {
  BreakerConfig c;
  c.failure_rate_threshold = 0.0;
  c.slow_call_threshold = 100ms;
  c.slow_call_rate_threshold = 0.5;
  c.minimum_calls = 4;
  c.window_size = 4;
  Fixture f(c);
  auto& b = *f.breaker;
  succeed_after(b, *f.clock, 10ms);
  succeed_after(b, *f.clock, 99ms);
  succeed_after(b, *f.clock, 100ms);  // exactly the threshold counts as slow
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  succeed_after(b, *f.clock, 250ms);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.slow, 2u);
  EXPECT_EQ(m.counters.successful, 4u);
  EXPECT_EQ(m.counters.failed, 0u);
}

TEST(BreakerRules, TimeWindowForgetsCallsOlderThanItsDuration) {
  BreakerConfig c;
  c.failure_rate_threshold = 0.5;
  c.minimum_calls = 4;
  c.window_kind = WindowKind::kTime;
  c.window_duration = 10s;
  c.window_buckets = 10;
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  fail(b);
  fail(b);
  EXPECT_EQ(b.metrics().window.calls, 3u);
  f.clock->advance(10s);  // the three failures leave the window
  EXPECT_EQ(b.metrics().window.calls, 0u);
  succeed(b);
  succeed(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);  // 1/3, below minimum calls
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);  // 2/4
}

// "N failures within a time window, with a minimum volume": 3 failures within 10 s trip only
// once the 10 s also hold 5 calls; failures older than the period no longer count.
TEST(BreakerRules, FailureCountWithinAPeriodTripsOnceTheVolumeIsReached) {
  BreakerConfig c = consecutive_config(0);
  c.failure_count_threshold = 3;
  c.failure_count_period = 10s;
  c.failure_count_minimum_calls = 5;
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  fail(b);
  fail(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed) << "3 failures, but only 3 calls";
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed) << "a success does not trip";
  f.clock->advance(10s);  // the period forgets all four
  succeed(b);
  succeed(b);
  fail(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed) << "2 failures in 4 calls";
  f.clock->advance(5s);
  fail(b);  // the third failure within 10 s, the fifth call
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(log.lines().back(), "closed->open:failure_count");
}

TEST(BreakerRules, FailureCountCombinesWithTheOtherRules) {
  BreakerConfig c = consecutive_config(2);
  c.failure_count_threshold = 4;
  c.failure_count_period = 1s;
  Fixture f(c);
  auto& b = *f.breaker;
  for (int i = 0; i < 3; ++i) {
    fail(b);
    succeed(b);
    f.clock->advance(100ms);
  }
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);  // four failures in 1 s, never two in a row
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(b.metrics().last_transition_reason, TransitionReason::kFailureCount);
  BreakerConfig bad = c;
  bad.failure_count_period = 0s;
  EXPECT_THROW(b.update_config(bad), std::invalid_argument);
}

TEST(BreakerRules, OpenRejectsUntilBreakElapsesThenHalfOpenOnNextCall) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  fail(b);
  ASSERT_EQ(b.state(), BreakerState::kOpen);
  f.clock->advance(10s - 1ns);
  EXPECT_EQ(succeed(b), CallStatus::kRejected);
  f.clock->advance(1ns);
  EXPECT_EQ(b.state(), BreakerState::kOpen);  // no automatic transition: waits for a call
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  const auto m = b.metrics();
  EXPECT_EQ(m.times_opened, 1u);
  EXPECT_EQ(m.times_half_opened, 1u);
  EXPECT_EQ(m.time_open_total, 10s);
}

TEST(BreakerRules, AutomaticHalfOpenHappensOnPoll) {
  auto c = consecutive_config(1);
  c.automatic_half_open = true;
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  fail(b);
  f.clock->advance(10s);
  b.poll();
  EXPECT_EQ(b.peek_state(), BreakerState::kHalfOpen);
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"closed->open:consecutive_failures",
                                                    "open->half_open:break_elapsed"}));
}

TEST(BreakerRules, ClosingClearsWindowAndConsecutiveFailures) {
  auto c = with_failure_rate(consecutive_config(2), 0.5, 2, 10);
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  fail(b);
  f.clock->advance(10s);
  succeed(b);
  succeed(b);
  ASSERT_EQ(b.state(), BreakerState::kClosed);
  const auto m = b.metrics();
  EXPECT_EQ(m.window.calls, 0u);
  EXPECT_EQ(m.consecutive_failures, 0u);
  fail(b);  // one failure after a clean close does not trip a 2-in-a-row rule
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

}  // namespace
}  // namespace snnft::breaker
