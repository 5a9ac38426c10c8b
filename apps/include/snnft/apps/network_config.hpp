// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "snnft/core/config_reader.hpp"
#include "snnft/snn/network.hpp"

namespace snnft::apps {

/// A "kind": "network" config: a network plus how to run and record it.
struct NetworkRunConfig {
  std::string name;
  NetworkSpec network;
  double duration_ms = 1000.0;
  std::uint64_t seed = 1;
  std::size_t threads = 1;
  bool simd = true;
  std::optional<std::string> output;        ///< "output": default HDF5 file
  std::vector<std::string> record_spikes;   ///< populations to record (default: all)
};

/// Parses and validates a network config; throws ConfigError naming the JSON path.
NetworkRunConfig parse_network_config(const nlohmann::json& config);

/// Reads {"uniform": [a, b]} / {"normal": [mean, sd]} / a plain number.
InitialValue read_value(ObjectReader& parent, const std::string& key, const InitialValue& fallback);

}  // namespace snnft::apps
