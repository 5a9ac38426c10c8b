// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::neuromorphic {

/// A linear classifier on the raw features, fitted by ridge regression onto one-hot class
/// targets (one-vs-rest least squares with a bias): the Emergency rung's non-spiking
/// classifier. Fitting is one small linear solve ((features+1)² system); an answer costs
/// exactly classes × (features+1) multiply-adds and never allocates, so its time is bounded
/// whatever state the spiking network is in. On the digits test split it reaches 92.6 %
/// (nearest class centroid: 91 %).
class RidgeClassifier {
 public:
  explicit RidgeClassifier(double ridge = 10.0) : ridge_(ridge) {}

  /// Fits the weights on `data`. Throws std::invalid_argument for an empty data set.
  void fit(const LabelledDataset& data);
  [[nodiscard]] bool fitted() const { return classes_ > 0; }
  [[nodiscard]] int class_count() const { return classes_; }
  [[nodiscard]] std::size_t feature_count() const { return features_; }

  /// The class with the highest score (ties: lower class). Confidence is the score margin
  /// between the two best classes, clipped to [0, 1]; no class (-1) if a score is NaN.
  /// Throws std::invalid_argument for a wrong feature count.
  [[nodiscard]] columns::ColumnAnswer classify(std::span<const float> features) const;
  /// classify()'s class, for the answer audit that runs every trial: the scores are summed in
  /// single precision with every class side by side (one vector multiply-add per feature),
  /// and when the two best are closer than single precision's worst-case error could move
  /// them, the answer is computed again exactly as classify() does. The same answer, always.
  [[nodiscard]] int predicted_class(std::span<const float> features) const;
  /// Share of `data` classified correctly.
  [[nodiscard]] double accuracy(const LabelledDataset& data) const;

 private:
  double ridge_;
  int classes_ = 0;
  std::size_t features_ = 0;
  std::vector<double> weights_;  // class-major, features_ + 1 per class (the last is the bias)
  // For predicted_class(): the weights in single precision, feature-major with the classes
  // padded to lanes_ (8 or 16 for the vector kernels, else 4, 8, 12 or 16; 0: too many
  // classes), the bias row last; and the largest sum of a class's absolute weights and bias,
  // which bounds the rounding error.
  std::vector<float> lane_weights_;
  std::size_t lanes_ = 0;
  double largest_weight_sum_ = 0.0;
};

}  // namespace snnft::neuromorphic
