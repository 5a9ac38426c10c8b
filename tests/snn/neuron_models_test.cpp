// SPDX-License-Identifier: MIT
// Izhikevich and AdEx populations: SIMD kernels against the scalar reference bit for bit, the
// portable exponential against std::exp, and the published firing patterns' shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "snnft/snn/adex_population.hpp"
#include "snnft/snn/izhikevich_population.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

struct ModelCase {
  PopulationSpec::Kind kind;
  SynapseModel syn;
  bool delta = false;  ///< Izhikevich: the excitatory receptor is a delta synapse
  double t_ref_ms = 0;  ///< AdEx: refractory period
};

/// 100 neurons of one model with drives spread over the firing range, driven also by Poisson
/// input through both receptors, so that every kernel path runs. With `delta` the inhibitory
/// receptor stays exponential, so both parts of the mixed update run.
NetworkSpec drive_sweep(const ModelCase& c) {
  PopulationSpec p;
  p.kind = c.kind;
  p.izhikevich.synapses.model = c.syn;
  p.adex.synapses.model = c.syn;
  p.adex.t_ref_ms = c.t_ref_ms;
  if (c.delta) p.izhikevich.synapses.tau_e_ms = 0;
  const bool cond = c.syn == SynapseModel::kConductanceBased;
  const bool izh = c.kind == PopulationSpec::Kind::kIzhikevich;
  const double w = izh ? (cond ? 0.05 : 2.0) : (cond ? 1.0 : 60.0);
  return test::poisson_driven(p, {.w_exc = c.delta ? 6.0 : w, .w_inh = cond ? w : -w});
}

