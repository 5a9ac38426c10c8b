// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/time_window.hpp"

#include <algorithm>

namespace snnft::breaker {

TimeWindow::TimeWindow(Nanos duration, std::uint32_t buckets)
    : width_ns_(std::max<std::int64_t>(1, duration.count() / std::max<std::uint32_t>(1, buckets))),
      count_(std::max<std::uint32_t>(1, buckets)),
      buckets_(new Bucket[count_]) {}

std::int64_t TimeWindow::epoch_of(std::int64_t now_ns) const noexcept {
  // Floor division, so that a manual clock may start at a negative time.
  const std::int64_t q = now_ns / width_ns_;
  return (now_ns % width_ns_ != 0 && now_ns < 0) ? q - 1 : q;
}

TimeWindow::Bucket& TimeWindow::bucket_for(std::int64_t epoch) noexcept {
  const auto slot = static_cast<std::size_t>(((epoch % count_) + count_) % count_);
  Bucket& b = buckets_[slot];
  if (b.epoch != epoch) b = Bucket{epoch, 0, 0, 0};
  return b;
}

WindowTotals TimeWindow::sum(std::int64_t epoch) const noexcept {
  WindowTotals t;
  for (std::uint32_t i = 0; i < count_; ++i) {
    const Bucket& b = buckets_[i];
    if (b.epoch > epoch - static_cast<std::int64_t>(count_) && b.epoch <= epoch) {
      t.calls += b.calls;
      t.failures += b.failures;
      t.slow += b.slow;
    }
  }
  return t;
}

WindowTotals TimeWindow::record(std::int64_t now_ns, bool failure, bool slow) noexcept {
  const std::int64_t epoch = epoch_of(now_ns);
  std::lock_guard guard(lock_);
  Bucket& b = bucket_for(epoch);
  ++b.calls;
  b.failures += failure ? 1 : 0;
  b.slow += slow ? 1 : 0;
  return sum(epoch);
}

WindowTotals TimeWindow::totals(std::int64_t now_ns) const noexcept {
  const std::int64_t epoch = epoch_of(now_ns);
  std::lock_guard guard(lock_);
  return sum(epoch);
}

void TimeWindow::clear() noexcept {
  std::lock_guard guard(lock_);
  for (std::uint32_t i = 0; i < count_; ++i) buckets_[i] = Bucket{};
}

std::vector<TimeWindow::BucketRecord> TimeWindow::buckets(std::int64_t now_ns) const {
  const std::int64_t epoch = epoch_of(now_ns);
  std::vector<BucketRecord> out;
  std::lock_guard guard(lock_);
  for (std::uint32_t i = 0; i < count_; ++i) {
    const Bucket& b = buckets_[i];
    if (b.calls > 0 && b.epoch > epoch - static_cast<std::int64_t>(count_) && b.epoch <= epoch) {
      out.push_back({static_cast<std::uint32_t>(epoch - b.epoch), b.calls, b.failures, b.slow});
    }
  }
  return out;
}

void TimeWindow::load(std::int64_t now_ns, const std::vector<BucketRecord>& records) noexcept {
  const std::int64_t epoch = epoch_of(now_ns);
  std::lock_guard guard(lock_);
  for (std::uint32_t i = 0; i < count_; ++i) buckets_[i] = Bucket{};
  for (const auto& r : records) {
    if (r.age >= count_) continue;
    Bucket& b = bucket_for(epoch - r.age);
    b.calls += r.calls;
    b.failures += r.failures;
    b.slow += r.slow;
  }
}

}  // namespace snnft::breaker
