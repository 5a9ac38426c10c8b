// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/core/config_reader.hpp"
#include "snnft/snn/network.hpp"

namespace snnft::apps {

/// "synapse_shape": "exponential" (the default) or "alpha", of a lif, izhikevich or adex
/// population.
SynapseShape read_synapse_shape(ObjectReader& r);

/// The keys of an "izhikevich" population: a, b, c, d, v_peak_mv, bias, the synaptic keys
/// (synapse, synapse_shape, tau_e_ms, tau_i_ms, e_exc_mv, e_inh_mv; a time constant of 0
/// makes that receptor a delta synapse, current-based and exponential only) and "initial":
/// {"v_mv", "u"}.
void read_izhikevich(ObjectReader& r, PopulationSpec& ps);

/// The keys of an "adex" population: c_pf, g_l_ns, e_l_mv, v_t_mv, delta_t_mv, tau_w_ms, a_ns,
/// b_pa, v_reset_mv, v_peak_mv, bias_pa, t_ref_ms, the synaptic keys and "initial": {"v_mv", "w"}.
void read_adex(ObjectReader& r, PopulationSpec& ps);

}  // namespace snnft::apps
