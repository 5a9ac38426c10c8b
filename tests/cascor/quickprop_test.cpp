// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/quickprop.hpp"

#include <gtest/gtest.h>

namespace snnft::cascor {
namespace {

// f(w) = a/2 (w − w*)², slope a (w − w*): the secant estimate of a parabola is exact.
struct Quadratic {
  double a;
  double minimum;
  [[nodiscard]] double slope(double w) const { return a * (w - minimum); }
};

struct Scalar {
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(1, 1);
  Eigen::MatrixXd delta = Eigen::MatrixXd::Zero(1, 1);
  Eigen::MatrixXd prev = Eigen::MatrixXd::Zero(1, 1);
  void step(double slope, const QuickpropParams& p) {
    const Eigen::MatrixXd s = Eigen::MatrixXd::Constant(1, 1, slope);
    quickprop_update(w, delta, prev, s, p);
  }
};

TEST(Quickprop, FirstStepIsGradientDescent) {
  Scalar x;
  x.w(0, 0) = 3.0;
  x.step(2.0, {0.25, 2.0, 0.0});
  EXPECT_DOUBLE_EQ(x.w(0, 0), 3.0 - 0.25 * 2.0);
  EXPECT_DOUBLE_EQ(x.delta(0, 0), -0.5);
  EXPECT_DOUBLE_EQ(x.prev(0, 0), 2.0);
}

TEST(Quickprop, SecantStepLandsOnTheMinimumOfAParabola) {
  const Quadratic f{4.0, 1.5};
  Scalar x;
  x.w(0, 0) = 3.0;
  // ε·a = 1.2 > 1: the first step overshoots, so the slope changes sign, no linear term is
  // added and the second step is the pure secant step to the exact minimum.
  const QuickpropParams p{0.3, 2.0, 0.0};
  x.step(f.slope(x.w(0, 0)), p);
  EXPECT_DOUBLE_EQ(x.w(0, 0), 3.0 - 0.3 * 4.0 * 1.5);
  x.step(f.slope(x.w(0, 0)), p);
  EXPECT_NEAR(x.w(0, 0), f.minimum, 1e-12);
}

TEST(Quickprop, StepGrowthIsCappedAtMu) {
  const Quadratic f{1.0, 0.0};
  Scalar x;
  x.w(0, 0) = 1.0;
  const QuickpropParams p{0.1, 2.0, 0.0};
  x.step(f.slope(1.0), p);  // Δ = −0.1, w = 0.9
  // S = 0.9 ≥ μ/(1+μ)·P = 2/3: the parabola would jump too far, so take μ·Δ plus the linear
  // term (the slope still points the same way): −0.2 − 0.1·0.9.
  x.step(f.slope(x.w(0, 0)), p);
  EXPECT_NEAR(x.delta(0, 0), -0.29, 1e-15);
  EXPECT_NEAR(x.w(0, 0), 0.61, 1e-15);
}

TEST(Quickprop, DecayMovesTheMinimumTowardsZero) {
  // Minimising a/2 (w − c)² + decay/2 w² has its minimum at a·c / (a + decay).
  const double a = 2.0, c = 1.0, decay = 0.5;
  Scalar x;
  const QuickpropParams p{0.2, 1.75, decay};
  for (int i = 0; i < 60; ++i) x.step(a * (x.w(0, 0) - c), p);
  EXPECT_NEAR(x.w(0, 0), a * c / (a + decay), 1e-10);
}

TEST(Quickprop, ConvergesOnASeparableQuadraticBowl) {
  // Each weight is updated on its own: a 2 × 3 block of independent parabolas.
  Eigen::MatrixXd curvature(2, 3), minimum(2, 3);
  curvature << 1.0, 0.5, 3.0, 2.0, 0.1, 1.5;
  minimum << -1.0, 2.0, 0.5, 4.0, -3.0, 0.0;
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(2, 3), delta = w, prev = w;
  const QuickpropParams p{0.3, 2.0, 0.0};
  for (int i = 0; i < 40; ++i) {
    const Eigen::MatrixXd slope = curvature.cwiseProduct(w - minimum);
    quickprop_update(w, delta, prev, slope, p);
  }
  EXPECT_LT((w - minimum).cwiseAbs().maxCoeff(), 1e-9);
}

}  // namespace
}  // namespace snnft::cascor
