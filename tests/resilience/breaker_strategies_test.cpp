// SPDX-License-Identifier: MIT
// Strategies: a real timeout for calls that block (run on a TimeoutExecutor), and the
// queue-and-replay and forward-to-healthiest fallbacks of KeyedBreakers. Blocking calls wait
// on latches the test releases, so nothing depends on how fast the machine is.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "breaker_test_util.hpp"
#include "snnft/resilience/breaker/keyed_breakers.hpp"
#include "snnft/resilience/breaker/timeout_executor.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

/// Waits (with a generous limit) until `done()`; false if it never happened.
template <class Pred>
bool eventually(Pred done) {
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// ---- Real timeout ---------------------------------------------------------------------------

TEST(BreakerExecutorTimeout, ABlockingCallFailsAtItsDeadlineAndIsAbandoned) {
  TimeoutExecutor executor({2, 4});
  Fixture f(consecutive_config(0));
  auto& b = *f.breaker;
  // The abandoned call runs on only if a worker took it before its 20 ms deadline; on a loaded
  // machine it may not have (it is then never started), so try until one did.
  int attempts = 0;
  bool ran_on = false;
  while (!ran_on && attempts < 50) {
    ++attempts;
    std::latch release(1);
    std::atomic<bool> started{false};
    std::atomic<bool> finished{false};
    const auto r = b.call_with_timeout(executor, [&] {
      started = true;
      release.wait();  // blocks until the test lets it go: far past its 20 ms
      finished = true;
      return 1;
    }, 20ms);
    EXPECT_EQ(r.status(), CallStatus::kTimedOut);
    EXPECT_FALSE(finished.load()) << "returned while the call still blocks";
    EXPECT_THROW((void)r.value(), CallTimeoutError);
    EXPECT_EQ(executor.abandoned(), 1u);
    release.count_down();
    ASSERT_TRUE(eventually([&] { return executor.abandoned() == 0; })) << "the abandoned call ends on its worker";
    EXPECT_EQ(finished.load(), started.load());
    ran_on = started.load();
  }
  EXPECT_TRUE(ran_on);
  EXPECT_EQ(executor.abandoned_total(), static_cast<std::uint64_t>(attempts));
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.timed_out, static_cast<std::uint64_t>(attempts));
  EXPECT_EQ(m.counters.failed, static_cast<std::uint64_t>(attempts));
  EXPECT_EQ(m.counters.successful, 0u) << "a late result is discarded";
}

TEST(BreakerExecutorTimeout, CallsThatReturnInTimeGiveTheirValueOrError) {
  TimeoutExecutor executor;
  auto c = consecutive_config(1);
  c.classify_error = invalid_argument_is_ignored;
  Fixture f(c);
  auto& b = *f.breaker;
  const auto ok = b.call_with_timeout(executor, [](const Deadline& d) { return d.expired() ? 0 : 7; }, 10s);
  EXPECT_EQ(ok.status(), CallStatus::kSuccess);
  EXPECT_EQ(ok.value(), 7);
  const auto ignored = b.call_with_timeout(executor, []() -> int { throw std::invalid_argument("bad key"); }, 10s);
  EXPECT_EQ(ignored.status(), CallStatus::kIgnoredError);
  EXPECT_THROW((void)ignored.value(), std::invalid_argument);
  const auto v = b.call_with_timeout(executor, [] {}, 10s);  // void calls too
  EXPECT_EQ(v.status(), CallStatus::kSuccess);
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  const auto failed = b.call_with_timeout(executor, []() -> int { throw ServiceError(); }, 10s);
  EXPECT_EQ(failed.status(), CallStatus::kFailure);
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_EQ(b.call_with_timeout(executor, [] { return 1; }, 10s).status(), CallStatus::kRejected);
  EXPECT_EQ(executor.abandoned_total(), 0u);
}

// Abandoned work is bounded: with every worker busy and the queue full, a call is not made at
// all, and a queued call whose deadline passes before a worker is free is never started.
TEST(BreakerExecutorTimeout, AbandonedWorkIsBoundedByTheWorkersAndTheQueue) {
  TimeoutExecutor executor({1, 1});
  Fixture f(consecutive_config(0));
  auto& b = *f.breaker;
  std::latch release(1);
  std::atomic<int> started{0};
  auto hang = [&] {
    started.fetch_add(1);
    release.wait();
    return 0;
  };
  // The first call holds the only worker; its caller waits long enough to see it through.
  CallStatus first = CallStatus::kRejected;
  std::thread holder([&] { first = b.call_with_timeout(executor, hang, 60s).status(); });
  const bool worker_busy = eventually([&] { return started.load() == 1; });
  if (worker_busy) {
    EXPECT_EQ(b.call_with_timeout(executor, hang, 10ms).status(), CallStatus::kTimedOut);  // queued, given up
    const auto saturated = b.call_with_timeout(executor, hang, 10ms);
    EXPECT_EQ(saturated.status(), CallStatus::kRejected);
    EXPECT_THROW((void)saturated.value(), ExecutorSaturatedError);
    EXPECT_EQ(executor.abandoned(), 1u);
  }
  release.count_down();
  holder.join();
  ASSERT_TRUE(worker_busy);
  EXPECT_EQ(first, CallStatus::kSuccess);
  EXPECT_TRUE(eventually([&] { return executor.abandoned() == 0; }));
  EXPECT_EQ(started.load(), 1) << "the queued call's deadline had passed: it was never started";
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.successful, 1u);
  EXPECT_EQ(m.counters.timed_out, 1u);
  EXPECT_EQ(m.counters.rejected, 1u);
}

