// SPDX-License-Identifier: MIT
// Half-open admission, success and failure rules, max wait, and break-duration backoff.
#include <gtest/gtest.h>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/backoff.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

/// Trips `b` (consecutive-failure rule of 1) and waits out a 10 s break.
void open_then_wait(CircuitBreaker& b, ManualClock& clock) {
  fail(b);
  ASSERT_EQ(b.state(), BreakerState::kOpen);
  clock.advance(10s);
}

BreakerConfig half_open_config(std::uint32_t permitted) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = permitted;
  c.half_open_consecutive_successes = permitted;
  return c;
}

/// Trials decided by rates: the breaker closes once `success_rate` of the `permitted` trials
/// succeeded and opens again once `failure_rate` of them failed.
BreakerConfig rate_trials_config(std::uint32_t permitted, double success_rate, double failure_rate) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = permitted;
  c.half_open_success_rule = HalfOpenSuccessRule::kSuccessRate;
  c.half_open_success_rate = success_rate;
  c.half_open_failure_rule = HalfOpenFailureRule::kFailureRate;
  c.half_open_failure_rate = failure_rate;
  return c;
}

/// The breaker closes after `successes` trial successes in a row and opens again once
/// `failure_rate` of the `permitted` trials failed.
BreakerConfig run_trials_config(std::uint32_t permitted, std::uint32_t successes, double failure_rate) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = permitted;
  c.half_open_consecutive_successes = successes;
  c.half_open_failure_rule = HalfOpenFailureRule::kFailureRate;
  c.half_open_failure_rate = failure_rate;
  return c;
}

/// One trial per half-open period; breaks of 1 s growing by `multiplier` per trip in a row, up to 20 s.
BreakerConfig exponential_backoff_config(double multiplier) {
  auto c = half_open_config(1);
  c.backoff = Backoff::kExponential;
  c.break_duration = 1s;
  c.backoff_multiplier = multiplier;
  c.max_break_duration = 20s;
  return c;
}

TEST(BreakerHalfOpen, AdmitsExactlyThePermittedTrials) {
  Fixture f(half_open_config(3));
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  const Permit p1 = b.try_acquire();
  const Permit p2 = b.try_acquire();
  const Permit p3 = b.try_acquire();
  const Permit p4 = b.try_acquire();
  EXPECT_EQ(p1.kind, Permit::Kind::kTrial);
  EXPECT_TRUE(p2 && p3);
  EXPECT_FALSE(p4);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  b.on_success(p1);
  b.on_success(p2);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  b.on_success(p3);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, AnyFailureReopensOnceEveryTrialHasReported) {
  Fixture f(half_open_config(2));
  auto& b = *f.breaker;
  TransitionLog log(b);
  open_then_wait(b, *f.clock);
  const Permit p1 = b.try_acquire();
  const Permit p2 = b.try_acquire();
  b.on_failure(p1);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen) << "p2 is still running: nothing is decided";
  EXPECT_FALSE(b.try_acquire()) << "and no further trial is admitted";
  b.on_success(p2);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"closed->open:consecutive_failures",
                                                    "open->half_open:break_elapsed",
                                                    "half_open->open:trials_failed"}));
}

