// SPDX-License-Identifier: MIT
// Small networks and an in-memory spike sink shared by the engine tests.
#pragma once
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft::test {

/// The value `x` for every neuron or synapse.
inline InitialValue constant(double x) { return {InitialValue::Kind::kConstant, x, 0}; }

/// `size` neurons of `kind` named `name`, every other field at its default.
inline PopulationSpec population(std::string name, std::size_t size,
                                 PopulationSpec::Kind kind = PopulationSpec::Kind::kLif) {
  PopulationSpec p;
  p.name = std::move(name);
  p.kind = kind;
  p.size = size;
  return p;
}

/// `size` Poisson neurons named `name`, each firing at `rate_hz`.
inline PopulationSpec poisson(std::string name, std::size_t size, double rate_hz) {
  PopulationSpec p = population(std::move(name), size, PopulationSpec::Kind::kPoisson);
  p.rates_hz = {rate_hz};
  return p;
}

/// A network of `populations` at dt = 0.1 ms, without projections yet.
inline NetworkSpec network_of(std::vector<PopulationSpec> populations) {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  spec.populations = std::move(populations);
  return spec;
}

/// An excitatory projection `name` from `pre` to `post`, connected by `kind`, with weights
/// `weight` (the delay stays at its default unless the caller sets it).
inline ProjectionSpec projection(std::string name, std::string pre, std::string post, ConnectivityRule::Kind kind,
                                 InitialValue weight) {
  ProjectionSpec j;
  j.name = std::move(name);
  j.pre = std::move(pre);
  j.post = std::move(post);
  j.rule.kind = kind;
  j.weight = weight;
  return j;
}

/// Every recorded spike as (step, population, neuron), in recording order.
class MemorySink final : public SpikeSink {
 public:
  struct Spike {
    Step step;
    PopulationIndex population;
    NeuronIndex neuron;
    friend bool operator==(const Spike&, const Spike&) = default;
  };
  void write_spikes(PopulationIndex p, std::span<const Step> steps, std::span<const NeuronIndex> ids) override {
    for (std::size_t k = 0; k < steps.size(); ++k) spikes.push_back({steps[k], p, ids[k]});
  }
  std::vector<Spike> spikes;
};

/// Runs `spec` for `steps` and returns every spike of every population.
inline std::vector<MemorySink::Spike> run_and_record(const NetworkSpec& spec, std::uint64_t seed, Step steps,
                                                     SimulationOptions options) {
  Network net = Network::build(spec, seed);
  Simulation sim(net, options);
  MemorySink sink;
  std::vector<PopulationIndex> all;
  for (PopulationIndex p = 0; p < net.population_count(); ++p) all.push_back(p);
  SpikeRecorder recorder(net, all, sink, 4096);
  sim.add_observer(recorder);
  sim.run(steps);
  return sink.spikes;
}

/// The Poisson input of poisson_driven(): `sources` neurons at `rate_hz`, each connected to
/// each cell with `probability` through both receptors (delay 1 ms).
struct PoissonDrive {
  std::size_t cells = 100;
  std::size_t sources = 20;
  double rate_hz = 50.0;
  double probability = 0.3;
  double w_exc = 1.0;
  double w_inh = -1.0;  ///< negative for current-based input, positive for conductances
};

/// Population 0 "n" (`cells`, resized, v drawn from [−70, −55] mV) and population 1 "drive",
/// Poisson, connected by projections "exc" and "inh".
inline NetworkSpec poisson_driven(PopulationSpec cells, const PoissonDrive& d) {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  cells.name = "n";
  cells.size = d.cells;
  cells.initial.v_mv = {InitialValue::Kind::kUniform, -70, -55};
  spec.populations = {cells, poisson("drive", d.sources, d.rate_hz)};
  for (const Receptor r : {Receptor::kExcitatory, Receptor::kInhibitory}) {
    ProjectionSpec j;
    j.name = r == Receptor::kExcitatory ? "exc" : "inh";
    j.pre = "drive";
    j.post = "n";
    j.receptor = r;
    j.rule.probability = d.probability;
    j.weight = {InitialValue::Kind::kConstant, r == Receptor::kExcitatory ? d.w_exc : d.w_inh, 0};
    j.delay_ms = {InitialValue::Kind::kConstant, 1.0, 0};
    spec.projections.push_back(j);
  }
  return spec;
}

/// What a run left of population 0: its spikes, and the bits of some of its variables.
struct PopulationRun {
  std::vector<MemorySink::Spike> spikes;
  std::vector<std::uint32_t> bits;
};

/// Runs `net` for `steps`, recording population 0's spikes; then reads the bits of its
/// variables `names` (in that order; a name the population lacks adds nothing).
inline PopulationRun run_population0(Network& net, SimulationOptions options, Step steps,
                                     std::initializer_list<std::string> names) {
  Simulation sim(net, options);
  MemorySink sink;
  SpikeRecorder recorder(net, {0}, sink, 4096);
  sim.add_observer(recorder);
  sim.run(steps);
  recorder.flush();
  PopulationRun out{sink.spikes, {}};
  for (const std::string& name : names) {
    for (float x : net.population(0).variable(name)) out.bits.push_back(std::bit_cast<std::uint32_t>(x));
  }
  return out;
}

/// A scaled-down Vogels-Abbott network with Poisson drive and random delays, so that every
/// engine path (kernels, detection, zero and non-zero delays, sources) is exercised.
inline NetworkSpec mixed_network(SynapseModel model, std::size_t n = 1000) {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  PopulationSpec exc;
  exc.name = "exc";
  exc.size = n * 4 / 5;
  exc.synapse_model = model;
  if (model == SynapseModel::kCurrentBased) {
    exc.lif = {20, -49, -60, -50, 5, 5, 10, 0, -80, 0};
    exc.initial.v_mv = {InitialValue::Kind::kUniform, -60, -50};
  } else {
    exc.lif = {20, -60, -60, -50, 5, 5, 10, 0, -80, 0};
    exc.initial.v_mv = {InitialValue::Kind::kNormal, -65, 5};
    exc.initial.ge = {InitialValue::Kind::kNormal, 4, 1.5};
    exc.initial.gi = {InitialValue::Kind::kNormal, 20, 12};
  }
  PopulationSpec inh = exc;
  inh.name = "inh";
  inh.size = n / 5;
  spec.populations = {exc, inh, poisson("drive", 50, 20.0)};
  const bool cuba = model == SynapseModel::kCurrentBased;
  const double p = 80.0 / static_cast<double>(n);
  for (const char* pre : {"exc", "inh"}) {
    for (const char* post : {"exc", "inh"}) {
      ProjectionSpec j;
      j.name = std::string(pre) + "_" + post;
      j.pre = pre;
      j.post = post;
      const bool e = std::string(pre) == "exc";
      j.receptor = e ? Receptor::kExcitatory : Receptor::kInhibitory;
      j.rule.probability = p;
      j.weight = {InitialValue::Kind::kConstant, cuba ? (e ? 1.62 : -9.0) : (e ? 0.6 : 6.7), 0};
      j.delay_ms = {InitialValue::Kind::kUniform, 0.0, e ? 0.0 : 1.5};
      spec.projections.push_back(j);
    }
  }
  ProjectionSpec d;
  d.name = "drive_exc";
  d.pre = "drive";
  d.post = "exc";
  d.rule.kind = ConnectivityRule::Kind::kFixedIndegree;
  d.rule.indegree = 5;
  d.weight = {InitialValue::Kind::kUniform, 0.0, cuba ? 2.0 : 0.5};
  d.delay_ms = {InitialValue::Kind::kConstant, 2.0, 0};
  spec.projections.push_back(d);
  return spec;
}

}  // namespace snnft::test
