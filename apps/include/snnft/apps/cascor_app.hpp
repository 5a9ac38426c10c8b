// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "snnft/apps/run_options.hpp"
#include "snnft/apps/summary.hpp"
#include "snnft/snn/cascor/cascor_learner.hpp"
#include "snnft/snn/cascor/dataset.hpp"

namespace snnft::apps {

/// A "kind": "cascor" config: a task, the cascade-correlation parameters and the run settings.
struct CascorRunConfig {
  std::string name;
  std::string task;                    ///< "xor", "parity" or "two_spirals"
  std::size_t bits = 0;                ///< parity only
  double test_offset = 0.1;            ///< two_spirals only: the test set uses i + offset
  cascor::CascorParams params;
  bool grow = true;                    ///< false: train the output weights only (static network)
  std::uint64_t seed = 1;
  std::optional<std::string> output;   ///< "output": HDF5 file (also --out)
};

/// Parses and validates a cascor config; throws ConfigError naming the JSON path.
CascorRunConfig parse_cascor_config(const nlohmann::json& config);

/// The training set of a task, and its test set if the task has a standard one.
cascor::Dataset cascor_training_set(const CascorRunConfig& config);
std::optional<cascor::Dataset> cascor_test_set(const CascorRunConfig& config);

/// Runs a "kind": "cascor" config; see cascor_app.cpp.
int run_cascor(const nlohmann::json& config, const RunOptions& options, Summary& summary);

}  // namespace snnft::apps
