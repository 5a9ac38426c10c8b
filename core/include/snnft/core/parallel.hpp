// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <memory>

namespace snnft {

/// Limits oneTBB to `threads` worker threads for as long as the object lives
/// (0 = all hardware threads). Results never depend on this number.
class ThreadLimit {
 public:
  explicit ThreadLimit(std::size_t threads);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;
  [[nodiscard]] std::size_t threads() const { return threads_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t threads_;
};

/// Threads oneTBB would use right now under the active limits.
std::size_t active_thread_count();

}  // namespace snnft
