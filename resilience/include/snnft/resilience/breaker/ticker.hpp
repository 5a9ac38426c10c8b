// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::breaker {

/// Polls every breaker of a registry from a background thread, so that timed transitions
/// (Open -> HalfOpen with `automatic_half_open`, HalfOpen -> Open after the max wait) happen
/// even when no calls arrive. The interval is real time, whatever clock the breakers use.
class Ticker {
 public:
  Ticker(BreakerRegistry& registry, Nanos interval);
  ~Ticker();
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

  /// Stops and joins the thread; idempotent.
  void stop();
  [[nodiscard]] std::uint64_t ticks() const noexcept { return ticks_.load(std::memory_order_relaxed); }

 private:
  void run();

  BreakerRegistry& registry_;
  Nanos interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> ticks_{0};
  std::thread thread_;
};

}  // namespace snnft::breaker
