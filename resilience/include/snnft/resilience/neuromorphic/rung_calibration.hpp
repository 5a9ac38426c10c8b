// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/resilience/neuromorphic/protection_policy.hpp"

namespace snnft::neuromorphic {

/// What calibration measured on the held-back samples: each column's answers, and from them
/// the estimated accuracy of every rung (`rung_calibration_accuracy`) and of every column.
/// The answers are kept so that the vote of any set of columns can be estimated later (when a
/// column is isolated, the answer the ladder would replace is the vote of the others).
struct RungCalibration {
  std::size_t samples = 0;
  std::size_t columns = 0;
  RungAccuracy rung_accuracy{};         ///< NaN until measured
  std::vector<double> column_accuracy;  ///< per column
  std::vector<columns::ColumnAnswer> answers;  ///< sample-major, samples × columns, full precision
  std::vector<columns::ColumnAnswer> reduced_answers;  ///< the same at reduced precision
  std::vector<int> labels;
  std::vector<float> features;  ///< sample-major, samples × feature_count: replayed by probes
  std::size_t feature_count = 0;

  [[nodiscard]] std::span<const float> sample(std::size_t i) const {
    return std::span<const float>(features).subspan(i * feature_count, feature_count);
  }
  /// Column k's healthy answer to calibration sample i, at full or reduced precision.
  [[nodiscard]] int healthy_answer(std::size_t i, std::size_t k, bool reduced) const {
    return (reduced ? reduced_answers : answers)[i * columns + k].predicted_class;
  }

  [[nodiscard]] bool measured() const { return samples > 0; }
  /// Accuracy on the calibration samples of the vote with `ignored` columns masked out (no
  /// winner counts as wrong), at full or reduced precision. Allocates a vote record: for
  /// transitions, not per trial.
  [[nodiscard]] double vote_accuracy(std::span<const std::uint8_t> ignored, columns::VoteRule rule, int classes,
                                     bool reduced = false) const;
  /// The winner of that vote on each calibration sample (-1: none).
  [[nodiscard]] std::vector<int> vote_winners(std::span<const std::uint8_t> ignored, columns::VoteRule rule,
                                              int classes, bool reduced = false) const;
  /// The lowest calibration accuracy among the columns not ignored (NaN if none is left): what
  /// a single column chosen by health alone is estimated to reach at worst.
  [[nodiscard]] double worst_column_accuracy(std::span<const std::uint8_t> ignored) const;
};

}  // namespace snnft::neuromorphic