TEST(BreakerHalfOpen, TrialsOfAnEarlierHalfOpenPeriodDecideNothing) {
  Fixture f(half_open_config(2));
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  const Permit stale = b.try_acquire();
  f.clock->advance(5s);  // the max wait reopens it with `stale` still out
  ASSERT_EQ(b.state(), BreakerState::kOpen);
  f.clock->advance(10s);
  const Permit p1 = b.try_acquire();
  ASSERT_EQ(b.state(), BreakerState::kHalfOpen);
  b.on_success(stale);  // counted, but not a trial of this period
  b.on_success(p1);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen) << "one of the two trials of this period has reported";
  EXPECT_EQ(b.metrics().counters.successful, 2u);
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, ReleasedPermitCanBeTakenAgain) {
  Fixture f(half_open_config(1));
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  const Permit p1 = b.try_acquire();
  EXPECT_FALSE(b.try_acquire());
  b.release(p1);
  const Permit p2 = b.try_acquire();
  EXPECT_TRUE(p2);
  b.on_success(p2);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, SuccessRateRuleDecidesWhenAllTrialsReported) {
  Fixture f(rate_trials_config(5, 0.6, 0.6));  // closes at 3 of 5 successes, opens at 3 of 5 failures
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  fail(b);
  succeed(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);  // 1 success, 2 failures: undecided
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  succeed(b);  // 3 of 5 succeeded
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, FailureRateRuleReopensWhenEnoughOfTheTrialsFailed) {
  Fixture f(rate_trials_config(4, 1.0, 0.5));  // opens at 2 of 4 failures
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  fail(b);  // 2 of 4 failed: settled, and no trial is running
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerHalfOpen, SettledFailureWaitsForTheTrialsStillRunning) {
  Fixture f(rate_trials_config(4, 0.5, 0.5));  // opens at 2 of 4 failures
  auto& b = *f.breaker;
  TransitionLog log(b);
  open_then_wait(b, *f.clock);
  const Permit p1 = b.try_acquire();
  const Permit p2 = b.try_acquire();
  const Permit p3 = b.try_acquire();
  ASSERT_TRUE(p1 && p2 && p3);
  b.on_failure(p1);
  b.on_failure(p2);  // the failure rule is met, but p3 is still running
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  EXPECT_FALSE(b.try_acquire()) << "a settled period admits no further trial";
  b.on_success(p3);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(log.lines().back(), "half_open->open:trials_failed");
}

TEST(BreakerHalfOpen, ConsecutiveSuccessRuleNeedsAnUnbrokenRun) {
  Fixture f(run_trials_config(4, 2, 0.75));  // opens at 3 of 4 failures
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  succeed(b);
  fail(b);  // breaks the run
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, InconclusiveTrialsReopen) {
  Fixture f(run_trials_config(3, 3, 1.0));
  auto& b = *f.breaker;
  TransitionLog log(b);
  open_then_wait(b, *f.clock);
  succeed(b);
  fail(b);
  succeed(b);  // all 3 reported, no run of 3 and not all failed
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(log.lines().back(), "half_open->open:trials_failed");
}

TEST(BreakerHalfOpen, TrialThatNeverReportsIsReleasedAfterMaxWait) {
  Fixture f(half_open_config(1));  // max wait 5 s
  auto& b = *f.breaker;
  TransitionLog log(b);
  open_then_wait(b, *f.clock);
  const Permit stuck = b.try_acquire();
  ASSERT_TRUE(stuck);
  f.clock->advance(5s - 1ns);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  f.clock->advance(1ns);
  EXPECT_EQ(b.state(), BreakerState::kOpen);  // observing the state applies the max wait
  EXPECT_EQ(log.lines().back(), "half_open->open:half_open_max_wait");
  b.on_success(stuck);  // far too late: no effect on the state
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  // The next break is the second in a row; after it a fresh trial may close the breaker.
  f.clock->advance(10s);
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpen, MaxWaitAlsoAppliesOnTheNextCall) {
  Fixture f(half_open_config(1));
  auto& b = *f.breaker;
  open_then_wait(b, *f.clock);
  ASSERT_TRUE(b.try_acquire());
  f.clock->advance(5s);
  EXPECT_EQ(succeed(b), CallStatus::kRejected);  // reopened by this call, which is rejected
  EXPECT_EQ(b.peek_state(), BreakerState::kOpen);
}

