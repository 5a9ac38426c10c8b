// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/breaker/count_window.hpp"
#include "snnft/resilience/breaker/spin_lock.hpp"

namespace snnft::breaker {

/// Calls of the last `duration`, kept in `buckets` equal buckets. A bucket is reused when
/// time reaches it again, so the window covers between duration - width and duration of
/// history. Guarded by a spin lock: only used when latency is measured anyway, so a few
/// nanoseconds of locking do not matter.
class TimeWindow {
 public:
  /// One bucket as stored in a snapshot: `age` buckets before the current one.
  struct BucketRecord {
    std::uint32_t age = 0;
    std::uint32_t calls = 0;
    std::uint32_t failures = 0;
    std::uint32_t slow = 0;
  };

  TimeWindow(Nanos duration, std::uint32_t buckets);

  /// Records one call at time `now_ns` and returns the totals including it.
  WindowTotals record(std::int64_t now_ns, bool failure, bool slow) noexcept;
  [[nodiscard]] WindowTotals totals(std::int64_t now_ns) const noexcept;
  void clear() noexcept;

  [[nodiscard]] std::vector<BucketRecord> buckets(std::int64_t now_ns) const;
  void load(std::int64_t now_ns, const std::vector<BucketRecord>& records) noexcept;

  [[nodiscard]] std::size_t memory_bytes() const noexcept { return sizeof(*this) + count_ * sizeof(Bucket); }

 private:
  struct Bucket {
    std::int64_t epoch = -1;  ///< floor(time / width) of the calls it holds
    std::uint32_t calls = 0;
    std::uint32_t failures = 0;
    std::uint32_t slow = 0;
  };

  [[nodiscard]] std::int64_t epoch_of(std::int64_t now_ns) const noexcept;
  [[nodiscard]] Bucket& bucket_for(std::int64_t epoch) noexcept;
  [[nodiscard]] WindowTotals sum(std::int64_t epoch) const noexcept;

  std::int64_t width_ns_;
  std::uint32_t count_;
  mutable SpinLock lock_;
  std::unique_ptr<Bucket[]> buckets_;
};

}  // namespace snnft::breaker
