// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/ridge_classifier.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "check_kernels.hpp"
#include "snnft/resilience/neuromorphic/classifier_accuracy.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr std::size_t kMaxFastClasses = 32;

// Four single-precision lanes (GCC/Clang vector extension: SSE on any x86-64, NEON on Arm).
using Float4 = float __attribute__((vector_size(16)));

/// Every class's single-precision score at once: for each feature, one multiply-add across the
/// Lanes classes, kept in Lanes / 4 vector registers; even and odd features go to separate
/// sums, so two chains of additions overlap instead of one waiting on each add in turn. Also
/// returns max(1, |x_j|).
template <std::size_t Lanes>
std::array<float, Lanes> lane_scores(const float* weights, std::span<const float> x, float& largest_x) {
  constexpr std::size_t kVectors = Lanes / 4;
  Float4 even[kVectors], odd[kVectors] = {};
  std::memcpy(even, weights + x.size() * Lanes, sizeof even);  // the bias row
  float largest = 1.0f;
  auto add = [&](Float4* acc, std::size_t j) {
    Float4 w[kVectors];
    std::memcpy(w, weights + j * Lanes, sizeof w);
    const float xj = x[j];
    for (std::size_t v = 0; v < kVectors; ++v) acc[v] += w[v] * xj;
    const float a = std::abs(xj);
    largest = a > largest ? a : largest;
  };
  std::size_t j = 0;
  for (; j + 1 < x.size(); j += 2) {
    add(even, j);
    add(odd, j + 1);
  }
  if (j < x.size()) add(even, j);
  for (std::size_t v = 0; v < kVectors; ++v) even[v] += odd[v];
  largest_x = largest;
  std::array<float, Lanes> out;
  std::memcpy(out.data(), even, sizeof even);
  return out;
}

/// The best and second-best of the first `classes` scores (ties: the lower class), or
/// best_class -1 if a score is not finite.
struct TopTwo {
  int best_class = -1;
  float best = 0.0f, second = 0.0f;
};

TopTwo top_two(const float* scores, int classes) {
  TopTwo t;
  t.best = -std::numeric_limits<float>::infinity();
  t.second = t.best;
  for (int c = 0; c < classes; ++c) {
    const float score = scores[c];
    if (!std::isfinite(score)) return TopTwo{};
    if (score > t.best) {
      t.second = t.best;
      t.best = score;
      t.best_class = c;
    } else if (score > t.second) {
      t.second = score;
    }
  }
  return t;
}

/// Every class's single-precision score into `out` (lanes floats); returns max(1, |x_j|).
float lane_scores_any(const float* weights, std::span<const float> x, std::size_t lanes, float* out) {
  float largest_x = 1.0f;
#if defined(SNNFT_HAVE_X86_CHECK_KERNELS)
  const kernels::Width width = kernels::widest();
  if (width == kernels::Width::kAvx512 && lanes == 16) return kernels::class_scores_avx512(weights, x.data(), x.size(), out);
  if (width != kernels::Width::kBaseline) return kernels::class_scores_avx2(weights, x.data(), x.size(), lanes, out);
#endif
  auto store = [&](const auto& scores) { std::memcpy(out, scores.data(), sizeof scores); };
  switch (lanes) {
    case 4: store(lane_scores<4>(weights, x, largest_x)); break;
    case 8: store(lane_scores<8>(weights, x, largest_x)); break;
    case 12: store(lane_scores<12>(weights, x, largest_x)); break;
    default: store(lane_scores<16>(weights, x, largest_x)); break;
  }
  return largest_x;
}
}  // namespace

