// SPDX-License-Identifier: MIT
// Semantics shared with resilience4j: half-open trials judged like closed-state calls (slow
// ones included) and only once all have completed, the METRICS_ONLY state, result-based
// failures, shared named configurations and the health map of a registry.
#include <gtest/gtest.h>

#include <string>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

// ---- Half-open ------------------------------------------------------------------------------

// A dependency that answers, but too slowly for the slow-call rule, must not flap between
// closed (its trials succeed) and open (the closed state trips on the slow rate): its slow
// trials reopen the breaker.
TEST(BreakerHalfOpenSemantics, SlowTrialsReopenInsteadOfFlapping) {
  BreakerConfig c = consecutive_config(0);
  c.slow_call_threshold = 100ms;
  c.slow_call_rate_threshold = 0.5;
  c.minimum_calls = 4;
  c.window_size = 4;
  c.permitted_calls_in_half_open = 2;
  c.half_open_consecutive_successes = 2;
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  for (int i = 0; i < 4; ++i) succeed_after(b, *f.clock, 200ms);
  ASSERT_EQ(b.state(), BreakerState::kOpen);
  for (int cycle = 0; cycle < 10; ++cycle) {
    f.clock->advance(10s);
    // One slow trial of two is already the slow-call rate of 0.5, and no other is running.
    ASSERT_EQ(succeed_after(b, *f.clock, 200ms), CallStatus::kSuccess);
    ASSERT_EQ(b.state(), BreakerState::kOpen) << "cycle " << cycle;
  }
  const auto lines = log.lines();
  EXPECT_EQ(lines.back(), "half_open->open:slow_call_rate");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "half_open->closed:trials_succeeded"), 0);
  // Once it is fast again, its trials close the breaker.
  f.clock->advance(10s);
  succeed_after(b, *f.clock, 10ms);
  succeed_after(b, *f.clock, 10ms);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpenSemantics, ClosesOnlyOnceEveryPermittedTrialHasCompleted) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = 3;
  c.half_open_consecutive_successes = 2;  // met after two trials, but three are permitted
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  f.clock->advance(10s);
  const Permit p1 = b.try_acquire();
  const Permit p2 = b.try_acquire();
  const Permit p3 = b.try_acquire();
  ASSERT_TRUE(p1 && p2 && p3);
  EXPECT_FALSE(b.try_acquire()) << "exactly the permitted trials";
  b.on_success(p1);
  b.on_success(p2);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen) << "p3 has not completed";
  b.on_success(p3);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerHalfOpenSemantics, SequentialTrialsAreAdmittedUpToThePermittedNumber) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = 3;
  c.half_open_consecutive_successes = 2;
  Fixture f(c);
  auto& b = *f.breaker;
  fail(b);
  f.clock->advance(10s);
  succeed(b);
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  EXPECT_EQ(b.metrics().counters.transitions_to[static_cast<int>(BreakerState::kClosed)], 0u);
  succeed(b);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

// ---- METRICS_ONLY ---------------------------------------------------------------------------

TEST(BreakerMetricsOnly, FillsWindowsAndMetricsButNeverTrips) {
  auto c = with_failure_rate(consecutive_config(2), 0.5, 5, 10);
  Fixture f(c);
  auto& b = *f.breaker;
  TransitionLog log(b);
  succeed(b);
  b.metrics_only();
  EXPECT_EQ(b.state(), BreakerState::kMetricsOnly);
  EXPECT_EQ(b.metrics().window.calls, 0u) << "a new period starts with empty windows";
  for (int i = 0; i < 30; ++i) EXPECT_EQ(fail(b), CallStatus::kFailure);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(succeed(b), CallStatus::kSuccess);
  auto m = b.metrics();
  EXPECT_EQ(m.state, BreakerState::kMetricsOnly);
  EXPECT_EQ(m.window.calls, 10u);
  EXPECT_EQ(m.window.failures, 6u);
  EXPECT_DOUBLE_EQ(m.window_failure_rate(), 0.6);
  EXPECT_EQ(m.consecutive_failures, 0u);
  EXPECT_EQ(m.counters.failed, 30u);
  EXPECT_EQ(m.counters.trips, 0u);
  EXPECT_EQ(log.lines(), std::vector<std::string>{"closed->metrics_only:operator"});
  // Back to Closed: judged again, from empty windows.
  b.force_close();
  EXPECT_EQ(b.metrics().window.calls, 0u);
  fail(b);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(to_string(BreakerState::kMetricsOnly), "metrics_only");
  EXPECT_EQ(parse_state("metrics_only"), BreakerState::kMetricsOnly);
}

// ---- Result-based failures ------------------------------------------------------------------

