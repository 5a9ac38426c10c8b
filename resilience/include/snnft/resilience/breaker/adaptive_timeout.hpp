// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/clock.hpp"

namespace snnft::breaker {

/// How an adaptive timeout follows the latency distribution.
struct AdaptiveTimeoutConfig {
  std::uint32_t window_samples = 1000;  ///< latencies remembered (the most recent ones)
  double percentile = 0.99;             ///< which percentile to track, in (0, 1]
  double multiplier = 2.0;              ///< timeout = percentile * multiplier ...
  Nanos min_timeout = std::chrono::milliseconds(10);  ///< ... clamped to [min, max]
  Nanos max_timeout = std::chrono::seconds(30);
  Nanos initial_timeout = std::chrono::seconds(1);  ///< used until `min_samples` are in
  std::uint32_t min_samples = 20;
};

/// Throws std::invalid_argument naming the first bad field.
void validate(const AdaptiveTimeoutConfig& config);

/// Latency statistics over the remembered samples (nearest-rank percentiles).
struct LatencyStats {
  std::uint32_t samples = 0;
  Nanos p50{0};
  Nanos p99{0};
  Nanos tracked{0};  ///< the configured percentile
  Nanos mean{0};
  Nanos max{0};
};

/// A timeout that follows one key's latency: clamp(P(percentile) * multiplier, min, max) over
/// the last `window_samples` latencies. Thread-safe; recording is O(1) under a mutex and the
/// percentile is recomputed (O(n) selection) only when asked for after new samples.
class AdaptiveTimeout {
 public:
  explicit AdaptiveTimeout(AdaptiveTimeoutConfig config = {});

  void record(Nanos latency);
  [[nodiscard]] Nanos timeout() const;
  [[nodiscard]] LatencyStats stats() const;
  [[nodiscard]] const AdaptiveTimeoutConfig& config() const noexcept { return config_; }

 private:
  void refresh() const;  ///< with mutex_ held
  Nanos tracked() const;  ///< the tracked percentile alone, with mutex_ held

  AdaptiveTimeoutConfig config_;
  mutable std::mutex mutex_;
  std::vector<std::int64_t> ring_;  ///< capacity window_samples, reserved up front
  std::size_t next_ = 0;
  std::int64_t sum_ns_ = 0;
  mutable bool dirty_ = true;
  mutable std::vector<std::int64_t> scratch_;
  mutable LatencyStats stats_;
  mutable bool tracked_dirty_ = true;  // tracked_ predates the last record()
  mutable Nanos tracked_{0};
};

/// Adaptive timeouts per key (peer, column, operation), created on first use.
class AdaptiveTimeouts {
 public:
  explicit AdaptiveTimeouts(AdaptiveTimeoutConfig config = {});
  AdaptiveTimeout& for_key(std::string_view key);
  void record(std::string_view key, Nanos latency) { for_key(key).record(latency); }
  Nanos timeout(std::string_view key) { return for_key(key).timeout(); }
  LatencyStats stats(std::string_view key) { return for_key(key).stats(); }
  [[nodiscard]] std::vector<std::string> keys() const;

 private:
  AdaptiveTimeoutConfig config_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<AdaptiveTimeout>, std::less<>> by_key_;
};

}  // namespace snnft::breaker