// ---- Forward to the healthiest other key ----------------------------------------------------

TEST(KeyedFallback, ARejectedCallIsForwardedToTheHealthiestOtherKey) {
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(consecutive_config(1), clock);
  KeyedBreakers peers(registry, "peer", consecutive_config(1));
  const std::vector<std::string> all{"a", "b", "c"};
  (void)peers.for_key("a").call([]() -> int { throw ServiceError(); });  // a is open
  (void)peers.for_key("b").call([] { return 0; });
  (void)peers.for_key("b").call([] { return 0; });  // b has the better record than unused c
  std::vector<std::string> served;
  auto fn = [&](const std::string& key) {
    served.push_back(key);
    return static_cast<int>(key[0]);
  };
  const auto strategy = FallbackStrategy::forward_to_healthiest(all);
  const auto r = peers.execute_with_fallback("a", fn, strategy);
  EXPECT_EQ(r.result.status(), CallStatus::kSuccess);
  EXPECT_EQ(r.result.value(), 'b');
  EXPECT_EQ(r.served_by, "b");
  EXPECT_FALSE(r.queued());
  EXPECT_EQ(served, std::vector<std::string>{"b"}) << "never run for the open key";
  EXPECT_EQ(peers.for_key("a").metrics().counters.fallbacks, 1u);
  EXPECT_EQ(peers.for_key("a").metrics().counters.rejected, 1u);
  // A closed key serves itself; with every candidate open, the rejection stands.
  EXPECT_EQ(peers.execute_with_fallback("c", fn, strategy).served_by, "c");
  peers.for_key("b").force_open();
  peers.for_key("c").force_open();
  const auto none = peers.execute_with_fallback("a", fn, strategy);
  EXPECT_TRUE(none.result.rejected());
  EXPECT_TRUE(none.served_by.empty());
}

// ---- Queue and replay -----------------------------------------------------------------------

/// Key "k" of keyed breakers "svc", opened by one failure; a single successful trial after the
/// 10 s break closes it again.
struct OpenKey {
  OpenKey() : OpenKey(config()) {}
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry;
  KeyedBreakers keys;
  CircuitBreaker& breaker;

 private:
  explicit OpenKey(const BreakerConfig& c)
      : registry(c, clock), keys(registry, "svc", c), breaker(keys.for_key("k")) {
    (void)breaker.call([]() -> int { throw ServiceError(); });
  }
  static BreakerConfig config() {
    auto c = consecutive_config(1);
    c.permitted_calls_in_half_open = 1;
    c.half_open_consecutive_successes = 1;
    return c;
  }
};

TEST(KeyedFallback, RejectedCallsAreQueuedAndReplayedInOrderWhenTheBreakerCloses) {
  OpenKey open;
  ManualClock& clock = *open.clock;
  KeyedBreakers& keys = open.keys;
  CircuitBreaker& b = open.breaker;
  ASSERT_EQ(b.state(), BreakerState::kOpen);
  std::vector<int> ran;
  const auto strategy = FallbackStrategy::queue_and_replay(2, 60s);
  std::vector<std::future<int>> futures;
  for (int i = 0; i < 3; ++i) {
    auto call = [&ran, i](const std::string&) {
      ran.push_back(i);
      return 10 * i;
    };
    auto r = keys.execute_with_fallback("k", call, strategy);
    EXPECT_TRUE(r.result.rejected());
    if (i < 2) {
      ASSERT_TRUE(r.queued()) << i;
      futures.push_back(std::move(*r.replayed));
    } else {
      EXPECT_FALSE(r.queued()) << "the queue holds 2";
    }
  }
  EXPECT_EQ(keys.queued("k"), 2u);
  EXPECT_TRUE(ran.empty());
  clock.advance(10s);
  EXPECT_EQ(b.call([] { return -1; }).status(), CallStatus::kSuccess);  // the trial closes it: replay
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  EXPECT_EQ(ran, (std::vector<int>{0, 1}));
  EXPECT_EQ(futures[0].get(), 0);
  EXPECT_EQ(futures[1].get(), 10);
  EXPECT_EQ(keys.queued("k"), 0u);
}

