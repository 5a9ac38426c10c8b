// SPDX-License-Identifier: MIT
#include "snnft/columns/grown_readout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "snnft/columns/cortical_column.hpp"

namespace snnft::columns {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)) - 0.5; }

/// ±0.5 one-hot targets for `labels`.
Eigen::MatrixXd targets_of(std::span<const int> labels, int classes) {
  Eigen::MatrixXd t = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(labels.size()), classes, -0.5);
  for (std::size_t s = 0; s < labels.size(); ++s) t(static_cast<Eigen::Index>(s), labels[s]) = 0.5;
  return t;
}

}  // namespace

GrownReadout::GrownReadout(const ColumnParams& column, int class_count)
    : params_(column.readout),
      neurons_(column.neurons),
      code_inputs_(neurons_ * (1 + (params_.spike_counts ? 1 : 0) + (params_.relative_timing ? 1 : 0) + (params_.depolarisation ? 1 : 0))),
      inputs_(code_inputs_ + (params_.label_inputs ? static_cast<std::size_t>(class_count) : 0)),
      dt_ms_(column.dt_ms),
      trial_ms_(column.trial_ms),
      // The most spikes a neuron can fire in a trial, one per refractory period.
      max_spikes_(std::ceil(column.trial_ms / std::max(column.t_ref_ms, column.dt_ms))),
      classes_(class_count),
      seed_(column.seed),
      network_(inputs_, static_cast<std::size_t>(class_count)) {
  cascor::validate(params_.cascor);
  if (class_count < 2) throw std::invalid_argument("a grown readout needs at least two classes");
  values_.setZero(static_cast<Eigen::Index>(1 + inputs_ + params_.unit_capacity()));
  outputs_.setZero(class_count);
}

void GrownReadout::features(const ColumnResponse& r, std::span<double> out, std::span<const double> label_shares) const {
  // A silent layer still answers through the neuron that came closest to firing (as the label
  // readout and the learning rule do): it is coded as if it had fired when it came closest.
  const bool stand_in = !r.spiked && r.winner < neurons_ && r.winner_step >= 0;
  auto step_of = [&](std::size_t j) { return stand_in && j == r.winner ? r.winner_step : r.first_step[j]; };
  std::int64_t first = -1;
  for (std::size_t j = 0; j < neurons_; ++j) {
    // Earlier spikes carry more: 1 at the trial's start, falling to 0 at its end and for silence.
    const std::int64_t step = step_of(j);
    out[j] = step < 0 ? 0.0 : std::max(0.0, 1.0 - static_cast<double>(step) * dt_ms_ / trial_ms_);
    if (step >= 0 && (first < 0 || step < first)) first = step;
  }
  std::size_t at = neurons_;
  if (params_.spike_counts) {
    for (std::size_t j = 0; j < neurons_; ++j) out[at + j] = std::min(1.0, static_cast<double>(r.spike_count[j]) / max_spikes_);
    at += neurons_;
  }
  if (params_.relative_timing) {
    // 1 for the first neurons to fire, falling by a factor e every relative_tau_ms after them.
    for (std::size_t j = 0; j < neurons_; ++j) {
      const std::int64_t step = step_of(j);
      out[at + j] = step < 0 ? 0.0 : std::exp(-static_cast<double>(step - first) * dt_ms_ / params_.relative_tau_ms);
    }
    at += neurons_;
  }
  if (params_.depolarisation) {
    if (r.peak_depolarisation.size() != neurons_) throw std::invalid_argument("the column's response has no peak depolarisation for the readout");
    for (std::size_t j = 0; j < neurons_; ++j) {
      out[at + j] = r.first_step[j] >= 0 ? 1.0 : std::clamp(static_cast<double>(r.peak_depolarisation[j]), 0.0, 1.0);
    }
  }
  if (params_.label_inputs) {
    for (std::size_t c = 0; c < static_cast<std::size_t>(classes_); ++c) out[code_inputs_ + c] = label_shares.empty() ? 0.0 : label_shares[c];
  }
}

void GrownReadout::train(const Eigen::MatrixXd& codes, std::span<const int> labels) {
  if (codes.rows() != static_cast<Eigen::Index>(labels.size()) || codes.cols() != static_cast<Eigen::Index>(inputs_)) {
    throw std::invalid_argument("readout training codes do not match the labels or the input count");
  }
  train_codes_ = codes;
  train_labels_.assign(labels.begin(), labels.end());
  cascor::CascorLearner learner({codes, targets_of(labels, classes_)}, params_.cascor, seed_);
  learner.run();
  curve_.clear();
  curve_.reserve(learner.learning_curve().size());
  for (const auto& e : learner.learning_curve()) curve_.push_back({e.epoch, e.phase, e.hidden_units, e.error});
  installed(learner.network());
  status_.trained_units = network_.hidden_count();
  status_.online_units = 0;
  trained_ = true;
}

void GrownReadout::installed(const cascor::CascorNetwork& network) {
  network_ = network;
  status_.hidden_units = network_.hidden_count();
  ++status_.changes;
  const auto needed = static_cast<Eigen::Index>(network_.unit_count());
  if (values_.size() < needed) values_.setZero(needed);
}

void GrownReadout::set_network(const cascor::CascorNetwork& network) {
  if (network.input_count() != inputs_ || network.output_count() != static_cast<std::size_t>(classes_)) {
    throw std::invalid_argument("a readout with " + std::to_string(network.input_count()) + " inputs and " +
                                std::to_string(network.output_count()) + " outputs does not fit this column (" +
                                std::to_string(inputs_) + " and " + std::to_string(classes_) + ")");
  }
  installed(network);
  status_.trained_units = network_.hidden_count();
  trained_ = true;
}

