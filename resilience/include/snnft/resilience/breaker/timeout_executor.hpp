// SPDX-License-Identifier: MIT
// A small bounded pool of threads on which a breaker runs calls with a real timeout: the caller
// stops waiting at the deadline even when the call blocks.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace snnft::breaker {

struct TimeoutExecutorOptions {
  std::size_t workers = 4;         ///< calls that can run at once, abandoned ones included
  std::size_t queue_capacity = 64;  ///< calls that can wait for a worker
};

/// Thrown by CallResult::value() for a call the executor could not take: every worker busy
/// (most likely with abandoned calls of a hanging dependency) and the queue full.
class ExecutorSaturatedError : public std::runtime_error {
 public:
  ExecutorSaturatedError() : std::runtime_error("timeout executor saturated: call not made") {}
};

/// Worker threads for CircuitBreaker::call_with_timeout(executor, fn, timeout).
///
/// A call still running at its deadline is abandoned: C++ cannot stop a thread, so it runs to
/// its end on its worker, its result is discarded (the breaker has already recorded a
/// timeout), and the worker stays busy until then. A call may take a Deadline and stop early
/// once it expires. The work is bounded: at most `workers` calls run at once, abandoned ones
/// included, and at most `queue_capacity` wait; a call that finds both full is not made
/// (ExecutorSaturatedError), and a queued call whose deadline passes before a worker takes
/// it is never started. The destructor waits for the calls still running.
///
/// Its own pool rather than oneTBB's: a blocked call would hold a TBB worker that the
/// simulation engine needs, and TBB offers no bound on how many may block.
class TimeoutExecutor {
 public:
  /// A unit of work; run() is called at most once, on a worker.
  class Task {
   public:
    virtual ~Task() = default;
    virtual void run() noexcept = 0;
  };

  explicit TimeoutExecutor(TimeoutExecutorOptions options = {});
  ~TimeoutExecutor();
  TimeoutExecutor(const TimeoutExecutor&) = delete;
  TimeoutExecutor& operator=(const TimeoutExecutor&) = delete;

  /// Queues `task`; false (and `task` dropped) if every worker is busy and the queue is full.
  bool try_submit(std::unique_ptr<Task> task);

  /// Calls whose caller has given up on them and that are still running or queued.
  [[nodiscard]] std::size_t abandoned() const noexcept { return abandoned_.load(std::memory_order_acquire); }
  /// Calls abandoned since the executor started.
  [[nodiscard]] std::uint64_t abandoned_total() const noexcept {
    return abandoned_total_.load(std::memory_order_relaxed);
  }
  [[nodiscard]] std::size_t workers() const noexcept { return threads_.size(); }

  /// Bookkeeping of the calls (see call_with_timeout): a caller gave up on one, and an
  /// abandoned one has ended.
  void note_abandoned() noexcept;
  void note_abandoned_ended() noexcept;

 private:
  void work();

  TimeoutExecutorOptions options_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::unique_ptr<Task>> queue_;
  std::size_t idle_ = 0;  ///< workers waiting for a task
  bool stopping_ = false;
  std::atomic<std::size_t> abandoned_{0};
  std::atomic<std::uint64_t> abandoned_total_{0};
  std::vector<std::thread> threads_;
};

}  // namespace snnft::breaker