TEST(BreakerResults, AReturnedValueCanCountAsAFailureAndIsStillReturned) {
  auto c = consecutive_config(2);
  c.classify_result = failure_when<int>([](int http_status) { return http_status >= 500; });
  Fixture f(c);
  auto& b = *f.breaker;
  auto ok = b.call([] { return 200; });
  EXPECT_EQ(ok.status(), CallStatus::kSuccess);
  EXPECT_EQ(b.call([] { return std::string("other type"); }).status(), CallStatus::kSuccess);
  auto unavailable = b.call([] { return 503; });
  EXPECT_EQ(unavailable.status(), CallStatus::kFailure);
  EXPECT_TRUE(unavailable.failed());
  EXPECT_EQ(unavailable.value(), 503) << "the caller still gets the value";
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  auto timed = b.call_with_timeout([] { return 500; }, 1s);  // the second failure in a row
  EXPECT_EQ(timed.status(), CallStatus::kFailure);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.failed, 2u);
  EXPECT_EQ(m.counters.successful, 2u);
}

TEST(BreakerResults, AFallbackReplacesAFailedResult) {
  auto c = consecutive_config(5);
  c.classify_result = failure_when<int>([](int v) { return v < 0; });
  Fixture f(c);
  auto r = f.breaker->call([] { return -1; }, [] { return 7; });
  EXPECT_EQ(r.status(), CallStatus::kFailure);
  EXPECT_TRUE(r.from_fallback());
  EXPECT_EQ(r.value(), 7);
}

TEST(BreakerResults, AClassifierThatThrowsCountsTheCallAsAFailure) {
  auto c = consecutive_config(1);
  c.classify_result = [](const ResultView&) -> bool { throw std::logic_error("cannot judge"); };
  Fixture f(c);
  EXPECT_EQ(f.breaker->call([] { return 1; }).status(), CallStatus::kFailure);
  EXPECT_EQ(f.breaker->state(), BreakerState::kOpen);
}

// ---- Registry: shared configurations and the health map -------------------------------------

TEST(BreakerRegistryConfigs, BreakersCreatedFromANamedConfigurationFollowItsChanges) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(BreakerConfig{}, clock);
  BreakerConfig payments = consecutive_config(3);
  registry.set_config("payments", payments);
  auto eu = registry.get_or_create_from("payments-eu", "payments");
  auto us = registry.get_or_create_from("payments-us", "payments");
  auto own = registry.get_or_create("search", payments);
  EXPECT_EQ(registry.get_or_create_from("payments-eu", "payments"), eu);
  EXPECT_EQ(eu->config().consecutive_failures, 3u);

  payments.consecutive_failures = 1;
  registry.set_config("payments", payments);  // all breakers created from it change
  EXPECT_EQ(eu->config().consecutive_failures, 1u);
  EXPECT_EQ(us->config().consecutive_failures, 1u);
  EXPECT_EQ(own->config().consecutive_failures, 3u) << "created with its own configuration";
  EXPECT_EQ(registry.shared_config("payments")->consecutive_failures, 1u);
  EXPECT_FALSE(registry.shared_config("search").has_value());
  (void)eu->call([]() -> int { throw ServiceError(); });
  EXPECT_EQ(eu->state(), BreakerState::kOpen);
  EXPECT_THROW(registry.get_or_create_from("ledger", "no-such-config"), std::out_of_range);
  BreakerConfig invalid;
  invalid.window_size = 0;
  EXPECT_THROW(registry.set_config("payments", invalid), std::invalid_argument);
  EXPECT_EQ(us->config().consecutive_failures, 1u);
}

TEST(BreakerRegistryHealth, TheHealthMapReportsStateRatesAndTheLastTransition) {
  auto clock = std::make_shared<ManualClock>(5'000'000'000);
  auto c = with_failure_rate(consecutive_config(0), 0.5, 4, 4);
  c.slow_call_threshold = 100ms;
  c.slow_call_rate_threshold = 1.0;
  BreakerRegistry registry(c, clock);
  auto inventory = registry.get_or_create("inventory");
  auto search = registry.get_or_create("search");
  (void)search->call([&] { clock->advance(150ms); });
  (void)search->call([] {});
  (void)search->call([]() -> int { throw ServiceError(); });
  clock->advance(1s);
  for (int i = 0; i < 4; ++i) (void)inventory->call([]() -> int { throw ServiceError(); });

  const HealthMap map = registry.health_map();
  ASSERT_EQ(map.size(), 2u);
  const BreakerHealth& inv = map.at("inventory");
  EXPECT_EQ(inv.state, BreakerState::kOpen);
  EXPECT_DOUBLE_EQ(inv.failure_rate, 1.0);
  EXPECT_EQ(inv.window_calls, 4u);
  EXPECT_EQ(inv.last_transition_ns, 6'150'000'000);
  EXPECT_EQ(inv.last_transition_from, BreakerState::kClosed);
  EXPECT_EQ(inv.last_transition_reason, TransitionReason::kFailureRate);
  const BreakerHealth& s = map.at("search");
  EXPECT_EQ(s.state, BreakerState::kClosed);
  EXPECT_NEAR(s.failure_rate, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.slow_call_rate, 1.0 / 3.0, 1e-12);
  EXPECT_EQ(s.last_transition_ns, 5'000'000'000) << "created then, never moved";
  EXPECT_FALSE(s.last_transition_reason.has_value());
}

}  // namespace
}  // namespace snnft::breaker
