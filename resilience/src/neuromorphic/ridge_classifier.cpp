// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/ridge_classifier.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "snnft/resilience/neuromorphic/classifier_accuracy.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr std::size_t kMaxFastClasses = 32;
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
