// SPDX-License-Identifier: MIT
#include "snnft/snn/izhikevich_population.hpp"

#include <array>
#include <vector>

namespace snnft {
namespace {
constexpr std::array<StateVariableInfo, 4> kCurrentState = {
    {{"v_mv", "mV"}, {"u", "mV/ms"}, {"ge", "mV/ms"}, {"gi", "mV/ms"}}};
constexpr std::array<StateVariableInfo, 4> kConductanceState = {{{"v_mv", "mV"}, {"u", "mV/ms"}, {"ge", "1/ms"}, {"gi", "1/ms"}}};
}  // namespace

IzhikevichPopulation::IzhikevichPopulation(std::string name, std::size_t size, const IzhikevichParams& params,
                                           double dt_ms)
    : AdaptivePopulation(std::move(name), size, params.synapses, dt_ms, static_cast<float>(params.bias), "u",
                         params.synapses.model == SynapseModel::kCurrentBased ? std::span<const StateVariableInfo>(kCurrentState)
                                                                             : std::span<const StateVariableInfo>(kConductanceState)),
      params_(params),
      dt_ms_(dt_ms) {
  set_spike_rule(static_cast<float>(params.v_peak_mv), static_cast<float>(params.c_mv), static_cast<float>(params.d),
                 true);
  const std::vector<float> v(size, static_cast<float>(params.c_mv));
  const std::vector<float> u(size, static_cast<float>(params.b * params.c_mv));
  set_state(v, u);
}

void IzhikevichPopulation::integrate(Step, std::size_t begin, std::size_t end, SimdIsa isa) {
  const IzhikevichKernelArgs args{v_.data() + begin,
                                  w_.data() + begin,
                                  drive_.data() + begin,
                                  synaptic_args(begin),
                                  static_cast<float>(params_.a),
                                  static_cast<float>(params_.b),
                                  static_cast<float>(dt_ms_),
                                  chunk_count(begin, end)};
  izhikevich_integrate(isa, args);
}

}  // namespace snnft
