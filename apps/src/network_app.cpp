// SPDX-License-Identifier: MIT
// "kind": "network" — build a spiking network from its config, simulate it (with STDP on the
// projections that have a "plasticity" block), record spikes to a SONATA HDF5 file, the
// learned weights next to them, and summarise the run.
#include "snnft/apps/network_app.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "snnft/apps/background_writer.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/fault_options.hpp"
#include "snnft/apps/network_checks.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/apps/network_progress.hpp"
#include "snnft/apps/network_recording.hpp"
#include "snnft/apps/provenance.hpp"
#include "snnft/apps/sonata_spike_writer.hpp"
#include "snnft/core/communicator.hpp"
#include "snnft/core/interrupt.hpp"
#include "snnft/core/parallel.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/stdp_monitor.hpp"
#include "snnft/snn/stdp_rule.hpp"

namespace snnft::apps {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The late output rate is taken over the last 10 s, as in Brian2's STDP comparison.
constexpr double kLateWindowMs = 10000.0;

void summarise_plasticity(const Network& network, const std::vector<PlasticitySpec>& specs,
                          const std::vector<std::unique_ptr<StdpMonitor>>& monitors, double simulated_ms,
                          Summary& summary) {
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const Projection& proj = network.projection(specs[k].projection);
    const WeightFractions f = weight_fractions(proj.weight, specs[k].stdp.w_min, specs[k].stdp.w_max);
    // The first plastic projection gives the plain keys; with several, each also gets its own.
    std::vector<std::string> suffixes;
    if (k == 0) suffixes.emplace_back("");
    if (specs.size() > 1) suffixes.push_back("_" + proj.name);
    for (const std::string& sfx : suffixes) {
      summary.set("weight_fraction_low" + sfx, f.low);
      summary.set("weight_fraction_high" + sfx, f.high);
      summary.set("output_rate_hz" + sfx, monitors[k]->output_rate_hz());
      // A shorter run has no last 10 s: the key would repeat output_rate_hz under a wrong name.
      if (simulated_ms >= kLateWindowMs) summary.set("output_rate_last_10s_hz" + sfx, monitors[k]->output_rate_window_hz());
    }
  }
}

void write_plasticity(H5Output& out, const Network& network, const std::vector<PlasticitySpec>& specs,
                      const std::vector<std::unique_ptr<StdpMonitor>>& monitors) {
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const Projection& proj = network.projection(specs[k].projection);
    const StdpMonitor& mon = *monitors[k];
    const StdpParams& p = specs[k].stdp;
    const std::string group = "/stdp/" + proj.name;
    out.write<float>(group + "/weights_final", proj.weight);
    // Pre and post neuron of every synapse, in the same (CSR) order as the weights.
    std::vector<std::uint32_t> pre(proj.synapse_count());
    for (std::size_t i = 0; i < proj.pre_size(); ++i) {
      std::fill(pre.begin() + proj.row_start[i], pre.begin() + proj.row_start[i + 1], static_cast<std::uint32_t>(i));
    }
    out.write<std::uint32_t>(group + "/synapse_pre", pre);
    out.write<std::uint32_t>(group + "/synapse_post", proj.target);
    out.write_matrix<std::uint32_t>(group + "/weight_histogram", mon.histogram(), mon.snapshots(), mon.bins());
    out.write<double>(group + "/histogram_times_ms", mon.snapshot_times_ms());
    out.write<double>(group + "/histogram_bin_edges", mon.bin_edges());
    out.set_attribute(group, "rule", std::string(p.a3_plus > 0 ? "stdp_triplet" : "stdp_pair"));
    out.set_attribute(group, "update", to_string(p.update));
    out.set_attribute(group, "pairing", to_string(p.pairing));
    out.set_attribute(group, "tau_plus_ms", p.tau_plus_ms);
    out.set_attribute(group, "tau_minus_ms", p.tau_minus_ms);
    out.set_attribute(group, "a_plus", p.a_plus);
    out.set_attribute(group, "a_minus", p.a_minus);
    out.set_attribute(group, "a3_plus", p.a3_plus);
    out.set_attribute(group, "tau_y_ms", p.tau_y_ms);
    out.set_attribute(group, "w_min", p.w_min);
    out.set_attribute(group, "w_max", p.w_max);
    out.set_attribute(group, "pre_population", network.population(proj.pre).name());
    out.set_attribute(group, "post_population", network.population(proj.post).name());
    out.set_attribute(group, "dropped_snapshots", static_cast<std::int64_t>(mon.dropped_snapshots()));
  }
}

}  // namespace

