// SPDX-License-Identifier: MIT
// The shipped Izhikevich and AdEx pattern configs against Brian2 2.5.1 running the same
// equations with the same method (euler) and dt (bench/peers/patterns_brian2.py wrote
// brian2_patterns.json), and the firing patterns' published shapes; the alpha-synapse config
// the same way (bench/peers/alpha_brian2.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "snnft/apps/network_config.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/snn/current_source.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/spike_recorder.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

using SpikeTimes = std::map<std::string, std::vector<double>>;

/// Spike times (ms) of every population of a shipped config, with its current sources.
SpikeTimes run_config(const std::string& file, SimdIsa isa) {
  const auto cfg = apps::parse_network_config(read_json_file(std::string(SNNFT_DATA_DIR) + "/configs/" + file));
  Network net = Network::build(cfg.network, cfg.seed);
  Simulation sim(net, {isa, 1, 1024});
  CurrentInjector injector(net, cfg.current_sources);
  sim.add_actor(injector);
  test::MemorySink sink;
  std::vector<PopulationIndex> all;
  for (PopulationIndex p = 0; p < net.population_count(); ++p) all.push_back(p);
  SpikeRecorder recorder(net, all, sink, 4096);
  sim.add_observer(recorder);
  sim.run(static_cast<Step>(std::llround(cfg.duration_ms / cfg.network.dt_ms)));
  recorder.flush();
  SpikeTimes out;
  for (PopulationIndex p = 0; p < net.population_count(); ++p) out[net.population(p).name()];
  for (const auto& s : sink.spikes) out[net.population(s.population).name()].push_back(static_cast<double>(s.step) * cfg.network.dt_ms);
  return out;
}

SpikeTimes brian2_times(const std::string& config_name) {
  const nlohmann::json j = read_json_file(std::string(SNNFT_TEST_DIR) + "/brian2_patterns.json");
  return j.at(config_name).get<SpikeTimes>();
}

std::vector<double> intervals(const std::vector<double>& t) {
  std::vector<double> out;
  for (std::size_t k = 1; k < t.size(); ++k) out.push_back(t[k] - t[k - 1]);
  return out;
}

class Brian2Patterns : public ::testing::TestWithParam<std::string> {};

// Spike times within one step (0.1 ms) of Brian2's over 1 s, on every instruction set.
TEST_P(Brian2Patterns, SpikeTimesWithinOneStepOfBrian2) {
  const SpikeTimes reference = brian2_times(GetParam());
  ASSERT_FALSE(reference.empty());
  for (SimdIsa isa : available_simd_isas()) {
    const SpikeTimes ours = run_config(GetParam() + ".json", isa);
    ASSERT_EQ(ours.size(), reference.size());
    for (const auto& [name, times] : reference) {
      const std::vector<double>& mine = ours.at(name);
      ASSERT_GT(times.size(), 10u) << name;
      ASSERT_EQ(mine.size(), times.size()) << name << " on " << to_string(isa);
      double worst = 0;
      for (std::size_t k = 0; k < times.size(); ++k) worst = std::max(worst, std::abs(mine[k] - times[k]));
      EXPECT_LE(worst, 0.1 + 1e-9) << name << " on " << to_string(isa);
    }
  }
}

// adex_refractory: the AdEx patterns with refractory periods (v held at v_reset, w evolving).
// alpha_synapses: LIF (current- and conductance-based) and AdEx neurons with alpha synapses
// driven by fixed spike trains (bench/peers/alpha_brian2.py).
INSTANTIATE_TEST_SUITE_P(Configs, Brian2Patterns,
                         ::testing::Values("izhikevich_patterns", "adex_patterns", "alpha_synapses", "adex_refractory"));

// Brette & Gerstner (2005) regular spiking: intervals lengthen (spike-triggered adaptation,
// b = 80.5 pA) to a tonic rate well below the initial one.
TEST(AdexPatterns, RegularSpikingAdapts) {
  const auto isi = intervals(run_config("adex_patterns.json", best_simd_isa()).at("rs"));
  ASSERT_GE(isi.size(), 20u);
  for (std::size_t k = 1; k < isi.size(); ++k) EXPECT_GE(isi[k], isi[k - 1] - 0.15) << "interval " << k;
  EXPECT_GT(isi.back() / isi.front(), 2.0) << "adaptation ratio";
  EXPECT_NEAR(isi[isi.size() - 5], isi.back(), 0.15) << "tonic at the end";
}

// Bursting (τ_w = 20 ms, b = 0.5 nA, V_r = V_T + 5 mV): groups of spikes a millisecond or two
// apart, separated by pauses of tens of milliseconds, repeating to the end.
TEST(AdexPatterns, BurstingFiresRepeatedBursts) {
  const auto isi = intervals(run_config("adex_patterns.json", best_simd_isa()).at("bursting"));
  ASSERT_GE(isi.size(), 20u);
  std::size_t bursts = 0, in_burst = 0, run = 0;
  for (double d : isi) {
    if (d < 5.0) {
      ++in_burst;
      ++run;
    } else {
      EXPECT_GT(d, 20.0) << "intervals are either within a burst or a pause";
      if (run > 0) ++bursts;
      run = 0;
    }
  }
  EXPECT_GE(bursts, 15u);
  EXPECT_GE(in_burst, bursts) << "at least two spikes per burst";
  EXPECT_LT(isi.front(), 5.0) << "starts with a burst";
}

// Fast spiking (b = 0, a = 2C/144 ms): a high rate with almost no adaptation.
TEST(AdexPatterns, FastSpikingBarelyAdapts) {
  const auto times = run_config("adex_patterns.json", best_simd_isa()).at("fs");
  const auto isi = intervals(times);
  ASSERT_GE(isi.size(), 50u);
  EXPECT_LT(isi.back() / isi.front(), 1.15) << "adaptation ratio";
  EXPECT_GT(static_cast<double>(times.size()) / 0.95, 70.0) << "rate (Hz) over the 950 ms of input";
}

}  // namespace
}  // namespace snnft
