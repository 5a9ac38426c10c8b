// SPDX-License-Identifier: MIT
// Snapshots: a restored breaker continues exactly like the original would have.
#include <gtest/gtest.h>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/serialization.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

BreakerConfig snapshot_config() {
  BreakerConfig c;
  c.consecutive_failures = 0;
  c.failure_rate_threshold = 0.5;
  c.minimum_calls = 6;
  c.window_size = 8;
  c.slow_call_threshold = 100ms;
  c.slow_call_rate_threshold = 0.9;
  c.record_latency = true;
  c.break_duration = 10s;
  c.backoff = Backoff::kExponential;
  c.max_break_duration = 80s;
  c.permitted_calls_in_half_open = 1;
  c.half_open_consecutive_successes = 1;
  return c;
}

TEST(BreakerSnapshot, JsonRoundTripIsExact) {
  Fixture f(snapshot_config());
  auto& b = *f.breaker;
  succeed_after(b, *f.clock, 150ms);
  fail(b);
  succeed(b);
  b.force_open();
  f.clock->advance(3s);
  b.force_close();
  const BreakerSnapshot s = b.snapshot();
  const nlohmann::json j = to_json(s);
  const BreakerSnapshot back = snapshot_from_json(nlohmann::json::parse(j.dump()));
  EXPECT_EQ(to_json(back), j);
  EXPECT_EQ(j.at("count_window"), "");  // force_close cleared the window
  EXPECT_EQ(back.counters.transitions_to, s.counters.transitions_to);
  EXPECT_EQ(back.time_open_total, 3s);
  EXPECT_EQ(back.latency.count, 3u);
}

TEST(BreakerSnapshot, RestoredBreakerContinuesLikeTheOriginal) {
  // Drive one breaker into the middle of its second break, with a partly filled window
  // history behind it, then restore its snapshot into a fresh breaker on another clock.
  Fixture original(snapshot_config(), "svc");
  auto& a = *original.breaker;
  for (int i = 0; i < 3; ++i) fail(a);
  for (int i = 0; i < 3; ++i) fail(a);  // 6/6 failures: trips, break 10 s
  original.clock->advance(10s);
  fail(a);  // half-open trial fails: second trip, break 20 s
  original.clock->advance(5s);
  ASSERT_EQ(a.state(), BreakerState::kOpen);

  const nlohmann::json saved = to_json(a.snapshot());
  Fixture copy(snapshot_config(), "svc");
  copy.clock->set(123'000'000'000);  // the new process's clock starts elsewhere
  auto& b = *copy.breaker;
  b.restore(snapshot_from_json(saved));

  EXPECT_EQ(b.state(), BreakerState::kOpen);
  const auto ma = a.metrics(), mb = b.metrics();
  EXPECT_EQ(mb.counters.failed, ma.counters.failed);
  EXPECT_EQ(mb.counters.trips, ma.counters.trips);
  EXPECT_EQ(mb.consecutive_trips, 2u);
  EXPECT_EQ(mb.time_open_total, ma.time_open_total);
  // 15 s of the 20 s break remain in both.
  for (auto* f : {&original, &copy}) {
    f->clock->advance(15s - 1ns);
    EXPECT_EQ(succeed(*f->breaker), CallStatus::kRejected);
    f->clock->advance(1ns);
    EXPECT_EQ(fail(*f->breaker), CallStatus::kFailure);  // third trip: 40 s
    f->clock->advance(40s - 1ns);
    EXPECT_EQ(succeed(*f->breaker), CallStatus::kRejected);
  }
}

TEST(BreakerSnapshot, WindowContentsSurviveARestart) {
  Fixture original(snapshot_config());
  auto& a = *original.breaker;
  succeed(a);
  fail(a);
  succeed_after(a, *original.clock, 200ms);
  fail(a);
  fail(a);  // 3/5 failures, below minimum calls
  Fixture copy(snapshot_config());
  copy.breaker->restore(snapshot_from_json(to_json(a.snapshot())));
  EXPECT_EQ(to_json(copy.breaker->snapshot()).at("count_window"), "sfSff");
  // One more failure reaches the minimum of 6 with 4/6 >= 0.5 in both.
  fail(a);
  fail(*copy.breaker);
  EXPECT_EQ(a.state(), BreakerState::kOpen);
  EXPECT_EQ(copy.breaker->state(), BreakerState::kOpen);
}

TEST(BreakerSnapshot, HalfOpenIsSavedAsOpenWithNoBreakLeft) {
  Fixture f(snapshot_config());
  auto& b = *f.breaker;
  for (int i = 0; i < 6; ++i) fail(b);
  f.clock->advance(10s);
  ASSERT_TRUE(b.try_acquire());
  ASSERT_EQ(b.state(), BreakerState::kHalfOpen);
  const auto s = b.snapshot();
  EXPECT_EQ(s.state, BreakerState::kOpen);
  EXPECT_EQ(s.remaining_break, 0ns);
  Fixture copy(snapshot_config());
  copy.breaker->restore(s);
  EXPECT_EQ(succeed(*copy.breaker), CallStatus::kSuccess);  // probes at once
  EXPECT_EQ(copy.breaker->state(), BreakerState::kClosed);
}

TEST(BreakerSnapshot, RegistryStateRoundTripsAndRejectsBadInput) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(consecutive_config(1), clock);
  fail(*registry.get_or_create("a"));
  registry.get_or_create("b")->disable();
  const nlohmann::json saved = save_registry_state(registry);
  BreakerRegistry fresh(consecutive_config(1), clock);
  EXPECT_EQ(restore_registry_state(fresh, saved), 2u);
  EXPECT_EQ(fresh.get("a")->state(), BreakerState::kOpen);
  EXPECT_EQ(fresh.get("b")->state(), BreakerState::kDisabled);

  nlohmann::json bad = saved;
  bad["breakers"]["b"]["count_window"] = "sx";
  try {
    BreakerRegistry other(consecutive_config(1), clock);
    restore_registry_state(other, bad);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "/breakers/b/count_window: unexpected letter 'x' at 1 (expected s, f, S or F)");
  }
  bad = saved;
  bad["breakers"]["a"]["state"] = "ajar";
  EXPECT_THROW(snapshot_from_json(bad["breakers"]["a"], "/breakers/a"), ConfigError);
  bad = saved;
  bad["breakers"]["a"]["version"] = 2;
  EXPECT_THROW(snapshot_from_json(bad["breakers"]["a"]), ConfigError);
}

}  // namespace
}  // namespace snnft::breaker
