// SPDX-License-Identifier: MIT
// Input keys of network configs: spike_source times and files (SONATA, CSV), Poisson
// windows and rate distributions, current sources, heterogeneous LIF parameters; what they
// build, and the errors `validate` gives (each naming its JSON path).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_error_of.hpp"
#include "snnft/apps/network_app.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/apps/spike_file.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/core/hdf5_output.hpp"

namespace snnft {
namespace {

std::string temp(const std::string& name) { return (std::filesystem::temp_directory_path() / name).string(); }

nlohmann::json base() {
  return nlohmann::json::parse(R"({
    "kind": "network", "dt_ms": 0.1, "duration_ms": 100, "seed": 3,
    "populations": [
      {"name": "src", "size": 3, "model": "spike_source", "spike_times_ms": [[1.0, 5.0], [], [2.5]]},
      {"name": "noise", "size": 4, "model": "poisson", "rate_hz": 10},
      {"name": "n", "size": 5, "model": "lif", "v_th_mv": {"uniform": [-52, -48]}, "tau_m_ms": {"normal": [20, 2]}}
    ],
    "projections": [
      {"pre": "src", "post": "n", "receptor": "excitatory", "connectivity": {"rule": "all_to_all"}, "weight": 1}
    ]
  })");
}

std::string error_of(const nlohmann::json& config, const std::string& dir = ".") {
  return test::config_error_of([&] { apps::parse_network_config(config, dir); });
}

// base() with `value` at a JSON pointer.
nlohmann::json with(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::json c = base();
  c[nlohmann::json::json_pointer(pointer)] = value;
  return c;
}
nlohmann::json without(const std::string& pointer) {
  nlohmann::json c = base();
  const nlohmann::json::json_pointer p(pointer);
  c[p.parent_pointer()].erase(p.back());
  return c;
}

}  // namespace

TEST(InputConfig, ParsesTimesDistributionsAndSources) {
  nlohmann::json c = base();
  c["populations"][1]["rate_hz"] = nlohmann::json::parse(R"({"uniform": [5, 15]})");
  c["populations"][1]["start_ms"] = 20;
  c["populations"][1]["stop_ms"] = 80;
  c["current_sources"] = nlohmann::json::parse(R"([
    {"type": "dc", "population": "n", "ids": [0, 3], "amplitude_mv": 2, "start_ms": 10, "stop_ms": 50},
    {"type": "step", "population": "n", "times_ms": [10, 20], "amplitudes_mv": [1, -1]},
    {"type": "noisy", "population": "n", "ids": "all", "mean_mv": 0, "stdev_mv": 1, "dt_ms": 0.5},
    {"type": "ac", "population": "n", "amplitude_mv": 2, "offset_mv": 1, "frequency_hz": 10, "phase_deg": 90}])");
  const apps::NetworkRunConfig cfg = apps::parse_network_config(c);
  const auto& pops = cfg.network.populations;
  EXPECT_EQ(pops[0].spike_times_ms, (std::vector<std::vector<double>>{{1.0, 5.0}, {}, {2.5}}));
  ASSERT_TRUE(pops[1].rate_distribution.has_value());
  EXPECT_EQ(pops[1].rate_distribution->b, 15);
  EXPECT_EQ(pops[1].start_ms, 20);
  EXPECT_EQ(pops[1].stop_ms, 80);
  ASSERT_EQ(pops[2].lif_distributions.size(), 2u);
  EXPECT_EQ(pops[2].lif_distributions[0].name, "tau_m_ms");
  EXPECT_EQ(pops[2].lif.v_th_mv, -50);  // the mean stands for the population
  ASSERT_EQ(cfg.current_sources.size(), 4u);
  EXPECT_EQ(cfg.current_sources[3].kind, CurrentSourceSpec::Kind::kAc);
  EXPECT_EQ(cfg.current_sources[3].offset_mv, 1);
  EXPECT_EQ(cfg.current_sources[3].frequency_hz, 10);
  EXPECT_EQ(cfg.current_sources[3].phase_deg, 90);
  EXPECT_EQ(cfg.current_sources[0].ids, (std::vector<NeuronIndex>{0, 3}));
  EXPECT_EQ(cfg.current_sources[2].kind, CurrentSourceSpec::Kind::kNoisy);
  EXPECT_TRUE(cfg.current_sources[2].ids.empty());
}

