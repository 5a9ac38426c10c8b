// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/timeout_executor.hpp"

#include <algorithm>

namespace snnft::breaker {

TimeoutExecutor::TimeoutExecutor(TimeoutExecutorOptions options) : options_(options) {
  const std::size_t n = std::max<std::size_t>(1, options_.workers);
  threads_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
}

TimeoutExecutor::~TimeoutExecutor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

bool TimeoutExecutor::try_submit(std::unique_ptr<Task> task) {
  {
    std::lock_guard lock(mutex_);
    // A task waits only if the queue has room beyond what idle workers take at once.
    if (stopping_ || queue_.size() >= idle_ + options_.queue_capacity) return false;
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void TimeoutExecutor::work() {
  for (;;) {
    std::unique_ptr<Task> task;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      --idle_;
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task->run();
  }
}

void TimeoutExecutor::note_abandoned() noexcept {
  abandoned_.fetch_add(1, std::memory_order_acq_rel);
  abandoned_total_.fetch_add(1, std::memory_order_relaxed);
}

void TimeoutExecutor::note_abandoned_ended() noexcept { abandoned_.fetch_sub(1, std::memory_order_acq_rel); }

}  // namespace snnft::breaker