NetworkRunConfig resolve_network_config(const nlohmann::json& config, const RunOptions& options) {
  const std::string dir = std::filesystem::path(options.config_path).parent_path().string();
  NetworkRunConfig cfg = parse_network_config(config, dir.empty() ? "." : dir);
  if (options.seed) cfg.seed = *options.seed;
  if (options.duration_ms) cfg.duration_ms = *options.duration_ms;
  if (options.simd) cfg.simd = *options.simd;
  cfg.threads = run_threads(options.threads, cfg.threads);
  reject_flag(options.trial_rate_hz.has_value(), "--trial-rate", "test trials are paced in columns runs only");
  reject_flag(options.protection.has_value(), "--protection",
              "protection (health monitoring, breakers, the degradation ladder) belongs to columns runs");
  if (options.out_path) cfg.output = options.out_path;
  return cfg;
}

namespace {

// A distributed run gathers every spike on every rank, so spike recording and rates work as on
// one process, and faults on neurons (by global id) act on each rank's own neurons before
// the exchange, with random draws keyed by neuron and step. What needs one process: anything
// that reads or writes synapses or per-neuron state held by another rank.
void reject_distributed(const NetworkRunConfig& cfg, const std::vector<faults::FaultSpec>& faults, int ranks) {
  const std::string why = " needs one process (this run has " + std::to_string(ranks) + " ranks)";
  for (const faults::FaultSpec& spec : faults) {
    if (faults::fault_kind_info(spec.kind).target == faults::FaultTarget::kSynapses) {
      throw ConfigError(spec.origin_is_json ? spec.origin + "/kind" : spec.origin,
                        std::string(faults::fault_kind_name(spec.kind)) + " (a synapse fault)" + why);
    }
  }
  if (!cfg.plasticity.empty()) {
    throw ConfigError("/projections/" + std::to_string(cfg.plasticity.front().projection) + "/plasticity", "STDP" + why);
  }
  if (!cfg.record.state.empty()) throw ConfigError("/record/state", "state recording" + why);
  if (!cfg.record.weights.empty()) throw ConfigError("/record/weights", "weight recording" + why);
}

}  // namespace

