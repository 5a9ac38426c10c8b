// SPDX-License-Identifier: MIT
// The Emergency rung's fallback: a ridge-regression linear classifier.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "neuromorphic_test_util.hpp"
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"
#include "snnft/resilience/neuromorphic/ridge_classifier.hpp"

namespace snnft::neuromorphic {
namespace {

LabelledDataset line_data() {
  LabelledDataset d;
  d.feature_count = 1;
  d.class_count = 2;
  for (float x : {0.0f, 0.0f, 1.0f, 1.0f}) d.add(std::vector<float>{x}, x > 0.5f ? 1 : 0);
  return d;
}

// Without the penalty, least squares onto one-hot targets fits this data exactly:
// score_1(x) = x and score_0(x) = 1 - x, so x = 0.8 is class 1 with margin 0.6.
TEST(RidgeClassifier, LeastSquaresSolutionOnALine) {
  RidgeClassifier c(0.0);
  c.fit(line_data());
  const columns::ColumnAnswer a = c.classify(std::vector<float>{0.8f});
  EXPECT_EQ(a.predicted_class, 1);
  EXPECT_NEAR(a.confidence, 0.6, 1e-6);
  EXPECT_EQ(c.classify(std::vector<float>{0.3f}).predicted_class, 0);
  EXPECT_NEAR(c.classify(std::vector<float>{0.3f}).confidence, 0.4, 1e-6);
}

TEST(RidgeClassifier, TheBiasIsNotShrunk) {
  // With a huge penalty the feature weight vanishes and only the class priors (here equal)
  // remain in the bias: both scores tend to 0.5.
  RidgeClassifier c(1e9);
  c.fit(line_data());
  EXPECT_NEAR(c.classify(std::vector<float>{1.0f}).confidence, 0.0, 1e-6);
}

TEST(RidgeClassifier, BeatsNearestCentroidOnDigits) {
  RidgeClassifier ridge;
  ridge.fit(test::digits().train);
  CentroidClassifier centroid;
  centroid.fit(test::digits().train);
  const double accuracy = ridge.accuracy(test::digits().test);
  EXPECT_GT(accuracy, 0.91);
  EXPECT_GT(accuracy, centroid.accuracy(test::digits().test));
}

TEST(RidgeClassifier, NanFeaturesGiveNoAnswerAndWrongSizesThrow) {
  RidgeClassifier c;
  EXPECT_THROW(c.fit(LabelledDataset{}), std::invalid_argument);
  c.fit(line_data());
  EXPECT_EQ(c.classify(std::vector<float>{std::nanf("")}).predicted_class, -1);
  EXPECT_THROW(static_cast<void>(c.classify(std::vector<float>(3))), std::invalid_argument);
}

}  // namespace
}  // namespace snnft::neuromorphic
