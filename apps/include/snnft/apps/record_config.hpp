// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/core/config_reader.hpp"
#include "snnft/snn/network.hpp"

namespace snnft::apps {

/// One entry of "record": {"state": [...]}: variables of some neurons of a population.
struct StateRecordConfig {
  std::string population;
  std::vector<std::string> variables;
  std::vector<NeuronIndex> ids;  ///< ascending; empty means every neuron ("all")
  Step interval_steps = 1;
  int deflate_level = 4;  ///< "deflate": 0 (off) to 9; deflating every-step traces costs far more than sampling
  std::size_t buffer_frames = 0;  ///< frames per buffer and HDF5 chunk; 0: the recorder's default (not a config key)
};

/// One entry of "record": {"weights": [...]}: snapshots of a projection's weights.
struct WeightRecordConfig {
  std::string projection;
  Step interval_steps = 1;
};

/// What a network run writes besides spikes.
struct RecordConfig {
  std::vector<StateRecordConfig> state;
  std::vector<std::string> rate_populations;  ///< "rates": {"populations": [...]}
  Step rate_bin_steps = 0;                    ///< "rates": {"bin_ms": ...} in steps; 0 = no rates
  std::vector<WeightRecordConfig> weights;
};

/// Reads the "state", "rates" and "weights" keys of a "record" object (the caller reads
/// "spikes"). Every error names its JSON path. The network's populations and projections
/// must already be parsed: names, sizes and state variables are checked here.
RecordConfig read_record_config(ObjectReader& record, const NetworkSpec& network);

/// A duration as a whole number of steps of dt_ms (at least one); a value that is not a
/// multiple of dt (within 1e-9 relative) is an error at `key`.
Step read_steps(ObjectReader& r, const std::string& key, double dt_ms);

/// The state variables a population of this spec offers, for validation before it exists.
std::vector<std::string> state_variable_names(const PopulationSpec& population);

}  // namespace snnft::apps
