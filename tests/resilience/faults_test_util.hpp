// SPDX-License-Identifier: MIT
// Small networks and a run helper shared by the fault-injection tests.
#pragma once
#include <string>
#include <vector>

#include "snnft/resilience/faults/fault_schedule.hpp"
#include "test_networks.hpp"

namespace snnft::faults::test {

using Spike = snnft::test::MemorySink::Spike;
using snnft::test::constant;
using snnft::test::network_of;
using snnft::test::poisson;
using snnft::test::population;
using snnft::test::projection;

/// `n` independent LIF neurons (population "n") driven by a constant bias: tau_m 20 ms,
/// rest = reset = -70 mV, threshold -50 mV, t_ref 2 ms, dt 0.1 ms. With V∞ = -70 + bias the
/// interspike interval is t_ref + tau_m ln((V∞ − V_reset)/(V∞ − V_th)).
inline NetworkSpec driven_neurons(std::size_t n, double bias_mv) {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  PopulationSpec p;
  p.name = "n";
  p.size = n;
  p.lif = {20, -70, -70, -50, 2, 5, 10, 0, -80, bias_mv};
  p.initial.v_mv = {InitialValue::Kind::kConstant, -70, 0};
  spec.populations.push_back(p);
  return spec;
}

/// What a run with faults produced.
struct FaultRun {
  std::vector<Spike> spikes;
  std::size_t injected = 0;
  std::vector<Event> events;
  SimdIsa final_simd = SimdIsa::kScalar;
};

/// Builds `spec`, attaches the faults given as --fault flags, runs `steps` and records
/// every population's spikes. `prepare` may edit the network before the run.
template <class Prepare>
FaultRun run_with_faults(const NetworkSpec& spec, const std::vector<std::string>& flags, Step steps,
                         SimulationOptions options, Prepare&& prepare, std::uint64_t seed = 1) {
  Network net = Network::build(spec, seed);
  prepare(net);
  Simulation sim(net, options);
  std::vector<FaultSpec> specs;
  for (const auto& f : flags) specs.push_back(parse_fault_flag(f));
  FaultSchedule schedule(specs, seed);
  schedule.attach(sim);
  snnft::test::MemorySink sink;
  std::vector<PopulationIndex> all;
  for (PopulationIndex p = 0; p < net.population_count(); ++p) all.push_back(p);
  SpikeRecorder recorder(net, all, sink, 4096);
  sim.add_observer(recorder);
  sim.run(steps);
  return {sink.spikes, schedule.faults_injected(), schedule.events(), sim.simd()};
}

inline FaultRun run_with_faults(const NetworkSpec& spec, const std::vector<std::string>& flags, Step steps,
                                SimulationOptions options = {SimdIsa::kScalar, 1, 1024}, std::uint64_t seed = 1) {
  return run_with_faults(spec, flags, steps, options, [](Network&) {}, seed);
}

/// Spikes per neuron of one population.
inline std::vector<std::size_t> counts(const std::vector<Spike>& spikes, PopulationIndex p, std::size_t n) {
  std::vector<std::size_t> c(n, 0);
  for (const Spike& s : spikes) {
    if (s.population == p) ++c[s.neuron];
  }
  return c;
}

/// Spike steps of one neuron, in order.
inline std::vector<Step> steps_of(const std::vector<Spike>& spikes, PopulationIndex p, NeuronIndex neuron) {
  std::vector<Step> out;
  for (const Spike& s : spikes) {
    if (s.population == p && s.neuron == neuron) out.push_back(s.step);
  }
  return out;
}

}  // namespace snnft::faults::test