TEST(InputConfig, ErrorsNameTheJsonPath) {
  EXPECT_EQ(error_of(without("/populations/0/spike_times_ms")),
            "/populations/0/spike_times_ms: a spike_source takes exactly one of \"spike_times_ms\" (one list of times per "
            "neuron) and \"from_file\"");
  EXPECT_EQ(error_of(with("/populations/0/from_file", "x.csv")),
            "/populations/0/from_file: a spike_source takes exactly one of \"spike_times_ms\" (one list of times per neuron) "
            "and \"from_file\"");
  EXPECT_EQ(error_of(with("/populations/0/spike_times_ms/2/0", -1)),
            "/populations/0/spike_times_ms/2/0: expected a non-negative time in ms, got -1");
  EXPECT_EQ(error_of(with("/populations/0/spike_times_ms/3", nlohmann::json::array())),
            "/populations/0/spike_times_ms: has 4 lists for 3 neurons");
  EXPECT_EQ(error_of(with("/populations/1/stop_ms", 0)), "/populations/1/stop_ms: must be after start_ms (0), got 0");
  EXPECT_EQ(error_of(with("/populations/1/rate_hz", nlohmann::json::parse(R"({"uniform": [5, 20000]})"))),
            "/populations/1/rate_hz/uniform: 20000 Hz is above 1/dt_ms = 10000 Hz: a Poisson source fires at most once per step");
  EXPECT_EQ(error_of(with("/populations/2/tau_m_ms", nlohmann::json::parse(R"({"uniform": [0, 20]})"))),
            "/populations/2/tau_m_ms/uniform: must be positive");
  EXPECT_EQ(error_of(with("/populations/2/t_ref_ms", nlohmann::json::parse(R"({"normal": [-1, 1]})"))),
            "/populations/2/t_ref_ms/normal: the mean must be non-negative (draws below 0 become 0)");
  EXPECT_EQ(error_of(with("/populations/2/v_reset_mv", nlohmann::json::parse(R"({"uniform": [-60, -51]})"))),
            "/populations/2/v_reset_mv: must be below v_th_mv");
  EXPECT_EQ(error_of(with("/populations/2/tau_e_ms", nlohmann::json::parse(R"({"uniform": [1, 2]})"))),
            "/populations/2/tau_e_ms: is one value for the whole population (the synaptic time constants and reversal "
            "potentials do not vary between neurons); give a number");
  EXPECT_EQ(error_of(with("/populations/2/bias_mv", nlohmann::json::parse(R"({"gamma": [1, 2]})"))),
            "/populations/2/bias_mv: expected a number, {\"uniform\": [low, high]} or {\"normal\": [mean, sd]}, got an object");
  auto source = [](const char* json) { return with("/current_sources", nlohmann::json::parse(json)); };
  EXPECT_EQ(error_of(source(R"([{"type": "dc", "population": "noise", "amplitude_mv": 1}])")),
            "/current_sources/0/population: population \"noise\" takes no current (not lif, izhikevich or adex)");
  EXPECT_EQ(error_of(source(R"([{"type": "dc", "population": "m", "amplitude_mv": 1}])")),
            "/current_sources/0/population: no population named \"m\"");
  EXPECT_EQ(error_of(source(R"([{"type": "dc", "population": "n", "ids": [5], "amplitude_mv": 1}])")),
            "/current_sources/0/ids/0: expected a neuron index below the population size 5, got 5");
  EXPECT_EQ(error_of(source(R"([{"type": "dc", "population": "n"}])")), "/current_sources/0/amplitude_mv: missing required field");
  EXPECT_EQ(error_of(source(R"([{"type": "sine", "population": "n"}])")).substr(0, 25), "/current_sources/0/type: ");
  EXPECT_EQ(error_of(source(R"([{"type": "ac", "population": "n", "amplitude_mv": 1, "frequency_hz": -1}])")),
            "/current_sources/0/frequency_hz: expected a non-negative number, got -1");
  EXPECT_EQ(error_of(source(R"([{"type": "ac", "population": "n", "amplitude_mv": 1}])")),
            "/current_sources/0/frequency_hz: missing required field");
  EXPECT_EQ(error_of(source(R"([{"type": "step", "population": "n", "times_ms": [1, 2], "amplitudes_mv": [1]}])")),
            "/current_sources/0/amplitudes_mv: expected one amplitude per time (2), got 1");
  EXPECT_EQ(error_of(source(R"([{"type": "step", "population": "n", "times_ms": [2, 1], "amplitudes_mv": [1, 2]}])")),
            "/current_sources/0/times_ms/1: times must increase");
  EXPECT_EQ(error_of(source(R"([{"type": "step", "population": "n", "times_ms": [1, 1.04], "amplitudes_mv": [1, 2]}])")),
            "/current_sources/0/times_ms/1: falls in the same step of dt_ms = 0.1 as the time before it");
  EXPECT_EQ(error_of(source(R"([{"type": "noisy", "population": "n", "mean_mv": 0, "stdev_mv": 1, "dt_ms": 0.25}])")),
            "/current_sources/0/dt_ms: must be a multiple of dt_ms = 0.1, got 0.25");
  EXPECT_EQ(error_of(source(R"([{"type": "noisy", "population": "n", "mean_mv": 0, "stdev_mv": -1}])")).substr(0, 29),
            "/current_sources/0/stdev_mv: ");
  EXPECT_EQ(error_of(source(R"([{"type": "dc", "population": "n", "amplitude_mv": 1, "phase": 0}])")).substr(0, 26),
            "/current_sources/0/phase: ");
}

