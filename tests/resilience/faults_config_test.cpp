// SPDX-License-Identifier: MIT
// Fault specs in a config's "faults" list: the same keys and checks as --fault, errors at
// the JSON path of the bad value.
#include <gtest/gtest.h>

#include "config_error_of.hpp"
#include "snnft/apps/columns_config.hpp"
#include "snnft/apps/fault_options.hpp"
#include "snnft/apps/network_config.hpp"

namespace snnft::apps {
namespace {

/// A one-population network config with the given "faults" (JSON text).
nlohmann::json network_with(const std::string& faults) {
  return nlohmann::json::parse(R"({"kind": "network", "populations": [{"name": "exc", "size": 20, "bias_mv": 30}],
                                   "faults": )" + faults + "}");
}

std::string error_of(const std::string& faults) {
  return test::config_error_of([&] { parse_network_config(network_with(faults)); });
}

}  // namespace

TEST(FaultConfig, ReadsTheSameSpecsAsTheFlags) {
  const auto cfg = parse_network_config(network_with(R"([
      {"kind": "dead", "fraction": 0.3, "at": "200ms"},
      {"kind": "jitter", "sigma_ms": 0.5, "population": "exc", "ids": [1, 2, 3], "until": "1000ms"},
      {"kind": "drift", "threshold_scale": 1.5, "seed": 4},
      {"kind": "bitflip", "rate": 1e-3, "ids": "4;5", "projection": "p"}])"));
  ASSERT_EQ(cfg.faults.size(), 4u);
  EXPECT_EQ(faults::to_string(cfg.faults[0]), faults::to_string(faults::parse_fault_flag("dead:fraction=0.3,at=200ms")));
  EXPECT_EQ(faults::to_string(cfg.faults[1]),
            faults::to_string(faults::parse_fault_flag("jitter:sigma_ms=0.5,population=exc,ids=1;2;3,until=1000ms")));
  EXPECT_EQ(*cfg.faults[2].seed, 4u);
  EXPECT_EQ(cfg.faults[3].ids, (std::vector<std::uint32_t>{4, 5}));
  EXPECT_DOUBLE_EQ(cfg.faults[3].rate, 1e-3);
  EXPECT_EQ(cfg.faults[1].origin, "/faults/1");
  EXPECT_TRUE(cfg.faults[1].origin_is_json);
  EXPECT_TRUE(parse_network_config(network_with("[]")).faults.empty());
}

TEST(FaultConfig, ColumnsConfigTakesTrialsAndColumns) {
  const auto c = nlohmann::json::parse(R"({
      "kind": "columns",
      "dataset": {"name": "yinyang", "train_size": 10, "test_size": 10},
      "columns": [{}, {}],
      "faults": [{"kind": "dead", "fraction": 0.3, "column": 1, "at": 200},
                 {"kind": "column_hang", "column": 0, "latency_ms": 2000}]})");
  const auto cfg = parse_columns_config(c, ".");
  ASSERT_EQ(cfg.faults.size(), 2u);
  EXPECT_EQ(*cfg.faults[0].column, 1u);
  EXPECT_EQ(*cfg.faults[0].at, (faults::FaultTime{faults::FaultTime::Unit::kTrials, 200}));
  EXPECT_DOUBLE_EQ(cfg.faults[1].latency_ms, 2000.0);
}

TEST(FaultConfig, EveryBadEntryIsReportedAtItsPath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([{"kind": "deadd"}])", "/faults/0/kind: unknown fault kind \"deadd\" (see snnft faults)"},
      {R"([{}])", "/faults/0/kind: missing required field"},
      {R"([{"kind": 3}])", "/faults/0/kind: expected a string, got 3"},
      {R"([{"kind": "dead"}, {"kind": "dead", "fraction": 1.5}])", "/faults/1/fraction: fraction must be a number in [0, 1]"},
      {R"([{"kind": "dead", "fraction": "half"}])", "/faults/0/fraction: expected a number, got \"half\""},
      {R"([{"kind": "dead", "sigma_ms": 1}])", "/faults/0/sigma_ms: unknown key"},
      {R"([{"kind": "dead", "ids": [1, -2]}])", "/faults/0/ids/1: expected an index, got -2"},
      {R"([{"kind": "dead", "ids": [1.5]}])", "/faults/0/ids/0: expected an index, got 1.5"},
      {R"([{"kind": "dead", "ids": true}])", "/faults/0/ids: expected an array of indices, got true"},
      {R"([{"kind": "dead", "at": true}])", "/faults/0/at: expected a trial number or a time such as \"250ms\", got true"},
      {R"([{"kind": "dead", "at": "soon"}])",
       "/faults/0/at: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {R"([{"kind": "dead", "population": 3}])", "/faults/0/population: expected a string, got 3"},
      {R"([{"kind": "dead", "fraction": 0.1, "count": 2}])", "/faults/0/count: give only one of fraction, count and ids"},
      {R"([{"kind": "dead", "at": 10, "until": 5}])", "/faults/0/until: until must come after at"},
      {R"([{"kind": "column_garbage", "mode": "zero"}])", "/faults/0/mode: mode must be \"nan\" or \"class\""},
      {R"({})", "/faults: expected an array, got an object"},
      {R"([5])", "/faults/0: expected an object, got 5"},
  };
  for (const auto& [faults, message] : cases) EXPECT_EQ(error_of(faults), message) << faults;
}

// Names and timings are checked when the faults meet the network; a config spec's errors
// still point at its JSON path.
TEST(FaultConfig, BindingErrorsPointAtTheJsonPath) {
  const auto cfg = parse_network_config(network_with(R"([{"kind": "dead", "population": "inh"}])"));
  Network net = Network::build(cfg.network, 1);
  Simulation sim(net, {});
  faults::FaultSchedule schedule(run_faults(cfg.faults, {}), 1);
  EXPECT_EQ(test::config_error_of([&] { schedule.attach(sim); }), "/faults/0/population: no population named \"inh\"");
  const auto trials = parse_network_config(network_with(R"([{"kind": "dead", "at": 20}])"));
  faults::FaultSchedule by_trial(run_faults(trials.faults, {}), 1);
  EXPECT_EQ(test::config_error_of([&] { by_trial.attach(sim); }),
            "/faults/0/at: a network run has no trials: give a time such as at=20ms");
  const auto crash = parse_network_config(network_with(R"([{"kind": "column_crash"}])"));
  faults::FaultSchedule column(run_faults(crash.faults, {}), 1);
  EXPECT_EQ(test::config_error_of([&] { column.attach(sim); }), "/faults/0/kind: column_crash needs a run with columns");
}

TEST(FaultConfig, FlagsFollowTheConfigList) {
  const auto cfg = parse_network_config(network_with(R"([{"kind": "dead"}])"));
  const auto all = run_faults(cfg.faults, {"drop:p=0.1", "simd_off"});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].kind, faults::FaultKind::kDrop);
  EXPECT_EQ(all[2].origin, "--fault simd_off");
  EXPECT_EQ(test::config_error_of([&] { run_faults(cfg.faults, {"drop:p=7"}); }),
            "--fault drop:p=7: p must be a number in [0, 1]");
}

}  // namespace snnft::apps
