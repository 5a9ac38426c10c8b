// SPDX-License-Identifier: MIT
// The call wrapper: results, exceptions and their classification, fallbacks, timeouts and
// the manual API.
#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <string>

#include "breaker_test_util.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

struct NotFound : std::runtime_error {
  NotFound() : std::runtime_error("not found") {}
};

TEST(BreakerCalls, ResultCarriesValueOrError) {
  Fixture f(consecutive_config(2));
  auto& b = *f.breaker;
  auto ok = b.call([] { return std::string("pong"); });
  EXPECT_TRUE(ok.succeeded());
  EXPECT_EQ(ok.value(), "pong");
  auto bad = b.call([]() -> std::string { throw ServiceError(); });
  EXPECT_EQ(bad.status(), CallStatus::kFailure);
  EXPECT_FALSE(bad.has_value());
  EXPECT_THROW((void)bad.value(), ServiceError);
  fail(b);
  auto rejected = b.call([] { return std::string("never"); });
  EXPECT_TRUE(rejected.rejected());
  EXPECT_THROW((void)rejected.value(), CallNotPermittedError);
  EXPECT_EQ(rejected.value_or("cached"), "cached");
}

TEST(BreakerCalls, CallablesReturningReferencesYieldCopies) {
  Fixture f(consecutive_config(2));
  const std::string stored = "kept";
  auto r = f.breaker->call([&]() -> const std::string& { return stored; });
  static_assert(std::is_same_v<decltype(r), CallResult<std::string>>);
  EXPECT_EQ(r.value(), "kept");
}

TEST(BreakerCalls, ClassifierDecidesWhichExceptionsCount) {
  auto c = consecutive_config(1);
  c.classify_error = [](const std::exception_ptr& e) {
    try {
      std::rethrow_exception(e);
    } catch (const NotFound&) {
      return ErrorKind::kIgnore;  // the caller's mistake, not the service's
    } catch (...) {
      return ErrorKind::kFailure;
    }
  };
  Fixture f(c);
  auto& b = *f.breaker;
  auto r = b.call([]() -> int { throw NotFound(); });
  EXPECT_EQ(r.status(), CallStatus::kIgnoredError);
  EXPECT_THROW((void)r.value(), NotFound);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  fail(b);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.ignored, 1u);
  EXPECT_EQ(m.counters.failed, 1u);
  EXPECT_EQ(m.counters.total(), 2u);
}

TEST(BreakerCalls, IgnoredErrorReleasesHalfOpenTrial) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = 1;
  c.half_open_consecutive_successes = 1;
  c.classify_error = [](const std::exception_ptr&) { return ErrorKind::kIgnore; };
  Fixture f(c);
  auto& b = *f.breaker;
  b.on_failure();
  f.clock->advance(10s);
  EXPECT_EQ(b.call([] { throw NotFound(); }).status(), CallStatus::kIgnoredError);
  EXPECT_EQ(b.state(), BreakerState::kHalfOpen);
  EXPECT_EQ(succeed(b), CallStatus::kSuccess);  // the permit came back
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerCalls, FallbackServesFailedAndRejectedCalls) {
  Fixture f(consecutive_config(1));
  auto& b = *f.breaker;
  auto r1 = b.call([]() -> int { throw ServiceError(); }, [](const FallbackCause& cause) {
    return cause.status == CallStatus::kFailure ? -1 : -2;
  });
  EXPECT_EQ(r1.status(), CallStatus::kFailure);
  EXPECT_TRUE(r1.from_fallback());
  EXPECT_EQ(r1.value(), -1);
  auto r2 = b.call([] { return 5; }, [] { return -3; });
  EXPECT_TRUE(r2.rejected());
  EXPECT_EQ(r2.value(), -3);
  auto r3 = b.call([] { return 5; }, []() -> int { throw std::logic_error("no cache"); });
  EXPECT_FALSE(r3.has_value());
  EXPECT_THROW((void)r3.value(), std::logic_error);
  EXPECT_EQ(b.metrics().counters.fallbacks, 2u);
}

TEST(BreakerCalls, CallThatOutlivesItsTimeoutIsATimedOutFailure) {
  auto c = consecutive_config(2);
  Fixture f(c);
  auto& b = *f.breaker;
  auto& clock = *f.clock;
  auto fast = b.call_with_timeout([&] { clock.advance(99ms); return 1; }, 100ms);
  EXPECT_TRUE(fast.succeeded());
  auto slow = b.call_with_timeout([&] { clock.advance(100ms); return 1; }, 100ms);
  EXPECT_TRUE(slow.timed_out());
  EXPECT_FALSE(slow.has_value());  // a late value is discarded
  EXPECT_THROW((void)slow.value(), CallTimeoutError);
  // A cooperative callable sees its deadline and stops early.
  int polls = 0;
  auto stopped = b.call_with_timeout(
      [&](const Deadline& d) {
        while (!d.expired()) {
          ++polls;
          clock.advance(30ms);
        }
        return 0;
      },
      100ms);
  EXPECT_TRUE(stopped.timed_out());
  EXPECT_EQ(polls, 4);  // 0, 30, 60, 90 ms; at 120 ms the deadline has passed
  EXPECT_EQ(b.state(), BreakerState::kOpen);  // two timeouts in a row
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.timed_out, 2u);
  EXPECT_EQ(m.counters.failed, 2u);
  EXPECT_EQ(m.counters.successful, 1u);
}