// CSV: a header, comments, one spike per line; node ids beyond the population and bad
// lines are errors naming the file and line.
TEST(SpikeFile, ReadsCsvAndNamesBadLines) {
  const std::string path = temp("spike_file_test.csv");
  std::ofstream(path) << "node_id,time_ms\n# replayed\n2,7.5\n0, 3\n2,1.25\n\n";
  EXPECT_EQ(apps::read_spike_file(path, "", 3), (std::vector<std::vector<double>>{{3.0}, {}, {1.25, 7.5}}));
  try {
    apps::read_spike_file(path, "", 2);
    FAIL() << "node 2 of a population of 2 must be rejected";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), path + " line 3: node id 2 is not a neuron of a population of 2");
  }
  std::ofstream(path) << "0,1\n1;2\n";
  try {
    apps::read_spike_file(path, "", 2);
    FAIL() << "a bad line must be rejected";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), path + " line 2: expected node_id,time_ms");
  }
  EXPECT_THROW(apps::read_spike_file(temp("no_such_spikes.csv"), "", 2), std::runtime_error);
  EXPECT_THROW(apps::read_spike_file(temp("spikes.npy"), "", 2), std::runtime_error);
  std::filesystem::remove(path);
}

// SONATA spike files: times in ms, or in s when the units attribute says so.
TEST(SpikeFile, ReadsSonataReportsInMsOrSeconds) {
  const std::string path = temp("spike_file_test.h5");
  {
    H5Output out(path);
    out.write<double>("/spikes/a/timestamps", std::vector<double>{0.5, 0.25, 0.75});
    out.write<std::uint64_t>("/spikes/a/node_ids", std::vector<std::uint64_t>{1, 0, 1});
    out.set_attribute("/spikes/a/timestamps", "units", std::string("s"));
    out.write<double>("/spikes/b/timestamps", std::vector<double>{4.0});
    out.write<std::uint64_t>("/spikes/b/node_ids", std::vector<std::uint64_t>{0});
    out.commit();
  }
  EXPECT_EQ(apps::read_spike_file(path, "a", 2), (std::vector<std::vector<double>>{{250.0}, {500.0, 750.0}}));
  EXPECT_EQ(apps::read_spike_file(path, "b", 1), (std::vector<std::vector<double>>{{4.0}}));
  EXPECT_THROW(apps::read_spike_file(path, "c", 1), std::runtime_error);
  // Through a config: the file population by default is the population's own name.
  nlohmann::json c = base();
  c["populations"][0] = nlohmann::json::parse(R"({"name": "b", "size": 1, "model": "spike_source"})");
  c["populations"][0]["from_file"] = std::filesystem::path(path).filename().string();
  c["projections"][0]["pre"] = "b";
  const auto cfg = apps::parse_network_config(c, std::filesystem::path(path).parent_path().string());
  EXPECT_EQ(cfg.network.populations[0].spike_times_ms, (std::vector<std::vector<double>>{{4.0}}));
  c["populations"][0]["from_file"] = "missing.h5";
  EXPECT_EQ(error_of(c, "/nowhere"), "/populations/0/from_file: /nowhere/missing.h5: no such file");
  std::filesystem::remove(path);
}

// A run's own spike output replayed as given spike times: the same spikes come out again.
TEST(SpikeFile, ReplayingARunsSpikesReproducesThem) {
  const std::string first = temp("replay_first.h5"), second = temp("replay_second.h5");
  nlohmann::json c = base();
  c["populations"][1]["rate_hz"] = 200;
  c["record"] = nlohmann::json::parse(R"({"spikes": ["noise"]})");
  apps::Summary summary;
  apps::RunOptions options;
  options.out_path = first;
  ASSERT_EQ(apps::run_network(c, options, summary), 0);
  c["populations"][1] = nlohmann::json::parse(R"({"name": "noise", "size": 4, "model": "spike_source"})");
  c["populations"][1]["from_file"] = first;
  options.out_path = second;
  ASSERT_EQ(apps::run_network(c, options, summary), 0);
  const H5Input a(first), b(second);
  const auto times = a.read<double>("/spikes/noise/timestamps");
  EXPECT_GT(times.size(), 20u);
  EXPECT_EQ(b.read<double>("/spikes/noise/timestamps"), times);
  EXPECT_EQ(b.read<std::uint64_t>("/spikes/noise/node_ids"), a.read<std::uint64_t>("/spikes/noise/node_ids"));
  std::filesystem::remove(first);
  std::filesystem::remove(second);
}

}  // namespace snnft
