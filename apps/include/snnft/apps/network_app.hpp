// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include "snnft/apps/network_config.hpp"
#include "snnft/apps/run_options.hpp"
#include "snnft/apps/summary.hpp"

namespace snnft::apps {

/// The config with command-line overrides applied (seed, duration, threads, simd, out).
NetworkRunConfig resolve_network_config(const nlohmann::json& config, const RunOptions& options);

/// Runs a "kind": "network" config; see network_app.cpp.
int run_network(const nlohmann::json& config, const RunOptions& options, Summary& summary);

}  // namespace snnft::apps
