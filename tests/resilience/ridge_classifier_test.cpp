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

// The audit's single-precision class is classify()'s class on every digits sample and on
// noisy, out-of-range and non-finite inputs; an exact tie, where single precision cannot tell
// the two classes apart, is settled as classify() settles it (the lower class).
TEST(RidgeClassifier, PredictedClassIsAlwaysClassifysClass) {
  RidgeClassifier c;
  c.fit(test::digits().train);
  const LabelledDataset& test = test::digits().test;
  std::vector<float> x(test.feature_count);
  std::uint32_t state = 12345;
  auto noise = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / static_cast<float>(1u << 24) - 0.5f;
  };
  for (std::size_t i = 0; i < test.size(); ++i) {
    ASSERT_EQ(c.predicted_class(test.row(i)), c.classify(test.row(i)).predicted_class) << "sample " << i;
    for (std::size_t j = 0; j < x.size(); ++j) x[j] = test.row(i)[j] + 3.0f * noise();
    ASSERT_EQ(c.predicted_class(x), c.classify(x).predicted_class) << "noisy sample " << i;
  }
  x.assign(x.size(), std::nanf(""));
  EXPECT_EQ(c.predicted_class(x), -1);
  RidgeClassifier line(0.0);
  line.fit(line_data());
  EXPECT_EQ(line.predicted_class(std::vector<float>{0.5f}), line.classify(std::vector<float>{0.5f}).predicted_class);
  EXPECT_EQ(line.predicted_class(std::vector<float>{0.8f}), 1);
  EXPECT_EQ(line.predicted_class(std::vector<float>{0.3f}), 0);
}

}  // namespace
}  // namespace snnft::neuromorphic
