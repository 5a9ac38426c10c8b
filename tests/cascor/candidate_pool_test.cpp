// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/candidate_pool.hpp"

#include <gtest/gtest.h>

#include "snnft/snn/cascor/cascor_network.hpp"

namespace snnft::cascor {
namespace {

Eigen::MatrixXd residuals() {
  Eigen::MatrixXd e(6, 1);
  e << 0.3, -0.1, 0.25, -0.4, 0.05, 0.2;
  return e;
}

double centred_sum_of_squares(const Eigen::MatrixXd& e) {
  return (e.rowwise() - e.colwise().mean()).squaredNorm();
}

TEST(CandidateScore, CandidateEqualToTheResidualScoresItsCentredSumOfSquares) {
  const Eigen::MatrixXd e = residuals();
  EXPECT_NEAR(candidate_score(e.col(0), e), centred_sum_of_squares(e), 1e-15);
}

TEST(CandidateScore, SumsAbsoluteCovariancesOverOutputs) {
  // Several outputs with the same residual up to sign: S = Σ_o Σ_p (E_po − Ē_o)² still.
  const Eigen::MatrixXd e1 = residuals();
  Eigen::MatrixXd e(6, 3);
  e << e1, -e1, e1;
  EXPECT_NEAR(candidate_score(e1.col(0), e), centred_sum_of_squares(e), 1e-14);
  EXPECT_NEAR(centred_sum_of_squares(e), 3.0 * centred_sum_of_squares(e1), 1e-14);
}

TEST(CandidateScore, IgnoresConstantOffsetsOfValuesAndErrors) {
  const Eigen::MatrixXd e = residuals();
  const Eigen::VectorXd v = e.col(0).array() * 2.0 + 7.0;
  const Eigen::MatrixXd shifted = e.array() - 3.0;
  EXPECT_NEAR(candidate_score(v, shifted), 2.0 * centred_sum_of_squares(e), 1e-13);
  // A constant candidate carries no information.
  EXPECT_NEAR(candidate_score(Eigen::VectorXd::Constant(6, 0.4), e), 0.0, 1e-15);
}

// The pool's first step is ε·∂S/∂w (Quickprop starts with a plain gradient step), so the
// analytic gradient can be checked against central differences of candidate_score.
TEST(CandidatePool, FirstStepFollowsTheNumericalScoreGradient) {
  Eigen::MatrixXd inputs(6, 3);
  inputs << 1, 0.2, -0.5, 1, 0.7, 0.1, 1, -0.3, 0.4, 1, 0.9, -0.8, 1, -0.6, -0.2, 1, 0.1, 0.6;
  Eigen::MatrixXd e(6, 2);
  e << residuals(), residuals().reverse().array() * 0.5;
  const double norm = e.squaredNorm();

  CandidatePool pool(2, 6, 3, 2);
  pool.reset(CounterRng(11), 0, 3, 1.0);
  pool.set_residuals(e);
  const Eigen::VectorXd w0 = pool.weights(1);
  const double epsilon = 1e-3;
  pool.train_epoch(inputs, {epsilon, 2.0, 0.0});
  const Eigen::VectorXd step = pool.weights(1) - w0;

  const auto score = [&](const Eigen::VectorXd& w) {
    const Eigen::VectorXd v = sigmoid((inputs * w).array()).matrix();
    return candidate_score(v, e) / norm;
  };
  for (Eigen::Index i = 0; i < 3; ++i) {
    const double h = 1e-6;
    Eigen::VectorXd up = w0, down = w0;
    up(i) += h;
    down(i) -= h;
    const double numeric = (score(up) - score(down)) / (2 * h);
    EXPECT_NEAR(step(i), epsilon * numeric, 1e-9 * std::max(1.0, std::abs(numeric))) << "weight " << i;
  }
}

TEST(CandidatePool, EvaluateReportsTheBestCandidateAndItsCorrelations) {
  Eigen::MatrixXd inputs(6, 2);
  inputs << 1, 0.2, 1, 0.7, 1, -0.3, 1, 0.9, 1, -0.6, 1, 0.1;
  const Eigen::MatrixXd e = residuals();
  CandidatePool pool(5, 6, 2, 1);
  pool.reset(CounterRng(3), 4, 2, 2.0);
  pool.set_residuals(e);
  const double best = pool.evaluate(inputs);
  double expected = 0.0;
  for (std::size_t c = 0; c < pool.size(); ++c) {
    const double s = candidate_score(pool.values(c), e) / e.squaredNorm();
    EXPECT_NEAR(std::abs(pool.correlations(c)(0)), s, 1e-14);
    expected = std::max(expected, s);
  }
  EXPECT_NEAR(best, expected, 1e-14);
  EXPECT_NEAR(candidate_score(pool.values(pool.best()), e) / e.squaredNorm(), expected, 1e-14);
}

}  // namespace
}  // namespace snnft::cascor
