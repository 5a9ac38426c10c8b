// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/candidate_pool.hpp"

#include <stdexcept>

#include "snnft/snn/cascor/cascor_network.hpp"

namespace snnft::cascor {

double candidate_score(const Eigen::Ref<const Eigen::VectorXd>& values,
                       const Eigen::Ref<const Eigen::MatrixXd>& errors) {
  if (values.size() != errors.rows()) throw std::invalid_argument("candidate_score: one value per error row needed");
  const Eigen::VectorXd v = values.array() - values.mean();
  const Eigen::MatrixXd e = errors.rowwise() - errors.colwise().mean();
  return (v.transpose() * e).cwiseAbs().sum();
}

CandidatePool::CandidatePool(std::size_t pool_size, std::size_t patterns, std::size_t max_fan_in,
                             std::size_t outputs) {
  if (pool_size == 0) throw std::invalid_argument("candidate pool must not be empty");
  const auto c = static_cast<Eigen::Index>(pool_size);
  const auto n = static_cast<Eigen::Index>(patterns);
  const auto f = static_cast<Eigen::Index>(max_fan_in);
  const auto o = static_cast<Eigen::Index>(outputs);
  weights_.setZero(c, f);
  delta_.setZero(c, f);
  prev_slope_.setZero(c, f);
  slope_.setZero(c, f);
  centred_.setZero(n, o);
  activation_.setZero(n, c);
  back_.setZero(n, c);
  covariance_.setZero(c, o);
  sign_.setZero(c, o);
  score_.setZero(c);
}

void CandidatePool::reset(const CounterRng& rng, std::uint32_t unit_index, std::size_t fan_in, double weight_range) {
  if (static_cast<Eigen::Index>(fan_in) > weights_.cols()) throw std::invalid_argument("candidate fan-in exceeds capacity");
  fan_in_ = static_cast<Eigen::Index>(fan_in);
  for (Eigen::Index c = 0; c < weights_.rows(); ++c) {
    RngStream stream(rng, StreamId{RngPurpose::kLearning, 1 + unit_index, static_cast<std::uint32_t>(c)});
    for (Eigen::Index i = 0; i < fan_in_; ++i) weights_(c, i) = stream.uniform(-weight_range, weight_range);
  }
  delta_.setZero();
  prev_slope_.setZero();
  best_ = 0;
}

void CandidatePool::set_residuals(const Eigen::Ref<const Eigen::MatrixXd>& errors) {
  centred_ = errors.rowwise() - errors.colwise().mean();
  const double sum_sq = errors.squaredNorm();
  norm_ = sum_sq > 0.0 ? sum_sq : 1.0;
}

void CandidatePool::forward(const Eigen::Ref<const Eigen::MatrixXd>& inputs) {
  activation_.noalias() = inputs * weights_.leftCols(fan_in_).transpose();
  score();
}

void CandidatePool::forward(UnitValues& inputs) {
  inputs.times_transpose(weights_.leftCols(fan_in_), activation_);
  score();
}

void CandidatePool::score() {
  activation_ = sigmoid(activation_.array()).matrix();
  // Ẽ has zero column means, so Σ_p (V_p − V̄)·Ẽ_po = Σ_p V_p·Ẽ_po: no need to centre V.
  covariance_.noalias() = activation_.transpose() * centred_;
  covariance_ /= norm_;
  score_ = covariance_.cwiseAbs().rowwise().sum();
  Eigen::Index best = 0;
  score_.maxCoeff(&best);
  best_ = static_cast<std::size_t>(best);
}

double CandidatePool::back_propagate() {
  // ∂S/∂z_pc = f′(z_pc)·Σ_o σ_co·Ẽ_po / norm, with f′ = 0.25 − f² for the symmetric sigmoid
  // (no prime offset here: it would bias the correlation, Fahlman's code omits it as well).
  sign_ = covariance_.unaryExpr([](double x) { return x < 0.0 ? -1.0 : 1.0; });
  back_.noalias() = centred_ * sign_.transpose();
  back_.array() *= (0.25 - activation_.array().square()) / norm_;
  return score_(static_cast<Eigen::Index>(best_));
}

double CandidatePool::train_epoch(const Eigen::Ref<const Eigen::MatrixXd>& inputs, const QuickpropParams& params) {
  forward(inputs);
  const double best_score = back_propagate();
  // Quickprop minimises, so the slope is −∂S/∂w.
  slope_.leftCols(fan_in_).noalias() = -(back_.transpose() * inputs);
  quickprop_update(weights_.leftCols(fan_in_), delta_.leftCols(fan_in_), prev_slope_.leftCols(fan_in_),
                   slope_.leftCols(fan_in_), params);
  return best_score;
}

double CandidatePool::train_epoch(UnitValues& inputs, const QuickpropParams& params) {
  forward(inputs);
  const double best_score = back_propagate();
  // Quickprop minimises, so the slope is −∂S/∂w.
  inputs.transpose_times(back_, slope_.leftCols(fan_in_));
  slope_.leftCols(fan_in_) = -slope_.leftCols(fan_in_);
  quickprop_update(weights_.leftCols(fan_in_), delta_.leftCols(fan_in_), prev_slope_.leftCols(fan_in_),
                   slope_.leftCols(fan_in_), params);
  return best_score;
}

double CandidatePool::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& inputs) {
  forward(inputs);
  return score_(static_cast<Eigen::Index>(best_));
}

double CandidatePool::evaluate(UnitValues& inputs) {
  forward(inputs);
  return score_(static_cast<Eigen::Index>(best_));
}

Eigen::VectorXd CandidatePool::weights(std::size_t c) const {
  return weights_.row(static_cast<Eigen::Index>(c)).head(fan_in_).transpose();
}

Eigen::VectorXd CandidatePool::values(std::size_t c) const { return activation_.col(static_cast<Eigen::Index>(c)); }

Eigen::VectorXd CandidatePool::correlations(std::size_t c) const {
  return covariance_.row(static_cast<Eigen::Index>(c)).transpose();
}

}  // namespace snnft::cascor