TEST(BreakerCalls, FutureCallTimesOutWhenNeverFulfilled) {
  Fixture f(consecutive_config(5));
  auto& b = *f.breaker;
  std::promise<int> never;  // kept alive: the abandoned future must not dangle
  auto r = b.call_future([&] { return never.get_future(); }, 1ms);
  EXPECT_TRUE(r.timed_out());
  auto ready = b.call_future(
      [] {
        std::promise<int> p;
        p.set_value(7);
        return p.get_future();
      },
      1ms);
  EXPECT_EQ(ready.value(), 7);
  auto broken = b.call_future(
      [] {
        std::promise<int> p;
        p.set_exception(std::make_exception_ptr(ServiceError()));
        return p.get_future();
      },
      1ms);
  EXPECT_EQ(broken.status(), CallStatus::kFailure);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.timed_out, 1u);
  EXPECT_EQ(m.counters.failed, 2u);
}

TEST(BreakerCalls, TimedPathsHandTheClassifierTheThrownException) {
  // The classifier inspects the exception the standard way; a null pointer would be
  // undefined behaviour for rethrow_exception, so the test counts nulls instead.
  int nulls = 0;
  auto c = consecutive_config(2);
  c.classify_error = [&nulls](const std::exception_ptr& e) {
    if (!e) {
      ++nulls;
      return ErrorKind::kFailure;
    }
    return invalid_argument_is_ignored(e);
  };
  Fixture f(c);
  auto& b = *f.breaker;
  auto timed = b.call_with_timeout([]() -> int { throw std::invalid_argument("bad key"); }, 100ms);
  auto future = b.call_future(
      [] {
        std::promise<int> p;
        p.set_exception(std::make_exception_ptr(std::invalid_argument("bad key")));
        return p.get_future();
      },
      100ms);
  EXPECT_EQ(nulls, 0);
  EXPECT_EQ(timed.status(), CallStatus::kIgnoredError);
  EXPECT_EQ(future.status(), CallStatus::kIgnoredError);
  EXPECT_THROW((void)timed.value(), std::invalid_argument);  // the result still carries it
  EXPECT_THROW((void)future.value(), std::invalid_argument);
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.ignored, 2u);
  EXPECT_EQ(m.counters.failed, 0u);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
}

TEST(BreakerCalls, ManualApiFeedsTheSameRules) {
  auto c = consecutive_config(2);
  c.record_latency = true;
  Fixture f(c);
  auto& b = *f.breaker;
  const Permit p = b.try_acquire();
  ASSERT_EQ(p.kind, Permit::Kind::kClosed);
  b.on_success(p, 3ms);
  b.on_failure(b.try_acquire());
  b.on_timeout(b.try_acquire(), 2s);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_FALSE(b.try_acquire());
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.successful, 1u);
  EXPECT_EQ(m.counters.failed, 2u);
  EXPECT_EQ(m.counters.timed_out, 1u);
  EXPECT_EQ(m.counters.rejected, 1u);
  EXPECT_EQ(m.latency.count, 3u);  // the failure reported none; it was measured from try_acquire
}

TEST(BreakerCalls, LatencyHistogramBucketsAndMean) {
  auto c = consecutive_config(0);
  c.record_latency = true;
  Fixture f(c);
  auto& b = *f.breaker;
  auto& clock = *f.clock;
  succeed_after(b, clock, 1ms);    // le 0.001
  succeed_after(b, clock, 2ms);    // le 0.005
  succeed_after(b, clock, 30s);    // +Inf
  const auto m = b.metrics().latency;
  EXPECT_EQ(m.count, 3u);
  EXPECT_EQ(m.counts[4], 1u);
  EXPECT_EQ(m.counts[5], 1u);
  EXPECT_EQ(m.counts[kLatencyBucketCount - 1], 1u);
  EXPECT_EQ(m.sum_ns, 30'003'000'000);
  EXPECT_DOUBLE_EQ(m.mean_seconds(), 30.003 / 3);
}

TEST(BreakerCalls, SystemClockCoarseReadsFollowTheMonotonicClock) {
  // The coarse read goes through the vDSO entry point when one is found; it must be the same
  // clock as CLOCK_MONOTONIC_COARSE and trail the precise clock by at most a kernel tick.
  const auto clock = SystemClock::shared();
  timespec ts{};
  ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC_COARSE, &ts), 0);
  const std::int64_t libc_ns = static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  const std::int64_t coarse = clock->coarse_now_ns();
  const std::int64_t precise = clock->now_ns();
  EXPECT_GE(coarse, libc_ns);
  EXPECT_LE(coarse - libc_ns, 50'000'000) << "more than 50 ms between two reads";
  EXPECT_LE(coarse, precise);
  EXPECT_LE(precise - coarse, 50'000'000) << "the coarse clock trails by more than a tick";
  EXPECT_GE(SystemClock::read_coarse_ns(), coarse);
}

}  // namespace
}  // namespace snnft::breaker
