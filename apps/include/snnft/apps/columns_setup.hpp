// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/run_options.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/columns/voting.hpp"
#include "snnft/encoding/labelled_dataset.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

namespace snnft::apps {

/// A columns config with the command line's overrides (seed, threads, output, protection).
ColumnsRunConfig resolve_columns_config(const nlohmann::json& config, const RunOptions& options);

/// The data set's train and test parts (digits: stratified split by seed; Yin-Yang: generated;
/// CSV: stratified split by seed, every feature scaled to [0, 1] by the training split's range).
/// A bad digits file is a ConfigError at /dataset/path.
DatasetSplit load_dataset(const DatasetConfig& dataset);

/// Restores columns saved by a run with "save_columns" (the config's "load_columns"). A file
/// that cannot be read or does not fit the config is a ConfigError at /load_columns.
void load_saved_columns(const std::string& path, columns::MultiColumnProcessor& processor);

/// "majority" | "confidence" | "first_spike".
columns::VoteRule vote_rule(const std::string& name);

/// Protection fits its fallback classifier on part of the training split and calibrates on
/// the rest: each needs at least one sample.
inline constexpr std::size_t kMinProtectedTrainingSamples = 2;

/// Which training samples fit the non-spiking classifiers and which calibrate (fraction
/// "calibration_fraction"). From kMinProtectedTrainingSamples on, both parts are non-empty.
struct CalibrationSplit {
  std::vector<std::size_t> fit_rows, calibration_rows;
};
CalibrationSplit calibration_split(std::size_t samples, double fraction);

/// A ConfigError at /dataset when the training split is too small to calibrate the protection:
/// called before training by a protected run, so it fails before it starts.
void check_protection_data(const LabelledDataset& train, const DatasetConfig& dataset);

/// Readies a protected classifier whose columns are trained and labelled for the test phase:
/// fits the Emergency fallback and learns each column's healthy statistics from the training
/// data. Nothing to do when its protection is off.
void prepare_for_test(neuromorphic::ProtectedClassifier& classifier, const LabelledDataset& train,
                      const ColumnsRunConfig& cfg);

}  // namespace snnft::apps
