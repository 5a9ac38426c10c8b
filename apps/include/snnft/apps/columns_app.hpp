// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include "snnft/apps/run_options.hpp"
#include "snnft/apps/summary.hpp"

namespace snnft::apps {

/// Checks a "kind": "columns" config; relative data set paths are resolved against config_dir.
void validate_columns(const nlohmann::json& config, const std::string& config_dir);
/// Trains (or loads), labels and tests a multi-column processor; see columns_app.cpp.
int run_columns(const nlohmann::json& config, const RunOptions& options, Summary& summary);

}  // namespace snnft::apps
