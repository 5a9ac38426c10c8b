// SPDX-License-Identifier: MIT
// Many threads on one breaker: counters add up exactly, transitions form a consistent chain,
// half-open admission never exceeds the permitted trials, and no breaker stays half-open past
// its max wait. Time is a shared manual clock, so the tests never sleep.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "breaker_test_util.hpp"
#include "snnft/core/counter_rng.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

constexpr int kThreads = 4;

/// Counts transitions by (from, to) with atomics.
struct TransitionCounts {
  std::array<std::array<std::atomic<std::uint64_t>, kStateCount>, kStateCount> n{};
  void attach(CircuitBreaker& b) {
    b.add_listener([this](const BreakerEvent& e) {
      if (e.kind == EventKind::kStateTransition) {
        n[static_cast<int>(e.from)][static_cast<int>(e.to)].fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::uint64_t into(BreakerState s) const {
    std::uint64_t t = 0;
    for (int f = 0; f < kStateCount; ++f) t += n[f][static_cast<int>(s)].load();
    return t;
  }
  std::uint64_t out_of(BreakerState s) const {
    std::uint64_t t = 0;
    for (int to = 0; to < kStateCount; ++to) t += n[static_cast<int>(s)][to].load();
    return t;
  }
};

/// Flow conservation: every state was entered as often as it was left, except the final
/// state (entered once more) and Closed (the initial state, entered once less).
void expect_flow_conserved(const TransitionCounts& transitions, BreakerState final_state) {
  for (int s = 0; s < kStateCount; ++s) {
    const auto state = static_cast<BreakerState>(s);
    const std::int64_t balance = static_cast<std::int64_t>(transitions.into(state)) +
                                 (state == BreakerState::kClosed ? 1 : 0) -
                                 static_cast<std::int64_t>(transitions.out_of(state));
    EXPECT_EQ(balance, state == final_state ? 1 : 0) << to_string(state);
  }
}

/// Runs `body(t)` for t = 0 .. kThreads - 1, each on its own thread, all released together,
/// and joins them.
template <class Body>
void run_together(const Body& body) {
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      body(t);
    });
  }
  for (auto& th : threads) th.join();
}

TEST(BreakerConcurrency, HammeringThreadsCountersAddUpExactly) {
  BreakerConfig c;
  c.consecutive_failures = 4;
  c.failure_rate_threshold = 0.5;
  c.minimum_calls = 10;
  c.window_size = 32;
  c.break_duration = 1ms;
  c.max_break_duration = 1ms;
  c.permitted_calls_in_half_open = 2;
  c.half_open_consecutive_successes = 2;
  c.max_wait_in_half_open = 5ms;
  Fixture f(c);
  CircuitBreaker& b = *f.breaker;
  TransitionCounts transitions;
  transitions.attach(b);

  constexpr int kCallsPerThread = 20000;
  std::atomic<std::uint64_t> successes{0}, failures{0}, rejections{0};
  const CounterRng rng(99);
  run_together([&](int t) {
    RngStream r(rng, StreamId{RngPurpose::kUser, 2, static_cast<std::uint32_t>(t)});
    std::uint64_t s = 0, fl = 0, rj = 0;
    for (int i = 0; i < kCallsPerThread; ++i) {
      // Failure bursts trip the breaker; the clock moves so that it keeps cycling.
      const bool failing = (i / 500) % 2 == 1 ? r.below(4) != 0 : r.below(20) == 0;
      f.clock->advance(10us);
      const auto status = b.call([&] {
        if (failing) throw ServiceError();
      }).status();
      s += status == CallStatus::kSuccess;
      fl += status == CallStatus::kFailure;
      rj += status == CallStatus::kRejected;
    }
    successes += s;
    failures += fl;
    rejections += rj;
  });

  const auto m = b.metrics();
  EXPECT_EQ(m.counters.successful, successes.load());
  EXPECT_EQ(m.counters.failed, failures.load());
  EXPECT_EQ(m.counters.rejected, rejections.load());
  EXPECT_EQ(m.counters.total(), static_cast<std::uint64_t>(kThreads) * kCallsPerThread);
  EXPECT_GT(m.counters.trips, 10u) << "the load should have cycled the breaker";

  expect_flow_conserved(transitions, m.state);
  EXPECT_EQ(transitions.into(BreakerState::kOpen), m.counters.trips);
  // Only Open leads to HalfOpen, and HalfOpen only to Closed or Open.
  EXPECT_EQ(transitions.n[1][2].load(), transitions.into(BreakerState::kHalfOpen));
  EXPECT_EQ(transitions.n[2][0].load(), transitions.into(BreakerState::kClosed));

  // At rest the window's failure count equals the failures it actually holds.
  const auto snap = b.snapshot();
  std::uint32_t held = 0;
  for (const auto& o : snap.count_window) held += o.failure;
  EXPECT_EQ(b.metrics().window.failures, held);
  EXPECT_EQ(b.metrics().window.calls, snap.count_window.size());
}

TEST(BreakerConcurrency, HalfOpenAdmitsExactlyThePermittedTrialsUnderARace) {
  constexpr int kRacers = 8;
  constexpr std::uint32_t kPermitted = 3;
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = kPermitted;
  c.half_open_consecutive_successes = kPermitted;
  Fixture f(c);
  CircuitBreaker& b = *f.breaker;
  for (int round = 0; round < 50; ++round) {
    b.reset();
    fail(b);
    ASSERT_EQ(b.state(), BreakerState::kOpen);
    f.clock->advance(10s);  // the break is over: the next calls race for the trials

    std::atomic<int> in_flight{0}, high_water{0}, rejected{0};
    std::latch start(kRacers);
    std::latch finish_trials(1);
    std::vector<std::thread> threads;
    for (int t = 0; t < kRacers; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        const auto status = b.call([&] {
          const int now = in_flight.fetch_add(1) + 1;
          int seen = high_water.load();
          while (now > seen && !high_water.compare_exchange_weak(seen, now)) {
          }
          finish_trials.wait();  // hold the trial open until every racer has tried
          in_flight.fetch_sub(1);
        }).status();
        if (status == CallStatus::kRejected) rejected.fetch_add(1);
      });
    }
    // Wait (without a timeout) until every racer is either rejected or inside its trial.
    while (rejected.load() + in_flight.load() < kRacers) std::this_thread::yield();
    EXPECT_EQ(in_flight.load(), static_cast<int>(kPermitted)) << "round " << round;
    EXPECT_EQ(rejected.load(), kRacers - static_cast<int>(kPermitted));
    finish_trials.count_down();
    for (auto& th : threads) th.join();
    EXPECT_EQ(high_water.load(), static_cast<int>(kPermitted));
    EXPECT_EQ(b.state(), BreakerState::kClosed);
  }
}

