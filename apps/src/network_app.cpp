// SPDX-License-Identifier: MIT
// "kind": "network" — build a spiking network from its config, simulate it, record spikes
// to a SONATA HDF5 file and summarise the run.
#include "snnft/apps/network_app.hpp"

#include <chrono>
#include <memory>

#include "snnft/apps/network_config.hpp"
#include "snnft/apps/provenance.hpp"
#include "snnft/apps/sonata_spike_writer.hpp"
#include "snnft/core/interrupt.hpp"
#include "snnft/snn/simulation.hpp"

namespace snnft::apps {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

NetworkRunConfig resolve_network_config(const nlohmann::json& config, const RunOptions& options) {
  NetworkRunConfig cfg = parse_network_config(config);
  if (options.seed) cfg.seed = *options.seed;
  if (options.duration_ms) cfg.duration_ms = *options.duration_ms;
  if (options.simd) cfg.simd = *options.simd;
  cfg.threads = options.threads;
  if (options.out_path) cfg.output = options.out_path;
  return cfg;
}

int run_network(const nlohmann::json& config, const RunOptions& options, Summary& summary) {
  const NetworkRunConfig cfg = resolve_network_config(config, options);

  // Open the output first, so a bad path fails before any work is done.
  std::unique_ptr<H5Output> out;
  if (cfg.output) out = std::make_unique<H5Output>(*cfg.output);

  const auto t_build = std::chrono::steady_clock::now();
  Network network = Network::build(cfg.network, cfg.seed);
  const double build_s = seconds_since(t_build);

  SimulationOptions sim_options;
  sim_options.simd = cfg.simd ? best_simd_isa() : SimdIsa::kScalar;
  sim_options.threads = cfg.threads;
  Simulation sim(network, sim_options);

  SpikeStatistics stats(network);
  sim.add_observer(stats);
  std::unique_ptr<SonataSpikeWriter> writer;
  std::unique_ptr<SpikeRecorder> recorder;
  if (out) {
    std::vector<PopulationIndex> recorded;
    for (const auto& name : cfg.record_spikes) recorded.push_back(*network.find_population(name));
    writer = std::make_unique<SonataSpikeWriter>(*out, network, recorded);
    recorder = std::make_unique<SpikeRecorder>(network, recorded, *writer);
    sim.add_observer(*recorder);
  }

  const auto steps = static_cast<Step>(std::llround(cfg.duration_ms / cfg.network.dt_ms));
  const auto t_sim = std::chrono::steady_clock::now();
  const Step done = sim.run(steps);
  const double sim_s = seconds_since(t_sim);
  const bool interrupted = done < steps;

  const double simulated_s = static_cast<double>(done) * cfg.network.dt_ms * 1e-3;
  std::uint64_t spikes = 0, lif_neurons = 0, lif_spikes = 0;
  for (PopulationIndex p = 0; p < network.population_count(); ++p) {
    spikes += stats.spikes(p);
    if (network.population(p).model_name() == "lif") {
      lif_neurons += network.population(p).size();
      lif_spikes += stats.spikes(p);
    }
  }
  summary.set("name", cfg.name);
  summary.set("neurons", network.neuron_count());
  summary.set("synapses", network.synapse_count());
  summary.set("spikes", spikes);
  // Mean rate over the simulated (non-source) neurons: the quantity benchmarks report.
  summary.set("mean_rate_hz", simulated_s > 0 && lif_neurons > 0
                                  ? static_cast<double>(lif_spikes) / (static_cast<double>(lif_neurons) * simulated_s)
                                  : 0.0);
  for (PopulationIndex p = 0; p < network.population_count(); ++p) {
    const auto& pop = network.population(p);
    const double rate = simulated_s > 0 ? static_cast<double>(stats.spikes(p)) / (static_cast<double>(pop.size()) * simulated_s) : 0.0;
    summary.set("rate_hz_" + pop.name(), rate);
    if (pop.model_name() == "lif") {
      const double cv = stats.mean_cv_isi(p);
      summary.set("cv_isi_" + pop.name(), std::isnan(cv) ? nlohmann::json(nullptr) : nlohmann::json(cv));
    }
  }
  summary.set("duration_ms", static_cast<double>(done) * cfg.network.dt_ms);
  summary.set("steps", done);
  summary.set("build_s", build_s);
  summary.set("sim_s", sim_s);
  summary.set("realtime_factor", sim_s > 0 ? simulated_s / sim_s : 0.0);
  summary.set("threads", sim.threads());
  summary.set("simd", std::string(to_string(sim.simd())));
  summary.set("seed", cfg.seed);
  if (interrupted) summary.set("interrupted", true);

  if (out) {
    write_provenance(*out, config, cfg.seed);
    out->set_attribute("/", "dt_ms", cfg.network.dt_ms);
    out->set_attribute("/", "duration_ms", static_cast<double>(done) * cfg.network.dt_ms);
    out->set_attribute("/", "simd", std::string(to_string(sim.simd())));
    out->set_attribute("/", "interrupted", static_cast<std::int64_t>(interrupted));
    out->set_attribute("/", "summary", summary.values().dump());
    out->commit();
    summary.set("output", out->final_path());
  }
  return interrupted ? 130 : 0;
}

}  // namespace snnft::apps
