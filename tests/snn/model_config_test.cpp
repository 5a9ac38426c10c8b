// SPDX-License-Identifier: MIT
// The "izhikevich" and "adex" population keys: what they build, and the errors `validate`
// gives (each naming its JSON path).
#include <gtest/gtest.h>

#include <string>

#include "config_error_of.hpp"
#include "snnft/apps/network_config.hpp"

namespace snnft {
namespace {

nlohmann::json base() {
  return nlohmann::json::parse(R"({
    "kind": "network", "dt_ms": 0.1, "duration_ms": 100, "seed": 3,
    "populations": [
      {"name": "izh", "size": 2, "model": "izhikevich", "a": 0.1, "b": 0.2, "c": -65, "d": 2, "bias": 4,
       "synapse": "conductance", "initial": {"v_mv": -70, "u": -14}},
      {"name": "ad", "size": 3, "model": "adex", "tau_w_ms": 20, "b_pa": 500, "v_reset_mv": -45.4},
      {"name": "in", "size": 1, "model": "poisson", "rate_hz": 10}
    ],
    "projections": [
      {"pre": "in", "post": "ad", "receptor": "excitatory", "connectivity": {"rule": "all_to_all"}, "weight": 30}
    ],
    "current_sources": [{"type": "dc", "population": "izh", "amplitude_mv": 10}]
  })");
}

std::string error_of(const nlohmann::json& config) {
  return test::config_error_of([&] { apps::parse_network_config(config); });
}

nlohmann::json with(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::json c = base();
  c[nlohmann::json::json_pointer(pointer)] = value;
  return c;
}

TEST(ModelConfig, ParsesIzhikevichAndAdexParameters) {
  const auto cfg = apps::parse_network_config(base());
  const auto& izh = cfg.network.populations[0];
  EXPECT_EQ(izh.kind, PopulationSpec::Kind::kIzhikevich);
  EXPECT_EQ(izh.izhikevich.a, 0.1);
  EXPECT_EQ(izh.izhikevich.bias, 4);
  EXPECT_EQ(izh.izhikevich.synapses.model, SynapseModel::kConductanceBased);
  EXPECT_EQ(izh.initial.v_mv.a, -70);
  ASSERT_TRUE(izh.initial_w.has_value());
  EXPECT_EQ(izh.initial_w->a, -14);
  const auto& ad = cfg.network.populations[1];
  EXPECT_EQ(ad.kind, PopulationSpec::Kind::kAdex);
  EXPECT_EQ(ad.adex.tau_w_ms, 20);
  EXPECT_EQ(ad.adex.c_pf, 281) << "the paper's regular-spiking neuron by default";
  EXPECT_DOUBLE_EQ(ad.adex.v_peak_mv, -50.4 + 5 * 2.0) << "V_T + 5 delta_T by default";
  EXPECT_EQ(ad.adex.t_ref_ms, 0) << "no refractory period by default";
  EXPECT_EQ(apps::parse_network_config(with("/populations/1/t_ref_ms", 2.5)).network.populations[1].adex.t_ref_ms, 2.5);
  EXPECT_EQ(cfg.current_sources.size(), 1u);
}

TEST(ModelConfig, IzhikevichTakesDeltaSynapses) {
  nlohmann::json c = base();
  c["/populations/0/synapse"_json_pointer] = "current";
  c["/populations/0/tau_e_ms"_json_pointer] = 0;
  c["/populations/0/tau_i_ms"_json_pointer] = 0;
  const auto cfg = apps::parse_network_config(c);
  EXPECT_EQ(cfg.network.populations[0].izhikevich.synapses.tau_e_ms, 0);
  EXPECT_EQ(cfg.network.populations[0].izhikevich.synapses.tau_i_ms, 0);
}

TEST(ModelConfig, ErrorsNameTheJsonPath) {
  EXPECT_EQ(error_of(with("/populations/0/a", 0)), "/populations/0/a: expected a positive number, got 0");
  EXPECT_EQ(error_of(with("/populations/0/c", 30)), "/populations/0/c: the reset must lie below v_peak_mv");
  EXPECT_EQ(error_of(with("/populations/0/initial/w", 1)), "/populations/0/initial/w: unknown key");
  EXPECT_EQ(error_of(with("/populations/0/synapse", "alpha")).substr(0, 28), "/populations/0/synapse: expe");
  EXPECT_EQ(error_of(with("/populations/1/tau_w_ms", -1)), "/populations/1/tau_w_ms: expected a positive number, got -1");
  EXPECT_EQ(error_of(with("/populations/1/v_reset_mv", -30)), "/populations/1/v_reset_mv: must lie below v_peak_mv");
  EXPECT_EQ(error_of(with("/populations/1/v_peak_mv", 100)),
            "/populations/1/v_peak_mv: must lie within 60 delta_t_mv above v_t_mv");
  EXPECT_EQ(error_of(with("/populations/0/tau_i_ms", 0)),
            "/populations/0/tau_i_ms: 0 (delta synapses) needs \"synapse\": \"current\"");
  EXPECT_EQ(error_of(with("/populations/0/tau_e_ms", -1)), "/populations/0/tau_e_ms: expected a non-negative number, got -1");
  EXPECT_EQ(error_of(with("/populations/1/tau_e_ms", 0)), "/populations/1/tau_e_ms: expected a positive number, got 0")
      << "AdEx takes no delta synapses";
  EXPECT_EQ(error_of(with("/populations/1/delta_t_mv", -1)), "/populations/1/delta_t_mv: expected a non-negative number, got -1");
  nlohmann::json no_exp = with("/populations/1/delta_t_mv", 0);
  no_exp["/populations/1/v_peak_mv"_json_pointer] = -40;
  EXPECT_EQ(error_of(no_exp), "/populations/1/v_reset_mv: must lie below v_t_mv (delta_t_mv 0 cuts spikes at v_t_mv)")
      << "the base config's reset -45.4 mV lies above V_T -50.4 mV";
  EXPECT_EQ(error_of(with("/populations/1/t_ref_ms", -0.1)), "/populations/1/t_ref_ms: expected a non-negative number, got -0.1");
  EXPECT_EQ(error_of(with("/populations/1/t_ref_ms", "2")).substr(0, 35), "/populations/1/t_ref_ms: expected a");
  EXPECT_EQ(error_of(with("/populations/0/t_ref_ms", 2)), "/populations/0/t_ref_ms: unknown key") << "Izhikevich has none";
  EXPECT_EQ(error_of(with("/populations/1/initial/u", 1)), "/populations/1/initial/u: unknown key");
  EXPECT_EQ(error_of(with("/populations/1/gain", 1)), "/populations/1/gain: unknown key");
  EXPECT_EQ(error_of(with("/current_sources/0/population", "in")),
            "/current_sources/0/population: population \"in\" takes no current (not lif, izhikevich or adex)");
}

// "synapse_shape": "alpha" on lif, izhikevich and adex populations (PyNN's IF_curr_alpha,
// IF_cond_alpha, EIF_cond_alpha_isfa_ista).
TEST(ModelConfig, SynapseShapeSelectsAlphaSynapses) {
  nlohmann::json c = base();
  c["populations"][0]["synapse_shape"] = "alpha";
  c["populations"][1]["synapse_shape"] = "alpha";
  c["populations"][1]["synapse"] = "conductance";
  c["populations"].push_back({{"name", "lif"}, {"size", 2}, {"synapse", "conductance"}, {"synapse_shape", "alpha"}});
  c["populations"].push_back({{"name", "exp"}, {"size", 2}});
  const auto cfg = apps::parse_network_config(c);
  EXPECT_EQ(cfg.network.populations[0].izhikevich.synapses.shape, SynapseShape::kAlpha);
  EXPECT_EQ(cfg.network.populations[1].adex.synapses.shape, SynapseShape::kAlpha);
  EXPECT_EQ(cfg.network.populations[1].adex.synapses.model, SynapseModel::kConductanceBased);
  EXPECT_EQ(cfg.network.populations[3].lif.synapse_shape, SynapseShape::kAlpha);
  EXPECT_EQ(cfg.network.populations[3].synapse_model, SynapseModel::kConductanceBased);
  EXPECT_EQ(cfg.network.populations[4].lif.synapse_shape, SynapseShape::kExponential) << "the default";
}

TEST(ModelConfig, SynapseShapeErrorsNameTheJsonPath) {
  EXPECT_EQ(error_of(with("/populations/0/synapse_shape", "beta")),
            "/populations/0/synapse_shape: expected one of exponential, alpha, got \"beta\"");
  EXPECT_EQ(error_of(with("/populations/2/synapse_shape", "alpha")), "/populations/2/synapse_shape: unknown key")
      << "a Poisson source has no synapses";
  nlohmann::json c = base();
  c["populations"].push_back({{"name", "lif"}, {"size", 2}, {"synapse_shape", "alpha"}, {"tau_i_ms", 0}});
  EXPECT_EQ(error_of(c),
            "/populations/3/tau_i_ms: 0 (delta synapses) cannot be alpha-shaped: \"synapse_shape\": \"alpha\" needs a "
            "positive time constant");
  c = with("/populations/1/synapse_shape", "alpha");
  c["populations"][1]["tau_e_ms"] = 0;
  EXPECT_EQ(error_of(c), "/populations/1/tau_e_ms: expected a positive number, got 0");
}

}  // namespace
}  // namespace snnft
