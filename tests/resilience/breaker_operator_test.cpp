// SPDX-License-Identifier: MIT
// Operator controls, run-time reconfiguration, external triggers, listeners and metrics.
#include <gtest/gtest.h>

#include <atomic>

#include "breaker_test_util.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

TEST(BreakerOperator, ForcedOpenRejectsUntilReleasedAndNeverHalfOpens) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  b.force_open();
  EXPECT_EQ(b.state(), BreakerState::kForcedOpen);
  f.clock->advance(std::chrono::hours(24));
  EXPECT_EQ(succeed(b), CallStatus::kRejected);
  EXPECT_EQ(b.state(), BreakerState::kForcedOpen);
  b.force_close();
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  const auto m = b.metrics();
  EXPECT_EQ(m.time_open_total, std::chrono::hours(24));
  EXPECT_EQ(m.counters.trips, 0u);  // operator actions are not trips
  EXPECT_EQ(m.counters.transitions_to[static_cast<int>(BreakerState::kForcedOpen)], 1u);
}

TEST(BreakerOperator, DisabledPassesEverythingAndCountsIt) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  b.disable();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(fail(b), CallStatus::kFailure);
  EXPECT_EQ(b.state(), BreakerState::kDisabled);
  EXPECT_EQ(b.metrics().counters.failed, 10u);
  b.reset();
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerOperator, ResetClearsStreakAndWindow) {
  auto c = consecutive_config(2);
  c.backoff = Backoff::kExponential;
  c.break_duration = 1s;
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  fail(b);
  ASSERT_EQ(b.metrics().consecutive_trips, 1u);
  b.reset();
  const auto m = b.metrics();
  EXPECT_EQ(m.state, BreakerState::kClosed);
  EXPECT_EQ(m.consecutive_trips, 0u);
  EXPECT_EQ(m.window.calls, 0u);
  EXPECT_EQ(m.counters.failed, 2u);  // metrics survive a reset; reset_metrics() clears them
  b.reset_metrics();
  EXPECT_EQ(b.metrics().counters.total(), 0u);
}

TEST(BreakerOperator, ForceCloseOnAClosedBreakerEmptiesItsWindows) {
  auto c = with_failure_rate(consecutive_config(3), 0.5, 4, 4);
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  fail(b);
  fail(b);
  b.force_close();  // "closed now, with empty windows", though it was closed already
  auto m = b.metrics();
  EXPECT_EQ(m.window.calls, 0u);
  EXPECT_EQ(m.consecutive_failures, 0u);
  EXPECT_TRUE(log.lines().empty()) << "no transition: it stayed closed";
  fail(b);     // the third failure in a row, but for the force_close
  succeed(b);  // three failures in the last four calls, but for the force_close
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  m = b.metrics();
  EXPECT_EQ(m.window.calls, 2u);
  EXPECT_EQ(m.window.failures, 1u);
  EXPECT_EQ(m.counters.trips, 0u);
}

TEST(BreakerOperator, UpdateConfigValidatesAndAppliesAtomically) {
  Fixture f(consecutive_config(5));
  auto& b = *f.breaker;
  auto bad = consecutive_config(5);
  bad.permitted_calls_in_half_open = 2;
  bad.half_open_consecutive_successes = 3;
  try {
    b.update_config(bad);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "half_open_consecutive_successes: expected an integer in [1, permitted_calls_in_half_open = 2], got 3");
  }
  EXPECT_EQ(b.config().consecutive_failures, 5u);  // unchanged
  fail(b);
  b.update_config(consecutive_config(1));
  EXPECT_EQ(b.config().consecutive_failures, 1u);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerOperator, ConstructorRejectsInvalidConfig) {
  BreakerConfig c;
  c.failure_rate_threshold = 1.5;
  EXPECT_THROW(CircuitBreaker("x", c), std::invalid_argument);
  c = BreakerConfig{};
  c.window_size = 10;
  c.minimum_calls = 11;
  EXPECT_THROW(CircuitBreaker("x", c), std::invalid_argument);
  c = BreakerConfig{};
  c.triggers = {loss_rate_trigger("loss", 0.1), latency_trigger("loss", 5)};
  EXPECT_THROW(CircuitBreaker("x", c), std::invalid_argument);
}

