// SPDX-License-Identifier: MIT
// Trained digits columns for the neuromorphic tests: trained once per test binary, then copied
// into a fresh processor per test by restoring each column's checkpoint.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "snnft/columns/multi_column.hpp"
#include "snnft/encoding/digits_dataset.hpp"

namespace snnft::neuromorphic::test {

inline constexpr std::size_t kColumns = 5;
inline constexpr std::size_t kNeurons = 100;

inline const DatasetSplit& digits() {
  static const DatasetSplit split = [] {
    LabelledDataset all = load_digits_csv(std::string(SNNFT_DATA_DIR) + "/datasets/digits.csv");
    scale_features(all, 0.0f, 16.0f);
    return stratified_split(all, 0.7, 0);
  }();
  return split;
}

inline std::vector<columns::ColumnSpec> column_specs() {
  std::vector<columns::ColumnSpec> specs(kColumns);
  for (std::size_t k = 0; k < kColumns; ++k) {
    specs[k].params.neurons = kNeurons;
    specs[k].params.seed = 11 + k;
  }
  return specs;
}

/// The columns' learned state after one epoch of training and labelling on the digits.
inline const std::vector<columns::ColumnState>& trained_states() {
  static const std::vector<columns::ColumnState> states = [] {
    columns::MultiColumnProcessor p(column_specs(), kDigitsPixels, kDigitsClasses, 1);
    p.train(digits().train, 1);
    p.label(digits().train);
    std::vector<columns::ColumnState> out;
    for (std::size_t k = 0; k < p.column_count(); ++k) out.push_back(p.column(k).checkpoint());
    return out;
  }();
  return states;
}

/// A fresh processor holding the trained columns.
inline std::unique_ptr<columns::MultiColumnProcessor> trained_processor(std::size_t threads = 1) {
  auto p = std::make_unique<columns::MultiColumnProcessor>(column_specs(), kDigitsPixels, kDigitsClasses, threads);
  for (std::size_t k = 0; k < p->column_count(); ++k) p->column(k).restore(trained_states()[k]);
  return p;
}

/// The training split cut into the samples the non-spiking fallbacks are fitted on and every
/// fifth sample, held back to calibrate the rungs (as the columns app does with fraction 0.2).
inline std::pair<LabelledDataset, LabelledDataset> calibration_split(const LabelledDataset& train) {
  std::vector<std::size_t> fit, held;
  for (std::size_t i = 0; i < train.size(); ++i) (i % 5 == 4 ? held : fit).push_back(i);
  return {select_rows(train, fit, train.name + "_fit"), select_rows(train, held, train.name + "_calibration")};
}

}  // namespace snnft::neuromorphic::test
