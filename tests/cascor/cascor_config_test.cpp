// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <filesystem>

#include "config_error_of.hpp"
#include "snnft/apps/cascor_app.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/snn/cascor/network_io.hpp"

namespace snnft::apps {
namespace {

nlohmann::json xor_config() {
  return nlohmann::json::parse(R"({
    "kind": "cascor", "name": "xor", "seed": 3, "task": {"name": "xor"},
    "output_phase": {"epsilon": 0.35, "patience": 8},
    "candidate_phase": {"epsilon": 1.0, "max_epochs": 200}
  })");
}

std::string error_of(const nlohmann::json& config) {
  return test::config_error_of([&] { parse_cascor_config(config); });
}

TEST(CascorConfig, ShippedConfigsParse) {
  const std::string dir = SNNFT_DATA_DIR "/configs/";
  const CascorRunConfig spirals = parse_cascor_config(read_json_file(dir + "two_spirals.json"));
  EXPECT_EQ(spirals.task, "two_spirals");
  EXPECT_DOUBLE_EQ(spirals.params.score_threshold, 0.4);
  EXPECT_DOUBLE_EQ(spirals.params.candidate.quickprop.epsilon, 100.0);
  EXPECT_EQ(spirals.params.output.patience, 12U);
  EXPECT_EQ(spirals.params.pool_size, 8U);
  const CascorRunConfig parity = parse_cascor_config(read_json_file(dir + "parity8.json"));
  EXPECT_EQ(parity.task, "parity");
  EXPECT_EQ(parity.bits, 8U);
  EXPECT_EQ(parse_cascor_config(read_json_file(dir + "xor.json")).task, "xor");
}

TEST(CascorConfig, DefaultsAreFahlmans) {
  const CascorRunConfig c = parse_cascor_config(nlohmann::json::parse(R"({"kind": "cascor", "task": {"name": "xor"}})"));
  EXPECT_DOUBLE_EQ(c.params.output.quickprop.epsilon, 0.35);
  EXPECT_DOUBLE_EQ(c.params.output.quickprop.decay, 1e-4);
  EXPECT_DOUBLE_EQ(c.params.candidate.quickprop.epsilon, 1.0);
  EXPECT_DOUBLE_EQ(c.params.candidate.change_threshold, 0.03);
  EXPECT_DOUBLE_EQ(c.params.sigmoid_prime_offset, 0.1);
  EXPECT_DOUBLE_EQ(c.params.score_threshold, 0.35);
  EXPECT_TRUE(c.grow);
}

TEST(CascorConfig, ErrorsNameTheJsonPath) {
  nlohmann::json c = xor_config();
  c["output_phase"]["epsilon"] = -5;
  EXPECT_EQ(error_of(c), "/output_phase/epsilon: expected a positive number, got -5");

  c = xor_config();
  c["candidate_phase"]["patince"] = 8;
  EXPECT_EQ(error_of(c), "/candidate_phase/patince: unknown key");

  c = xor_config();
  c["task"] = {{"name", "parity"}};
  EXPECT_EQ(error_of(c), "/task/bits: missing required field");

  c = xor_config();
  c["task"]["name"] = "spirals";
  EXPECT_EQ(error_of(c).rfind("/task/name: expected one of", 0), 0U);

  c = xor_config();
  c["pool_size"] = 0;
  EXPECT_EQ(error_of(c).rfind("/pool_size: expected an integer >= 1", 0), 0U);
}

TEST(CascorRun, WritesSummaryAndALoadableNetwork) {
  const std::string path = (std::filesystem::temp_directory_path() / "snnft_cascor_run_test.h5").string();
  RunOptions options;
  options.out_path = path;
  options.seed = 5;
  Summary summary;
  ASSERT_EQ(run_cascor(xor_config(), options, summary), 0);
  const auto& v = summary.values();
  EXPECT_TRUE(v.at("solved").get<bool>());
  EXPECT_LE(v.at("hidden_units").get<int>(), 2);
  EXPECT_GT(v.at("epochs").get<int>(), 0);
  EXPECT_DOUBLE_EQ(v.at("train_accuracy").get<double>(), 1.0);
  EXPECT_FALSE(v.contains("test_accuracy"));  // XOR has no test set
  EXPECT_TRUE(v.contains("train_s"));
  EXPECT_EQ(v.at("seed").get<int>(), 5);

  const cascor::CascorNetwork net = cascor::read_network(path, "/cascor/network");
  EXPECT_EQ(static_cast<int>(net.hidden_count()), v.at("hidden_units").get<int>());
  const cascor::Dataset xor_data = cascor::make_parity(2);
  EXPECT_EQ(cascor::error_bits(net.predict(xor_data.inputs), xor_data.targets, 0.35), 0U);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace snnft::apps
