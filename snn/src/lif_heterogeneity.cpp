// SPDX-License-Identifier: MIT
#include "snnft/snn/lif_heterogeneity.hpp"

#include <algorithm>
#include <stdexcept>

#include "snnft/snn/lif_population.hpp"

namespace snnft {
namespace {

double& field(LifParams& p, std::string_view name) {
  if (name == "tau_m_ms") return p.tau_m_ms;
  if (name == "v_rest_mv") return p.v_rest_mv;
  if (name == "v_reset_mv") return p.v_reset_mv;
  if (name == "v_th_mv") return p.v_th_mv;
  if (name == "t_ref_ms") return p.t_ref_ms;
  if (name == "bias_mv") return p.bias_mv;
  throw std::invalid_argument("parameter \"" + std::string(name) + "\" cannot vary between neurons");
}

double draw(const InitialValue& v, RngStream& s) {
  switch (v.kind) {
    case InitialValue::Kind::kConstant: return v.a;
    case InitialValue::Kind::kUniform: return s.uniform(v.a, v.b);
    case InitialValue::Kind::kNormal: return s.normal(v.a, v.b);
  }
  return v.a;
}

// Each parameter reads its own stretch of the neuron's initial-state stream, far beyond the
// few numbers the state variables use.
constexpr std::uint64_t kParameterCounterBase = std::uint64_t{1} << 40;

}  // namespace

void apply_lif_distributions(LifPopulation& population, const std::vector<LifParamDistribution>& distributions,
                             const CounterRng& rng, PopulationIndex index) {
  if (distributions.empty()) return;
  for (const auto& d : distributions) {
    LifParams probe;
    field(probe, d.name);  // rejects unknown names before anything changes
  }
  std::vector<LifParams> per_neuron(population.size(), population.params());
  for (const LifParamDistribution& d : distributions) {
    // Keyed by the parameter, not by its place in the list: a distribution added to one
    // parameter leaves the draws of the others as they were.
    const auto k = static_cast<std::uint64_t>(
        std::find(kLifPerNeuronParams.begin(), kLifPerNeuronParams.end(), d.name) - kLifPerNeuronParams.begin());
    for (std::size_t i = 0; i < population.size(); ++i) {
      RngStream s(rng, {RngPurpose::kInitialState, index, static_cast<std::uint32_t>(i)},
                  kParameterCounterBase * (k + 1));
      double x = draw(d.value, s);
      if (d.name == "tau_m_ms") {
        for (int tries = 0; !(x > 0) && tries < 1000; ++tries) x = draw(d.value, s);
        if (!(x > 0)) throw std::invalid_argument("tau_m_ms: the distribution gives no positive value");
      }
      if (d.name == "t_ref_ms") x = std::max(x, 0.0);
      field(per_neuron[i], d.name) = x;
    }
  }
  population.set_neuron_params(per_neuron);
}

}  // namespace snnft
