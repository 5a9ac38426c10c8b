// SPDX-License-Identifier: MIT
// The two windows on their own, including the conservation law of the lock-free count window.
#include <gtest/gtest.h>

#include <deque>
#include <thread>

#include "snnft/core/counter_rng.hpp"
#include "snnft/resilience/breaker/count_window.hpp"
#include "snnft/resilience/breaker/time_window.hpp"

namespace snnft::breaker {
namespace {

TEST(CountWindow, KeepsTheLastNOutcomes) {
  CountWindow w(3);
  EXPECT_EQ(w.record(true, false).failures, 1u);
  w.record(false, true);
  const WindowTotals t = w.record(true, true);
  EXPECT_EQ(t.calls, 3u);
  EXPECT_EQ(t.failures, 2u);
  EXPECT_EQ(t.slow, 2u);
  const WindowTotals t2 = w.record(false, false);  // the first failure leaves
  EXPECT_EQ(t2.calls, 3u);
  EXPECT_EQ(t2.failures, 1u);
  const auto o = w.outcomes();
  ASSERT_EQ(o.size(), 3u);
  EXPECT_TRUE(o[0].slow && !o[0].failure);
  EXPECT_TRUE(o[1].slow && o[1].failure);
  EXPECT_TRUE(!o[2].slow && !o[2].failure);
  w.clear();
  EXPECT_EQ(w.totals().calls, 0u);
  EXPECT_EQ(w.totals().failures, 0u);
}

TEST(CountWindow, WindowsLargerThanOneWordWrapCorrectly) {
  CountWindow w(100);
  for (int i = 0; i < 250; ++i) w.record(i % 5 == 0, i % 2 == 0);
  // The last 100 calls are i = 150..249: failures at multiples of 5, slow at even i.
  EXPECT_EQ(w.totals().calls, 100u);
  EXPECT_EQ(w.totals().failures, 20u);
  EXPECT_EQ(w.totals().slow, 50u);
}

TEST(CountWindow, MatchesALastNQueueForManySizes) {
  const CounterRng rng(11);
  for (const std::uint32_t size : {1u, 2u, 3u, 63u, 64u, 65u, 100u, 127u, 1000u}) {
    CountWindow w(size);
    std::deque<WindowOutcome> expected;
    RngStream r(rng, StreamId{RngPurpose::kUser, 8, size});
    for (int i = 0; i < 3000; ++i) {
      const WindowOutcome o{r.below(3) == 0, r.below(4) == 0};
      const WindowTotals t = w.record(o.failure, o.slow);
      expected.push_back(o);
      if (expected.size() > size) expected.pop_front();
      std::uint32_t f = 0, sl = 0;
      for (const auto& e : expected) {
        f += e.failure;
        sl += e.slow;
      }
      ASSERT_EQ(t.calls, expected.size()) << size;
      ASSERT_EQ(t.failures, f) << size << " at " << i;
      ASSERT_EQ(t.slow, sl) << size << " at " << i;
    }
    const auto got = w.outcomes();
    ASSERT_EQ(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].failure, expected[i].failure);
      EXPECT_EQ(got[i].slow, expected[i].slow);
    }
  }
}

TEST(CountWindow, ConcurrentRecordingKeepsCountEqualToBits) {
  CountWindow w(100);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&w, t] {
      const CounterRng rng(5);
      RngStream r(rng, StreamId{RngPurpose::kUser, 9, static_cast<std::uint32_t>(t)});
      for (int i = 0; i < 50000; ++i) {
        w.record(r.below(3) == 0, r.below(2) == 0);
        if (t == 0 && i % 10000 == 9999 && i < 40000) w.clear();  // races with the others
      }
    });
  }
  for (auto& th : threads) th.join();
  std::uint32_t failures = 0, slow = 0;
  for (const auto& o : w.outcomes()) {
    failures += o.failure;
    slow += o.slow;
  }
  EXPECT_EQ(w.totals().failures, failures);
  EXPECT_EQ(w.totals().slow, slow);
  EXPECT_EQ(w.totals().calls, 100u);
}

TEST(TimeWindow, BucketsExpireAndLoadRestores) {
  TimeWindow w(std::chrono::seconds(10), 5);  // 2 s buckets
  const std::int64_t s = 1'000'000'000;
  w.record(0, true, false);
  w.record(3 * s, false, true);
  w.record(9 * s, true, false);
  EXPECT_EQ(w.totals(9 * s).calls, 3u);
  EXPECT_EQ(w.totals(10 * s).calls, 2u);  // the bucket [0, 2 s) has left
  EXPECT_EQ(w.totals(12 * s).calls, 1u);
  const auto saved = w.buckets(12 * s);
  TimeWindow other(std::chrono::seconds(10), 5);
  other.load(100 * s, saved);
  EXPECT_EQ(other.totals(100 * s).failures, 1u);
  EXPECT_EQ(other.totals(105 * s).calls, 1u);  // restored at age 2: [96 s, 98 s)
  EXPECT_EQ(other.totals(106 * s).calls, 0u);
  w.record(-3 * s, true, true);  // negative times (manual clocks) use floor division
  EXPECT_EQ(w.totals(-3 * s).calls, 1u);
}

}  // namespace
}  // namespace snnft::breaker