int run_network(const nlohmann::json& config, const RunOptions& options, Summary& summary) {
  const NetworkRunConfig cfg = resolve_network_config(config, options);
  const auto steps = static_cast<Step>(
      run_steps(cfg.duration_ms, cfg.network.dt_ms, options.duration_ms ? "--duration" : "/duration_ms"));
  std::vector<faults::FaultSpec> fault_specs = run_faults(cfg.faults, options.faults);
  check_network_memory(cfg, fault_specs);
  // Under mpirun every rank runs this; rank 0 alone writes the output (it receives every
  // spike) and prints the summary.
  Communicator& world = world_communicator();
  const int ranks = world.size();
  if (ranks > 1) reject_distributed(cfg, fault_specs, ranks);
  faults::FaultSchedule schedule(std::move(fault_specs), cfg.seed);

  // Open the output first, so a bad path fails before any work is done.
  std::unique_ptr<H5Output> out;
  std::exception_ptr open_failed;
  if (cfg.output && world.rank() == 0) {
    try {
      out = std::make_unique<H5Output>(*cfg.output);
    } catch (...) {
      open_failed = std::current_exception();
    }
  }
  if (ranks > 1 && world.max(open_failed ? 1.0 : 0.0) > 0 && !open_failed) std::exit(2);  // rank 0 reports it
  if (open_failed) std::rethrow_exception(open_failed);
  // The run's spike, state and weight buffers are written on a thread of their own.
  std::unique_ptr<BackgroundWriter> background;
  if (out) background = std::make_unique<BackgroundWriter>();

  // Construction runs in parallel on as many threads as the simulation will use.
  const ThreadLimit thread_limit(cfg.threads);
  const auto t_build = std::chrono::steady_clock::now();
  Network network = Network::build(cfg.network, cfg.seed, world.rank(), ranks);
  const double build_s = world.max(seconds_since(t_build));  // the slowest rank's

  SimulationOptions sim_options;
  sim_options.simd = cfg.simd ? best_simd_isa() : SimdIsa::kScalar;
  sim_options.threads = cfg.threads;
  sim_options.communicator = &world;
  Simulation sim(network, sim_options);
  if (!schedule.empty()) schedule.attach(sim);

  std::vector<std::unique_ptr<StdpRule>> rules;
  std::vector<std::unique_ptr<StdpMonitor>> monitors;
  for (const PlasticitySpec& ps : cfg.plasticity) {
    rules.push_back(std::make_unique<StdpRule>(network, ps.projection, ps.stdp));
    sim.add_plasticity(*rules.back());
    const StdpMonitorOptions mo{ps.histogram_interval_ms, ps.histogram_bins, kLateWindowMs, steps, sim.now()};
    monitors.push_back(std::make_unique<StdpMonitor>(network, ps.projection, ps.stdp.w_min, ps.stdp.w_max, mo));
    sim.add_observer(*monitors.back());
  }

  SpikeStatistics stats(network);
  sim.add_observer(stats);
  std::unique_ptr<SonataSpikeWriter> writer;
  std::unique_ptr<BackgroundSpikeSink> spike_sink;
  std::unique_ptr<SpikeRecorder> recorder;
  if (out) {
    std::vector<PopulationIndex> recorded;
    for (const auto& name : cfg.record_spikes) recorded.push_back(*network.find_population(name));
    writer = std::make_unique<SonataSpikeWriter>(*out, network, recorded);
    constexpr std::size_t kSpikeBuffer = std::size_t{1} << 16;
    spike_sink = std::make_unique<BackgroundSpikeSink>(*writer, *background, kSpikeBuffer, 3);
    recorder = std::make_unique<SpikeRecorder>(network, recorded, *spike_sink, kSpikeBuffer);
    sim.add_observer(*recorder);
  }
  std::unique_ptr<CurrentInjector> currents;
  if (!cfg.current_sources.empty()) {
    currents = std::make_unique<CurrentInjector>(network, cfg.current_sources);
    sim.add_actor(*currents);
  }
  std::unique_ptr<NetworkRecording> recording;
  if (out) {
    recording = std::make_unique<NetworkRecording>(*out, network, cfg.record, background.get());
    recording->attach(sim, steps);
  }

  std::unique_ptr<NetworkProgress> progress;
  if (options.monitor != nullptr) {
    progress = std::make_unique<NetworkProgress>(*options.monitor, steps, &schedule);
    sim.add_observer(*progress);
    options.monitor->begin(RunPhase::kRunning, "step", steps);
  }

  const auto t_sim = std::chrono::steady_clock::now();
  const Step done = sim.run(steps);
  // Every buffer of the run is in the file, and the file is this thread's again.
  if (background) background->drain();
  const double sim_s = world.max(seconds_since(t_sim));
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
  // Each rank holds the synapses onto its own neurons.
  std::array<std::uint64_t, 2> synapses{network.synapse_count(), network.synapse_memory_bytes()};
  world.sum(synapses);
  summary.set("synapses", synapses[0]);
  summary.set("synapse_bytes", synapses[1]);
  summary.set("bytes_per_synapse",
              synapses[0] > 0 ? static_cast<double>(synapses[1]) / static_cast<double>(synapses[0]) : 0.0);
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
  summarise_plasticity(network, cfg.plasticity, monitors, static_cast<double>(done) * cfg.network.dt_ms, summary);
  summary.set("duration_ms", static_cast<double>(done) * cfg.network.dt_ms);
  summary.set("steps", done);
  summary.set("build_s", build_s);
  summary.set("sim_s", sim_s);
  summary.set("realtime_factor", sim_s > 0 ? simulated_s / sim_s : 0.0);
  summary.set("ranks", ranks);
  if (ranks > 1) {
    // Spikes travel once per minimum delay: ceil(steps / interval) collective exchanges.
    summary.set("exchange_interval_steps", sim.exchange_interval());
    summary.set("spike_exchanges", sim.exchanges());
  }
  summary.set("threads", sim.threads());
  summary.set("simd", std::string(to_string(sim.simd())));
  summary.set("seed", cfg.seed);
  report_faults(schedule, summary, out.get());
  if (interrupted) summary.set("interrupted", true);

  if (out) {
    recording->finish();
    write_plasticity(*out, network, cfg.plasticity, monitors);
    write_provenance(*out, config, cfg.seed);
    out->set_attribute("/", "dt_ms", cfg.network.dt_ms);
    out->set_attribute("/", "duration_ms", static_cast<double>(done) * cfg.network.dt_ms);
    out->set_attribute("/", "simd", std::string(to_string(sim.simd())));
    out->set_attribute("/", "interrupted", static_cast<std::int64_t>(interrupted));
    out->set_attribute("/", "summary", summary.values().dump());
    out->commit();
    summary.set("output", out->final_path());
  }
  return interrupted ? interrupt_exit_code() : 0;
}

}  // namespace snnft::apps