void RidgeClassifier::fit(const LabelledDataset& data) {
  if (data.empty() || data.class_count <= 0 || data.feature_count == 0) {
    throw std::invalid_argument("ridge classifier: cannot fit an empty data set");
  }
  const auto f = static_cast<Eigen::Index>(data.feature_count), c = static_cast<Eigen::Index>(data.class_count);
  const auto n = static_cast<Eigen::Index>(data.size());
  Eigen::MatrixXd a(n, f + 1);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(n, c);
  for (Eigen::Index s = 0; s < n; ++s) {
    const auto row = data.row(static_cast<std::size_t>(s));
    for (Eigen::Index j = 0; j < f; ++j) a(s, j) = row[static_cast<std::size_t>(j)];
    a(s, f) = 1.0;
    y(s, data.labels[static_cast<std::size_t>(s)]) = 1.0;
  }
  Eigen::MatrixXd gram = a.transpose() * a;
  // The bias is not shrunk: only the feature weights pay the ridge penalty.
  for (Eigen::Index j = 0; j < f; ++j) gram(j, j) += ridge_;
  const Eigen::MatrixXd w = gram.ldlt().solve(a.transpose() * y);  // (f+1) × c
  weights_.assign(static_cast<std::size_t>(c * (f + 1)), 0.0);
  for (Eigen::Index k = 0; k < c; ++k) {
    for (Eigen::Index j = 0; j <= f; ++j) weights_[static_cast<std::size_t>(k * (f + 1) + j)] = w(j, k);
  }
  classes_ = data.class_count;
  features_ = data.feature_count;
  // The vector kernels take 8 or 16 classes a row; the baseline one any multiple of 4.
  const bool wide = kernels::widest() != kernels::Width::kBaseline;
  lanes_ = c > 16 ? 0 : wide ? (c <= 8 ? 8 : 16) : static_cast<std::size_t>((c + 3) / 4 * 4);
  lane_weights_.assign(lanes_ * (features_ + 1), 0.0f);
  largest_weight_sum_ = 0.0;
  for (Eigen::Index k = 0; k < c && lanes_ > 0; ++k) {
    double sum = 0.0;
    for (Eigen::Index j = 0; j <= f; ++j) {
      lane_weights_[static_cast<std::size_t>(j) * lanes_ + static_cast<std::size_t>(k)] = static_cast<float>(w(j, k));
      sum += std::abs(w(j, k));
    }
    largest_weight_sum_ = std::max(largest_weight_sum_, sum);
  }
}

int RidgeClassifier::predicted_class(std::span<const float> x) const {
  if (lanes_ == 0 || x.size() != features_) return classify(x).predicted_class;
  alignas(64) float scores[16];
  const float largest_x = lane_scores_any(lane_weights_.data(), x, lanes_, scores);
  const TopTwo t = top_two(scores, classes_);
  if (t.best_class < 0 || classes_ == 1) return classify(x).predicted_class;
  // Each single-precision score is within (features + 3) · 2^-24 · Σ|w|·max(1, |x|) of the
  // exact one (rounded weights, and the sum's own rounding); classify()'s double-precision
  // scores are far closer. A gap wider than twice that bound cannot be closed, so classify()
  // would pick the same class; a narrower one is settled by classify() itself.
  const double bound = static_cast<double>(features_ + 3) * 0x1p-24 * largest_weight_sum_ * static_cast<double>(largest_x);
  if (static_cast<double>(t.best) - static_cast<double>(t.second) > 4.0 * bound) return t.best_class;
  return classify(x).predicted_class;
}

columns::ColumnAnswer RidgeClassifier::classify(std::span<const float> x) const {
  if (x.size() != features_) {
    throw std::invalid_argument("ridge classifier: " + std::to_string(x.size()) + " features, fitted on " +
                                std::to_string(features_));
  }
  double best = -std::numeric_limits<double>::infinity(), second = best;
  int best_class = -1;
  bool finite = true;
  // Every class's score accumulates at once, feature by feature: independent sums the CPU
  // overlaps, where one class after the other would wait on each multiply-add in turn (the
  // answer audit runs this every trial).
  std::array<double, kMaxFastClasses> scores{};
  const std::size_t stride = features_ + 1;
  const bool fast = classes_ <= static_cast<int>(kMaxFastClasses);
  if (fast) {
    for (int c = 0; c < classes_; ++c) scores[static_cast<std::size_t>(c)] = weights_[static_cast<std::size_t>(c) * stride + features_];
    for (std::size_t j = 0; j < features_; ++j) {
      const double xj = static_cast<double>(x[j]);
      for (int c = 0; c < classes_; ++c) scores[static_cast<std::size_t>(c)] += weights_[static_cast<std::size_t>(c) * stride + j] * xj;
    }
  }
  for (int c = 0; c < classes_; ++c) {
    double score;
    if (fast) {
      score = scores[static_cast<std::size_t>(c)];
    } else {
      const double* w = weights_.data() + static_cast<std::size_t>(c) * stride;
      score = w[features_];
      for (std::size_t j = 0; j < features_; ++j) score += w[j] * static_cast<double>(x[j]);
    }
    finite = finite && std::isfinite(score);
    if (score > best) {
      second = best;
      best = score;
      best_class = c;
    } else if (score > second) {
      second = score;
    }
  }
  columns::ColumnAnswer a;
  if (!finite) return a;
  a.predicted_class = best_class;
  // One-hot targets put scores on a 0..1 scale, so the margin is a usable confidence.
  a.confidence = std::isfinite(second) ? std::clamp(best - second, 0.0, 1.0) : 1.0;
  return a;
}

double RidgeClassifier::accuracy(const LabelledDataset& data) const { return accuracy_on(*this, data); }

}  // namespace snnft::neuromorphic
