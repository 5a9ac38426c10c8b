// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/columns/readout_control.hpp"
#include "snnft/columns/readout_params.hpp"
#include "snnft/columns/voting.hpp"
#include "snnft/snn/cascor/cascor_learner.hpp"

namespace snnft::columns {

struct ColumnResponse;
struct ColumnParams;

/// One learning curve point of a grown readout: after each training epoch, the hidden units
/// installed and the error on the training patterns.
struct ReadoutCurvePoint {
  std::uint64_t epoch;
  cascor::Phase phase;  ///< training the outputs, or the candidates for the next unit
  std::uint32_t hidden_units;
  double error;  ///< Σ_p Σ_o (y − t)² over the training patterns
};

/// A column's cascade-correlation readout: inputs are the excitatory layer's spike-timing
/// code (readout_features), outputs one score per class in [−0.5, 0.5] (target +0.5 for the
/// true class, −0.5 for the others).
///
/// train() grows the network on the training set's codes exactly as the standalone learner
/// does: outputs trained until their error stagnates, then the best of a candidate pool is
/// installed as a frozen hidden unit, up to max_hidden_units. teach() continues online from
/// labelled test trials (see ReadoutParams). answer() is allocation-free.
class GrownReadout final : public ReadoutControl {
 public:
  /// The readout of a column with these parameters (its `readout` and layer size; the
  /// learner's random streams come from its seed).
  GrownReadout(const ColumnParams& column, int class_count);

  /// Inputs per trial: one per neuron for each block of inputs switched on (ReadoutParams),
  /// then, with label_inputs, one per class.
  [[nodiscard]] std::size_t input_count() const { return inputs_; }
  /// The inputs that come from the trial's spikes (the first ones).
  [[nodiscard]] std::size_t code_input_count() const { return code_inputs_; }

  /// The readout's inputs for one trial, written to `out` (input_count() values); the label
  /// inputs are `label_shares` (zeros if empty).
  void features(const ColumnResponse& response, std::span<double> out, std::span<const double> label_shares = {}) const;

  /// Grows the readout on `codes` (one row of features() per training sample) and `labels`,
  /// replacing any network it held. Keeps the codes for online growth.
  void train(const Eigen::MatrixXd& codes, std::span<const int> labels);
  [[nodiscard]] bool trained() const { return trained_; }

  /// The best class for the trial and a confidence from the outputs: the best output's share
  /// of all outputs shifted to [0, 1]. With the label readout's class shares for the trial
  /// (`label_shares`, one per class) and a label weight above 0, each class scores its output
  /// share plus label_weight() times its label share, and the confidence is the best score's
  /// share of all scores. NaN outputs give a NaN confidence (an invalid answer).
  [[nodiscard]] ColumnAnswer answer(const ColumnResponse& response, std::span<const double> label_shares = {}) const;
  /// The same for a code (a row of features()); its first_spike_ms is left at +infinity.
  [[nodiscard]] ColumnAnswer answer_code(std::span<const double> code, std::span<const double> label_shares = {}) const;

  /// The weight of the label readout's class shares in answer() (0 until set).
  [[nodiscard]] double label_weight() const { return label_weight_; }
  void set_label_weight(double weight) { label_weight_ = weight; }

  /// A labelled test trial, after answer(): counted towards the online error and, with online
  /// growth on and growth not frozen, kept; every online_batch of them run a growth step.
  /// Returns true if the weights changed.
  bool teach(const ColumnResponse& response, int label, std::span<const double> label_shares = {});

  /// Replaces the network (a saved readout); the shape must match.
  void set_network(const cascor::CascorNetwork& network);
  [[nodiscard]] const std::vector<ReadoutCurvePoint>& learning_curve() const { return curve_; }
  [[nodiscard]] const ReadoutParams& params() const { return params_; }

  // ReadoutControl
  void freeze_growth(bool frozen) override { frozen_ = frozen; }
  [[nodiscard]] bool growth_frozen() const override { return frozen_; }
  [[nodiscard]] ReadoutCheckpoint checkpoint() const override;
  void restore(const ReadoutCheckpoint& checkpoint) override;
  [[nodiscard]] const GrowthStatus& status() const override { return status_; }
  [[nodiscard]] std::size_t unit_budget() const override { return params_.unit_capacity(); }
  [[nodiscard]] const cascor::CascorNetwork& network() const override { return network_; }
  [[nodiscard]] std::span<const double> last_outputs() const override {
    return answered_ ? std::span<const double>(outputs_.data(), static_cast<std::size_t>(outputs_.size())) : std::span<const double>();
  }
  cascor::CascorNetwork& network_for_fault_injection() override { return network_; }

 private:
  /// Output activations for the code in values_ (bias and inputs filled in).
  void forward() const;
  [[nodiscard]] ColumnAnswer answer_from_outputs(std::span<const double> label_shares) const;
  void grow_online();
  void installed(const cascor::CascorNetwork& network);

  ReadoutParams params_;
  std::size_t neurons_, code_inputs_, inputs_;
  double dt_ms_, trial_ms_, max_spikes_;
  int classes_;
  std::uint64_t seed_;
  cascor::CascorNetwork network_;
  bool trained_ = false;
  bool frozen_ = false;
  double label_weight_ = 0.0;
  GrowthStatus status_;
  std::vector<ReadoutCurvePoint> curve_;

  Eigen::MatrixXd train_codes_;        // N × inputs
  std::vector<int> train_labels_;
  Eigen::MatrixXd taught_codes_;       // rows filled: taught_rows_
  std::vector<int> taught_labels_;
  std::size_t taught_rows_ = 0, since_growth_ = 0;

  mutable Eigen::VectorXd values_;     // bias, inputs, hidden units (capacity for the budget)
  mutable Eigen::VectorXd outputs_;
  mutable bool answered_ = false;
};

}  // namespace snnft::columns