TEST(KeyedFallback, AQueuedCallPastItsDeadlineExpiresInsteadOfRunning) {
  OpenKey open;
  ManualClock& clock = *open.clock;
  KeyedBreakers& keys = open.keys;
  CircuitBreaker& b = open.breaker;
  bool ran = false;
  auto r = keys.execute_with_fallback("k", [&](const std::string&) {
    ran = true;
    return 1;
  }, FallbackStrategy::queue_and_replay(8, 5s));
  ASSERT_TRUE(r.queued());
  clock.advance(10s);  // past the item's 5 s, and past the break
  (void)b.call([] { return 0; });
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  EXPECT_FALSE(ran);
  EXPECT_THROW(r.replayed->get(), ReplayExpiredError);
}

TEST(KeyedFallback, AReplayThatFailsLeavesTheRestQueuedForTheNextClose) {
  OpenKey open;
  ManualClock& clock = *open.clock;
  KeyedBreakers& keys = open.keys;
  CircuitBreaker& b = open.breaker;
  const auto strategy = FallbackStrategy::queue_and_replay(8, 60s);
  auto failing = keys.execute_with_fallback("k", [](const std::string&) -> int { throw ServiceError(); }, strategy);
  auto second = keys.execute_with_fallback("k", [](const std::string&) { return 2; }, strategy);
  ASSERT_TRUE(failing.queued() && second.queued());
  clock.advance(10s);
  (void)b.call([] { return 0; });  // closes; the first replay fails and trips it again
  EXPECT_EQ(b.state(), BreakerState::kOpen);
  EXPECT_THROW(failing.replayed->get(), ServiceError);
  EXPECT_EQ(keys.queued("k"), 1u);
  EXPECT_EQ(keys.replay_queued(), 0u) << "still open";
  clock.advance(10s);
  (void)b.call([] { return 0; });
  EXPECT_EQ(second.replayed->get(), 2);
}

TEST(KeyedFallback, CallsStillQueuedExpireWithTheirKeyedBreakers) {
  auto c = consecutive_config(1);
  auto clock = std::make_shared<ManualClock>(0);
  BreakerRegistry registry(c, clock);
  std::optional<KeyedCall<int>> queued;
  bool ran = false;
  {
    KeyedBreakers keys(registry, "svc", c);
    (void)keys.for_key("k").call([]() -> int { throw ServiceError(); });
    queued.emplace(keys.execute_with_fallback("k", [&](const std::string&) {
      ran = true;
      return 1;
    }, FallbackStrategy::queue_and_replay(8, 60s)));
    ASSERT_TRUE(queued->queued());
  }
  EXPECT_THROW(queued->replayed->get(), ReplayExpiredError) << "settled, not left hanging";
  registry.get_or_create("svc/k")->force_close();  // the breaker lives on in the registry
  EXPECT_FALSE(ran);
}

// Callers on two threads queue while the breaker is open; one close replays every call, each
// thread's in the order it queued them. (Run under TSan by scripts/tsan.sh.)
TEST(KeyedFallback, CallsQueuedFromSeveralThreadsAreAllReplayedInOrder) {
  OpenKey open;
  ManualClock& clock = *open.clock;
  KeyedBreakers& keys = open.keys;
  CircuitBreaker& b = open.breaker;
  constexpr int kPerThread = 200;
  const auto strategy = FallbackStrategy::queue_and_replay(2 * kPerThread, 60s);
  std::mutex ran_mutex;
  std::vector<int> ran;
  std::vector<std::future<int>> futures[2];
  std::thread callers[2];
  for (int t = 0; t < 2; ++t) {
    callers[t] = std::thread([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int id = t * kPerThread + i;
        auto r = keys.execute_with_fallback("k", [&, id](const std::string&) {
          std::lock_guard lock(ran_mutex);
          ran.push_back(id);
          return id;
        }, strategy);
        if (r.queued()) futures[t].push_back(std::move(*r.replayed));
      }
    });
  }
  for (auto& t : callers) t.join();
  ASSERT_EQ(futures[0].size() + futures[1].size(), 2u * kPerThread);
  clock.advance(10s);
  (void)b.call([] { return 0; });  // the trial closes the breaker, which replays the queue
  EXPECT_EQ(b.state(), BreakerState::kClosed);
  ASSERT_EQ(ran.size(), 2u * kPerThread);
  for (int t = 0; t < 2; ++t) {
    int last = -1;
    for (int id : ran) {
      if (id / kPerThread != t) continue;
      EXPECT_GT(id, last);
      last = id;
    }
    for (int i = 0; i < kPerThread; ++i) EXPECT_EQ(futures[t][static_cast<std::size_t>(i)].get(), t * kPerThread + i);
  }
  EXPECT_EQ(keys.queued("k"), 0u);
}

}  // namespace
}  // namespace snnft::breaker
