// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <thread>

namespace snnft::breaker {

/// A one-byte test-and-test-and-set lock for critical sections of a few nanoseconds
/// (a mutex would be larger than the data it guards). Satisfies Lockable.
class SpinLock {
 public:
  void lock() noexcept {
    for (int spins = 0;; ++spins) {
      if (!locked_.exchange(true, std::memory_order_acquire)) return;
      while (locked_.load(std::memory_order_relaxed)) {
        // Give the CPU to the holder if it was preempted; on 2 cores spinning longer only hurts.
        if (++spins > 64) std::this_thread::yield();
      }
    }
  }
  bool try_lock() noexcept { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace snnft::breaker
