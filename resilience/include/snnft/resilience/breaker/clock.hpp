// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>

namespace snnft::breaker {

/// Durations in the breaker API; time points are plain nanosecond counts of one Clock.
using Nanos = std::chrono::nanoseconds;

/// Source of monotonic time for breakers. Injected so that every timing rule can be tested
/// with a ManualClock instead of sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Precise monotonic time in nanoseconds; used to measure call latency.
  [[nodiscard]] virtual std::int64_t now_ns() const noexcept = 0;
  /// Monotonic time on the same scale as now_ns(), possibly a few milliseconds behind but
  /// much cheaper to read; used for deadline checks on the rejection path.
  [[nodiscard]] virtual std::int64_t coarse_now_ns() const noexcept { return now_ns(); }
};

namespace detail {
using ClockGettime = int (*)(clockid_t, timespec*);
/// The clock_gettime used for coarse reads: the C library's until a SystemClock has found the
/// vDSO's own entry point, which a rejection then calls directly, skipping the library
/// wrapper (about a third of the cost of a coarse read).
inline constinit std::atomic<ClockGettime> coarse_clock_gettime{&::clock_gettime};
}  // namespace detail

/// The process's steady clock. coarse_now_ns() reads CLOCK_MONOTONIC_COARSE (a few ns instead
/// of about 25 ns), so open-state deadlines may be noticed up to one kernel tick late.
class SystemClock final : public Clock {
 public:
  SystemClock() noexcept;
  [[nodiscard]] std::int64_t now_ns() const noexcept override;
  [[nodiscard]] std::int64_t coarse_now_ns() const noexcept override { return read_coarse_ns(); }
  /// coarse_now_ns() without the virtual call, for callers that know their clock.
  static std::int64_t read_coarse_ns() noexcept {
#if defined(CLOCK_MONOTONIC_COARSE)
    // steady_clock is CLOCK_MONOTONIC on Linux; the coarse variant shares its epoch.
    timespec ts{};
    detail::coarse_clock_gettime.load(std::memory_order_relaxed)(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
#else
    return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
  }
  /// A shared instance; the clock has no state, so sharing it is free.
  static std::shared_ptr<const Clock> shared();
};

/// A clock that moves only when told to. Thread-safe, so concurrency tests can share it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ns = 0) : now_(start_ns) {}
  [[nodiscard]] std::int64_t now_ns() const noexcept override { return now_.load(std::memory_order_acquire); }
  void advance(Nanos by) noexcept { now_.fetch_add(by.count(), std::memory_order_acq_rel); }
  void set(std::int64_t t_ns) noexcept { now_.store(t_ns, std::memory_order_release); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace snnft::breaker
