// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/core/config_reader.hpp"
#include "snnft/snn/current_source.hpp"
#include "snnft/snn/network.hpp"

namespace snnft::apps {

/// The parameters of a "lif" population: each of tau_m_ms, v_rest_mv, v_reset_mv, v_th_mv,
/// t_ref_ms and bias_mv is a number or a distribution ({"uniform": [lo, hi]},
/// {"normal": [mean, sd]}) drawn per neuron; the synaptic constants are numbers.
void read_lif_parameters(ObjectReader& r, PopulationSpec& ps);

/// The keys of a "poisson" population: rate_hz (a number, one per neuron, or a
/// distribution), start_ms, stop_ms.
void read_poisson(ObjectReader& r, PopulationSpec& ps, double dt_ms);

/// The keys of a "spike_source" population: exactly one of "spike_times_ms" (a list of
/// lists, one per neuron) and "from_file" (a SONATA spike file or CSV; relative paths are
/// resolved against `config_dir`; "file_population" picks the SONATA population, by default
/// the population's own name).
void read_spike_source(ObjectReader& r, PopulationSpec& ps, const std::string& config_dir);

/// "current_sources": [...], each into neurons of a LIF population of `network`.
std::vector<CurrentSourceSpec> read_current_sources(ObjectReader& r, const NetworkSpec& network);

}  // namespace snnft::apps
