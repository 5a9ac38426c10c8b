// SPDX-License-Identifier: MIT
// STDP against closed forms: the pair window, weight dependence, pairing schemes, the triplet
// term and delays. Spikes are placed exactly: presynaptic neurons are spike sources, and the
// postsynaptic neuron fires at a chosen step because a static "teacher" input one step
// earlier is far above threshold. Its synaptic time constant is 0.01 ms, so that input is
// gone after one step and the plastic inputs can never make the neuron fire.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/source_populations.hpp"
#include "snnft/snn/stdp_rule.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

constexpr double kDt = 0.1;
constexpr PopulationIndex kPre = 0, kTeacher = 1, kPost = 2;

NetworkSpec pairing_spec(std::size_t n_pre, double w0, double delay_ms = 0.0) {
  PopulationSpec post = test::population("post", 1);
  post.lif = {20, -70, -70, -50, 0, 0.01, 10, 0, -80, 0};
  post.initial.v_mv = test::constant(-70);
  NetworkSpec spec = test::network_of({test::population("pre", n_pre, PopulationSpec::Kind::kSpikeSource),
                                       test::population("teacher", 1, PopulationSpec::Kind::kSpikeSource), post});
  ProjectionSpec plastic =
      test::projection("plastic", "pre", "post", ConnectivityRule::Kind::kAllToAll, test::constant(w0));
  plastic.delay_ms = test::constant(delay_ms);
  const ProjectionSpec drive =
      test::projection("teacher", "teacher", "post", ConnectivityRule::Kind::kOneToOne, test::constant(2e5));
  spec.projections = {plastic, drive};
  return spec;
}

/// Runs the pairing network: pre neuron i spikes at the steps in pre_steps[i], the post
/// neuron at post_steps. Returns the final weights and checks the post neuron fired exactly
/// when intended.
std::vector<float> run_pairing(const StdpParams& params, const std::vector<std::vector<Step>>& pre_steps,
                               const std::vector<Step>& post_steps, double w0, double delay_ms = 0.0) {
  Network net = Network::build(pairing_spec(pre_steps.size(), w0, delay_ms), 1);
  SpikePattern pre(pre_steps.size()), teacher(1);
  Step last = 0;
  for (std::size_t i = 0; i < pre_steps.size(); ++i) {
    for (Step s : pre_steps[i]) {
      pre.add(static_cast<double>(s) * kDt, static_cast<NeuronIndex>(i));
      last = std::max(last, s);
    }
  }
  for (Step s : post_steps) {
    teacher.add(static_cast<double>(s - 1) * kDt, 0);
    last = std::max(last, s);
  }
  pre.finalize();
  teacher.finalize();
  static_cast<SpikeSourcePopulation&>(net.population(kPre)).set_pattern(pre, 0);
  static_cast<SpikeSourcePopulation&>(net.population(kTeacher)).set_pattern(teacher, 0);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  StdpRule rule(net, 0, params);
  sim.add_plasticity(rule);
  test::MemorySink sink;
  SpikeRecorder recorder(net, {kPost}, sink);
  sim.add_observer(recorder);
  sim.run(last + 100);
  std::vector<Step> fired;
  for (const auto& s : sink.spikes) fired.push_back(s.step);
  EXPECT_EQ(fired, post_steps) << "the postsynaptic neuron must fire exactly when the teacher makes it";
  const auto& w = net.projection(0).weight;
  return {w.begin(), w.end()};
}

StdpParams window_params(double tau_plus, double tau_minus) {
  StdpParams p;
  p.tau_plus_ms = tau_plus;
  p.tau_minus_ms = tau_minus;
  p.a_plus = 0.01;
  p.a_minus = -0.012;
  p.w_min = 0.0;
  p.w_max = 1.0;
  return p;
}

// Offsets Δt = t_post − t_pre in steps, one presynaptic neuron each, around a post spike at
// step 1000: ±2, ±5, ±10, ±20, ±30, ±50 ms and 0.
const std::vector<Step> kOffsets = {-500, -300, -200, -100, -50, -20, 0, 20, 50, 100, 200, 300, 500};
constexpr Step kPostStep = 1000;

std::vector<std::vector<Step>> one_pre_spike_per_offset() {
  std::vector<std::vector<Step>> pre;
  for (Step d : kOffsets) pre.push_back({kPostStep - d});
  return pre;
}

// A float weight near 0.5 is exact to 3e-8; the update itself is computed in double.
constexpr double kTol = 1e-7;

}  // namespace

class StdpWindow : public ::testing::TestWithParam<std::pair<double, double>> {};