TEST(BreakerTriggers, NamedSignalsTripAfterConsecutiveViolations) {
  auto c = consecutive_config(0);
  c.triggers = {latency_trigger("latency_ms", 250.0, 2), reliability_trigger("reliability", 0.9),
                loss_rate_trigger("loss_rate", 0.05)};
  Fixture f(c);
  auto& b = *f.breaker;
  std::vector<std::string> fired;
  b.add_listener([&](const BreakerEvent& e) {
    if (e.kind == EventKind::kTriggerFired) fired.emplace_back(e.detail);
  });
  EXPECT_FALSE(b.report_signal("latency_ms", 300));
  EXPECT_FALSE(b.report_signal("latency_ms", 100));  // the run is broken
  EXPECT_FALSE(b.report_signal("latency_ms", 300));
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  EXPECT_TRUE(b.report_signal("latency_ms", 260));
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  b.reset();
  EXPECT_FALSE(b.report_signal("reliability", 0.95));
  EXPECT_TRUE(b.report_signal("reliability", 0.5));
  b.reset();
  EXPECT_FALSE(b.report_signal("loss_rate", 0.05));  // at the bound is fine
  EXPECT_TRUE(b.report_signal("loss_rate", 0.06));
  EXPECT_FALSE(b.report_signal("loss_rate", 0.5));  // fires again, but it is open already
  EXPECT_EQ(fired, (std::vector<std::string>{"latency_ms", "reliability", "loss_rate", "loss_rate"}));
  EXPECT_THROW(b.report_signal("no_such", 1.0), std::out_of_range);
  EXPECT_EQ(b.metrics().counters.trips, 3u);
}

TEST(BreakerTriggers, TriggerReopensHalfOpenBreaker) {
  auto c = consecutive_config(1);
  c.triggers = {reliability_trigger("score", 0.5)};
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  f.clock->advance(10s);
  ASSERT_TRUE(b.try_acquire());
  ASSERT_EQ(b.state(), BreakerState::kHalfOpen);
  EXPECT_TRUE(b.report_signal("score", 0.1));
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerListeners, ReceiveEveryKindOfEvent) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  std::vector<EventKind> kinds;
  const ListenerId id = b.add_listener([&](const BreakerEvent& e) {
    EXPECT_EQ(e.breaker, "svc");
    kinds.push_back(e.kind);
  });
  succeed(b);
  b.call_with_timeout([&] { f.clock->advance(2s); }, 1s);
  succeed(b);
  b.call([] {}, [] {});
  b.remove_listener(id);
  succeed(b);
  EXPECT_EQ(kinds, (std::vector<EventKind>{EventKind::kSuccess, EventKind::kStateTransition, EventKind::kFailure,
                                          EventKind::kTimeout, EventKind::kRejected, EventKind::kRejected,
                                          EventKind::kFallback}));
}

TEST(BreakerListeners, MayCallBackIntoTheBreakerWithoutDeadlock) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  int transitions = 0;
  b.add_listener([&](const BreakerEvent& e) {
    if (e.kind != EventKind::kStateTransition) return;
    ++transitions;
    // Re-entrant calls that take the breaker's mutex: these would deadlock if the listener
    // ran under it.
    (void)b.metrics();
    if (e.to == BreakerState::kOpen) b.force_close();
  });
  fail(b);
  EXPECT_EQ(transitions, 2);  // closed->open, then the listener's open->closed
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerListeners, ThrowingListenerDoesNotBreakCalls) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  b.add_listener([](const BreakerEvent&) { throw std::runtime_error("listener bug"); });
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  EXPECT_EQ(fail(b), CallStatus::kFailure);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
}

TEST(BreakerMetrics, CountersRatesAndTimesAddUp) {
  auto c = consecutive_config(3);
  Fixture f(c);
  auto& b = *f.breaker;
  for (int i = 0; i < 6; ++i) succeed(b);
  fail(b);
  fail(b);
  f.clock->advance(2s);
  fail(b);  // trips
  f.clock->advance(4s);
  succeed(b);  // rejected
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.successful, 6u);
  EXPECT_EQ(m.counters.failed, 3u);
  EXPECT_EQ(m.counters.rejected, 1u);
  EXPECT_EQ(m.counters.total(), 10u);
  EXPECT_DOUBLE_EQ(m.success_rate, 6.0 / 9.0);
  EXPECT_DOUBLE_EQ(m.failure_rate, 3.0 / 9.0);
  EXPECT_EQ(m.time_in_state, 4s);
  EXPECT_EQ(m.time_open_total, 4s);
  EXPECT_EQ(m.last_failure_ns, std::int64_t{3'000'000'000});
  EXPECT_EQ(m.window.calls, 9u);
  EXPECT_EQ(m.window.failures, 3u);
}

TEST(BreakerMetrics, MemoryPerBreakerWithHundredCallWindowIsUnderOneKiB) {
  BreakerConfig c;
  c.window_size = 100;
  CircuitBreaker b("a-breaker-name", c);
  EXPECT_LE(b.memory_bytes(), 1024u);
  EXPECT_GE(b.memory_bytes(), sizeof(CircuitBreaker) + 2 * 16);  // at least the object and the bits
}

}  // namespace
}  // namespace snnft::breaker
