// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/adaptive_timeout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snnft::breaker {

void validate(const AdaptiveTimeoutConfig& c) {
  auto fail = [](const std::string& msg) { throw std::invalid_argument(msg); };
  if (c.window_samples < 1) fail("window_samples: expected an integer >= 1");
  if (!(c.percentile > 0.0 && c.percentile <= 1.0)) fail("percentile: expected a number in (0, 1]");
  if (!(c.multiplier > 0.0) || !std::isfinite(c.multiplier)) fail("multiplier: expected a positive number");
  if (c.min_timeout.count() <= 0) fail("min_timeout_ms: expected a positive duration");
  if (c.max_timeout < c.min_timeout) fail("max_timeout_ms: must be at least min_timeout_ms");
  if (c.initial_timeout < c.min_timeout || c.initial_timeout > c.max_timeout) {
    fail("initial_timeout_ms: must lie in [min_timeout_ms, max_timeout_ms]");
  }
  if (c.min_samples < 1 || c.min_samples > c.window_samples) fail("min_samples: expected an integer in [1, window_samples]");
}

AdaptiveTimeout::AdaptiveTimeout(AdaptiveTimeoutConfig config) : config_(config) {
  validate(config_);
  ring_.reserve(config_.window_samples);
  scratch_.reserve(config_.window_samples);
}

void AdaptiveTimeout::record(Nanos latency) {
  const std::int64_t ns = std::max<std::int64_t>(0, latency.count());
  std::lock_guard lock(mutex_);
  if (ring_.size() < config_.window_samples) {
    ring_.push_back(ns);
  } else {
    sum_ns_ -= ring_[next_];
    ring_[next_] = ns;
    next_ = (next_ + 1) % config_.window_samples;
  }
  sum_ns_ += ns;
  dirty_ = true;
  tracked_dirty_ = true;
}

namespace {
/// Nearest rank: index of the smallest of n samples with at least p * n samples at or below it.
std::size_t nearest_rank(double p, std::size_t n) {
  const auto r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n) - 1e-9));
  return std::clamp<std::size_t>(r, 1, n) - 1;
}

Nanos select(std::vector<std::int64_t>& samples, std::size_t k) {
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k), samples.end());
  return Nanos(samples[k]);
}
}  // namespace

void AdaptiveTimeout::refresh() const {
  if (!dirty_) return;
  dirty_ = false;
  stats_ = LatencyStats{};
  const std::size_t n = ring_.size();
  stats_.samples = static_cast<std::uint32_t>(n);
  if (n == 0) return;
  scratch_.assign(ring_.begin(), ring_.end());
  stats_.p50 = select(scratch_, nearest_rank(0.50, n));
  stats_.p99 = select(scratch_, nearest_rank(0.99, n));
  stats_.tracked = select(scratch_, nearest_rank(config_.percentile, n));
  stats_.max = Nanos(*std::max_element(ring_.begin(), ring_.end()));
  stats_.mean = Nanos(sum_ns_ / static_cast<std::int64_t>(n));
  tracked_ = stats_.tracked;
  tracked_dirty_ = false;
}

Nanos AdaptiveTimeout::tracked() const {
  // A timeout needs one order statistic; the others wait until stats() asks for them.
  if (!tracked_dirty_) return tracked_;
  scratch_.assign(ring_.begin(), ring_.end());
  tracked_ = select(scratch_, nearest_rank(config_.percentile, ring_.size()));
  tracked_dirty_ = false;
  return tracked_;
}

Nanos AdaptiveTimeout::timeout() const {
  std::lock_guard lock(mutex_);
  if (ring_.size() < config_.min_samples) return config_.initial_timeout;
  const double t = static_cast<double>(tracked().count()) * config_.multiplier;
  const double clamped = std::clamp(t, static_cast<double>(config_.min_timeout.count()),
                                    static_cast<double>(config_.max_timeout.count()));
  return Nanos(static_cast<std::int64_t>(std::llround(clamped)));
}

LatencyStats AdaptiveTimeout::stats() const {
  std::lock_guard lock(mutex_);
  refresh();
  return stats_;
}

AdaptiveTimeouts::AdaptiveTimeouts(AdaptiveTimeoutConfig config) : config_(config) { validate(config_); }

AdaptiveTimeout& AdaptiveTimeouts::for_key(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) it = by_key_.emplace(std::string(key), std::make_unique<AdaptiveTimeout>(config_)).first;
  return *it->second;
}

std::vector<std::string> AdaptiveTimeouts::keys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [k, v] : by_key_) out.push_back(k);
  return out;
}

}  // namespace snnft::breaker
