// SPDX-License-Identifier: MIT
// "record" configs end to end: what a run writes into the HDF5 file (SONATA report layout,
// rates, weight snapshots, population sizes) and the errors `validate` gives.
#include <gtest/gtest.h>

#include <filesystem>

#include "config_error_of.hpp"
#include "snnft/apps/network_app.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/core/hdf5_input.hpp"

namespace snnft {
namespace {

nlohmann::json small_network() {
  return nlohmann::json::parse(R"({
    "kind": "network", "dt_ms": 0.1, "duration_ms": 200, "seed": 3,
    "populations": [
      {"name": "exc", "size": 40, "model": "lif", "tau_m_ms": 20, "v_rest_mv": -49, "v_reset_mv": -60,
       "v_th_mv": -50, "t_ref_ms": 5, "initial": {"v_mv": {"uniform": [-60, -50]}}},
      {"name": "drive", "size": 20, "model": "poisson", "rate_hz": 50}
    ],
    "projections": [
      {"name": "drive_to_exc", "pre": "drive", "post": "exc", "receptor": "excitatory",
       "connectivity": {"rule": "fixed_probability", "p": 0.5}, "weight": 0.5,
       "plasticity": {"rule": "stdp", "a_plus": 0.01, "a_minus": -0.012, "w_max": 1.0}}
    ],
    "record": {"spikes": ["exc", "drive"],
               "state": [{"population": "exc", "variables": ["v_mv", "ge"], "ids": [0, 5, 7], "interval_ms": 1.0},
                         {"population": "exc", "variables": ["gi"], "fraction": 0.1}],
               "rates": {"populations": ["exc", "drive"], "bin_ms": 5},
               "weights": [{"projection": "drive_to_exc", "interval_ms": 50}]}
  })");
}

std::string run_to_file(const nlohmann::json& config, const std::string& name, apps::Summary& summary) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  apps::RunOptions options;
  options.out_path = path;
  EXPECT_EQ(apps::run_network(config, options, summary), 0);
  return path;
}

std::string error_of(const nlohmann::json& config) {
  return test::config_error_of([&] { apps::parse_network_config(config); });
}

}  // namespace

