// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "snnft/resilience/neuromorphic/classifier_accuracy.hpp"

namespace snnft::neuromorphic {

void CentroidClassifier::fit(const LabelledDataset& data) {
  if (data.empty() || data.class_count <= 0 || data.feature_count == 0) {
    throw std::invalid_argument("centroid classifier: cannot fit an empty data set");
  }
  const auto c = static_cast<std::size_t>(data.class_count), f = data.feature_count;
  std::vector<double> sum(c * f, 0.0);
  std::vector<std::size_t> n(c, 0);
  for (std::size_t s = 0; s < data.size(); ++s) {
    const auto label = static_cast<std::size_t>(data.labels[s]);
    const auto row = data.row(s);
    for (std::size_t j = 0; j < f; ++j) sum[label * f + j] += row[j];
    ++n[label];
  }
  centroids_.assign(c * f, 0.0f);
  present_.assign(c, 0);
  for (std::size_t k = 0; k < c; ++k) {
    present_[k] = n[k] > 0;
    for (std::size_t j = 0; j < f && n[k] > 0; ++j) {
      centroids_[k * f + j] = static_cast<float>(sum[k * f + j] / static_cast<double>(n[k]));
    }
  }
  classes_ = data.class_count;
  features_ = f;
}

std::span<const float> CentroidClassifier::centroid(int c) const {
  return std::span<const float>(centroids_).subspan(static_cast<std::size_t>(c) * features_, features_);
}

columns::ColumnAnswer CentroidClassifier::classify(std::span<const float> x) const {
  if (x.size() != features_) {
    throw std::invalid_argument("centroid classifier: " + std::to_string(x.size()) + " features, fitted on " +
                                std::to_string(features_));
  }
  double best = std::numeric_limits<double>::infinity(), second = best;
  int best_class = -1;
  for (int c = 0; c < classes_; ++c) {
    if (!present_[static_cast<std::size_t>(c)]) continue;
    const float* m = centroids_.data() + static_cast<std::size_t>(c) * features_;
    double d = 0.0;
    for (std::size_t j = 0; j < features_; ++j) {
      const double e = static_cast<double>(x[j]) - m[j];
      d += e * e;
    }
    if (d < best) {
      second = best;
      best = d;
      best_class = c;
    } else if (d < second) {
      second = d;
    }
  }
  columns::ColumnAnswer a;
  a.predicted_class = best_class;
  if (best_class >= 0) {
    a.confidence = second + best > 0.0 && std::isfinite(second) ? (second - best) / (second + best) : 1.0;
  }
  return a;
}

double CentroidClassifier::accuracy(const LabelledDataset& data) const { return accuracy_on(*this, data); }

}  // namespace snnft::neuromorphic