// Δw = A₊·e^{−Δt/τ₊} for Δt > 0 and A₋·e^{Δt/τ₋} (A₋ < 0) for Δt < 0.
TEST_P(StdpWindow, PairWindowMatchesExponentials) {
  const auto [tau_plus, tau_minus] = GetParam();
  const StdpParams p = window_params(tau_plus, tau_minus);
  const double w0 = 0.5;
  const auto w = run_pairing(p, one_pre_spike_per_offset(), {kPostStep}, w0);
  for (std::size_t m = 0; m < kOffsets.size(); ++m) {
    const double dt_ms = static_cast<double>(kOffsets[m]) * kDt;
    const double expected = dt_ms >= 0 ? p.a_plus * std::exp(-dt_ms / tau_plus) : p.a_minus * std::exp(dt_ms / tau_minus);
    EXPECT_NEAR(static_cast<double>(w[m]) - w0, expected, kTol) << "Δt = " << dt_ms << " ms";
  }
}

INSTANTIATE_TEST_SUITE_P(TimeConstants, StdpWindow,
                         ::testing::Values(std::pair{20.0, 20.0}, std::pair{16.8, 33.7}));

// REFERENCE.md: Δt = +10 ms gives +A₊·e^(−10/20); Δt = −10 ms gives −|A₋|·e^(−10/20).
TEST(StdpWindow, ReferencePairAtPlusMinusTenMilliseconds) {
  const StdpParams p = window_params(20, 20);
  const auto w = run_pairing(p, {{kPostStep - 100}, {kPostStep + 100}}, {kPostStep}, 0.5);
  EXPECT_NEAR(w[0] - 0.5, 0.01 * std::exp(-0.5), kTol);
  EXPECT_NEAR(w[1] - 0.5, -0.012 * std::exp(-0.5), kTol);
}

// Pairing uses emission times, so a transmission delay leaves the window unchanged.
TEST(StdpWindow, DelaysDoNotShiftTheWindow) {
  const StdpParams p = window_params(16.8, 33.7);
  const auto undelayed = run_pairing(p, one_pre_spike_per_offset(), {kPostStep}, 0.5);
  const auto delayed = run_pairing(p, one_pre_spike_per_offset(), {kPostStep}, 0.5, 3.0);
  EXPECT_EQ(delayed, undelayed);
}

// Multiplicative: potentiation scaled by (w_max − w)/(w_max − w_min), depression by
// (w − w_min)/(w_max − w_min).
TEST(StdpWeightDependence, MultiplicativeScalesWithTheDistanceToTheBound) {
  StdpParams p = window_params(20, 20);
  p.update = StdpUpdate::kMultiplicative;
  p.w_min = 0.1;
  p.w_max = 0.9;
  const double w0 = 0.3;
  const auto w = run_pairing(p, one_pre_spike_per_offset(), {kPostStep}, w0);
  for (std::size_t m = 0; m < kOffsets.size(); ++m) {
    const double dt_ms = static_cast<double>(kOffsets[m]) * kDt;
    const double expected = dt_ms >= 0 ? p.a_plus * std::exp(-dt_ms / 20) * (0.9 - w0) / 0.8
                                       : p.a_minus * std::exp(dt_ms / 20) * (w0 - 0.1) / 0.8;
    EXPECT_NEAR(static_cast<double>(w[m]) - w0, expected, kTol) << "Δt = " << dt_ms << " ms";
  }
}

TEST(StdpWeightDependence, MultiplicativeWeightsAtABoundCannotMovePastIt) {
  StdpParams p = window_params(20, 20);
  p.update = StdpUpdate::kMultiplicative;
  // At w_max potentiation vanishes; at w_min depression does.
  for (float wb : run_pairing(p, {{kPostStep - 10}}, {kPostStep}, 1.0)) EXPECT_EQ(wb, 1.0f);
  for (float wb : run_pairing(p, {{kPostStep + 10}}, {kPostStep}, 0.0)) EXPECT_EQ(wb, 0.0f);
  // A step as large as the range lands exactly on the bound and never beyond.
  p.a_plus = 1.0;
  p.a_minus = -1.0;
  const auto w = run_pairing(p, {{kPostStep}, {kPostStep + 1}}, {kPostStep}, 0.5);
  EXPECT_EQ(w[0], 1.0f);
  EXPECT_NEAR(w[1], 0.5 - 0.5 * std::exp(-0.1 / 20), kTol);
}

TEST(StdpWeightDependence, AdditiveUpdatesAreClippedToTheBounds) {
  StdpParams p = window_params(20, 20);
  p.a_plus = 5.0;
  p.a_minus = -5.0;
  p.w_min = -0.25;
  p.w_max = 0.75;
  const auto w = run_pairing(p, {{kPostStep - 10}, {kPostStep + 10}}, {kPostStep}, 0.5);
  EXPECT_EQ(w[0], 0.75f);
  EXPECT_EQ(w[1], -0.25f);
}

