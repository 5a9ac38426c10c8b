// SPDX-License-Identifier: MIT
#include "snnft/encoding/yin_yang_dataset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snnft {
namespace {

TEST(YinYangDataset, ClassFunctionOnLandmarks) {
  EXPECT_EQ(yin_yang_class(0.75, 0.5), kDotClass);   // centre of the right dot
  EXPECT_EQ(yin_yang_class(0.25, 0.5), kDotClass);   // centre of the left dot
  EXPECT_EQ(yin_yang_class(0.5, 0.9), kYinClass);    // upper half, away from the right lobe
  EXPECT_EQ(yin_yang_class(0.5, 0.1), kYangClass);   // lower half, away from the left lobe
  EXPECT_EQ(yin_yang_class(0.25, 0.7), kYinClass);   // yin lobe around the left dot
  EXPECT_EQ(yin_yang_class(0.75, 0.7), kYangClass);  // yang lobe around the right dot
  EXPECT_EQ(yin_yang_class(0.75, 0.3), kYangClass);
  EXPECT_EQ(yin_yang_class(0.25, 0.3), kYinClass);
}

TEST(YinYangDataset, SamplesLieInsideTheSignAndCarryTheirClass) {
  const LabelledDataset d = make_yin_yang(5000, kYinYangTrainSeed);
  ASSERT_EQ(d.size(), 5000u);
  EXPECT_EQ(d.feature_count, 4u);
  EXPECT_EQ(d.class_count, 3);
  EXPECT_NO_THROW(d.check());
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto f = d.row(i);
    const double x = f[0], y = f[1];
    ASSERT_LE(std::hypot(x - 0.5, y - 0.5), 0.5) << "sample " << i;
    ASSERT_EQ(yin_yang_class(x, y), d.labels[i]) << "sample " << i;
    ASSERT_FLOAT_EQ(f[2], static_cast<float>(1.0 - x));
    ASSERT_FLOAT_EQ(f[3], static_cast<float>(1.0 - y));
    for (const float v : f) {
      ASSERT_GE(v, 0.0f);
      ASSERT_LE(v, 1.0f);
    }
  }
}

TEST(YinYangDataset, ClassesAreBalanced) {
  const LabelledDataset d = make_yin_yang(5000, 3);
  // Each count is Binomial(5000, 1/3): SE = sqrt(5000 * 2/9) = 33.3. Allow 5 SE.
  for (const std::size_t count : d.class_counts()) EXPECT_NEAR(static_cast<double>(count), 5000.0 / 3.0, 5 * 33.3);
}

TEST(YinYangDataset, DeterministicBySeedAndPrefixStable) {
  const LabelledDataset a = make_yin_yang(300, 17), b = make_yin_yang(300, 17), c = make_yin_yang(300, 18);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(a.features, c.features);
  const LabelledDataset longer = make_yin_yang(500, 17);
  EXPECT_TRUE(std::equal(a.features.begin(), a.features.end(), longer.features.begin()));
}

TEST(YinYangDataset, StandardSplitsHaveTheirSizesAndDiffer) {
  const YinYangSplits s = make_yin_yang_splits();
  EXPECT_EQ(s.train.size(), 5000u);
  EXPECT_EQ(s.validation.size(), 1000u);
  EXPECT_EQ(s.test.size(), 1000u);
  EXPECT_FALSE(std::equal(s.validation.features.begin(), s.validation.features.end(), s.test.features.begin()));
  EXPECT_FALSE(std::equal(s.validation.features.begin(), s.validation.features.end(), s.train.features.begin()));
}

TEST(YinYangDataset, RejectsRadiiThatEmptyAClass) {
  EXPECT_THROW(make_yin_yang(10, 1, {.r_small = 0.0, .r_big = 0.5}), std::invalid_argument);
  EXPECT_THROW(make_yin_yang(10, 1, {.r_small = 0.3, .r_big = 0.5}), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
