// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "snnft/apps/record_config.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"
#include "snnft/snn/current_source.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/stdp_rule.hpp"

namespace snnft::apps {

/// A projection's "plasticity" block: the STDP rule on it and how to record its weights.
struct PlasticitySpec {
  std::size_t projection = 0;  ///< index into NetworkSpec::projections
  StdpParams stdp;
  double histogram_interval_ms = 1000.0;
  std::size_t histogram_bins = 20;
};

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
  RecordConfig record;                      ///< "record": state, rates, weights
  std::vector<PlasticitySpec> plasticity;   ///< plastic projections, in projection order
  std::vector<faults::FaultSpec> faults;    ///< "faults": injected by simulated time
  std::vector<CurrentSourceSpec> current_sources;  ///< "current_sources": injected into LIF neurons
};

/// Parses and validates a network config; throws ConfigError naming the JSON path. Relative
/// file paths in it (a spike_source's "from_file") are resolved against `config_dir`.
NetworkRunConfig parse_network_config(const nlohmann::json& config, const std::string& config_dir = ".");

/// Reads {"uniform": [a, b]} / {"normal": [mean, sd]} / a plain number.
InitialValue read_value(ObjectReader& parent, const std::string& key, const InitialValue& fallback);

}  // namespace snnft::apps
