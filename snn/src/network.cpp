// SPDX-License-Identifier: MIT
#include "snnft/snn/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "snnft/snn/source_populations.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {
namespace {

// Per-neuron Poisson rates from a distribution, keyed by (population, neuron) like initial
// states; negative draws of a normal distribution become 0 Hz.
std::vector<double> draw_rates(const InitialValue& d, std::size_t n, const CounterRng& rng, PopulationIndex index) {
  std::vector<double> rates(n);
  for (std::size_t i = 0; i < n; ++i) {
    RngStream s(rng, {RngPurpose::kInitialState, index, static_cast<std::uint32_t>(i)});
    const double x = d.kind == InitialValue::Kind::kUniform  ? s.uniform(d.a, d.b)
                     : d.kind == InitialValue::Kind::kNormal ? s.normal(d.a, d.b)
                                                             : d.a;
    rates[i] = std::max(x, 0.0);
  }
  return rates;
}

SpikePattern pattern_of(const PopulationSpec& ps) {
  if (ps.spike_times_ms.size() > ps.size) {
    throw std::invalid_argument("population \"" + ps.name + "\" has " + std::to_string(ps.size) + " neurons but " +
                                std::to_string(ps.spike_times_ms.size()) + " spike time lists");
  }
  SpikePattern pattern(ps.size);
  for (std::size_t i = 0; i < ps.spike_times_ms.size(); ++i) {
    for (double t : ps.spike_times_ms[i]) pattern.add(t, static_cast<NeuronIndex>(i));
  }
  pattern.finalize();
  return pattern;
}

}  // namespace

Network Network::build(const NetworkSpec& spec, std::uint64_t seed, int rank, int ranks) {
  Network net(spec.dt_ms, seed);
  for (const PopulationSpec& ps : spec.populations) {
    if (net.find_population(ps.name)) throw std::invalid_argument("duplicate population name \"" + ps.name + "\"");
    const auto index = static_cast<PopulationIndex>(net.populations_.size());
    switch (ps.kind) {
      case PopulationSpec::Kind::kLif: {
        auto pop = std::make_unique<LifPopulation>(ps.name, ps.size, ps.synapse_model, ps.lif, spec.dt_ms);
        pop->initialise(ps.initial, *net.rng_, index);
        apply_lif_distributions(*pop, ps.lif_distributions, *net.rng_, index);
        if (ps.poisson_input) pop->set_poisson_input(*ps.poisson_input, *net.rng_, index);
        net.populations_.push_back(std::move(pop));
        break;
      }
      case PopulationSpec::Kind::kIzhikevich: {
        auto pop = std::make_unique<IzhikevichPopulation>(ps.name, ps.size, ps.izhikevich, spec.dt_ms);
        pop->initialise(ps.initial.v_mv, ps.initial_w, ps.izhikevich.b, *net.rng_, index);
        net.populations_.push_back(std::move(pop));
        break;
      }
      case PopulationSpec::Kind::kAdex: {
        auto pop = std::make_unique<AdexPopulation>(ps.name, ps.size, ps.adex, spec.dt_ms);
        pop->initialise(ps.initial.v_mv, ps.initial_w, 0.0, *net.rng_, index);
        net.populations_.push_back(std::move(pop));
        break;
      }
      case PopulationSpec::Kind::kPoisson: {
        std::vector<double> rates = ps.rates_hz;
        if (ps.rate_distribution) rates = draw_rates(*ps.rate_distribution, ps.size, *net.rng_, index);
        if (rates.size() == 1) rates.assign(ps.size, rates.front());
        if (rates.size() != ps.size) {
          throw std::invalid_argument("population \"" + ps.name + "\" has " + std::to_string(ps.size) +
                                      " neurons but " + std::to_string(rates.size()) + " rates");
        }
        net.populations_.push_back(std::make_unique<PoissonPopulation>(
            ps.name, rates, spec.dt_ms, *net.rng_, index, step_starting_at(ps.start_ms, spec.dt_ms),
            step_starting_at(ps.stop_ms, spec.dt_ms)));
        break;
      }
      case PopulationSpec::Kind::kSpikeSource: {
        auto pop = std::make_unique<SpikeSourcePopulation>(ps.name, ps.size, spec.dt_ms);
        if (!ps.spike_times_ms.empty()) pop->set_pattern(pattern_of(ps), 0);
        net.populations_.push_back(std::move(pop));
        break;
      }
    }
  }
  for (const ProjectionSpec& js : spec.projections) {
    const auto pre = net.find_population(js.pre);
    const auto post = net.find_population(js.post);
    if (!pre) throw std::invalid_argument("projection \"" + js.name + "\": no population named \"" + js.pre + "\"");
    if (!post) throw std::invalid_argument("projection \"" + js.name + "\": no population named \"" + js.post + "\"");
    if (!net.population(*post).receptor_input(js.receptor)) {
      throw std::invalid_argument("projection \"" + js.name + "\": population \"" + js.post + "\" takes no synaptic input");
    }
    const auto index = static_cast<std::uint32_t>(net.projections_.size());
    net.projections_.push_back(build_projection(js, *pre, net.population(*pre).size(), *post,
                                                net.population(*post).size(), index, *net.rng_, spec.dt_ms));
    if (ranks > 1) {
      const NeuronBlock own = rank_block(net.population(*post).size(), rank, ranks);
      net.projections_.back().keep_targets(own.begin, own.end);
    }
  }
  return net;
}

std::optional<PopulationIndex> Network::find_population(const std::string& name) const {
  for (std::size_t i = 0; i < populations_.size(); ++i) {
    if (populations_[i]->name() == name) return static_cast<PopulationIndex>(i);
  }
  return std::nullopt;
}

std::optional<std::size_t> Network::find_projection(const std::string& name) const {
  for (std::size_t i = 0; i < projections_.size(); ++i) {
    if (projections_[i].name == name) return i;
  }
  return std::nullopt;
}

PopulationIndex Network::add_population(std::unique_ptr<Population> population) {
  populations_.push_back(std::move(population));
  return static_cast<PopulationIndex>(populations_.size() - 1);
}

std::size_t Network::add_projection(Projection projection) {
  projections_.push_back(std::move(projection));
  return projections_.size() - 1;
}

std::size_t Network::neuron_count() const {
  std::size_t n = 0;
  for (const auto& p : populations_) n += p->size();
  return n;
}

std::size_t Network::synapse_count() const {
  std::size_t n = 0;
  for (const auto& p : projections_) n += p.synapse_count();
  return n;
}

std::size_t Network::synapse_memory_bytes() const {
  std::size_t n = 0;
  for (const auto& p : projections_) n += p.memory_bytes();
  return n;
}

}  // namespace snnft
