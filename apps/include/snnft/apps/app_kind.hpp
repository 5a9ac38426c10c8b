// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "snnft/apps/run_options.hpp"
#include "snnft/apps/summary.hpp"

namespace snnft::apps {

/// One kind of simulation a config can describe, chosen by the config's top-level "kind".
/// `validate` parses the whole config and throws ConfigError on the first problem;
/// `run` validates, runs, writes the output file and fills the summary. It returns the
/// process exit code (0, or 130 after Ctrl-C).
struct AppKind {
  std::string name;
  std::string description;
  /// Throws ConfigError; relative file paths in the config are resolved against config_dir.
  std::function<void(const nlohmann::json& config, const std::string& config_dir)> validate;
  std::function<int(const nlohmann::json& config, const RunOptions& options, Summary& summary)> run;
};

/// Every kind `snnft run` knows, in the order `snnft run --help` lists them.
const std::vector<AppKind>& app_kinds();

/// The kind named by config["kind"]; throws ConfigError at "/kind" if missing or unknown.
const AppKind& app_kind_for(const nlohmann::json& config);

}  // namespace snnft::apps
