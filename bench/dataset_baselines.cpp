// SPDX-License-Identifier: MIT
// Non-spiking baselines on exactly the split and scaling a columns config uses, so a spiking
// accuracy can be read beside them: ridge regression and nearest centroid (the classifiers the
// Emergency rung can answer with) and k-nearest-neighbours (k = 1 and 5).
// Usage: snnft_baselines CONFIG.json   — prints one JSON line.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <numeric>
#include <vector>

#include <nlohmann/json.hpp>

#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/columns_setup.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/neuromorphic/centroid_classifier.hpp"
#include "snnft/resilience/neuromorphic/ridge_classifier.hpp"

namespace {

/// Majority label of the k nearest training samples (squared Euclidean; ties: nearer first,
/// then the lower class).
double knn_accuracy(const snnft::LabelledDataset& train, const snnft::LabelledDataset& test, std::size_t k) {
  std::vector<std::pair<double, int>> distances(train.size());
  std::size_t correct = 0;
  for (std::size_t t = 0; t < test.size(); ++t) {
    const auto x = test.row(t);
    for (std::size_t s = 0; s < train.size(); ++s) {
      const auto y = train.row(s);
      double d = 0;
      for (std::size_t f = 0; f < x.size(); ++f) d += (static_cast<double>(x[f]) - y[f]) * (static_cast<double>(x[f]) - y[f]);
      distances[s] = {d, train.labels[s]};
    }
    std::partial_sort(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(k), distances.end());
    std::vector<int> votes(static_cast<std::size_t>(train.class_count), 0);
    for (std::size_t i = 0; i < k; ++i) ++votes[static_cast<std::size_t>(distances[i].second)];
    const int best = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
    correct += best == test.labels[t];
  }
  return static_cast<double>(correct) / static_cast<double>(test.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: snnft_baselines CONFIG.json\n");
    return 2;
  }
  try {
    const std::string path = argv[1];
    const auto config = snnft::read_json_file(path);
    const auto cfg = snnft::apps::parse_columns_config(config, std::filesystem::path(path).parent_path().string());
    const snnft::DatasetSplit split = snnft::apps::load_dataset(cfg.dataset);
    snnft::neuromorphic::RidgeClassifier ridge;
    ridge.fit(split.train);
    snnft::neuromorphic::CentroidClassifier centroid;
    centroid.fit(split.train);
    nlohmann::json out = {{"config", path},
                          {"dataset", cfg.dataset.name},
                          {"train_samples", split.train.size()},
                          {"test_samples", split.test.size()},
                          {"ridge", ridge.accuracy(split.test)},
                          {"nearest_centroid", centroid.accuracy(split.test)},
                          {"knn1", knn_accuracy(split.train, split.test, 1)},
                          {"knn5", knn_accuracy(split.train, split.test, 5)}};
    std::printf("%s\n", out.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
