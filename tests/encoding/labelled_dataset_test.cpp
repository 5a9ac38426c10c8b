// SPDX-License-Identifier: MIT
#include "snnft/encoding/labelled_dataset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

namespace snnft {
namespace {

// Three classes of 10, 25 and 7 samples; feature 0 holds the sample index so rows can be traced.
LabelledDataset toy() {
  LabelledDataset d;
  d.name = "toy";
  d.feature_count = 2;
  d.class_count = 3;
  const int sizes[3] = {10, 25, 7};
  int index = 0;
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < sizes[c]; ++i, ++index) {
      const float row[2] = {static_cast<float>(index), static_cast<float>(c) * 8.0f};
      d.add(row, c);
    }
  }
  return d;
}

TEST(LabelledDataset, AddKeepsRowsAndLabelsAndRejectsBadSamples) {
  LabelledDataset d = toy();
  EXPECT_EQ(d.size(), 42u);
  EXPECT_EQ(d.features.size(), 84u);
  EXPECT_EQ(d.row(11)[0], 11.0f);
  EXPECT_EQ(d.class_counts(), (std::vector<std::size_t>{10, 25, 7}));
  const float three[3] = {0, 0, 0};
  const float two[2] = {0, 0};
  EXPECT_THROW(d.add(three, 0), std::invalid_argument);
  EXPECT_THROW(d.add(two, 3), std::invalid_argument);
  EXPECT_THROW(d.add(two, -1), std::invalid_argument);
  EXPECT_NO_THROW(d.check());
  d.labels.push_back(1);  // a label without a row
  EXPECT_THROW(d.check(), DatasetError);
}

TEST(StratifiedSplit, EachClassIsSplitByTheRoundedFractionAndNothingIsLostOrShared) {
  const LabelledDataset d = toy();
  const DatasetSplit s = stratified_split(d, 0.7, 1234);
  // round(0.7 * n): 7 of 10, 17.5 -> 18 of 25, 4.9 -> 5 of 7.
  EXPECT_EQ(s.train.class_counts(), (std::vector<std::size_t>{7, 18, 5}));
  EXPECT_EQ(s.test.class_counts(), (std::vector<std::size_t>{3, 7, 2}));
  std::set<float> seen;
  for (const LabelledDataset* part : {&s.train, &s.test}) {
    float previous = -1.0f;
    for (std::size_t i = 0; i < part->size(); ++i) {
      const float index = part->row(i)[0];
      EXPECT_GT(index, previous);  // original order kept
      previous = index;
      EXPECT_TRUE(seen.insert(index).second) << "sample " << index << " appears twice";
      EXPECT_EQ(part->labels[i], d.labels[static_cast<std::size_t>(index)]);
      EXPECT_EQ(part->row(i)[1], d.row(static_cast<std::size_t>(index))[1]);
    }
  }
  EXPECT_EQ(seen.size(), d.size());
  EXPECT_EQ(s.train.name, "toy/train");
}

TEST(StratifiedSplit, IsDeterministicBySeed) {
  const LabelledDataset d = toy();
  const DatasetSplit a = stratified_split(d, 0.7, 5), b = stratified_split(d, 0.7, 5), c = stratified_split(d, 0.7, 6);
  EXPECT_EQ(a.train.features, b.train.features);
  EXPECT_EQ(a.test.features, b.test.features);
  EXPECT_NE(a.train.features, c.train.features);
}

TEST(StratifiedSplit, RejectsFractionsOutsideTheOpenUnitInterval) {
  const LabelledDataset d = toy();
  EXPECT_THROW(stratified_split(d, 0.0, 1), std::invalid_argument);
  EXPECT_THROW(stratified_split(d, 1.0, 1), std::invalid_argument);
  EXPECT_THROW(stratified_split(d, std::nan(""), 1), std::invalid_argument);
}

TEST(ScaleFeatures, MapsTheRangeToTheUnitIntervalAndClamps) {
  LabelledDataset d;
  d.name = "pixels";
  d.feature_count = 5;
  d.class_count = 1;
  const float row[5] = {0.0f, 4.0f, 16.0f, 17.0f, -2.0f};
  d.add(row, 0);
  scale_features(d, 0.0f, 16.0f);
  EXPECT_EQ(d.features, (std::vector<float>{0.0f, 0.25f, 1.0f, 1.0f, 0.0f}));
  EXPECT_THROW(scale_features(d, 1.0f, 1.0f), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
