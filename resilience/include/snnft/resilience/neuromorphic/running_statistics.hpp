// SPDX-License-Identifier: MIT
#pragma once
#include <cmath>
#include <cstdint>

namespace snnft::neuromorphic {

/// Mean and variance of a stream (Welford's update, stable for long streams): a column's
/// healthy statistics, learned during calibration.
class RunningStats {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  void reset() { *this = RunningStats{}; }
  [[nodiscard]] std::uint64_t count() const { return n_; }
  [[nodiscard]] double mean() const { return mean_; }
  /// Sample variance (n − 1 in the denominator); 0 below two samples.
  [[nodiscard]] double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  [[nodiscard]] double stddev() const { return std::sqrt(variance()); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

/// Exponentially weighted mean that starts as a plain running mean: the n-th sample gets
/// weight max(alpha, 1/n). After restart() the first samples are therefore judged on their
/// own, not pulled towards a stale value — which is what a half-open probe of a column that
/// was isolated for a long time needs.
class Ewma {
 public:
  explicit Ewma(double alpha = 0.25)
      : alpha_(alpha), settled_after_(static_cast<std::uint64_t>(std::ceil(1.0 / alpha))) {}

  void add(double x) {
    ++n_;
    const double w = n_ < settled_after_ ? 1.0 / static_cast<double>(n_) : alpha_;
    value_ += w * (x - value_);
  }
  /// Forgets everything: the next sample becomes the value.
  void restart() {
    n_ = 0;
    value_ = 0.0;
  }
  /// As if it had settled at `value` long ago (a healthy prior).
  void settle(double value) {
    value_ = value;
    n_ = settled_after_;
  }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] std::uint64_t count() const { return n_; }
  [[nodiscard]] double alpha() const { return alpha_; }

 private:
  double alpha_;
  std::uint64_t settled_after_;  // from here on 1/n <= alpha
  std::uint64_t n_ = 0;
  double value_ = 0.0;
};

}  // namespace snnft::neuromorphic