TEST(BreakerConcurrency, TrialsPerHalfOpenPeriodNeverExceedPermittedWhileCycling) {
  constexpr std::uint32_t kPermitted = 2;
  BreakerConfig c;
  c.consecutive_failures = 2;
  c.failure_rate_threshold = 0.0;
  c.break_duration = 50us;
  c.max_break_duration = 50us;
  c.permitted_calls_in_half_open = kPermitted;
  c.half_open_consecutive_successes = kPermitted;
  c.max_wait_in_half_open = 1ms;
  Fixture f(c);
  CircuitBreaker& b = *f.breaker;
  // Trials admitted per generation; generations are small integers here.
  std::vector<std::atomic<std::uint32_t>> admitted(1u << 16);
  std::atomic<std::uint64_t> trials{0};
  std::atomic<std::uint32_t> max_generation{0};
  const CounterRng rng(7);
  run_together([&](int t) {
    RngStream r(rng, StreamId{RngPurpose::kUser, 3, static_cast<std::uint32_t>(t)});
    for (int i = 0; i < 20000; ++i) {
      f.clock->advance(5us);
      const Permit p = b.try_acquire();
      if (!p) continue;
      if (p.kind == Permit::Kind::kTrial) {
        admitted[p.generation & 0xFFFF].fetch_add(1);
        trials.fetch_add(1);
        std::uint32_t seen = max_generation.load();
        while (p.generation > seen && !max_generation.compare_exchange_weak(seen, p.generation)) {
        }
      }
      const std::uint64_t roll = r.below(10);
      if (roll < 4) {
        b.on_failure(p);
      } else if (roll < 9) {
        b.on_success(p);
      }  // else: never reported; the max wait has to release it
    }
  });
  ASSERT_LT(max_generation.load(), admitted.size());
  std::uint32_t worst = 0;
  for (auto& a : admitted) worst = std::max(worst, a.load());
  EXPECT_LE(worst, kPermitted);
  EXPECT_GT(trials.load(), 100u) << "the test should have produced many half-open periods";
  EXPECT_GT(b.metrics().counters.transitions_to[static_cast<int>(BreakerState::kHalfOpen)], 50u);
}

TEST(BreakerConcurrency, NoBreakerStaysHalfOpenPastMaxWait) {
  auto c = consecutive_config(1);
  c.permitted_calls_in_half_open = 4;
  c.half_open_consecutive_successes = 4;
  c.break_duration = 1h;  // after the max wait it stays open for the rest of the round
  c.max_break_duration = 1h;
  c.max_wait_in_half_open = 5s;
  Fixture f(c);
  CircuitBreaker& b = *f.breaker;
  for (int round = 0; round < 20; ++round) {
    b.reset();
    fail(b);
    f.clock->advance(1h);
    // Every thread takes trial permits and never reports back.
    std::atomic<int> taken{0};
    run_together([&](int) {
      for (int i = 0; i < 3; ++i) {
        if (b.try_acquire()) taken.fetch_add(1);
      }
    });
    ASSERT_EQ(taken.load(), 4);
    ASSERT_EQ(b.state(), BreakerState::kHalfOpen);
    f.clock->advance(5s);
    // Whichever thread looks first moves it to Open; all of them must see it not half-open.
    std::atomic<int> half_open_seen{0};
    run_together([&](int t) {
      for (int i = 0; i < 100; ++i) {
        const BreakerState s = (t % 2 == 0) ? b.state() : (b.try_acquire(), b.peek_state());
        if (s == BreakerState::kHalfOpen) half_open_seen.fetch_add(1);
      }
    });
    EXPECT_EQ(half_open_seen.load(), 0) << "round " << round;
    EXPECT_EQ(b.state(), BreakerState::kOpen);
  }
  EXPECT_EQ(b.metrics().counters.transitions_to[static_cast<int>(BreakerState::kOpen)], 40u);
}

