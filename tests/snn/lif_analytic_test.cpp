// SPDX-License-Identifier: MIT
// A single LIF neuron against closed-form solutions.
#include <gtest/gtest.h>

#include <cmath>

#include "single_neuron.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

using test::resting_lif;
using test::run_until_input_arrives;
using test::send_input_spikes;
using test::single_neuron_with_input;

NetworkSpec single_neuron(double bias_mv) { return test::single_neuron(resting_lif(SynapseModel::kCurrentBased, bias_mv)); }

}  // namespace

// T = t_ref + tau_m ln((V∞ − V_reset)/(V∞ − V_th)); reference rates from REFERENCE.md:
// R·I = 19, 21, 25, 30, 40 mV → 0, 15.901, 29.249, 41.715, 63.040 Hz.
class LifConstantCurrent : public ::testing::TestWithParam<std::pair<double, double>> {};

TEST_P(LifConstantCurrent, InterspikeIntervalMatchesClosedFormWithinOneStep) {
  const auto [bias, expected_rate] = GetParam();
  for (SimdIsa isa : available_simd_isas()) {
    const auto spikes = test::run_and_record(single_neuron(bias), 1, 20000, {isa, 1, 1024});
    if (expected_rate == 0.0) {
      EXPECT_TRUE(spikes.empty()) << "V∞ below threshold must never spike";
      continue;
    }
    const double v_inf = -70 + bias;
    const double t_closed = 2.0 + 20.0 * std::log((v_inf + 70) / (v_inf + 50));
    EXPECT_NEAR(1000.0 / t_closed, expected_rate, 1e-3);
    ASSERT_GE(spikes.size(), 3u);
    for (std::size_t k = 1; k < spikes.size(); ++k) {
      const double isi_ms = static_cast<double>(spikes[k].step - spikes[k - 1].step) * 0.1;
      EXPECT_LE(std::abs(isi_ms - t_closed), 0.1) << "bias " << bias << " spike " << k << " isa " << to_string(isa);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ReferenceCurrents, LifConstantCurrent,
                         ::testing::Values(std::pair{19.0, 0.0}, std::pair{21.0, 15.901}, std::pair{25.0, 29.249},
                                           std::pair{30.0, 41.715}, std::pair{40.0, 63.040}));

TEST(LifExactIntegration, SubthresholdRelaxationMatchesExponential) {
  Network net = Network::build(single_neuron(19.0), 1);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  for (int step = 1; step <= 1000; ++step) {
    sim.step();
    const double t = step * 0.1;
    const double expected = -51.0 + (-70.0 + 51.0) * std::exp(-t / 20.0);
    ASSERT_NEAR(net.population(0).variable("v")[0], expected, 2e-4) << "t = " << t;
  }
}

// One input spike of weight w into a current-based neuron at rest gives
// v − E_L = w·τe/(τe − τm)·(e^{−t/τe} − e^{−t/τm}), t measured from the step after the spike.
TEST(LifExactIntegration, PostsynapticPotentialMatchesClosedForm) {
  PopulationSpec neuron = resting_lif();
  neuron.lif.v_th_mv = 100;  // never spikes
  Network net = Network::build(single_neuron_with_input(neuron, 4.0), 1);
  send_input_spikes(net);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  ASSERT_TRUE(run_until_input_arrives(sim, net));
  const double te = 5, tm = 20, w = 4;
  for (int k = 1; k <= 600; ++k) {
    sim.step();
    const double t = k * 0.1;
    const double expected = -70 + w * te / (te - tm) * (std::exp(-t / te) - std::exp(-t / tm));
    ASSERT_NEAR(net.population(0).variable("v")[0], expected, 1e-4) << "t = " << t;
  }
}

TEST(LifRefractory, NoSpikeInsideRefractoryPeriodEvenWithHugeDrive) {
  NetworkSpec spec = single_neuron(1e4);
  spec.populations[0].lif.t_ref_ms = 5;
  const auto spikes = test::run_and_record(spec, 1, 2000, {best_simd_isa(), 1, 1024});
  ASSERT_GT(spikes.size(), 10u);
  for (std::size_t k = 1; k < spikes.size(); ++k) {
    EXPECT_EQ(spikes[k].step - spikes[k - 1].step, 50) << "t_ref = 5 ms is exactly 50 steps";
  }
}

// Delta synapses: one input of weight w delivered at the start of a step is a jump of v by w
// that then relaxes exactly, v − E_L = w·e^{−t/τm}; an input while refractory is dropped, as
// Brian2 drops `v += w` on a neuron whose v is integrated `(unless refractory)`.
namespace {
NetworkSpec delta_neuron_with_source(double w_mv) {
  PopulationSpec neuron = resting_lif();
  neuron.lif.tau_e_ms = 0;
  neuron.lif.tau_i_ms = 0;
  return single_neuron_with_input(neuron, w_mv);
}
}  // namespace

TEST(LifDeltaSynapse, OneInputIsAJumpOfExactlyWThenExactDecay) {
  const double w = 7.5, tm = 20;
  for (SimdIsa isa : available_simd_isas()) {
    NetworkSpec spec = delta_neuron_with_source(w);
    spec.populations[0].lif.v_th_mv = 100;  // never spikes
    Network net = Network::build(spec, 1);
    send_input_spikes(net);  // step 5, delivered at the start of step 16
    Simulation sim(net, {isa, 1, 1024});
    ASSERT_TRUE(run_until_input_arrives(sim, net)) << to_string(isa);
    // v jumps by w at the start of step 16 and relaxes from there: after k steps it is
    // E_L + w·e^{−k·dt/τm}, so extrapolating back to the jump gives exactly E_L + w.
    for (int k = 1; k <= 600; ++k) {
      sim.step();
      const double t = k * 0.1;
      const double v = net.population(0).variable("v")[0];
      ASSERT_NEAR(v, -70 + w * std::exp(-t / tm), 1e-4) << "t = " << t << " " << to_string(isa);
      if (k == 1) ASSERT_NEAR((v + 70) * std::exp(0.1 / tm), w, 1e-5) << "the jump itself";
    }
    EXPECT_FLOAT_EQ(net.population(0).variable("ge")[0], 0.0f) << "a delta receptor keeps nothing";
  }
}

TEST(LifDeltaSynapse, AJumpAboveThresholdFiresInTheStepItArrivesAndRefractoryNeuronsDropJumps) {
  // Threshold 20 mV above rest. A jump of 21 mV spikes at once (v after the step = −70 +
  // 21·e^{−dt/τm} = −49.1 > −50); 20.05 mV does not (−70 + 20.05·0.995 = −50.05).
  for (const auto& [w, fires] : {std::pair{21.0, true}, std::pair{20.05, false}}) {
    NetworkSpec spec = delta_neuron_with_source(w);
    Network net = Network::build(spec, 1);
    send_input_spikes(net);
    Simulation sim(net, {best_simd_isa(), 1, 1024});
    ASSERT_TRUE(run_until_input_arrives(sim, net));
    sim.step();  // step 16: the jump arrives
    EXPECT_EQ(net.population(0).variable("v")[0] == -70.0f, fires) << "w = " << w;
  }
  // A refractory neuron (held at v_reset for 2 ms) drops a jump that arrives meanwhile, as
  // Brian2 does: `(unless refractory)` makes every write to v, `v += w` included, conditional
  // on the neuron not being refractory.
  NetworkSpec spec = delta_neuron_with_source(25.0);
  Network net = Network::build(spec, 1);
  // Arriving at step 16 (spikes there, refractory from step 16 to 35) and at step 17, inside
  // the refractory period.
  send_input_spikes(net, {0.5, 0.6});
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  sim.run(18);
  EXPECT_FLOAT_EQ(net.population(0).variable("v")[0], -70.0f) << "held at v_reset, the jump dropped";
}

}  // namespace snnft