void GrownReadout::forward() const {
  const std::size_t first_hidden = 1 + inputs_;
  for (std::size_t k = 0; k < network_.hidden_count(); ++k) {
    const Eigen::VectorXd& w = network_.hidden_weights(k);
    double net = 0.0;
    for (Eigen::Index i = 0; i < w.size(); ++i) net += w[i] * values_[i];
    values_[static_cast<Eigen::Index>(first_hidden + k)] = sigmoid(net);
  }
  const Eigen::MatrixXd& w = network_.output_weights();
  for (Eigen::Index o = 0; o < w.rows(); ++o) {
    double net = 0.0;
    for (Eigen::Index f = 0; f < w.cols(); ++f) net += w(o, f) * values_[f];
    outputs_[o] = sigmoid(net);
  }
}

ColumnAnswer GrownReadout::answer(const ColumnResponse& response, std::span<const double> label_shares) const {
  values_[0] = 1.0;
  features(response, std::span<double>(values_.data() + 1, inputs_), label_shares);
  forward();
  answered_ = true;
  ColumnAnswer a = answer_from_outputs(label_shares);
  a.first_spike_ms = response.winner_time_ms;
  return a;
}

ColumnAnswer GrownReadout::answer_code(std::span<const double> code, std::span<const double> label_shares) const {
  values_[0] = 1.0;
  std::copy(code.begin(), code.end(), values_.data() + 1);
  forward();
  answered_ = true;
  return answer_from_outputs(label_shares);
}

ColumnAnswer GrownReadout::answer_from_outputs(std::span<const double> label_shares) const {
  ColumnAnswer a;
  double total = 0.0;
  Eigen::Index best = 0;
  for (Eigen::Index o = 0; o < outputs_.size(); ++o) {
    total += outputs_[o] + 0.5;
    if (outputs_[o] > outputs_[best]) best = o;
  }
  if (label_weight_ > 0.0 && !label_shares.empty() && total > 0.0) {
    double all = 0.0, top = -1.0;
    for (Eigen::Index o = 0; o < outputs_.size(); ++o) {
      const double score = (outputs_[o] + 0.5) / total + label_weight_ * label_shares[static_cast<std::size_t>(o)];
      all += score;
      if (score > top) {
        top = score;
        best = o;
      }
    }
    a.predicted_class = static_cast<int>(best);
    a.confidence = std::min(1.0, top / all);
    return a;
  }
  a.predicted_class = static_cast<int>(best);
  // A NaN output makes the total NaN, and with it the confidence: the vote rejects the answer.
  a.confidence = total > 0.0 ? std::min(1.0, (outputs_[best] + 0.5) / total) : (std::isnan(total) ? total : 0.0);
  return a;
}

bool GrownReadout::teach(const ColumnResponse& response, int label, std::span<const double> label_shares) {
  if (label < 0 || label >= classes_) return false;
  (void)answer(response, label_shares);
  double error = 0.0;
  Eigen::Index best = 0;
  for (Eigen::Index o = 0; o < outputs_.size(); ++o) {
    const double d = outputs_[o] - (o == label ? 0.5 : -0.5);
    error += d * d;
    if (outputs_[o] > outputs_[best]) best = o;
  }
  ++status_.taught;
  status_.taught_error_sum += error;
  if (best != label) ++status_.taught_wrong;
  if (!params_.grow_online || frozen_ || !trained_) return false;
  if (taught_codes_.rows() <= static_cast<Eigen::Index>(taught_rows_)) {
    taught_codes_.conservativeResize(std::max<Eigen::Index>(64, 2 * taught_codes_.rows()), static_cast<Eigen::Index>(inputs_));
  }
  taught_codes_.row(static_cast<Eigen::Index>(taught_rows_)) = values_.segment(1, static_cast<Eigen::Index>(inputs_));
  taught_labels_.push_back(label);
  ++taught_rows_;
  if (++since_growth_ < params_.online_batch) return false;
  since_growth_ = 0;
  grow_online();
  return true;
}

void GrownReadout::grow_online() {
  const Eigen::Index n = train_codes_.rows(), m = static_cast<Eigen::Index>(taught_rows_);
  cascor::Dataset data;
  data.inputs.resize(n + m, static_cast<Eigen::Index>(inputs_));
  data.inputs.topRows(n) = train_codes_;
  data.inputs.bottomRows(m) = taught_codes_.topRows(m);
  std::vector<int> labels(train_labels_);
  labels.insert(labels.end(), taught_labels_.begin(), taught_labels_.end());
  data.targets = targets_of(labels, classes_);

  cascor::CascorParams p = params_.cascor;
  const bool budget_left = status_.online_units < params_.online_units;
  p.max_hidden_units = network_.hidden_count() + (budget_left ? 1 : 0);
  // Each step has its own candidate streams: the seed moves on with the steps.
  cascor::CascorLearner learner(std::move(data), p, seed_ + 1 + status_.growth_steps, network_);
  // One unit at most per step, and only if the outputs' error stagnated short of a solution.
  if (learner.train_outputs() == cascor::PhaseEnd::kStagnant && budget_left) {
    learner.train_candidates();
    learner.install_best_candidate();
    learner.train_outputs();
    ++status_.online_units;
  }
  ++status_.growth_steps;
  installed(learner.network());
}

ReadoutCheckpoint GrownReadout::checkpoint() const {
  return {std::make_shared<const cascor::CascorNetwork>(network_), status_.online_units, trained_, label_weight_};
}

void GrownReadout::restore(const ReadoutCheckpoint& checkpoint) {
  if (!checkpoint.network) return;
  installed(*checkpoint.network);
  status_.online_units = checkpoint.online_units;
  trained_ = checkpoint.trained;
  label_weight_ = checkpoint.label_weight;
}

}  // namespace snnft::columns
