// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/neighbour_classifier.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

NeighbourClassifier::NeighbourClassifier(std::size_t k) : k_(k) {
  if (k < 1 || k > kMaxK) throw std::invalid_argument("nearest neighbours: k must be in [1, 16], got " + std::to_string(k));
}

void NeighbourClassifier::fit(const LabelledDataset& data) {
  if (data.empty() || data.class_count <= 0 || data.feature_count == 0) {
    throw std::invalid_argument("nearest neighbours: cannot fit an empty data set");
  }
  samples_ = data.features;
  labels_ = data.labels;
  classes_ = data.class_count;
  features_ = data.feature_count;
}

columns::ColumnAnswer NeighbourClassifier::classify(std::span<const float> x) const {
  if (x.size() != features_) {
    throw std::invalid_argument("nearest neighbours: " + std::to_string(x.size()) + " features, fitted on " +
                                std::to_string(features_));
  }
  columns::ColumnAnswer a;
  for (float v : x) {
    if (!std::isfinite(v)) return a;
  }
  // The k best so far, nearest first (insertion into a fixed array: no allocation).
  std::array<double, kMaxK> dist;
  std::array<int, kMaxK> label{};
  dist.fill(std::numeric_limits<double>::infinity());
  const std::size_t k = std::min(k_, labels_.size());
  for (std::size_t s = 0; s < labels_.size(); ++s) {
    const float* row = samples_.data() + s * features_;
    double d = 0.0;
    for (std::size_t j = 0; j < features_; ++j) {
      const double e = static_cast<double>(x[j]) - row[j];
      d += e * e;
    }
    if (!(d < dist[k - 1])) continue;
    std::size_t i = k - 1;
    for (; i > 0 && dist[i - 1] > d; --i) {
      dist[i] = dist[i - 1];
      label[i] = label[i - 1];
    }
    dist[i] = d;
    label[i] = labels_[s];
  }
  std::array<std::uint32_t, 256> votes{};
  int best = -1;
  std::uint32_t best_votes = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const int c = label[i];
    if (c < 0 || c >= 256) continue;
    const std::uint32_t v = ++votes[static_cast<std::size_t>(c)];
    // Ties go to the class that reached the count first, i.e. with the nearer neighbours.
    if (v > best_votes) {
      best_votes = v;
      best = c;
    }
  }
  a.predicted_class = best;
  a.confidence = best >= 0 ? static_cast<double>(best_votes) / static_cast<double>(k) : 0.0;
  return a;
}

}  // namespace snnft::neuromorphic
