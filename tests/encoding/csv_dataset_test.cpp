// SPDX-License-Identifier: MIT
#include "snnft/encoding/csv_dataset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace snnft {
namespace {

CsvDataset parse(const std::string& text, const CsvLabelColumn& label) {
  std::istringstream in(text);
  return parse_numeric_csv(in, "t.csv", label);
}

/// The DatasetError message for `text` ("" if it parsed).
std::string parse_error(const std::string& text, const CsvLabelColumn& label = std::string("class")) {
  try {
    (void)parse(text, label);
  } catch (const DatasetError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvDataset, ReadsAHeaderedTableWithTheLabelColumnByName) {
  const CsvDataset d = parse("a, class ,\"b\"\r\n1.5,7,-2\r\n+3,2,4e1\r\n0,7,0\r\n\r\n", std::string("class"));
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a", "b"}));
  // Integer labels are numbered in numeric order: "2" is class 0, "7" class 1.
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"2", "7"}));
  EXPECT_EQ(d.data.feature_count, 2u);
  EXPECT_EQ(d.data.class_count, 2);
  EXPECT_EQ(d.data.labels, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(d.data.features, (std::vector<float>{1.5f, -2.0f, 3.0f, 40.0f, 0.0f, 0.0f}));
}

TEST(CsvDataset, AByteOrderMarkBeforeTheFirstRowIsDropped) {
  // Spreadsheet programs start a UTF-8 file with EF BB BF: the first column keeps its name.
  const std::string bom = "\xEF\xBB\xBF";
  const CsvDataset headed = parse(bom + "a,b,c\n1,2,5\n3,4,6\n", std::string("a"));
  EXPECT_EQ(headed.feature_names, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(headed.class_names, (std::vector<std::string>{"1", "3"}));
  // Without a header the first field is still a number.
  const CsvDataset bare = parse(bom + "0.5,1\n0.25,2\n", std::size_t{1});
  EXPECT_EQ(bare.data.features, (std::vector<float>{0.5f, 0.25f}));
  // Only the file's start is a byte-order mark; inside the data it is a bad field.
  EXPECT_NE(parse_error("a,class\n1,x\n" + bom + "2,y\n").find("t.csv:3:1:"), std::string::npos)
      << parse_error("a,class\n1,x\n" + bom + "2,y\n");
}

TEST(CsvDataset, ReadsAHeaderlessTableWithTheLabelColumnByIndex) {
  // Labels 10 and 9: numeric order (9 before 10), not text order.
  const CsvDataset d = parse("10,0.25,1\n9,0.5,2\n", std::size_t{0});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"column1", "column2"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"9", "10"}));
  EXPECT_EQ(d.data.labels, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.data.features, (std::vector<float>{0.25f, 1.0f, 0.5f, 2.0f}));
}

TEST(CsvDataset, TextLabelsAreNumberedInTextOrderAndAHeaderIsDetectedByIndex) {
  const CsvDataset d = parse("x,species\n1,versicolor\n2,setosa\n3,versicolor\n", std::size_t{1});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor"}));
  EXPECT_EQ(d.data.labels, (std::vector<int>{1, 0, 1}));
}

TEST(CsvDataset, RejectsMalformedFieldsWithLineAndColumn) {
  const std::string header = "a,b,class\n";
  EXPECT_EQ(parse_error(header + "1,2,0\n1,1..2,1\n"), "t.csv:3:2: \"1..2\" is not a finite number that fits a float");
  EXPECT_EQ(parse_error(header + "1,2,0\n1,,1\n"), "t.csv:3:2: empty field");
  EXPECT_EQ(parse_error(header + "1,2,0\n1,2,\n"), "t.csv:3:3: empty label");
  EXPECT_EQ(parse_error(header + "1,2,0\n1,2\n"), "t.csv:3: expected 3 comma-separated columns, got 2");
  EXPECT_EQ(parse_error(header + "nan,2,0\n1,2,1\n"), "t.csv:2:1: \"nan\" is not a finite number that fits a float");
  EXPECT_EQ(parse_error(header + "1e39,2,0\n1,2,1\n"), "t.csv:2:1: \"1e39\" is not a finite number that fits a float");
  EXPECT_EQ(parse_error(header + "1,2,0\n\n1,2,1\n"), "t.csv:3: blank line inside the data");
  EXPECT_EQ(parse_error(header + "1,2,0\n1,2,0\n"), "t.csv: every sample has the same label; need two classes or more");
  EXPECT_EQ(parse_error(header + "1,2,1\n1,2,01\n"), "t.csv: labels \"01\" and \"1\" are the same number written differently");
  EXPECT_EQ(parse_error(header), "t.csv: no samples");
  EXPECT_EQ(parse_error("a,,class\n1,2,0\n"), "t.csv:1:2: empty column name in the header");
}

TEST(CsvDataset, ALabelColumnTheFileDoesNotHaveIsItsOwnError) {
  EXPECT_THROW((void)parse("a,b\n1,0\n", std::string("class")), CsvLabelColumnError);
  EXPECT_EQ(parse_error("a,b\n1,0\n", std::string("class")), "t.csv: no column named \"class\" in the header");
  EXPECT_EQ(parse_error("1,0\n2,1\n", std::size_t{2}), "t.csv: label column 2 does not exist (2 columns, counted from 0)");
  EXPECT_EQ(parse_error("c,c\n1,0\n", std::string("c")), "t.csv: the header names \"c\" more than once");
}