TEST(BreakerBackoff, ExponentialBreakGrowsWithTripsAndResetsAfterCleanClose) {
  Fixture f(exponential_backoff_config(3.0));
  auto& b = *f.breaker;
  // Expected breaks: 1 s, 3 s, 9 s, then capped at 20 s (27 s uncapped).
  fail(b);
  for (const auto expected : {1s, 3s, 9s, 20s}) {
    f.clock->advance(expected - 1ns);
    ASSERT_EQ(succeed(b), CallStatus::kRejected) << expected.count();
    f.clock->advance(1ns);
    ASSERT_EQ(fail(b), CallStatus::kFailure);  // the trial fails: open again, one longer break
    ASSERT_EQ(b.state(), BreakerState::kOpen);
  }
  EXPECT_EQ(b.metrics().consecutive_trips, 5u);
  f.clock->advance(20s);
  succeed(b);
  ASSERT_EQ(b.state(), BreakerState::kClosed);
  EXPECT_EQ(b.metrics().consecutive_trips, 0u);
  fail(b);
  f.clock->advance(1s);  // back to the base duration
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
}

// With a backoff memory, a breaker that closes and trips again soon after (a flapping
// dependency) continues its streak with a longer break; one that stays closed for the memory
// starts again from the base duration, and so does an operator's reset.
TEST(BreakerBackoff, MemoryKeepsTheStreakOfABreakerThatTripsSoonAfterClosing) {
  auto c = exponential_backoff_config(2.0);
  c.backoff_memory = 10s;
  Fixture f(c);
  auto& b = *f.breaker;
  auto close_after = [&](std::chrono::nanoseconds brk) {
    f.clock->advance(brk - 1ns);
    ASSERT_EQ(succeed(b), CallStatus::kRejected) << brk.count();
    f.clock->advance(1ns);
    ASSERT_EQ(succeed(b), CallStatus::kSuccess);  // the probe succeeds: closed
    ASSERT_EQ(b.state(), BreakerState::kClosed);
  };
  fail(b);
  close_after(1s);
  EXPECT_EQ(b.metrics().consecutive_trips, 1u) << "remembered while the memory lasts";
  f.clock->advance(9s);
  fail(b);  // trips again 9 s after closing: the streak goes on
  close_after(2s);
  f.clock->advance(5s);
  fail(b);
  close_after(4s);
  f.clock->advance(10s);  // closed for the whole memory: forgotten
  EXPECT_EQ(b.metrics().consecutive_trips, 0u);
  fail(b);
  close_after(1s);
  fail(b);
  close_after(2s);
  b.reset();
  EXPECT_EQ(b.metrics().consecutive_trips, 0u) << "a reset starts afresh";
  fail(b);
  close_after(1s);
}

TEST(BreakerBackoff, JitterStaysWithinBoundsAndIsReproducible) {
  BreakerConfig c;
  c.break_duration = 10s;
  c.max_break_duration = 10min;
  c.jitter = 0.2;
  double lo = 1e300, hi = 0;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    const double u = jitter_uniform(42, jitter_stream_for("svc"), i);
    const double d = static_cast<double>(break_duration_for(c, 1, u).count()) * 1e-9;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
    ASSERT_EQ(u, jitter_uniform(42, jitter_stream_for("svc"), i));
  }
  EXPECT_GE(lo, 8.0);
  EXPECT_LE(hi, 12.0);
  EXPECT_LT(lo, 8.1);  // 2000 draws cover the range
  EXPECT_GT(hi, 11.9);
  EXPECT_NE(jitter_uniform(42, jitter_stream_for("a"), 0), jitter_uniform(42, jitter_stream_for("b"), 0));
}

TEST(BreakerBackoff, JitteredBreakIsAppliedByTheBreaker) {
  auto c = half_open_config(1);
  c.jitter = 0.5;
  c.jitter_seed = 7;
  Fixture f(c);
  auto& b = *f.breaker;
  const double u = jitter_uniform(7, jitter_stream_for("svc"), 0);
  const Nanos expected = break_duration_for(c, 1, u);
  fail(b);
  f.clock->advance(expected - 1ns);
  EXPECT_EQ(succeed(b), CallStatus::kRejected);
  f.clock->advance(1ns);
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
}

}  // namespace
}  // namespace snnft::breaker