// Two presynaptic spikes before, one after two postsynaptic spikes:
//   A fires at 80 and 90 ms, post at 100 and 110 ms, B at 130 ms.
// All-to-all pairs every spike with every earlier one; nearest only with the latest.
TEST(StdpPairing, NearestAndAllToAllDifferAsPredicted) {
  StdpParams p = window_params(16.8, 33.7);
  const std::vector<std::vector<Step>> pre = {{800, 900}, {1300}};
  const std::vector<Step> post = {1000, 1100};
  const double w0 = 0.5;
  auto e = [](double ms, double tau) { return std::exp(-ms / tau); };
  const double tp = p.tau_plus_ms, tm = p.tau_minus_ms;

  const auto all = run_pairing(p, pre, post, w0);
  EXPECT_NEAR(all[0] - w0, p.a_plus * (e(20, tp) + e(10, tp) + e(30, tp) + e(20, tp)), 2 * kTol);
  EXPECT_NEAR(all[1] - w0, p.a_minus * (e(30, tm) + e(20, tm)), kTol);

  p.pairing = StdpPairing::kNearest;
  const auto nearest = run_pairing(p, pre, post, w0);
  EXPECT_NEAR(nearest[0] - w0, p.a_plus * (e(10, tp) + e(20, tp)), 2 * kTol);
  EXPECT_NEAR(nearest[1] - w0, p.a_minus * e(20, tm), kTol);
}

// Minimal triplet rule (Pfister & Gerstner 2006): a post spike potentiates by
// x_pre·(a_plus + a3_plus·y_slow), y_slow taken just before its own jump.
TEST(StdpTriplet, SecondPostSpikeAddsTheTripletTerm) {
  StdpParams p = window_params(16.8, 33.7);
  p.a3_plus = 0.0065;
  p.tau_y_ms = 114;
  const auto w = run_pairing(p, {{900}}, {1000, 1100}, 0.5);
  const double x1 = std::exp(-10 / 16.8), x2 = std::exp(-20 / 16.8), y = std::exp(-10 / 114.0);
  EXPECT_NEAR(w[0] - 0.5, p.a_plus * x1 + (p.a_plus + p.a3_plus * y) * x2, 2 * kTol);

  // Pfister & Gerstner's visual-cortex fit has a negligible pair term: only triplets count.
  p.a_plus = 0.0;
  const auto t = run_pairing(p, {{900}}, {1000, 1100}, 0.5);
  EXPECT_NEAR(t[0] - 0.5, p.a3_plus * y * x2, kTol);
}

TEST(StdpTraces, LazyDecayIsExact) {
  const TraceDecay d(20, kDt);
  for (Step k : {0, 1, 7, 200, 2400, 2401, 2402, 100000}) {
    // Equal up to the rounding of the exponent's argument (1 ulp of 12 is 2e-15).
    EXPECT_NEAR(d(k) / std::exp(-static_cast<double>(k) * kDt / 20), 1.0, 1e-14) << k;
  }
  // Three presynaptic spikes 5 ms apart: the trace is the sum of three exponentials.
  Network net = Network::build(pairing_spec(1, 0.5), 1);
  SpikePattern pattern(1);
  for (double t : {10.0, 15.0, 20.0}) pattern.add(t, 0);
  pattern.finalize();
  static_cast<SpikeSourcePopulation&>(net.population(kPre)).set_pattern(pattern, 0);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  StdpRule rule(net, 0, window_params(20, 20));
  sim.add_plasticity(rule);
  sim.run(400);
  const double expected = std::exp(-30.0 / 20) + std::exp(-25.0 / 20) + std::exp(-20.0 / 20);
  EXPECT_NEAR(rule.pre_trace(0, 400), expected, 1e-14);
  EXPECT_EQ(rule.post_trace(0, 400), 0.0);
}

TEST(StdpParamsValidation, RejectsImpossibleParameters) {
  const StdpParams good = window_params(20, 20);
  EXPECT_NO_THROW(validate(good));
  auto bad = [&](auto change) {
    StdpParams p = good;
    change(p);
    return p;
  };
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.tau_plus_ms = 0; })), std::invalid_argument);
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.tau_minus_ms = -1; })), std::invalid_argument);
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.a_plus = -0.1; })), std::invalid_argument);
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.a_minus = 0.1; })), std::invalid_argument);
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.w_max = p.w_min; })), std::invalid_argument);
  EXPECT_THROW(validate(bad([](StdpParams& p) { p.tau_y_ms = NAN; })), std::invalid_argument);
  Network net = Network::build(pairing_spec(1, 0.5), 1);
  EXPECT_THROW(StdpRule(net, 0, bad([](StdpParams& p) { p.tau_plus_ms = -20; })), std::invalid_argument);
  EXPECT_THROW(StdpRule(net, 5, good), std::invalid_argument);
}

}  // namespace snnft
