// SPDX-License-Identifier: MIT
// What every columns application does before its test phase: read the config, load the data,
// and ready the protection.
#include "snnft/apps/columns_setup.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "snnft/apps/cli_values.hpp"
#include "snnft/columns/column_state_io.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/encoding/csv_dataset.hpp"
#include "snnft/encoding/digits_dataset.hpp"
#include "snnft/encoding/yin_yang_dataset.hpp"

namespace snnft::apps {

ColumnsRunConfig resolve_columns_config(const nlohmann::json& config, const RunOptions& options) {
  const std::string dir = std::filesystem::path(options.config_path).parent_path().string();
  ColumnsRunConfig cfg = parse_columns_config(config, dir.empty() ? "." : dir);
  if (options.seed) cfg.seed = *options.seed;
  cfg.threads = run_threads(options.threads, cfg.threads);
  // A columns run lasts as long as its data set; its columns pick their own kernels.
  reject_flag(options.duration_ms.has_value(), "--duration",
              "a columns run has no duration: its length is set by the data set, the epochs and trial_ms");
  reject_flag(options.simd.has_value(), "--simd", "a columns run always uses the widest SIMD kernels of the CPU");
  if (options.out_path) cfg.output = options.out_path;
  cfg.protection.enabled = cfg.protection.enabled && options.protection.value_or(true);
  return cfg;
}

void load_saved_columns(const std::string& path, columns::MultiColumnProcessor& processor) {
  try {
    columns::load_columns(H5Input(path), "/columns", processor);
  } catch (const std::runtime_error& e) {
    throw ConfigError("/load_columns", e.what());
  }
}

DatasetSplit load_dataset(const DatasetConfig& d) {
  if (d.csv) {
    CsvDataset table;
    try {
      table = load_numeric_csv(d.path, d.label_column);
    } catch (const CsvLabelColumnError& e) {
      throw ConfigError("/dataset/label_column", e.what());
    } catch (const std::exception& e) {
      throw ConfigError("/dataset/csv", e.what());
    }
    table.data.name = d.name;
    DatasetSplit split;
    try {
      // Scaled by what training saw only: the test split must not inform the encoding.
      split = min_max_scaled_split(table.data, d.train_fraction, d.split_seed);
    } catch (const std::exception& e) {
      throw ConfigError("/dataset/test_fraction", e.what());
    }
    if (split.train.empty() || split.test.empty()) {
      throw ConfigError("/dataset/test_fraction", d.path + ": " + std::to_string(table.data.size()) +
                                                      " samples leave the " + (split.train.empty() ? "training" : "test") +
                                                      " split empty");
    }
    return split;
  }
  if (d.name == "digits") {
    LabelledDataset data;
    try {
      data = load_digits_csv(d.path);
    } catch (const std::exception& e) {
      throw ConfigError("/dataset/path", e.what());
    }
    scale_features(data, 0.0f, 16.0f);
    return stratified_split(data, d.train_fraction, d.split_seed);
  }
  YinYangSplits yy = make_yin_yang_splits();
  auto take = [](const LabelledDataset& full, std::size_t n, const char* name) {
    std::vector<std::size_t> rows(std::min(n, full.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    return select_rows(full, rows, name);
  };
  return {take(yy.train, d.train_size, "yinyang_train"), take(yy.test, d.test_size, "yinyang_test")};
}

columns::VoteRule vote_rule(const std::string& name) {
  if (name == "confidence") return columns::VoteRule::kConfidenceWeighted;
  if (name == "first_spike") return columns::VoteRule::kFirstSpike;
  return columns::VoteRule::kMajority;
}

CalibrationSplit calibration_split(std::size_t samples, double fraction) {
  // Every sample whose index crosses a multiple of 1/fraction is held back: spread evenly
  // over the split, the same samples in every run.
  CalibrationSplit split;
  const double f = fraction;
  for (std::size_t i = 0; i < samples; ++i) {
    const bool held = std::floor(static_cast<double>(i + 1) * f) > std::floor(static_cast<double>(i) * f);
    (held ? split.calibration_rows : split.fit_rows).push_back(i);
  }
  // A split too short to reach one multiple still holds back its last sample.
  if (split.calibration_rows.empty() && samples >= kMinProtectedTrainingSamples) {
    split.calibration_rows.push_back(split.fit_rows.back());
    split.fit_rows.pop_back();
  }
  return split;
}

void check_protection_data(const LabelledDataset& train, const DatasetConfig& dataset) {
  if (train.size() >= kMinProtectedTrainingSamples) return;
  const std::string& name = dataset.path.empty() ? dataset.name : dataset.path;
  throw ConfigError("/dataset", name + ": the training split holds " + std::to_string(train.size()) +
                                    " sample; protection needs at least " +
                                    std::to_string(kMinProtectedTrainingSamples) +
                                    " (one to fit its fallback classifier, one to calibrate it)");
}

void prepare_for_test(neuromorphic::ProtectedClassifier& classifier, const LabelledDataset& train,
                      const ColumnsRunConfig& cfg) {
  if (!classifier.enabled()) return;
  const CalibrationSplit split = calibration_split(train.size(), cfg.calibration_fraction);
  classifier.calibrate_rungs(select_rows(train, split.fit_rows, train.name + "_fit"),
                             select_rows(train, split.calibration_rows, train.name + "_calibration"),
                             cfg.calibration_samples);
}

}  // namespace snnft::apps