TEST(RecordingOutput, WritesSonataReportsRatesAndWeights) {
  apps::Summary summary;
  const std::string path = run_to_file(small_network(), "recording_output.h5", summary);
  H5Input in(path);
  // v_mv of 3 neurons every 1 ms for 200 ms: 200 frames, the first at t = 1 ms.
  EXPECT_EQ(in.shape("/report/exc.v_mv/data"), (std::vector<std::size_t>{200, 3}));
  EXPECT_EQ(in.string_attribute("/report/exc.v_mv/data", "units"), "mV");
  EXPECT_EQ(in.read<std::uint64_t>("/report/exc.v_mv/mapping/node_ids"), (std::vector<std::uint64_t>{0, 5, 7}));
  EXPECT_EQ(in.read<std::uint64_t>("/report/exc.v_mv/mapping/index_pointers"), (std::vector<std::uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(in.read<std::uint32_t>("/report/exc.v_mv/mapping/element_ids"), (std::vector<std::uint32_t>{0, 0, 0}));
  const auto time = in.read<double>("/report/exc.v_mv/mapping/time");
  ASSERT_EQ(time.size(), 3u);
  EXPECT_NEAR(time[0], 1.0, 1e-12);
  EXPECT_NEAR(time[1], 201.0, 1e-9);
  EXPECT_NEAR(time[2], 1.0, 1e-12);
  EXPECT_EQ(in.shape("/report/exc.ge/data"), (std::vector<std::size_t>{200, 3}));
  // gi of 10 % of 40 neurons (4, evenly spread) in every step.
  EXPECT_EQ(in.shape("/report/exc.gi/data"), (std::vector<std::size_t>{2000, 4}));
  EXPECT_EQ(in.read<std::uint64_t>("/report/exc.gi/mapping/node_ids"), (std::vector<std::uint64_t>{0, 10, 20, 30}));
  for (float v : in.read<float>("/report/exc.v_mv/data")) {
    EXPECT_GE(v, -60.0f);
    EXPECT_LE(v, -50.0f);  // reset, held, or below threshold: never above it after a step
  }
  // Rate bins sum to the spike counts in the spike report.
  for (const std::string pop : {"exc", "drive"}) {
    const auto counts = in.read<std::uint32_t>("/rates/" + pop + "/spike_counts");
    EXPECT_EQ(counts.size(), 40u);
    std::uint64_t sum = 0;
    for (auto c : counts) sum += c;
    EXPECT_EQ(sum, in.shape("/spikes/" + pop + "/node_ids")[0]) << pop;
    EXPECT_GT(sum, 0u) << pop;
    const auto hz = in.read<double>("/rates/" + pop + "/rate_hz");
    const double size = pop == "exc" ? 40.0 : 20.0;
    EXPECT_DOUBLE_EQ(hz[2], counts[2] / (size * 5e-3));
    EXPECT_EQ(in.number_attribute("/spikes/" + pop, "size"), size);
  }
  // Weight snapshots every 50 ms; the last one (t = 200 ms) is the final weights.
  const auto shape = in.shape("/weights/drive_to_exc/data");
  ASSERT_EQ(shape[0], 4u);
  const auto snapshots = in.read<float>("/weights/drive_to_exc/data");
  const auto final_weights = in.read<float>("/stdp/drive_to_exc/weights_final");
  ASSERT_EQ(shape[1], final_weights.size());
  EXPECT_TRUE(std::equal(final_weights.begin(), final_weights.end(), snapshots.end() - static_cast<std::ptrdiff_t>(shape[1])));
  EXPECT_EQ(in.read<double>("/weights/drive_to_exc/time"), (std::vector<double>{50, 250, 50}));
  std::filesystem::remove(path);
}

TEST(RecordingOutput, ConfigErrorsNameTheJsonPath) {
  auto with = [](const char* key, const nlohmann::json& value) {
    nlohmann::json c = small_network();
    c["record"][key] = value;
    return c;
  };
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["w"], "ids": "all"}])"))),
            "/record/state/0/variables/0: population \"exc\" has no state variable \"w\" (it has: v_mv, ge, gi, v_th_mv)");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["v_mv"], "ids": [0, 40]}])"))),
            "/record/state/0/ids/1: expected a neuron index below the population size 40, got 40");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["v_mv"]}])"))),
            "/record/state/0/ids: give exactly one of \"ids\" (a list or \"all\") and \"fraction\"");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["v_mv"], "fraction": 2}])"))),
            "/record/state/0/fraction: expected a number in (0, 1], got 2");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(
                                       R"([{"population": "exc", "variables": ["v_mv"], "ids": "all", "interval_ms": 0.25}])"))),
            "/record/state/0/interval_ms: must be a positive multiple of dt_ms (0.1), got 0.25");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["v_mv"], "ids": "all"},
                                                             {"population": "exc", "variables": ["v_mv"], "ids": [1]}])"))),
            "/record/state/1/variables/0: \"v_mv\" of \"exc\" is already recorded");
  EXPECT_EQ(error_of(with("state", nlohmann::json::parse(R"([{"population": "exc", "variables": ["v_mv"], "ids": "all", "deflate": 10}])"))),
            "/record/state/0/deflate: expected a level from 0 (off) to 9, got 10");
  EXPECT_EQ(error_of(with("rates", nlohmann::json::parse(R"({"populations": ["nobody"]})"))),
            "/record/rates/populations/0: no population named \"nobody\"");
  EXPECT_EQ(error_of(with("weights", nlohmann::json::parse(R"([{"projection": "x", "interval_ms": 1}])"))),
            "/record/weights/0/projection: no projection named \"x\"");
  EXPECT_EQ(error_of(with("weights", nlohmann::json::parse(R"([{"projection": "drive_to_exc"}])"))),
            "/record/weights/0/interval_ms: missing required field");
}

}  // namespace snnft
