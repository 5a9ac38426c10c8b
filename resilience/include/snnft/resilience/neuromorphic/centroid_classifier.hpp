// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::neuromorphic {

/// Nearest class centroid on the raw features: the Emergency rung's non-spiking classifier.
/// Fitted once on the training set; an answer costs exactly classes × features
/// multiply-adds and never allocates, so its time is bounded whatever state the spiking
/// network is in.
class CentroidClassifier {
 public:
  /// Class means of `data`; a class without samples never wins. Throws std::invalid_argument
  /// for an empty data set.
  void fit(const LabelledDataset& data);
  [[nodiscard]] bool fitted() const { return classes_ > 0; }
  [[nodiscard]] int class_count() const { return classes_; }
  [[nodiscard]] std::size_t feature_count() const { return features_; }
  [[nodiscard]] std::span<const float> centroid(int c) const;

  /// The nearest centroid (squared Euclidean distance; ties: lower class). Confidence is the
  /// margin (d2 − d1) / (d2 + d1) between the two nearest; no class (-1) if every distance
  /// is NaN. Throws std::invalid_argument for a wrong feature count.
  [[nodiscard]] columns::ColumnAnswer classify(std::span<const float> features) const;
  /// Share of `data` classified correctly.
  [[nodiscard]] double accuracy(const LabelledDataset& data) const;

 private:
  int classes_ = 0;
  std::size_t features_ = 0;
  std::vector<float> centroids_;  // class-major
  std::vector<std::uint8_t> present_;
};

}  // namespace snnft::neuromorphic
