// SPDX-License-Identifier: MIT
#pragma once
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>

#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/cascor/quickprop.hpp"
#include "snnft/snn/cascor/unit_values.hpp"

namespace snnft::cascor {

/// Fahlman's candidate score S = Σ_o |Σ_p (V_p − V̄)(E_po − Ē_o)|: the summed magnitude of the
/// covariance between a candidate's values V (N) and the residual errors E (N × O).
double candidate_score(const Eigen::Ref<const Eigen::VectorXd>& values,
                       const Eigen::Ref<const Eigen::MatrixXd>& errors);

/// A pool of candidate units trained together by gradient ascent on their scores.
///
/// All candidates see the same inputs (bias, network inputs, installed hidden units), so one
/// epoch is three matrix products over the whole pool: values Z = I·Wᵀ, covariances C = f(Z)ᵀ·Ẽ
/// with the centred residuals Ẽ, and the gradient ∂S/∂W = (f′(Z) ∘ Ẽσᵀ)ᵀ·I with σ = sign(C).
/// Scores and covariances are reported divided by Σ_p Σ_o E_po², as in Fahlman's code, which
/// makes them independent of the overall error level and keeps the step size meaningful.
class CandidatePool {
 public:
  /// Allocates every buffer once: `pool_size` candidates, `patterns` rows, fan-in up to
  /// `max_fan_in`, `outputs` residual columns. Nothing is allocated while training.
  CandidatePool(std::size_t pool_size, std::size_t patterns, std::size_t max_fan_in, std::size_t outputs);

  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(weights_.rows()); }
  [[nodiscard]] std::size_t fan_in() const { return static_cast<std::size_t>(fan_in_); }

  /// Starts a new round for hidden unit `unit_index`: weights uniform in [−range, range], drawn
  /// from the stream (kLearning, 1 + unit_index, candidate), and cleared Quickprop memory.
  void reset(const CounterRng& rng, std::uint32_t unit_index, std::size_t fan_in, double weight_range);

  /// The residual errors E (N × O) the candidates are to correlate with in this round.
  void set_residuals(const Eigen::Ref<const Eigen::MatrixXd>& errors);

  /// One epoch: scores the current weights on `inputs` (N × fan_in), then takes one Quickprop
  /// step up the score gradient. Returns the best normalised score before the step.
  double train_epoch(const Eigen::Ref<const Eigen::MatrixXd>& inputs, const QuickpropParams& params);
  /// The same on the first fan_in units of a learner's cached unit values.
  double train_epoch(UnitValues& inputs, const QuickpropParams& params);

  /// Scores the current weights without changing them and remembers the best candidate.
  /// Returns its normalised score.
  double evaluate(const Eigen::Ref<const Eigen::MatrixXd>& inputs);
  double evaluate(UnitValues& inputs);

  /// Index of the best candidate of the last evaluation (train_epoch or evaluate).
  [[nodiscard]] std::size_t best() const { return best_; }
  /// Incoming weights of candidate c (fan_in values).
  [[nodiscard]] Eigen::VectorXd weights(std::size_t c) const;
  /// Values of candidate c on each pattern at the last evaluation.
  [[nodiscard]] Eigen::VectorXd values(std::size_t c) const;
  /// Normalised covariance of candidate c with each output's residual (O values).
  [[nodiscard]] Eigen::VectorXd correlations(std::size_t c) const;

 private:
  void forward(const Eigen::Ref<const Eigen::MatrixXd>& inputs);
  void forward(UnitValues& inputs);
  /// Scores and best candidate from the activations' net inputs.
  void score();
  /// ∂S/∂(net input) into back_; returns the best score before the step.
  double back_propagate();

  Eigen::Index fan_in_ = 0;
  std::size_t best_ = 0;
  double norm_ = 1.0;
  Eigen::MatrixXd weights_;      // pool × max_fan_in
  Eigen::MatrixXd delta_;        // Quickprop memory, same shape
  Eigen::MatrixXd prev_slope_;
  Eigen::MatrixXd slope_;
  Eigen::MatrixXd centred_;      // N × O residuals minus their per-output mean
  Eigen::MatrixXd activation_;   // N × pool
  Eigen::MatrixXd back_;         // N × pool: ∂S/∂(net input)
  Eigen::MatrixXd covariance_;   // pool × O, normalised
  Eigen::MatrixXd sign_;         // pool × O
  Eigen::VectorXd score_;        // pool
};

}  // namespace snnft::cascor
