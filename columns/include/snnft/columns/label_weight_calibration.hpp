// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "snnft/columns/cortical_column.hpp"
#include "snnft/columns/voting.hpp"

namespace snnft::columns {

/// What a column's grown readout and label readout see of the training samples: the readout's
/// code, and the label readout's voters and winner (relabelled here on part of the samples).
struct ReadoutEvidence {
  Eigen::MatrixXd codes;                 ///< samples × inputs (the readout's features)
  std::size_t stride = 0;                ///< voter slots per sample
  std::vector<NeuronIndex> voters;       ///< samples × stride, earliest first
  std::vector<std::size_t> voter_count;  ///< per sample
  std::vector<NeuronIndex> winners;      ///< per sample: the neuron a labelling pass counts
  std::vector<double> first_spike_ms;    ///< per sample
};

/// Fills the label inputs of `evidence.codes` (columns first_input .. first_input + classes)
/// with each sample's label readout shares, its neurons labelled on the other samples: the
/// samples are dealt into five folds, and each fold is answered with the labels the other
/// four give. So the shares a readout learns from are as good as the labels are on unseen
/// samples, not better.
void fill_label_inputs(ReadoutEvidence& evidence, std::span<const int> labels, std::size_t neurons, int classes,
                       std::size_t first_input);

/// The label weight chosen for the calibrated columns, and each candidate's accuracy.
struct LabelWeightChoice {
  double weight = 0.0;
  std::vector<double> candidates;      ///< ReadoutParams::kLabelWeights
  std::vector<double> vote_accuracy;   ///< per candidate, on the held-out samples
  std::vector<double> column_accuracy; ///< per candidate, mean over the calibrated columns
  std::size_t held_out = 0;
};

/// Chooses the label weight of the columns whose readout asks for a calibrated one
/// (`calibrated[k]`): every sample whose index crosses a multiple of 1 / calibration_fraction
/// is held out; on the others each calibrated column grows a readout and relabels its neurons,
/// and the held-out samples are answered with each candidate weight and voted on by `rule`
/// (the other columns masked). A weight above 0 is chosen only if its vote beats the grown
/// outputs' alone significantly on these samples (McNemar's test, p < 0.05); the most accurate
/// such weight wins, the smaller on a tie, and 0 if none does. `for_each_column` runs its
/// argument for every column, in parallel or not: results do not depend on it.
LabelWeightChoice calibrate_label_weight(std::span<const CorticalColumn* const> columns,
                                         std::span<const ReadoutEvidence> evidence, std::span<const int> labels,
                                         std::span<const std::uint8_t> calibrated, VoteRule rule,
                                         const std::function<void(const std::function<void(std::size_t)>&)>& for_each_column);

}  // namespace snnft::columns
