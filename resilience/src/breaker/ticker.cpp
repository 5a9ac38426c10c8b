// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/ticker.hpp"

#include <stdexcept>

namespace snnft::breaker {

Ticker::Ticker(BreakerRegistry& registry, Nanos interval) : registry_(registry), interval_(interval) {
  if (interval_.count() <= 0) throw std::invalid_argument("ticker interval must be positive");
  thread_ = std::thread([this] { run(); });
}

Ticker::~Ticker() { stop(); }

void Ticker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Ticker::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    registry_.poll_all();  // listeners may run here: never under our mutex
    ticks_.fetch_add(1, std::memory_order_relaxed);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace snnft::breaker
