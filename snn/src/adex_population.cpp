// SPDX-License-Identifier: MIT
#include "snnft/snn/adex_population.hpp"

#include <array>
#include <stdexcept>
#include <vector>

namespace snnft {
namespace {

// Without the exponential term (Δ_T = 0) the spike is cut at V_T, as in NEST's aeif models.
double spike_cut(const AdexParams& p) { return p.delta_t_mv > 0 ? p.v_peak_mv : p.v_t_mv; }

constexpr std::array<StateVariableInfo, 4> kCurrentState = {{{"v_mv", "mV"}, {"w", "pA"}, {"ge", "pA"}, {"gi", "pA"}}};
constexpr std::array<StateVariableInfo, 4> kConductanceState = {{{"v_mv", "mV"}, {"w", "pA"}, {"ge", "nS"}, {"gi", "nS"}}};
}  // namespace

AdexPopulation::AdexPopulation(std::string name, std::size_t size, const AdexParams& params, double dt_ms)
    : AdaptivePopulation(std::move(name), size, params.synapses, dt_ms, static_cast<float>(params.bias_pa), "w",
                         params.synapses.model == SynapseModel::kCurrentBased ? std::span<const StateVariableInfo>(kCurrentState)
                                                                             : std::span<const StateVariableInfo>(kConductanceState)),
      params_(params),
      dt_ms_(dt_ms) {
  if (params.synapses.tau_e_ms == 0 || params.synapses.tau_i_ms == 0) {
    throw std::invalid_argument("AdEx populations take no delta synapses (time constant 0)");
  }
  set_spike_rule(spike_cut(params), params.v_reset_mv, params.b_pa, false);
  set_refractory(params.t_ref_ms);
  const std::vector<double> v(size, params.e_l_mv);
  const std::vector<double> w(size, 0.0);
  set_state(v, w);
}

void AdexPopulation::set_params(const AdexParams& params) {
  if (params.synapses.tau_e_ms == 0 || params.synapses.tau_i_ms == 0) {
    throw std::invalid_argument("AdEx populations take no delta synapses (time constant 0)");
  }
  set_synapses(params.synapses);
  set_refractory(params.t_ref_ms);
  params_ = params;
  set_spike_rule(spike_cut(params), params.v_reset_mv, params.b_pa, false);
}

void AdexPopulation::integrate(Step, std::size_t begin, std::size_t end, SimdIsa isa) {
  const AdexKernelArgs args{precise_v(begin),
                            precise_w(begin),
                            drive_.data() + begin,
                            synaptic_args(begin),
                            params_.g_l_ns,
                            params_.e_l_mv,
                            params_.v_t_mv,
                            params_.delta_t_mv,
                            // Δ_T = 0: no exponential term (g_L·0·e^0).
                            params_.delta_t_mv > 0 ? 1.0 / params_.delta_t_mv : 0.0,
                            params_.a_ns,
                            dt_ms_ / params_.c_pf,
                            dt_ms_ / params_.tau_w_ms,
                            chunk_count(begin, end),
                            ref_left(begin)};
  adex_integrate(isa, args);
}

}  // namespace snnft
