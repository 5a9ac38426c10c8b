// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace snnft::cascor {
namespace {

TEST(Parity, HasEveryPatternAndTheRightTargets) {
  const Dataset d = make_parity(4);
  ASSERT_EQ(d.size(), 16U);
  ASSERT_EQ(d.inputs.cols(), 4);
  for (Eigen::Index p = 0; p < 16; ++p) {
    const auto ones = (d.inputs.row(p).array() == kBitHigh).count();
    EXPECT_EQ(ones + (d.inputs.row(p).array() == kBitLow).count(), 4);
    EXPECT_EQ(d.targets(p, 0), ones % 2 == 1 ? 0.5 : -0.5);
  }
  EXPECT_DOUBLE_EQ(d.targets.sum(), 0.0);  // half odd, half even
}

TEST(TwoSpirals, MatchesTheStandardGenerator) {
  const Dataset d = make_two_spirals();
  ASSERT_EQ(d.size(), 194U);
  // i = 0: angle 0, radius 6.5 → (0, 6.5); its mirror (0, −6.5) belongs to the other spiral.
  EXPECT_DOUBLE_EQ(d.inputs(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(d.inputs(0, 1), 6.5);
  EXPECT_DOUBLE_EQ(d.targets(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(d.inputs(1, 1), -6.5);
  EXPECT_DOUBLE_EQ(d.targets(1, 0), -0.5);
  // i = 96: three full turns (angle 6π), radius 6.5·8/104 = 0.5.
  EXPECT_NEAR(std::hypot(d.inputs(192, 0), d.inputs(192, 1)), 0.5, 1e-12);
  EXPECT_NEAR(d.inputs(192, 1), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(d.targets.sum(), 0.0);
}

TEST(TwoSpirals, TestSetIsShiftedByOffset) {
  const Dataset t = make_two_spirals(0.1);
  const double angle = 0.1 * std::numbers::pi / 16, radius = 6.5 * (104 - 0.1) / 104;
  EXPECT_NEAR(t.inputs(0, 0), radius * std::sin(angle), 1e-12);
  EXPECT_NEAR(t.inputs(0, 1), radius * std::cos(angle), 1e-12);
}

TEST(Scoring, CountsErrorBitsAndSignAccuracy) {
  Eigen::MatrixXd targets(4, 2), outputs(4, 2);
  targets << 0.5, -0.5, 0.5, 0.5, -0.5, -0.5, -0.5, 0.5;
  outputs << 0.45, -0.3, 0.05, 0.4, -0.49, 0.01, -0.2, 0.2;
  // Off by more than 0.4: 0.05 (target 0.5, 0.45 away) and 0.01 (target −0.5, 0.51 away).
  EXPECT_EQ(error_bits(outputs, targets, 0.4), 2U);
  // Only row 2 has an output on the wrong side of zero.
  EXPECT_DOUBLE_EQ(classification_accuracy(outputs, targets), 0.75);
}

}  // namespace
}  // namespace snnft::cascor