TEST(BreakerConcurrency, OperatorActionsRacingWithCallsKeepTheBreakerConsistent) {
  Fixture f(consecutive_config(3));
  CircuitBreaker& b = *f.breaker;
  TransitionCounts transitions;
  transitions.attach(b);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      std::uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        (t == 0 ? fail(b) : succeed(b));
        f.clock->advance(1s);
        ++n;
      }
      calls += n;
    });
  }
  for (int i = 0; i < 2000; ++i) {
    switch (i % 4) {
      case 0: b.force_open(); break;
      case 1: b.disable(); break;
      case 2: b.reset(); break;
      default: b.force_close(); break;
    }
  }
  stop = true;
  for (auto& th : threads) th.join();
  const auto m = b.metrics();
  EXPECT_EQ(m.counters.total(), calls.load());
  expect_flow_conserved(transitions, m.state);
}

TEST(BreakerConcurrency, FastPathCountsAddUpWhileThreadsLiveAndAfterTheyEnd) {
  // No listeners: successes and rejections take the inline paths and count per thread.
  BreakerConfig c;
  c.consecutive_failures = 1;
  c.failure_rate_threshold = 0.0;
  Fixture f(c);
  CircuitBreaker& b = *f.breaker;
  constexpr int kCalls = 5000;
  std::latch counted(kThreads + 1), opened(kThreads + 1), rejected(kThreads + 1), read(kThreads + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls + t; ++i) (void)b.call([] {});
      counted.arrive_and_wait();
      opened.arrive_and_wait();
      for (int i = 0; i < 2 * kCalls + t; ++i) (void)b.call([] {});
      rejected.arrive_and_wait();
      read.arrive_and_wait();  // stay alive until the main thread has read the live cells
    });
  }
  constexpr std::uint64_t kExtra = kThreads * (kThreads - 1) / 2;  // thread t made t more
  counted.arrive_and_wait();
  EXPECT_EQ(b.metrics().counters.successful, kThreads * kCalls + kExtra);
  fail(b);  // opens it; the manual clock stands still, so the break never ends
  ASSERT_EQ(b.peek_state(), BreakerState::kOpen);
  opened.arrive_and_wait();
  rejected.arrive_and_wait();
  auto m = b.metrics();
  EXPECT_EQ(m.counters.successful, kThreads * kCalls + kExtra);
  EXPECT_EQ(m.counters.rejected, kThreads * 2 * kCalls + kExtra);
  read.arrive_and_wait();
  for (auto& th : threads) th.join();
  // The ended threads' cells were folded into the breaker's counters.
  m = b.metrics();
  EXPECT_EQ(m.counters.successful, kThreads * kCalls + kExtra);
  EXPECT_EQ(m.counters.rejected, kThreads * 2 * kCalls + kExtra);
  b.reset_metrics();
  (void)b.call([] {});
  EXPECT_EQ(b.metrics().counters.rejected, 1u);
  EXPECT_EQ(b.metrics().counters.successful, 0u);
}

TEST(PerThreadCounter, CountersBeyondTheCellsStayExactAndFreedCellsRestartAtZero) {
  // More live counters than per-thread cells: the extra ones count in their shared atomic.
  std::vector<std::unique_ptr<PerThreadCounter>> counters;
  for (std::uint32_t i = 0; i < detail::kCounterCells + 8; ++i) counters.push_back(std::make_unique<PerThreadCounter>());
  run_together([&](int) {
    for (std::size_t i = 0; i < counters.size(); ++i) counters[i]->add(i + 1);
    counters.front()->add(1000);
    counters.back()->add(1000);
  });
  for (std::size_t i = 0; i < counters.size(); ++i) {
    const std::uint64_t extra = (i == 0 || i + 1 == counters.size()) ? 1000 : 0;
    ASSERT_EQ(counters[i]->load(), kThreads * (i + 1 + extra)) << "counter " << i;
  }
  // A counter that takes over a freed cell starts from zero, in this (living) thread too.
  counters[3]->add(7);
  counters[3].reset();
  counters[3] = std::make_unique<PerThreadCounter>();
  EXPECT_EQ(counters[3]->load(), 0u);
  counters[3]->add(2);
  counters[3]->store(40);
  counters[3]->add(2);
  EXPECT_EQ(counters[3]->load(), 42u);
}

}  // namespace
}  // namespace snnft::breaker
