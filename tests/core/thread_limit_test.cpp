// SPDX-License-Identifier: MIT
// A ThreadLimit caps the threads oneTBB's parallel loops use while it lives (network
// construction runs on the run's --threads this way), and lifts the cap when it goes.
#include <gtest/gtest.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "snnft/core/parallel.hpp"

namespace snnft {
namespace {

/// The threads that ran some part of a parallel loop whose every iteration takes a while, so
/// that an idle worker would have time to steal some of them.
std::size_t threads_in_parallel_loop() {
  std::mutex m;
  std::set<std::thread::id> ids;
  tbb::parallel_for(tbb::blocked_range<int>(0, 64, 1), [&](const tbb::blocked_range<int>&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::lock_guard lock(m);
    ids.insert(std::this_thread::get_id());
  });
  return ids.size();
}

TEST(ThreadLimit, OneThreadRunsEveryIterationOnTheCallingThread) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "needs two hardware threads";
  const std::size_t unlimited = active_thread_count();
  {
    const ThreadLimit limit(1);
    EXPECT_EQ(active_thread_count(), 1u);
    EXPECT_EQ(threads_in_parallel_loop(), 1u);
  }
  EXPECT_EQ(active_thread_count(), unlimited);
}

}  // namespace
}  // namespace snnft
