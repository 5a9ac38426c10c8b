// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace snnft {

/// A data-set file or table that cannot be used. what() names the source and, for files,
/// the line and column: "data/datasets/digits.csv:12:65: label 10 is outside 0..9".
class DatasetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Groups of the kDataset random streams, so that the different uses of one seed never share
/// numbers. The element of the stream is the class (splits) or the sample (generators).
enum class DatasetStream : std::uint32_t {
  kStratifiedSplit = 1,
  kYinYang = 2,
};

/// Samples with integer class labels: a row-major float matrix plus one label per row.
struct LabelledDataset {
  std::string name;
  std::size_t feature_count = 0;
  int class_count = 0;
  std::vector<float> features;  ///< sample s, feature f at [s·feature_count + f]
  std::vector<int> labels;      ///< each in [0, class_count)

  [[nodiscard]] std::size_t size() const { return labels.size(); }
  [[nodiscard]] bool empty() const { return labels.empty(); }
  [[nodiscard]] std::span<const float> row(std::size_t sample) const {
    return std::span<const float>(features).subspan(sample * feature_count, feature_count);
  }
  [[nodiscard]] std::span<float> row(std::size_t sample) {
    return std::span<float>(features).subspan(sample * feature_count, feature_count);
  }

  /// Appends a sample; throws std::invalid_argument for a wrong feature count or a label
  /// outside [0, class_count).
  void add(std::span<const float> sample, int label);
  /// Number of samples of each class (class_count entries).
  [[nodiscard]] std::vector<std::size_t> class_counts() const;
  /// Throws DatasetError if the matrix, labels and counts disagree.
  void check() const;
};

/// A train/test partition of one data set.
struct DatasetSplit {
  LabelledDataset train;
  LabelledDataset test;
};

/// The given rows, in the given order, as a new data set named `name`.
LabelledDataset select_rows(const LabelledDataset& data, std::span<const std::size_t> rows, std::string name);

/// Stratified split: within each class, the samples are shuffled (Fisher–Yates, stream
/// (kDataset, kStratifiedSplit, class) of CounterRng(seed)) and the first
/// round(train_fraction · n_class) go to train, the rest to test. Both parts keep the
/// original sample order, so the split depends only on the data and the seed.
/// Throws std::invalid_argument unless 0 < train_fraction < 1.
DatasetSplit stratified_split(const LabelledDataset& data, double train_fraction, std::uint64_t seed);

/// Maps every feature from [lo, hi] linearly to [0, 1], clamping values outside the range
/// (digits: lo = 0, hi = 16). Throws std::invalid_argument unless lo < hi.
void scale_features(LabelledDataset& data, float lo, float hi);

/// Each feature's smallest and largest value in a data set.
struct FeatureRanges {
  std::vector<float> lo, hi;  ///< feature_count entries each
};

/// The per-feature minimum and maximum of `data` (a training split, to scale every split the
/// same way). Throws std::invalid_argument for an empty data set.
FeatureRanges feature_ranges(const LabelledDataset& data);

/// Maps feature f from [lo[f], hi[f]] linearly to [0, 1]; a value outside the range (a test
/// sample beyond what training saw) is clamped, and a feature constant in the range maps to 0.
/// Throws std::invalid_argument if the ranges do not match the feature count.
void scale_features(LabelledDataset& data, const FeatureRanges& ranges);

/// stratified_split, then both parts scaled to [0, 1] by the training part's feature ranges:
/// nothing about the test part informs the scaling.
DatasetSplit min_max_scaled_split(const LabelledDataset& data, double train_fraction, std::uint64_t seed);

}  // namespace snnft
