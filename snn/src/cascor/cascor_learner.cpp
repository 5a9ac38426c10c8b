// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/cascor_learner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snnft::cascor {
namespace {

void check_phase(const PhaseParams& p, const std::string& name) {
  const auto bad = [&](const std::string& what) { throw std::invalid_argument(name + "." + what); };
  if (!(p.quickprop.epsilon > 0.0) || !std::isfinite(p.quickprop.epsilon)) bad("epsilon must be positive");
  if (!(p.quickprop.mu > 0.0) || !std::isfinite(p.quickprop.mu)) bad("mu must be positive");
  if (!(p.quickprop.decay >= 0.0) || !std::isfinite(p.quickprop.decay)) bad("decay must not be negative");
  if (!(p.change_threshold >= 0.0)) bad("change_threshold must not be negative");
  if (p.max_epochs == 0) bad("max_epochs must be at least 1");
}

}  // namespace

void validate(const CascorParams& params) {
  check_phase(params.output, "output");
  check_phase(params.candidate, "candidate");
  if (params.pool_size == 0) throw std::invalid_argument("pool_size must be at least 1");
  if (!(params.score_threshold > 0.0)) throw std::invalid_argument("score_threshold must be positive");
  if (!(params.sigmoid_prime_offset >= 0.0)) throw std::invalid_argument("sigmoid_prime_offset must not be negative");
  if (!(params.weight_range > 0.0)) throw std::invalid_argument("weight_range must be positive");
  if (!(params.weight_multiplier >= 0.0)) throw std::invalid_argument("weight_multiplier must not be negative");
}

namespace {

// Checks the parameters before any member is sized from them.
const CascorParams& validated(const CascorParams& params) {
  validate(params);
  return params;
}

}  // namespace

CascorLearner::CascorLearner(Dataset training, const CascorParams& params, std::uint64_t seed)
    : data_(std::move(training)),
      params_(validated(params)),
      rng_(seed),
      network_(static_cast<std::size_t>(data_.inputs.cols()), static_cast<std::size_t>(data_.targets.cols())),
      pool_(params.pool_size, data_.size(), 1 + static_cast<std::size_t>(data_.inputs.cols()) + params.max_hidden_units,
            static_cast<std::size_t>(data_.targets.cols())),
      values_(data_.inputs, params_.max_hidden_units,
              std::max(params_.pool_size, static_cast<std::size_t>(data_.targets.cols()))) {
  if (data_.inputs.rows() == 0) throw std::invalid_argument("training set is empty");
  if (data_.targets.rows() != data_.inputs.rows()) throw std::invalid_argument("inputs and targets differ in rows");
  const Eigen::Index n = data_.inputs.rows();
  const Eigen::Index inputs = data_.inputs.cols();
  const Eigen::Index outputs = data_.targets.cols();
  const Eigen::Index capacity = 1 + inputs + static_cast<Eigen::Index>(params_.max_hidden_units);

  net_.setZero(n, outputs);
  residual_.setZero(n, outputs);
  out_slope_.setZero(outputs, capacity);
  out_delta_.setZero(outputs, capacity);
  out_prev_.setZero(outputs, capacity);

  for (Eigen::Index o = 0; o < outputs; ++o) {
    RngStream stream(rng_, StreamId{RngPurpose::kLearning, 0, static_cast<std::uint32_t>(o)});
    for (Eigen::Index i = 0; i < 1 + inputs; ++i) {
      network_.output_weights_(o, i) = stream.uniform(-params_.weight_range, params_.weight_range);
    }
  }
  const std::size_t per_round = params_.output.max_epochs + params_.candidate.max_epochs + 1;
  curve_.reserve(std::min<std::size_t>((params_.max_hidden_units + 1) * per_round, std::size_t{1} << 20));
  evaluate_outputs();
}

CascorLearner::CascorLearner(Dataset training, const CascorParams& params, std::uint64_t seed,
                             const CascorNetwork& start)
    : CascorLearner(std::move(training), params, seed) {
  if (start.input_count() != network_.input_count() || start.output_count() != network_.output_count()) {
    throw std::invalid_argument("the starting network has " + std::to_string(start.input_count()) + " inputs and " +
                                std::to_string(start.output_count()) + " outputs, the data " +
                                std::to_string(network_.input_count()) + " and " + std::to_string(network_.output_count()));
  }
  if (start.hidden_count() > params_.max_hidden_units) {
    throw std::invalid_argument("the starting network has more than max_hidden_units hidden units");
  }
  network_ = start;
  // The frozen units' values on the training set, as install_best_candidate() caches them.
  const Eigen::MatrixXd values = network_.unit_values(data_.inputs);
  const auto first_hidden = 1 + data_.inputs.cols();
  for (std::size_t h = 0; h < network_.hidden_count(); ++h) values_.set_hidden(h, values.col(first_hidden + static_cast<Eigen::Index>(h)));
  evaluate_outputs();
}

void CascorLearner::evaluate_outputs() {
  const auto f = static_cast<Eigen::Index>(network_.unit_count());
  values_.times_transpose(network_.output_weights_.leftCols(f), net_);
  net_ = sigmoid(net_.array()).matrix();
  residual_ = net_ - data_.targets;
  error_ = residual_.squaredNorm();
  error_bits_ = static_cast<std::size_t>((residual_.array().abs() > params_.score_threshold).count());
  // Slopes and candidate correlations use the error times the output's derivative; the offset
  // keeps outputs that are saturated on the wrong side from stopping to learn.
  residual_.array() *= params_.sigmoid_prime_offset + 0.25 - net_.array().square();
}

