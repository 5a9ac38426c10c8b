// SPDX-License-Identifier: MIT
#include "snnft/encoding/labelled_dataset.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "snnft/core/counter_rng.hpp"

namespace snnft {

void LabelledDataset::add(std::span<const float> sample, int label) {
  if (sample.size() != feature_count) {
    throw std::invalid_argument(name + ": sample has " + std::to_string(sample.size()) + " features, expected " +
                                std::to_string(feature_count));
  }
  if (label < 0 || label >= class_count) {
    throw std::invalid_argument(name + ": label " + std::to_string(label) + " is outside 0.." +
                                std::to_string(class_count - 1));
  }
  features.insert(features.end(), sample.begin(), sample.end());
  labels.push_back(label);
}

std::vector<std::size_t> LabelledDataset::class_counts() const {
  std::vector<std::size_t> counts(static_cast<std::size_t>(std::max(class_count, 0)), 0);
  for (const int label : labels) {
    if (label >= 0 && label < class_count) ++counts[static_cast<std::size_t>(label)];
  }
  return counts;
}

void LabelledDataset::check() const {
  if (class_count <= 0) throw DatasetError(name + ": class count must be positive");
  if (features.size() != labels.size() * feature_count) {
    throw DatasetError(name + ": " + std::to_string(features.size()) + " feature values for " +
                       std::to_string(labels.size()) + " samples of " + std::to_string(feature_count));
  }
  for (std::size_t s = 0; s < labels.size(); ++s) {
    if (labels[s] < 0 || labels[s] >= class_count) {
      throw DatasetError(name + ": sample " + std::to_string(s) + " has label " + std::to_string(labels[s]) +
                         " outside 0.." + std::to_string(class_count - 1));
    }
  }
}

LabelledDataset select_rows(const LabelledDataset& data, std::span<const std::size_t> rows, std::string name) {
  LabelledDataset out;
  out.name = std::move(name);
  out.feature_count = data.feature_count;
  out.class_count = data.class_count;
  out.features.reserve(rows.size() * data.feature_count);
  out.labels.reserve(rows.size());
  for (const std::size_t r : rows) {
    if (r >= data.size()) {
      throw std::invalid_argument(data.name + ": row " + std::to_string(r) + " of " + std::to_string(data.size()));
    }
    const auto src = data.row(r);
    out.features.insert(out.features.end(), src.begin(), src.end());
    out.labels.push_back(data.labels[r]);
  }
  return out;
}

DatasetSplit stratified_split(const LabelledDataset& data, double train_fraction, std::uint64_t seed) {
  if (!(train_fraction > 0.0 && train_fraction < 1.0)) {
    throw std::invalid_argument("train fraction must be in (0, 1), got " + std::to_string(train_fraction));
  }
  data.check();
  const CounterRng rng(seed);
  std::vector<std::size_t> train_rows, test_rows, members;
  for (int c = 0; c < data.class_count; ++c) {
    members.clear();
    for (std::size_t s = 0; s < data.size(); ++s) {
      if (data.labels[s] == c) members.push_back(s);
    }
    RngStream stream(rng, {RngPurpose::kDataset, static_cast<std::uint32_t>(DatasetStream::kStratifiedSplit),
                           static_cast<std::uint32_t>(c)});
    for (std::size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[stream.below(i)]);
    const auto n_train = static_cast<std::size_t>(std::llround(train_fraction * static_cast<double>(members.size())));
    train_rows.insert(train_rows.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(n_train));
    test_rows.insert(test_rows.end(), members.begin() + static_cast<std::ptrdiff_t>(n_train), members.end());
  }
  std::sort(train_rows.begin(), train_rows.end());
  std::sort(test_rows.begin(), test_rows.end());
  return {select_rows(data, train_rows, data.name + "/train"), select_rows(data, test_rows, data.name + "/test")};
}

void scale_features(LabelledDataset& data, float lo, float hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw std::invalid_argument("feature range must be finite with lo < hi");
  }
  const float range = hi - lo;
  for (float& v : data.features) v = std::clamp((v - lo) / range, 0.0f, 1.0f);
}

FeatureRanges feature_ranges(const LabelledDataset& data) {
  if (data.empty() || data.feature_count == 0) throw std::invalid_argument(data.name + ": no samples to take feature ranges from");
  FeatureRanges r;
  const auto first = data.row(0);
  r.lo.assign(first.begin(), first.end());
  r.hi.assign(first.begin(), first.end());
  for (std::size_t s = 1; s < data.size(); ++s) {
    const auto x = data.row(s);
    for (std::size_t f = 0; f < data.feature_count; ++f) {
      r.lo[f] = std::min(r.lo[f], x[f]);
      r.hi[f] = std::max(r.hi[f], x[f]);
    }
  }
  return r;
}

void scale_features(LabelledDataset& data, const FeatureRanges& ranges) {
  if (ranges.lo.size() != data.feature_count || ranges.hi.size() != data.feature_count) {
    throw std::invalid_argument(data.name + ": feature ranges for " + std::to_string(ranges.lo.size()) +
                                " features, the data set has " + std::to_string(data.feature_count));
  }
  for (std::size_t s = 0; s < data.size(); ++s) {
    auto x = data.row(s);
    for (std::size_t f = 0; f < data.feature_count; ++f) {
      // In double: a range such as [-3e38, 3e38] overflows float.
      const double range = static_cast<double>(ranges.hi[f]) - ranges.lo[f];
      x[f] = range > 0 ? static_cast<float>(std::clamp((x[f] - static_cast<double>(ranges.lo[f])) / range, 0.0, 1.0)) : 0.0f;
    }
  }
}

DatasetSplit min_max_scaled_split(const LabelledDataset& data, double train_fraction, std::uint64_t seed) {
  DatasetSplit split = stratified_split(data, train_fraction, seed);
  if (split.train.empty()) throw std::invalid_argument(data.name + ": the training split is empty");
  const FeatureRanges ranges = feature_ranges(split.train);
  scale_features(split.train, ranges);
  scale_features(split.test, ranges);
  return split;
}

}  // namespace snnft