void spread_drive(Network& net, float lo, float hi) {
  const std::span<float> drive = net.population(0).variable("drive");
  for (std::size_t i = 0; i < drive.size(); ++i) drive[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(drive.size());
}

class ModelKernels : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ModelKernels, EveryIsaMatchesTheScalarReferenceBitForBit) {
  const bool izh = GetParam().kind == PopulationSpec::Kind::kIzhikevich;
  auto run = [&](SimdIsa isa) {
    Network net = Network::build(drive_sweep(GetParam()), 7);
    spread_drive(net, 0.0f, izh ? 20.0f : 1500.0f);
    return test::run_population0(net, {isa, 1, 1024}, 3000, {"v", izh ? "u" : "w", "ge", "gi", "ref_left"});
  };
  const test::PopulationRun ref = run(SimdIsa::kScalar);
  ASSERT_GT(ref.spikes.size(), 500u) << "the sweep must spike for the comparison to mean anything";
  for (SimdIsa isa : available_simd_isas()) {
    const test::PopulationRun r = run(isa);
    EXPECT_TRUE(r.spikes == ref.spikes) << to_string(isa);
    EXPECT_TRUE(r.bits == ref.bits) << to_string(isa);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, ModelKernels,
                         ::testing::Values(ModelCase{PopulationSpec::Kind::kIzhikevich, SynapseModel::kCurrentBased},
                                           ModelCase{PopulationSpec::Kind::kIzhikevich, SynapseModel::kConductanceBased},
                                           ModelCase{PopulationSpec::Kind::kIzhikevich, SynapseModel::kCurrentBased, true},
                                           ModelCase{PopulationSpec::Kind::kAdex, SynapseModel::kCurrentBased},
                                           ModelCase{PopulationSpec::Kind::kAdex, SynapseModel::kConductanceBased},
                                           ModelCase{PopulationSpec::Kind::kAdex, SynapseModel::kCurrentBased, false, 2.0},
                                           ModelCase{PopulationSpec::Kind::kAdex, SynapseModel::kConductanceBased, false, 2.0}),
                         [](const ::testing::TestParamInfo<ModelCase>& c) {
                           return std::string(c.param.kind == PopulationSpec::Kind::kIzhikevich ? "izhikevich" : "adex") +
                                  (c.param.delta                              ? "_delta"
                                   : c.param.syn == SynapseModel::kCurrentBased ? "_current"
                                                                                 : "_conductance") +
                                  (c.param.t_ref_ms > 0 ? "_refractory" : "");
                         });

TEST(PortableExp, WithinTwoUlpOfStdExp) {
  double worst = 0;
  for (double x = -700.0; x <= 700.0; x += 0.0137) worst = std::max(worst, std::abs(exp_portable(x) / std::exp(x) - 1.0));
  for (double x = -20.0; x <= 20.0; x += 1.0e-4) worst = std::max(worst, std::abs(exp_portable(x) / std::exp(x) - 1.0));
  EXPECT_LT(worst, 4.5e-16);  // two units in the last place; single precision would be 6e-8
  EXPECT_EQ(exp_portable(0.0), 1.0);
}

TEST(AdaptiveState, AValueWrittenIntoTheViewIsTakenUp) {
  PopulationSpec p = test::population("n", 3, PopulationSpec::Kind::kIzhikevich);
  p.initial.v_mv = test::constant(-65);
  Network net = Network::build(test::network_of({p}), 1);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  test::MemorySink sink;
  SpikeRecorder recorder(net, {0}, sink, 64);
  sim.add_observer(recorder);
  sim.run(1);
  ASSERT_TRUE(sink.spikes.empty());
  const double v0 = net.population(0).variable("v")[1], u0 = net.population(0).variable("u")[1];
  // From 25 mV one Euler step reaches 25 + 0.1 · 303 > 30: neuron 1 spikes, the others rest.
  net.population(0).variable("v")[1] = 25.0f;
  sim.run(1);
  recorder.flush();
  ASSERT_EQ(sink.spikes.size(), 1u);
  EXPECT_EQ(sink.spikes[0].neuron, 1u);
  EXPECT_EQ(net.population(0).variable("v")[1], -65.0f) << "reset to c";
  // u' = a (b v − u) from the written v, then the jump d = 8.
  EXPECT_NEAR(net.population(0).variable("u")[1], u0 + 0.1 * 0.02 * (0.2 * 25.0 - u0) + 8.0, 1e-5);
  EXPECT_NEAR(net.population(0).variable("v")[0], v0 + 0.1 * (0.04 * v0 * v0 + 5 * v0 + 140 - u0), 1e-3) << "untouched";
}

// AdEx with t_ref = 2 ms at dt = 0.1 ms: the spike step is the refractory period's first step,
// so v stays at v_reset for 19 more steps while w follows its Euler update with v = v_reset
// (NEST's aeif models; Brian2's `(unless refractory)` on v' only), then v moves again. A neuron
// pushed above the peak while refractory waits for the end of the period to spike.
TEST(AdexRefractoriness, VStaysAtResetWhileWEvolves) {
  PopulationSpec p = test::population("n", 1, PopulationSpec::Kind::kAdex);
  p.adex.bias_pa = 1500.0;
  p.adex.v_reset_mv = -60.0;  // away from E_L, so that w' depends on the held v
  p.adex.t_ref_ms = 2.0;
  p.initial.v_mv = test::constant(-70.6);
  Network net = Network::build(test::network_of({p}), 1);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  test::MemorySink sink;
  SpikeRecorder recorder(net, {0}, sink, 64);
  sim.add_observer(recorder);
  auto step = [&] {
    sim.run(1);
    recorder.flush();
  };
  while (sink.spikes.empty()) {
    step();
    ASSERT_LT(sim.now(), 2000u) << "the drive must make the neuron spike";
  }
  const Step spiked = sink.spikes[0].step;
  const auto v = net.population(0).variable("v"), w = net.population(0).variable("w");
  EXPECT_EQ(v[0], -60.0f);
  EXPECT_EQ(net.population(0).variable("ref_left")[0], 20.0f);
  // A written view replaces the double value: start the recurrence from an exact number.
  w[0] = 100.0f;
  double w_expected = 100.0;
  for (int k = 1; k <= 19; ++k) {
    step();
    w_expected = w_expected + 0.1 / 144.0 * (4.0 * (-60.0 - -70.6) - w_expected);
    EXPECT_EQ(v[0], -60.0f) << "held, step " << k;
    EXPECT_EQ(w[0], static_cast<float>(w_expected)) << "w evolves, step " << k;
  }
  step();
  EXPECT_GT(v[0], -60.0f) << "integrates again 2 ms after the spike";
  // Refractory again after the next spike: a v written above the peak spikes only at the end.
  while (sink.spikes.size() < 2) step();
  step();
  v[0] = 0.0f;
  for (int k = 2; k <= 19; ++k) step();
  EXPECT_EQ(sink.spikes.size(), 2u) << "no spike while refractory";
  step();
  ASSERT_EQ(sink.spikes.size(), 3u);
  EXPECT_EQ(sink.spikes[2].step, sink.spikes[1].step + 20) << "the first step after the period";
  EXPECT_GT(sink.spikes[1].step, spiked + 20);
}

// AdEx with Δ_T = 0 and no adaptation is a leaky integrator cut at V_T (NEST's aeif models):
// v_k = v∞ + (v0 − v∞)(1 − dt·g_L/C)^k under forward Euler, and the first spike is the first
// step whose v passes V_T.
TEST(AdexWithoutExponential, SpikesWhereTheLeakyIntegratorPassesVT) {
  PopulationSpec p = test::population("n", 1, PopulationSpec::Kind::kAdex);
  p.adex.delta_t_mv = 0.0;
  p.adex.a_ns = 0.0;
  p.adex.b_pa = 0.0;
  p.adex.bias_pa = 1000.0;  // v∞ = E_L + I/g_L = −70.6 + 33.3 mV, above V_T = −50.4 mV
  p.initial.v_mv = test::constant(-70.6);
  const auto spikes = test::run_and_record(test::network_of({p}), 1, 2000, {best_simd_isa(), 1, 1024});
  ASSERT_GE(spikes.size(), 2u);
  double v = -70.6;
  Step k = 0;
  while (!(v > -50.4)) {
    v = v + 0.1 / 281.0 * (30.0 * (-70.6 - v) + 1000.0);
    ++k;
  }
  EXPECT_EQ(spikes[0].step + 1, k) << "step s advances the state to t = (s + 1)·dt";
  EXPECT_EQ(spikes[1].step - spikes[0].step, k) << "reset to E_L: the same climb again";
}

// A delta synapse: one input spike of w mV arrives; from the step that takes it, v follows
// the Euler update from v + w (both derivatives from the jumped v), and nothing else changes.
TEST(IzhikevichDeltaSynapses, AnInputSpikeJumpsVBeforeTheStep) {
  auto trajectory = [](double weight) {
    PopulationSpec in = test::population("in", 1, PopulationSpec::Kind::kSpikeSource);
    in.spike_times_ms = {{1.0}};
    PopulationSpec n = test::population("n", 1, PopulationSpec::Kind::kIzhikevich);
    n.izhikevich.synapses.tau_e_ms = 0;
    n.izhikevich.synapses.tau_i_ms = 0;
    n.initial.v_mv = test::constant(-70);
    NetworkSpec spec = test::network_of({in, n});
    ProjectionSpec j = test::projection("in_n", "in", "n", ConnectivityRule::Kind::kAllToAll, test::constant(weight));
    j.delay_ms = test::constant(1.0);
    spec.projections = {j};
    Network net = Network::build(spec, 1);
    Simulation sim(net, {best_simd_isa(), 1, 1024});
    std::vector<std::pair<double, double>> vu;
    for (int k = 0; k < 40; ++k) {
      sim.run(1);
      vu.emplace_back(net.population(1).variable("v")[0], net.population(1).variable("u")[0]);
    }
    return vu;
  };
  const double w = 5.5;
  const auto quiet = trajectory(0.0), kicked = trajectory(w);
  std::size_t k = 0;
  while (k < quiet.size() && quiet[k] == kicked[k]) ++k;
  ASSERT_GE(k, 15u) << "the spike at 1 ms arrives 1 ms later, not before";
  ASSERT_LT(k, 25u) << "the spike arrives";
  // Step k starts from the state of step k − 1 (v and u in double; the views are single
  // precision, so recompute the undisturbed trajectory in double up to there).
  double v = -70, u = 0.2 * -70;
  const double a = 0.02, ab = 0.004, dt = 0.1;
  for (std::size_t s = 0; s < k; ++s) {
    const double dv = 140.0 + ((-u + 0.04 * (v * v)) + 5 * v), du = -a * u + ab * v;
    v = dt * dv + v;
    u = dt * du + u;
  }
  ASSERT_EQ(static_cast<float>(v), static_cast<float>(quiet[k - 1].first));
  const double vj = v + w;
  const double v_next = dt * (140.0 + ((-u + 0.04 * (vj * vj)) + 5 * vj)) + vj, u_next = dt * (-a * u + ab * vj) + u;
  EXPECT_EQ(kicked[k].first, static_cast<float>(v_next));
  EXPECT_EQ(kicked[k].second, static_cast<float>(u_next));
  EXPECT_GT(kicked[k].first - quiet[k].first, 0.9 * w) << "a jump, not a current";
}

/// Interspike intervals (ms) of a single neuron with constant input `bias` (from t = 0) over 1 s.
std::vector<double> isis(PopulationSpec p) {
  p.name = "n";
  p.size = 1;
  const auto spikes = test::run_and_record(test::network_of({p}), 1, 10000, {best_simd_isa(), 1, 1024});
  std::vector<double> out;
  for (std::size_t k = 1; k < spikes.size(); ++k) out.push_back(static_cast<double>(spikes[k].step - spikes[k - 1].step) * 0.1);
  return out;
}

PopulationSpec izhikevich(double a, double b, double c, double d) {
  PopulationSpec p;
  p.kind = PopulationSpec::Kind::kIzhikevich;
  p.izhikevich = {a, b, c, d, 30.0, 10.0, {}};
  p.initial.v_mv = {InitialValue::Kind::kConstant, -65, 0};
  return p;
}

double mean(const std::vector<double>& x, std::size_t from, std::size_t to) {
  return std::accumulate(x.begin() + static_cast<long>(from), x.begin() + static_cast<long>(to), 0.0) /
         static_cast<double>(to - from);
}
std::size_t count_if_below(const std::vector<double>& x, std::size_t from, double limit) {
  return static_cast<std::size_t>(std::count_if(x.begin() + static_cast<long>(from), x.end(), [&](double v) { return v < limit; }));
}

// Izhikevich (2003), Fig. 2, with I = 10: the five cortical patterns.
TEST(IzhikevichPatterns, RegularSpikingAdaptsToATonicRate) {
  const auto isi = isis(izhikevich(0.02, 0.2, -65, 8));
  ASSERT_GE(isi.size(), 10u);
  const double steady = isi.back();
  EXPECT_LT(isi[0], 0.6 * steady) << "the first interval is the shortest: adaptation";
  EXPECT_EQ(count_if_below(isi, 0, 10.0), 0u) << "no bursts";
  EXPECT_NEAR(mean(isi, isi.size() - 5, isi.size()), steady, 0.01 * steady) << "tonic at the end";
}

TEST(IzhikevichPatterns, IntrinsicallyBurstingFiresABurstThenTonically) {
  const auto isi = isis(izhikevich(0.02, 0.2, -55, 4));
  ASSERT_GE(isi.size(), 10u);
  EXPECT_LT(isi[0], 5.0);
  EXPECT_LT(isi[1], 5.0) << "an initial burst of at least three spikes";
  EXPECT_EQ(count_if_below(isi, 3, 10.0), 0u) << "then single spikes only";
  EXPECT_NEAR(mean(isi, isi.size() - 5, isi.size()), isi.back(), 0.01 * isi.back()) << "tonic";
}

TEST(IzhikevichPatterns, ChatteringBurstsRepeatedly) {
  const auto isi = isis(izhikevich(0.02, 0.2, -50, 2));
  // Bursts are runs of intervals below 10 ms separated by intervals above 20 ms.
  std::size_t gaps = 0, gaps_late = 0, within = 0;
  for (std::size_t k = 0; k < isi.size(); ++k) {
    if (isi[k] > 20.0) {
      ++gaps;
      if (k > isi.size() / 2) ++gaps_late;
    }
    if (isi[k] < 10.0) ++within;
  }
  EXPECT_GE(gaps, 8u) << "many bursts";
  EXPECT_GE(gaps_late, 4u) << "bursting goes on in the second half";
  EXPECT_GE(within, 2 * gaps) << "at least three spikes per burst";
}

TEST(IzhikevichPatterns, FastSpikingFiresFastWithoutAdaptation) {
  const auto isi = isis(izhikevich(0.1, 0.2, -65, 2));
  ASSERT_GE(isi.size(), 50u);
  EXPECT_LT(isi.back(), 10.0) << "above 100 Hz";
  // Steady within a few spikes, then constant; compare RS, where the steady interval is
  // more than twice the first.
  EXPECT_LT(isi.back() / isi[2], 1.1);
  // Spike times fall on the 0.1 ms grid, so a constant interval shows as 7.6 or 7.7 ms.
  EXPECT_NEAR(mean(isi, 10, isi.size()), isi.back(), 0.11);
}

TEST(IzhikevichPatterns, LowThresholdSpikingStartsFastAndAdaptsStrongly) {
  const auto isi = isis(izhikevich(0.02, 0.25, -65, 2));
  ASSERT_GE(isi.size(), 10u);
  EXPECT_LT(isi[0], 5.0) << "a high-frequency start";
  EXPECT_GT(isi.back(), 3.0 * isi[0]) << "strong adaptation";
  for (std::size_t k = 1; k < 6; ++k) EXPECT_GE(isi[k], isi[k - 1] - 0.1) << "intervals lengthen, no burst pauses";
  EXPECT_NEAR(mean(isi, isi.size() - 5, isi.size()), isi.back(), 0.01 * isi.back()) << "tonic at the end";
}

}  // namespace
}  // namespace snnft
