// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/replay_queue.hpp"

#include <utility>
#include <vector>

namespace snnft::breaker {

namespace {
/// Settles the futures of `items` (outside any lock: a future's waiter may run code on it).
void settle_expired(std::vector<ReplayQueue::Item>& items) {
  for (auto& item : items) {
    if (item.expire) item.expire();
  }
}
}  // namespace

ReplayQueue::ReplayQueue(std::weak_ptr<CircuitBreaker> breaker, std::size_t capacity)
    : breaker_(std::move(breaker)), capacity_(capacity) {}

ReplayQueue::~ReplayQueue() { expire_all(); }

std::size_t ReplayQueue::expire_all() {
  std::vector<Item> left;
  {
    std::lock_guard lock(mutex_);
    left.assign(std::make_move_iterator(items_.begin()), std::make_move_iterator(items_.end()));
    items_.clear();
  }
  settle_expired(left);
  return left.size();
}

std::size_t ReplayQueue::expire_due() {
  const auto breaker = breaker_.lock();
  std::vector<Item> due;
  {
    std::lock_guard lock(mutex_);
    const std::int64_t now = breaker ? breaker->clock().now_ns() : INT64_MAX;
    for (auto it = items_.begin(); it != items_.end();) {
      if (it->deadline_ns <= now) {
        due.push_back(std::move(*it));
        it = items_.erase(it);
      } else {
        ++it;
      }
    }
  }
  settle_expired(due);
  return due.size();
}

bool ReplayQueue::push(Item item) {
  expire_due();
  std::lock_guard lock(mutex_);
  if (items_.size() >= capacity_) return false;
  items_.push_back(std::move(item));
  return true;
}

std::size_t ReplayQueue::replay() {
  const auto breaker = breaker_.lock();
  if (!breaker) return 0;
  {
    std::lock_guard lock(mutex_);
    if (replaying_) return 0;
    replaying_ = true;
  }
  std::size_t replayed = 0;
  for (;;) {
    Item item;
    {
      std::lock_guard lock(mutex_);
      if (items_.empty()) break;
      item = std::move(items_.front());
      items_.pop_front();
    }
    if (item.deadline_ns <= breaker->clock().now_ns()) {
      item.expire();
      continue;
    }
    if (!item.replay(*breaker)) {  // rejected again: keep it first in line and stop
      std::lock_guard lock(mutex_);
      items_.push_front(std::move(item));
      break;
    }
    ++replayed;
  }
  std::lock_guard lock(mutex_);
  replaying_ = false;
  return replayed;
}

std::size_t ReplayQueue::size() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

}  // namespace snnft::breaker
