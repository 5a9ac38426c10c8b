// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/cascor_learner.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace snnft::cascor {
namespace {

CascorParams two_spirals_params() {
  CascorParams p;
  p.output.quickprop.epsilon = 1.0;
  p.candidate.quickprop.epsilon = 100.0;
  p.output.patience = 12;
  p.candidate.patience = 12;
  p.score_threshold = 0.4;
  return p;
}

void expect_all_patterns_correct(const CascorNetwork& net, const Dataset& d, double threshold) {
  const Eigen::MatrixXd y = net.predict(d.inputs);
  EXPECT_EQ(error_bits(y, d.targets, threshold), 0U);
  EXPECT_DOUBLE_EQ(classification_accuracy(y, d.targets), 1.0);
}

TEST(CascorLearner, SolvesXorWithAtMostTwoHiddenUnits) {
  const Dataset xor_data = make_parity(2);
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CascorLearner learner(xor_data, CascorParams{}, seed);
    const CascorResult r = learner.run();
    EXPECT_TRUE(r.solved) << "seed " << seed;
    EXPECT_LE(r.hidden_units, 2U) << "seed " << seed;
    expect_all_patterns_correct(learner.network(), xor_data, 0.35);
  }
}

TEST(CascorLearner, GetsEveryParity4PatternRight) {
  const Dataset parity = make_parity(4);
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    CascorLearner learner(parity, CascorParams{}, seed);
    const CascorResult r = learner.run();
    EXPECT_TRUE(r.solved) << "seed " << seed;
    EXPECT_GE(r.hidden_units, 1U);  // parity is not linearly separable
    expect_all_patterns_correct(learner.network(), parity, 0.35);
  }
}

TEST(CascorLearner, SolvesTwoSpiralsWithTheReportedNumberOfUnits) {
  const Dataset train = make_two_spirals();
  const Dataset test = make_two_spirals(0.1);
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    CascorLearner learner(train, two_spirals_params(), seed);
    const CascorResult r = learner.run();
    ASSERT_TRUE(r.solved) << "seed " << seed;
    // Fahlman & Lebiere report 12–19 hidden units and about 1700 epochs.
    EXPECT_GE(r.hidden_units, 10U);
    EXPECT_LE(r.hidden_units, 22U);
    EXPECT_LE(r.epochs, 4000U);
    expect_all_patterns_correct(learner.network(), train, 0.4);
    EXPECT_GE(classification_accuracy(learner.network().predict(test.inputs), test.targets), 0.9);
  }
}

TEST(CascorLearner, SameSeedGivesTheSameNetworkAndCurve) {
  const Dataset parity = make_parity(5);
  CascorLearner a(parity, CascorParams{}, 42), b(parity, CascorParams{}, 42), c(parity, CascorParams{}, 43);
  a.run();
  b.run();
  c.run();
  EXPECT_TRUE(a.network() == b.network());
  ASSERT_EQ(a.learning_curve().size(), b.learning_curve().size());
  for (std::size_t i = 0; i < a.learning_curve().size(); ++i) {
    EXPECT_EQ(a.learning_curve()[i].error, b.learning_curve()[i].error);
  }
  EXPECT_FALSE(a.network() == c.network());
}

TEST(CascorLearner, CachedValuesAgreeWithTheNetwork) {
  const Dataset train = make_two_spirals();
  CascorLearner learner(train, two_spirals_params(), 7);
  for (int round = 0; round < 4; ++round) {
    learner.train_outputs();
    learner.train_candidates();
    learner.install_best_candidate();
  }
  const double error = (learner.network().predict(train.inputs) - train.targets).squaredNorm();
  EXPECT_NEAR(learner.error(), error, 1e-12 * error);
}

TEST(CascorLearner, LearningCurveCountsEveryEpochOnce) {
  CascorLearner learner(make_parity(4), CascorParams{}, 3);
  const CascorResult r = learner.run();
  const auto& curve = learner.learning_curve();
  ASSERT_EQ(curve.size(), r.epochs);
  std::uint32_t units = 0;
  for (std::size_t i = 0; i < curve.size(); ++i) {
    EXPECT_EQ(curve[i].epoch, i + 1);
    EXPECT_GE(curve[i].hidden_units, units);
    units = curve[i].hidden_units;
    EXPECT_EQ(std::isnan(curve[i].score), curve[i].phase == Phase::kOutput);
  }
  EXPECT_EQ(units, r.hidden_units);  // the last output phase ran with every unit installed
}

TEST(CascorLearner, FrozenGrowthTrainsOnlyTheOutputs) {
  const Dataset train = make_two_spirals();
  const CascorParams params = two_spirals_params();
  CascorLearner learner(train, params, 1);
  learner.freeze_growth();
  const CascorResult frozen = learner.run();
  EXPECT_FALSE(frozen.solved);  // two-spirals is far from linearly separable
  EXPECT_EQ(frozen.hidden_units, 0U);
  EXPECT_LE(frozen.epochs, params.output.max_epochs);
  for (const auto& e : learner.learning_curve()) EXPECT_EQ(e.phase, Phase::kOutput);

  // Unfreezing continues from there and grows the network as usual.
  learner.freeze_growth(false);
  const CascorResult grown = learner.run();
  EXPECT_TRUE(grown.solved);
  EXPECT_GT(grown.hidden_units, 0U);
}

TEST(CascorLearner, FreezingKeepsTheGrownUnits) {
  CascorLearner learner(make_two_spirals(), two_spirals_params(), 2);
  for (int round = 0; round < 2; ++round) {
    learner.train_outputs();
    learner.train_candidates();
    learner.install_best_candidate();
  }
  const Eigen::VectorXd first_unit = learner.network().hidden_weights(0);
  learner.freeze_growth();
  const CascorResult r = learner.run();
  EXPECT_EQ(r.hidden_units, 2U);
  EXPECT_EQ(learner.network().hidden_weights(0), first_unit);  // hidden weights stay frozen
}

TEST(CascorLearner, StopCheckEndsTheRunBeforeTheNextPhase) {
  CascorLearner learner(make_parity(4), CascorParams{}, 1);
  learner.set_stop_check([] { return true; });
  const CascorResult r = learner.run();
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.epochs, 0U);
}

// Ctrl-C is noticed before every epoch, not only between phases that may last thousands.
TEST(CascorLearner, StopCheckEndsTheRunBeforeTheNextEpoch) {
  CascorLearner learner(make_parity(4), CascorParams{}, 1);
  int checks = 0;
  learner.set_stop_check([&] { return ++checks > 5; });
  const CascorResult r = learner.run();
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.epochs, 5U);  // parity-4 cannot be solved without hidden units: 5 output epochs ran
  EXPECT_EQ(r.hidden_units, 0U);
}

TEST(CascorLearner, InstallWithoutCandidatesIsAnError) {
  CascorLearner learner(make_parity(2), CascorParams{}, 1);
  EXPECT_THROW(learner.install_best_candidate(), std::logic_error);
}

TEST(CascorParams, RejectsOutOfRangeValues) {
  CascorParams p;
  p.candidate.quickprop.mu = 0.0;
  EXPECT_THROW(validate(p), std::invalid_argument);
  p = CascorParams{};
  p.pool_size = 0;
  EXPECT_THROW(validate(p), std::invalid_argument);
  EXPECT_NO_THROW(validate(CascorParams{}));
}

}  // namespace
}  // namespace snnft::cascor
