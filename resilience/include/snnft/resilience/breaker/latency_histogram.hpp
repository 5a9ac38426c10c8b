// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <atomic>
#include <cstdint>

#include "snnft/resilience/breaker/clock.hpp"

namespace snnft::breaker {

/// Upper bounds of the latency buckets in nanoseconds, from 1 µs to 10 s; a last,
/// implicit bucket holds everything slower (+Inf).
inline constexpr std::array<std::int64_t, 13> kLatencyBucketBoundsNs = {
    1'000,       10'000,      100'000,       500'000,       1'000'000,      5'000'000,    10'000'000,
    50'000'000,  100'000'000, 500'000'000,   1'000'000'000, 5'000'000'000,  10'000'000'000};
inline constexpr std::size_t kLatencyBucketCount = kLatencyBucketBoundsNs.size() + 1;

/// A copy of a histogram: per-bucket (not cumulative) counts, the last one for +Inf.
struct LatencySnapshot {
  std::array<std::uint64_t, kLatencyBucketCount> counts{};
  std::uint64_t count = 0;
  std::int64_t sum_ns = 0;

  [[nodiscard]] double mean_seconds() const noexcept {
    return count ? static_cast<double>(sum_ns) * 1e-9 / static_cast<double>(count) : 0.0;
  }
};

/// Lock-free latency histogram with fixed buckets (Prometheus style).
class LatencyHistogram {
 public:
  void record(Nanos latency) noexcept {
    const std::int64_t ns = latency.count() < 0 ? 0 : latency.count();
    std::size_t i = 0;
    while (i < kLatencyBucketBoundsNs.size() && ns > kLatencyBucketBoundsNs[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(ns, std::memory_order_relaxed);
  }

  [[nodiscard]] LatencySnapshot snapshot() const noexcept {
    LatencySnapshot s;
    for (std::size_t i = 0; i < kLatencyBucketCount; ++i) {
      s.counts[i] = counts_[i].load(std::memory_order_relaxed);
      s.count += s.counts[i];
    }
    s.sum_ns = sum_ns_.load(std::memory_order_relaxed);
    return s;
  }

  void load(const LatencySnapshot& s) noexcept {
    for (std::size_t i = 0; i < kLatencyBucketCount; ++i) counts_[i].store(s.counts[i], std::memory_order_relaxed);
    sum_ns_.store(s.sum_ns, std::memory_order_relaxed);
  }

  void reset() noexcept { load(LatencySnapshot{}); }

 private:
  std::array<std::atomic<std::uint64_t>, kLatencyBucketCount> counts_{};
  std::atomic<std::int64_t> sum_ns_{0};
};

}  // namespace snnft::breaker
