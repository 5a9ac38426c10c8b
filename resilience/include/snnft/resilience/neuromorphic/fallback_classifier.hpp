// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"
#include "snnft/resilience/neuromorphic/neighbour_classifier.hpp"
#include "snnft/resilience/neuromorphic/ridge_classifier.hpp"

namespace snnft::neuromorphic {

/// The non-spiking classifier that answers on the Emergency rung (and when no column can
/// vote), chosen by measured value: every candidate is fitted on the training samples that
/// were not held back and scored on the held-back calibration samples, and the best answers.
/// Candidates, in order of cost (a tie goes to the cheaper): "ridge" (linear, one-vs-rest
/// least squares), "centroid" (nearest class mean), "nearest_neighbours" (k = 5).
class FallbackClassifier {
 public:
  enum class Kind : std::uint8_t { kRidge = 0, kCentroid = 1, kNeighbours = 2 };
  struct Candidate {
    std::string name;
    double calibration_accuracy;  ///< NaN when it was not measured
  };

  /// Fits the ridge classifier alone on `data`, unmeasured (the classifier used before a
  /// calibration split was available).
  void fit_ridge(const LabelledDataset& data);
  /// Fits every candidate on `fit`, scores each on `calibration` and keeps the best. Throws
  /// std::invalid_argument if either set is empty.
  void choose(const LabelledDataset& fit, const LabelledDataset& calibration);

  [[nodiscard]] bool fitted() const { return fitted_; }
  [[nodiscard]] Kind kind() const { return kind_; }
  /// "ridge", "centroid" or "nearest_neighbours".
  [[nodiscard]] std::string_view name() const;
  /// The chosen classifier's accuracy on the calibration samples (NaN if unmeasured).
  [[nodiscard]] double calibration_accuracy() const;
  [[nodiscard]] const std::vector<Candidate>& candidates() const { return candidates_; }
  /// The chosen classifier's answer; no class (-1) before fitting.
  [[nodiscard]] columns::ColumnAnswer classify(std::span<const float> features) const;

  [[nodiscard]] const RidgeClassifier& ridge() const { return ridge_; }

  /// The auditor: the more accurate on the calibration samples of the two cheap candidates
  /// (ridge, centroid: classes × features multiply-adds per answer), used to check the
  /// spiking answers every trial. Valid after choose(). Its class (-1: none).
  [[nodiscard]] int audit(std::span<const float> features) const;
  [[nodiscard]] double auditor_accuracy() const { return auditor_accuracy_; }
  [[nodiscard]] std::string_view auditor_name() const;

 private:
  RidgeClassifier ridge_;
  CentroidClassifier centroid_;
  NeighbourClassifier neighbours_;
  Kind kind_ = Kind::kRidge;
  Kind auditor_ = Kind::kRidge;
  double auditor_accuracy_ = 0.0;
  bool fitted_ = false;
  std::vector<Candidate> candidates_;
};

}  // namespace snnft::neuromorphic
