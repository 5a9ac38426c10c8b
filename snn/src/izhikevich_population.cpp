// SPDX-License-Identifier: MIT
#include "snnft/snn/izhikevich_population.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace snnft {
namespace {
constexpr std::array<StateVariableInfo, 4> kCurrentState = {
    {{"v_mv", "mV"}, {"u", "mV/ms"}, {"ge", "mV/ms"}, {"gi", "mV/ms"}}};
constexpr std::array<StateVariableInfo, 4> kConductanceState = {{{"v_mv", "mV"}, {"u", "mV/ms"}, {"ge", "1/ms"}, {"gi", "1/ms"}}};

/// a·b as the double nearest the decimal product of the configured decimals (the product
/// rounded to 15 significant digits, which is exact for parameters of a few digits): 0.1 · 0.2
/// gives 0.02, where the double product is 0.020000000000000004. Brian2 folds the constant the
/// same way, and the fast-spiking pattern's spike times depend on that last bit.
double decimal_product(double a, double b) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", a * b);
  return std::strtod(text, nullptr);
}
}  // namespace

IzhikevichPopulation::IzhikevichPopulation(std::string name, std::size_t size, const IzhikevichParams& params,
                                           double dt_ms)
    : AdaptivePopulation(std::move(name), size, params.synapses, dt_ms, static_cast<float>(params.bias), "u",
                         params.synapses.model == SynapseModel::kCurrentBased ? std::span<const StateVariableInfo>(kCurrentState)
                                                                             : std::span<const StateVariableInfo>(kConductanceState)),
      params_(params),
      dt_ms_(dt_ms),
      ab_(decimal_product(params.a, params.b)) {
  set_spike_rule(params.v_peak_mv, params.c_mv, params.d, true);
  const std::vector<double> v(size, params.c_mv);
  const std::vector<double> u(size, params.b * params.c_mv);
  set_state(v, u);
}

void IzhikevichPopulation::set_params(const IzhikevichParams& params) {
  set_synapses(params.synapses);
  params_ = params;
  ab_ = decimal_product(params.a, params.b);
  set_spike_rule(params.v_peak_mv, params.c_mv, params.d, true);
}

void IzhikevichPopulation::integrate(Step, std::size_t begin, std::size_t end, SimdIsa isa) {
  const IzhikevichKernelArgs args{precise_v(begin), precise_w(begin), drive_.data() + begin, synaptic_args(begin),
                                  -params_.a,  ab_,
                                  dt_ms_,      chunk_count(begin, end)};
  izhikevich_integrate(isa, args);
}

}  // namespace snnft
