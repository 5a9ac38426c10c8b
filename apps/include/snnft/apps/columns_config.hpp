// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "snnft/columns/multi_column.hpp"
#include "snnft/encoding/csv_dataset.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"
#include "snnft/resilience/neuromorphic/protection_config.hpp"

namespace snnft::apps {

/// Which data set a columns run uses: {"name": "digits" | "yinyang", ...} or a user's numeric
/// table, {"csv": PATH, "label_column": NAME or index, "test_fraction": 0.3, "seed": N}.
struct DatasetConfig {
  std::string name;             ///< "digits", "yinyang", or a CSV table's name (default: the file's stem)
  std::string path;             ///< digits and CSV: the file, resolved against the config's folder
  bool csv = false;             ///< a generic numeric CSV table
  CsvLabelColumn label_column;  ///< CSV: the class column
  double train_fraction = 0.7;  ///< digits and CSV (1 − test_fraction): stratified split
  std::uint64_t split_seed = 0;
  std::size_t train_size = 5000;  ///< yinyang
  std::size_t test_size = 1000;
};

/// A "kind": "columns" config: a data set, K cortical columns and how they vote.
struct ColumnsRunConfig {
  std::string name;
  DatasetConfig dataset;
  std::uint64_t seed = 1;
  int epochs = 5;
  std::string vote = "majority";  ///< majority | confidence | first_spike
  std::size_t threads = 1;
  std::vector<columns::ColumnSpec> columns;
  /// Per column: draw a random feature subset of this fraction (0 = use the explicit list).
  std::vector<double> random_feature_fraction;
  std::optional<std::string> output;
  std::optional<std::string> save_columns;  ///< write trained columns here
  std::optional<std::string> load_columns;  ///< skip training, load columns from here
  std::vector<faults::FaultSpec> faults;    ///< "faults": injected during the test phase
  /// "test_learning_rate": > 0 keeps the columns learning (unsupervised) during the test phase.
  double test_learning_rate = 0.0;
  /// "protection": health monitoring, column breakers and the degradation ladder of the test
  /// phase (--protection off disables them).
  neuromorphic::ProtectionConfig protection;
  /// "protection"/"calibration_samples": training samples presented (without learning) after
  /// labelling to learn each column's healthy timing and firing statistics.
  std::size_t calibration_samples = 0;
  /// "protection"/"calibration_fraction": share of the training split held back from the
  /// non-spiking fallbacks' fit to estimate every rung's, fallback's and column's accuracy.
  double calibration_fraction = 0.2;
};

/// Parses a columns config; relative dataset paths are resolved against `config_dir`.
/// Throws ConfigError naming the JSON path.
ColumnsRunConfig parse_columns_config(const nlohmann::json& config, const std::string& config_dir);

/// Feature indices for every column whose view asks for a random subset, drawn from the
/// column's seed.
void resolve_random_views(ColumnsRunConfig& cfg, std::size_t feature_count);

}  // namespace snnft::apps
