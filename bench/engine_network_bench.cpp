// SPDX-License-Identifier: MIT
// Whole-network benchmarks on the shipped Brette et al. 2007 configs: the CUBA network for
// 10 s of biological time (the figure compared with Brian2 by bench/compare_brian2.sh), COBA
// for 1 s, CUBA scaled to 16000 and 64000 neurons, thread scaling (with and without the
// inline stepping of small networks), and network construction.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "snnft/apps/network_config.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/simd_isa.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft {
namespace {

/// SNNFT_DATA_DIR in the environment wins over the source tree's data/, so an installed
/// or copied binary can still find the configs.
std::string config_path(const std::string& file) {
  const char* env = std::getenv("SNNFT_DATA_DIR");
  return std::string(env ? env : SNNFT_DATA_DIR) + "/configs/" + file;
}

/// The parsed config, or nullopt after reporting why on the benchmark.
std::optional<apps::NetworkRunConfig> load(benchmark::State& state, const std::string& file) {
  try {
    return apps::parse_network_config(read_json_file(config_path(file)));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return std::nullopt;
  }
}

/// The CUBA network at another size, scaled as cuba.py --N does: 80 % excitatory and
/// p = 80/N, so every neuron keeps about 80 inputs.
void scale_cuba(NetworkSpec& spec, std::size_t n) {
  spec.populations.at(0).size = n * 4 / 5;
  spec.populations.at(1).size = n - n * 4 / 5;
  for (ProjectionSpec& p : spec.projections) p.rule.probability = 80.0 / static_cast<double>(n);
}

// One iteration builds the network (untimed) and runs it from its initial state for the
// given biological time. Spike statistics are collected as `snnft run` does, and as Brian2's
// SpikeMonitor does in the peer script, so the figure is the one compared there.
void run_network(benchmark::State& state, const std::string& file, std::size_t neurons, double seconds,
                 SimdIsa isa, bool always_fork = false) {
  auto cfg = load(state, file);
  if (!cfg) return;
  if (neurons != 0) scale_cuba(cfg->network, neurons);
  const auto threads = static_cast<std::size_t>(state.range(0));
  const auto steps = static_cast<Step>(std::llround(seconds * 1000.0 / cfg->network.dt_ms));
  std::uint64_t spikes = 0;
  std::size_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto net = std::make_unique<Network>(Network::build(cfg->network, cfg->seed));
    SimulationOptions options{isa, threads, 1024};
    if (always_fork) options.min_parallel_neurons = 0;
    Simulation sim(*net, options);
    SpikeStatistics stats(*net);
    sim.add_observer(stats);
    n = net->neuron_count();
    state.ResumeTiming();
    sim.run(steps);
    state.PauseTiming();
    spikes += stats.total_spikes();
    net.reset();
    state.ResumeTiming();
  }
  const auto iterations = static_cast<double>(state.iterations());
  if (spikes == 0) {
    state.SkipWithError("the network did not spike");
    return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * steps * static_cast<std::int64_t>(n));
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(seconds * iterations, benchmark::Counter::kIsRate);
  state.counters["rate_hz"] = static_cast<double>(spikes) / (iterations * static_cast<double>(n) * seconds);
  state.counters["threads"] = static_cast<double>(threads);
}

void cuba_network_10s(benchmark::State& state) { run_network(state, "cuba.json", 0, 10.0, best_simd_isa()); }
void cuba_network_10s_scalar(benchmark::State& state) { run_network(state, "cuba.json", 0, 10.0, SimdIsa::kScalar); }
void coba_network_1s(benchmark::State& state) { run_network(state, "coba.json", 0, 1.0, best_simd_isa()); }
void cuba16k_network_1s(benchmark::State& state) { run_network(state, "cuba.json", 16000, 1.0, best_simd_isa()); }
// The same runs with every step split between the threads, however little work it holds:
// what SimulationOptions::min_parallel_neurons saves by stepping small networks inline.
void cuba_network_10s_forked(benchmark::State& state) {
  run_network(state, "cuba.json", 0, 10.0, best_simd_isa(), true);
}
void cuba16k_network_1s_forked(benchmark::State& state) {
  run_network(state, "cuba.json", 16000, 1.0, best_simd_isa(), true);
}
void cuba64k_network_1s(benchmark::State& state) { run_network(state, "cuba.json", 64000, 1.0, best_simd_isa()); }

// Network::build alone: populations, initial state and every synapse (CSR, weights, delays).
void build_network(benchmark::State& state, std::size_t neurons) {
  auto cfg = load(state, "cuba.json");
  if (!cfg) return;
  if (neurons != 0) scale_cuba(cfg->network, neurons);
  std::size_t synapses = 0;
  for (auto _ : state) {
    Network net = Network::build(cfg->network, cfg->seed);
    synapses = net.synapse_count();
    benchmark::DoNotOptimize(synapses);
    state.PauseTiming();
    {
      Network dropped = std::move(net);  // freeing the previous network is not construction
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * synapses));
  state.counters["synapses"] = static_cast<double>(synapses);
}

void build_cuba(benchmark::State& state) { build_network(state, 0); }
void build_cuba16k(benchmark::State& state) { build_network(state, 16000); }

// Whole-network runs take 0.02-1 s each: one iteration per repetition, three repetitions,
// wall-clock time (worker threads do part of the work when threads > 1).
BENCHMARK(cuba_network_10s)->Name("BM_CubaNetwork10s")->ArgName("threads")->Arg(1)->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(cuba_network_10s_scalar)->Name("BM_CubaNetwork10s_Scalar")->ArgName("threads")->Arg(1)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(coba_network_1s)->Name("BM_CobaNetwork1s")->ArgName("threads")->Arg(1)->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(cuba16k_network_1s)->Name("BM_Cuba16kNetwork1s")->ArgName("threads")->Arg(1)->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(cuba_network_10s_forked)->Name("BM_CubaNetwork10s_AlwaysFork")->ArgName("threads")->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(cuba16k_network_1s_forked)->Name("BM_Cuba16kNetwork1s_AlwaysFork")->ArgName("threads")->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(cuba64k_network_1s)->Name("BM_Cuba64kNetwork1s")->ArgName("threads")->Arg(1)->Arg(2)
    ->Iterations(1)->Repetitions(3)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(build_cuba)->Name("BM_BuildCubaNetwork")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(build_cuba16k)->Name("BM_BuildCubaNetwork16k")->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace snnft