bool CascorLearner::stagnant(double value, std::size_t epoch_in_phase, double& last, std::size_t& quit, bool& first,
                             const PhaseParams& phase) const {
  if (phase.patience == 0) return false;
  if (first) {
    first = false;
    last = value;
  } else if (std::abs(value - last) > std::abs(last) * phase.change_threshold) {
    last = value;
    quit = epoch_in_phase + phase.patience;
  } else if (epoch_in_phase >= quit) {
    return true;
  }
  return false;
}

PhaseEnd CascorLearner::train_outputs() {
  const PhaseParams& phase = params_.output;
  const auto f = static_cast<Eigen::Index>(network_.unit_count());
  QuickpropParams step = phase.quickprop;
  step.epsilon /= static_cast<double>(data_.size());
  const auto hidden = static_cast<std::uint32_t>(network_.hidden_count());

  double last = 0.0;
  bool first = true;
  std::size_t quit = phase.patience;
  bool stop = false;
  for (std::size_t i = 0;; ++i) {
    // The final weights are always checked, so a phase that ends on a winning step says so.
    evaluate_outputs();
    if (error_bits_ == 0) return PhaseEnd::kSolved;
    if (stop) return PhaseEnd::kStagnant;
    if (i == phase.max_epochs) return PhaseEnd::kTimeout;
    if (stop_requested()) return PhaseEnd::kStopped;

    values_.transpose_times(residual_, out_slope_.leftCols(f));
    quickprop_update(network_.output_weights_, out_delta_.leftCols(f), out_prev_.leftCols(f), out_slope_.leftCols(f),
                     step);
    ++epoch_;
    curve_.push_back({epoch_, Phase::kOutput, hidden, error_, std::numeric_limits<double>::quiet_NaN(),
                      static_cast<std::uint32_t>(error_bits_)});
    stop = stagnant(error_, i + 1, last, quit, first, phase);
  }
}

PhaseEnd CascorLearner::train_candidates() {
  if (network_.hidden_count() >= params_.max_hidden_units) {
    throw std::logic_error("cascade-correlation: max_hidden_units already installed");
  }
  const PhaseParams& phase = params_.candidate;
  const std::size_t fan_in = network_.unit_count();
  const auto hidden = static_cast<std::uint32_t>(network_.hidden_count());
  evaluate_outputs();
  pool_.reset(rng_, hidden, fan_in, params_.weight_range);
  pool_.set_residuals(residual_);
  QuickpropParams step = phase.quickprop;
  step.epsilon /= static_cast<double>(data_.size());

  double last = 0.0;
  bool first = true;
  std::size_t quit = phase.patience;
  PhaseEnd end = PhaseEnd::kTimeout;
  for (std::size_t i = 0; i < phase.max_epochs; ++i) {
    if (stop_requested()) return PhaseEnd::kStopped;
    const double score = pool_.train_epoch(values_, step);
    ++epoch_;
    curve_.push_back({epoch_, Phase::kCandidate, hidden, error_, score, static_cast<std::uint32_t>(error_bits_)});
    if (stagnant(score, i + 1, last, quit, first, phase)) {
      end = PhaseEnd::kStagnant;
      break;
    }
  }
  // Each epoch scored the weights before its step; one more pass scores the final weights and
  // provides the chosen unit's values for the cache.
  const double score = pool_.evaluate(values_);
  ++epoch_;
  curve_.push_back({epoch_, Phase::kCandidate, hidden, error_, score, static_cast<std::uint32_t>(error_bits_)});
  candidates_ready_ = true;
  return end;
}

void CascorLearner::install_best_candidate() {
  if (!candidates_ready_) throw std::logic_error("cascade-correlation: no trained candidates to install");
  const std::size_t best = pool_.best();
  const auto col = static_cast<Eigen::Index>(network_.unit_count());
  values_.set_hidden(network_.hidden_count(), pool_.values(best));
  // Opposite in sign to the correlation: a unit that rises with the error should lower it.
  network_.add_hidden_unit(pool_.weights(best), -params_.weight_multiplier * pool_.correlations(best));
  out_delta_.col(col).setZero();
  out_prev_.col(col).setZero();
  candidates_ready_ = false;
  evaluate_outputs();
}

CascorResult CascorLearner::run() {
  for (;;) {
    const PhaseEnd outputs = train_outputs();
    if (outputs == PhaseEnd::kStopped) return result(true);
    if (outputs == PhaseEnd::kSolved) break;
    if (frozen_ || network_.hidden_count() >= params_.max_hidden_units) break;
    if (train_candidates() == PhaseEnd::kStopped) return result(true);
    install_best_candidate();
  }
  return result(false);
}

CascorResult CascorLearner::result(bool interrupted) const {
  CascorResult r;
  r.solved = error_bits_ == 0;
  r.interrupted = interrupted;
  r.hidden_units = network_.hidden_count();
  r.epochs = epoch_;
  r.error = error_;
  r.error_bits = error_bits_;
  return r;
}

}  // namespace snnft::cascor