TEST(CsvDataset, AMissingFileNamesThePath) {
  try {
    (void)load_numeric_csv("/nonexistent/table.csv", std::size_t{0});
    FAIL() << "no error";
  } catch (const DatasetError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/table.csv: cannot open file");
  }
}

TEST(CsvDataset, AFolderIsRefusedByName) {
  try {
    (void)load_numeric_csv(SNNFT_DATA_DIR "/datasets", std::size_t{0});
    FAIL() << "no error";
  } catch (const DatasetError& e) {
    EXPECT_EQ(std::string(e.what()), SNNFT_DATA_DIR "/datasets: is a directory, not a data file");
  }
}

TEST(CsvDataset, TheShippedWineTableHasTheUciShape) {
  const CsvDataset d = load_numeric_csv(SNNFT_DATA_DIR "/datasets/wine.csv", std::string("class"));
  EXPECT_EQ(d.data.name, "wine");
  EXPECT_EQ(d.data.feature_count, 13u);
  EXPECT_EQ(d.data.class_count, 3);
  // UCI: 59, 71 and 48 wines of the three cultivars.
  EXPECT_EQ(d.data.class_counts(), (std::vector<std::size_t>{59, 71, 48}));
  EXPECT_EQ(d.feature_names.front(), "alcohol");
  EXPECT_EQ(d.feature_names.back(), "proline");
  EXPECT_EQ(d.data.row(0)[0], 14.23f);
  EXPECT_EQ(d.data.row(0)[12], 1065.0f);
}

/// 40 samples of 2 classes; feature 0 is the sample index, feature 1 is 1 except one outlier.
LabelledDataset indexed(std::size_t outlier) {
  LabelledDataset d;
  d.name = "indexed";
  d.feature_count = 2;
  d.class_count = 2;
  for (std::size_t s = 0; s < 40; ++s) {
    const float row[2] = {static_cast<float>(s), s == outlier ? 1000.0f : 1.0f + 0.01f * static_cast<float>(s)};
    d.add(row, static_cast<int>(s % 2));
  }
  return d;
}

TEST(MinMaxScaledSplit, ScalesBothPartsByTheTrainingPartsRangeOnly) {
  const std::size_t outlier = 7;
  const LabelledDataset d = indexed(outlier);
  // A seed that sends the outlier to the test part, so including it in the range would show.
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    const DatasetSplit raw = stratified_split(d, 0.7, seed);
    bool outlier_in_test = false;
    for (std::size_t i = 0; i < raw.test.size(); ++i) outlier_in_test |= raw.test.row(i)[0] == static_cast<float>(outlier);
    if (!outlier_in_test) continue;

    const DatasetSplit scaled = min_max_scaled_split(d, 0.7, seed);
    const FeatureRanges train = feature_ranges(raw.train);
    ASSERT_LT(train.hi[1], 2.0f);  // the outlier is not in the training range
    float lo = 1, hi = 0;
    for (std::size_t i = 0; i < scaled.train.size(); ++i) {
      lo = std::min(lo, scaled.train.row(i)[1]);
      hi = std::max(hi, scaled.train.row(i)[1]);
    }
    EXPECT_EQ(lo, 0.0f);
    EXPECT_EQ(hi, 1.0f);
    for (std::size_t i = 0; i < scaled.test.size(); ++i) {
      const float x = raw.test.row(i)[1];
      const float expected = x == 1000.0f ? 1.0f : static_cast<float>((x - static_cast<double>(train.lo[1])) / (static_cast<double>(train.hi[1]) - train.lo[1]));
      EXPECT_FLOAT_EQ(scaled.test.row(i)[1], std::clamp(expected, 0.0f, 1.0f)) << "test sample " << i;
    }
    return;
  }
  FAIL() << "no seed in 0..99 put the outlier in the test part";
}

TEST(MinMaxScaledSplit, IsDeterministicBySeed) {
  const LabelledDataset d = indexed(99);
  const DatasetSplit a = min_max_scaled_split(d, 0.7, 3), b = min_max_scaled_split(d, 0.7, 3),
                     c = min_max_scaled_split(d, 0.7, 4);
  EXPECT_EQ(a.train.features, b.train.features);
  EXPECT_EQ(a.test.features, b.test.features);
  EXPECT_EQ(a.test.labels, b.test.labels);
  EXPECT_NE(a.test.features, c.test.features);
}

TEST(FeatureRanges, AConstantFeatureMapsToZeroAndWrongWidthsAreRejected) {
  LabelledDataset d;
  d.name = "flat";
  d.feature_count = 2;
  d.class_count = 1;
  const float r0[2] = {5, -1}, r1[2] = {5, 3};
  d.add(r0, 0);
  d.add(r1, 0);
  const FeatureRanges r = feature_ranges(d);
  EXPECT_EQ(r.lo, (std::vector<float>{5, -1}));
  EXPECT_EQ(r.hi, (std::vector<float>{5, 3}));
  scale_features(d, r);
  EXPECT_EQ(d.features, (std::vector<float>{0, 0, 0, 1}));
  EXPECT_THROW(scale_features(d, FeatureRanges{{0}, {1}}), std::invalid_argument);
  EXPECT_THROW((void)feature_ranges(LabelledDataset{}), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
