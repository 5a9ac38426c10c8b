// SPDX-License-Identifier: MIT
// Calls a breaker rejected, kept (bounded, each with a deadline) to be replayed in order once
// the breaker closes: the queue-and-replay fallback of KeyedBreakers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::breaker {

/// Set in the future of a queued call that was not replayed before its deadline (or whose
/// queue was destroyed first).
class ReplayExpiredError : public std::runtime_error {
 public:
  ReplayExpiredError() : std::runtime_error("queued call expired before its breaker closed") {}
};

/// A bounded FIFO of rejected calls of one breaker. Thread-safe; one thread replays at a time,
/// so calls are replayed in the order they were queued.
class ReplayQueue {
 public:
  struct Item {
    std::int64_t deadline_ns = 0;  ///< on the breaker's clock; not replayed after it
    /// Runs the call through the breaker and settles its future; false if the breaker
    /// rejected it (it is then put back and replay stops).
    std::function<bool(CircuitBreaker&)> replay;
    std::function<void()> expire;  ///< settles the future with ReplayExpiredError
  };

  ReplayQueue(std::weak_ptr<CircuitBreaker> breaker, std::size_t capacity);
  /// Expires every call still queued.
  ~ReplayQueue();
  ReplayQueue(const ReplayQueue&) = delete;
  ReplayQueue& operator=(const ReplayQueue&) = delete;

  /// Queues `item` after dropping expired ones; false if the queue is full.
  bool push(Item item);
  /// Replays queued calls in order while the breaker admits them, expiring those past their
  /// deadline; returns the number replayed. A replay already running in another thread
  /// continues instead (this call returns 0).
  std::size_t replay();
  /// Expires the calls past their deadline; returns how many.
  std::size_t expire_due();
  /// Expires every call queued; returns how many.
  std::size_t expire_all();

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  std::weak_ptr<CircuitBreaker> breaker_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Item> items_;
  bool replaying_ = false;
};

}  // namespace snnft::breaker
