// SPDX-License-Identifier: MIT
// Cost of fault injection on the shipped CUBA network (4000 neurons, 0.5 s): the same run
// with no schedule, with a schedule whose fault never becomes active, and with each kind of
// neuron or synapse fault active from the start. items_per_second counts neuron-steps.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "snnft/apps/network_config.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft {
namespace {

std::string cuba_path() {
  const char* env = std::getenv("SNNFT_DATA_DIR");
  return std::string(env ? env : SNNFT_DATA_DIR) + "/configs/cuba.json";
}

void run_with_faults(benchmark::State& state, std::vector<std::string> flags) {
  apps::NetworkRunConfig cfg;
  try {
    cfg = apps::parse_network_config(read_json_file(cuba_path()));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::vector<faults::FaultSpec> specs;
  for (const auto& f : flags) specs.push_back(faults::parse_fault_flag(f));
  const auto steps = static_cast<Step>(std::llround(500.0 / cfg.network.dt_ms));
  std::size_t n = 0;
  std::uint64_t spikes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto net = std::make_unique<Network>(Network::build(cfg.network, cfg.seed));
    Simulation sim(*net, {best_simd_isa(), 1, 1024});
    SpikeStatistics stats(*net);
    sim.add_observer(stats);
    auto schedule = std::make_unique<faults::FaultSchedule>(specs, cfg.seed);
    if (!schedule->empty()) schedule->attach(sim);
    n = net->neuron_count();
    state.ResumeTiming();
    sim.run(steps);
    state.PauseTiming();
    spikes += stats.total_spikes();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * steps * static_cast<std::int64_t>(n));
  state.counters["spikes_per_run"] = static_cast<double>(spikes) / static_cast<double>(state.iterations());
}

BENCHMARK_CAPTURE(run_with_faults, none, {})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, idle_schedule, {"dead:fraction=0.1,at=1000000ms"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, dead_10pct, {"dead:fraction=0.1"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, saturated_1pct, {"saturated:fraction=0.01"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, stuck_v_1pct, {"stuck_v:fraction=0.01,value_mv=-55"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, drift_10pct, {"drift:fraction=0.1,threshold_scale=1.1,leak_scale=0.9"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, refractory_corrupt_10pct, {"refractory_corrupt:fraction=0.1"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, drop_20pct_all, {"drop:p=0.2"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, jitter_1ms_all, {"jitter:sigma_ms=1"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, syn_stuck0_1pct, {"syn_stuck0:fraction=0.01"})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_with_faults, simd_off, {"simd_off"})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace snnft
