// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/core/types.hpp"
#include "snnft/snn/lif_params.hpp"

namespace snnft {

class LifPopulation;

/// A LIF parameter that differs between neurons: each neuron draws its own value.
struct LifParamDistribution {
  std::string name;  ///< one of kLifPerNeuronParams
  InitialValue value;
};

/// The LIF parameters that may vary between neurons. The synaptic time constants and
/// reversal potentials (tau_e_ms, tau_i_ms, e_exc_mv, e_inh_mv) are shared by a population:
/// the kernels hold them as one value per population.
inline constexpr std::array<std::string_view, 6> kLifPerNeuronParams = {"tau_m_ms", "v_rest_mv", "v_reset_mv",
                                                                        "v_th_mv",  "t_ref_ms",  "bias_mv"};

/// Draws every neuron's parameters from the distributions (the others keep the population's
/// value) and applies them. Draws are keyed by (population, neuron, parameter): independent
/// of threads, and of the initial-state draws. A normal distribution of tau_m_ms is truncated
/// to positive values (redrawn), of t_ref_ms clipped at 0. Throws std::invalid_argument for
/// an unknown parameter name or a tau_m_ms distribution that gives no positive value.
void apply_lif_distributions(LifPopulation& population, const std::vector<LifParamDistribution>& distributions,
                             const CounterRng& rng, PopulationIndex index);

}  // namespace snnft
