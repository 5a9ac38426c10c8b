// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::neuromorphic {

/// k nearest neighbours on the raw features (squared Euclidean distance, majority of the k,
/// ties to the nearer neighbour's class): a non-spiking classifier for the Emergency rung on
/// tasks whose classes are not linearly separable (Yin-Yang). An answer scans the stored
/// samples once — samples × features multiply-adds, bounded whatever state the spiking network
/// is in — and never allocates.
class NeighbourClassifier {
 public:
  /// `k` >= 1 (throws std::invalid_argument otherwise; at most 16).
  explicit NeighbourClassifier(std::size_t k = 5);
  /// Keeps `data`. Throws std::invalid_argument for an empty data set.
  void fit(const LabelledDataset& data);
  [[nodiscard]] bool fitted() const { return classes_ > 0; }
  [[nodiscard]] std::size_t k() const { return k_; }
  /// Confidence: the winning class's share of the k votes. Throws std::invalid_argument for a
  /// wrong feature count; no class (-1) if a feature is NaN.
  [[nodiscard]] columns::ColumnAnswer classify(std::span<const float> features) const;

 private:
  static constexpr std::size_t kMaxK = 16;
  std::size_t k_;
  int classes_ = 0;
  std::size_t features_ = 0;
  std::vector<float> samples_;
  std::vector<int> labels_;
};

}  // namespace snnft::neuromorphic
