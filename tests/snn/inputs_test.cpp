// SPDX-License-Identifier: MIT
// Inputs: current sources against the exact LIF solution, heterogeneous parameters against
// the closed-form rate, given spike times through delays, Poisson windows, and the same
// results for any thread count and instruction set.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <numeric>
#include <set>

#include "snnft/snn/current_source.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/source_populations.hpp"
#include "snnft/snn/state_recorder.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

constexpr double kDt = 0.1;

// `n` LIF neurons at rest (-70 mV), tau_m 20 ms, threshold far away unless given.
NetworkSpec resting(std::size_t n, double v_th_mv = -20) {
  NetworkSpec spec;
  spec.dt_ms = kDt;
  PopulationSpec p;
  p.name = "n";
  p.size = n;
  p.lif.tau_m_ms = 20;
  p.lif.v_rest_mv = -70;
  p.lif.v_reset_mv = -70;
  p.lif.v_th_mv = v_th_mv;
  p.lif.t_ref_ms = 2;
  p.initial.v_mv = {InitialValue::Kind::kConstant, -70, 0};
  spec.populations.push_back(p);
  return spec;
}

// The exact solution for a current constant over each step: v ← V∞ + (v − V∞)·e^{−dt/τ}
// with V∞ = v_rest + I(step). Frame s holds v at the end of step s.
std::vector<double> exact_trace(const std::vector<double>& current_per_step) {
  std::vector<double> v(current_per_step.size());
  double x = -70;
  const double decay = std::exp(-kDt / 20.0);
  for (std::size_t s = 0; s < v.size(); ++s) {
    const double v_inf = -70 + current_per_step[s];
    x = v_inf + (x - v_inf) * decay;
    v[s] = x;
  }
  return v;
}

// Runs and records v of every neuron in every step; frames are row-major (steps × n).
std::vector<float> run_recording_v(Network& net, std::vector<CurrentSourceSpec> sources, Step steps, SimdIsa isa) {
  Simulation sim(net, {isa, 1, 1024});
  CurrentInjector injector(net, std::move(sources));
  sim.add_actor(injector);
  MemoryFrameSink sink;
  StateRecorder rec(net, {0, {"v_mv"}, {}, 1}, sink);
  sim.add_observer(rec);
  sim.run(steps);
  return sink.data(0);
}

}  // namespace

// DC into neurons 0 and 2 in [10, 60) ms: v rises toward v_rest + I and relaxes back after;
// neuron 1 is not targeted and stays at rest.
TEST(CurrentSource, DcFollowsTheExactSolution) {
  CurrentSourceSpec dc;
  dc.kind = CurrentSourceSpec::Kind::kDc;
  dc.population = "n";
  dc.ids = {0, 2};
  dc.amplitude_mv = 12;
  dc.start_ms = 10;
  dc.stop_ms = 60;
  std::vector<double> current(1000, 0.0);
  for (std::size_t s = 100; s < 600; ++s) current[s] = 12;
  const std::vector<double> expected = exact_trace(current);
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(resting(3), 1);
    const std::vector<float> v = run_recording_v(net, {dc}, 1000, isa);
    ASSERT_EQ(v.size(), 3000u);
    for (std::size_t s = 0; s < 1000; ++s) {
      EXPECT_NEAR(v[s * 3 + 0], expected[s], 2e-4) << "step " << s << " " << to_string(isa);
      EXPECT_EQ(v[s * 3 + 1], -70.0f) << "step " << s;
      EXPECT_EQ(v[s * 3 + 2], v[s * 3 + 0]);
    }
    EXPECT_EQ(v[99 * 3], -70.0f) << "the current must not act before start_ms";
    EXPECT_GT(v[100 * 3], -70.0f) << "the current must act from start_ms on";
  }
}

// A step source and a DC source on the same neuron add up: 8 mV from 5 ms, then -3 mV from
// 30 ms (PyNN StepCurrentSource: the amplitude holds until the next time), plus 4 mV DC.
TEST(CurrentSource, StepAndDcSourcesAddUp) {
  CurrentSourceSpec step;
  step.kind = CurrentSourceSpec::Kind::kStep;
  step.population = "n";
  step.times_ms = {5, 30};
  step.amplitudes_mv = {8, -3};
  CurrentSourceSpec dc;
  dc.kind = CurrentSourceSpec::Kind::kDc;
  dc.population = "n";
  dc.amplitude_mv = 4;
  std::vector<double> current(800);
  for (std::size_t s = 0; s < current.size(); ++s) current[s] = 4 + (s >= 300 ? -3 : s >= 50 ? 8 : 0);
  const std::vector<double> expected = exact_trace(current);
  Network net = Network::build(resting(1), 1);
  const std::vector<float> v = run_recording_v(net, {step, dc}, 800, best_simd_isa());
  for (std::size_t s = 0; s < current.size(); ++s) EXPECT_NEAR(v[s], expected[s], 2e-4) << "step " << s;
}

// A DC current of R·I = 25 mV drives the neuron exactly like bias_mv = 25: the same spike
// steps, and the rate of the closed form (29.249 Hz, REFERENCE.md) within a step per ISI.
TEST(CurrentSource, DcDrivenSpikesMatchTheBiasAndTheClosedForm) {
  NetworkSpec biased = resting(1, -50);
  biased.populations[0].lif.bias_mv = 25;
  const auto reference = test::run_and_record(biased, 1, 20000, {best_simd_isa(), 1, 1024});
  Network net = Network::build(resting(1, -50), 1);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  CurrentSourceSpec dc;
  dc.population = "n";
  dc.amplitude_mv = 25;
  CurrentInjector injector(net, {dc});
  sim.add_actor(injector);
  test::MemorySink sink;
  SpikeRecorder recorder(net, {0}, sink, 4096);
  sim.add_observer(recorder);
  sim.run(20000);
  ASSERT_EQ(sink.spikes, reference);
  ASSERT_GE(sink.spikes.size(), 50u);
  const double isi_ms = static_cast<double>(sink.spikes.back().step - sink.spikes.front().step) * kDt /
                        static_cast<double>(sink.spikes.size() - 1);
  EXPECT_NEAR(1000.0 / isi_ms, 29.249, 29.249 * 0.1 / isi_ms + 1e-3);
}

// Noisy current (PyNN NoisyCurrentSource): mean + stdev·N(0, 1), a new draw every dt_ms
// per neuron, held in between, zero outside [start, stop), independent between neurons.
TEST(CurrentSource, NoisyCurrentHasItsMomentsAndHoldsEachDraw) {
  Network net = Network::build(resting(2), 9);
  CurrentSourceSpec noisy;
  noisy.kind = CurrentSourceSpec::Kind::kNoisy;
  noisy.population = "n";
  noisy.mean_mv = 2;
  noisy.stdev_mv = 3;
  noisy.dt_ms = 1.0;
  noisy.start_ms = 10;
  noisy.stop_ms = 20010;
  CurrentInjector injector(net, {noisy});
  EXPECT_EQ(injector.amplitude(0, 0, 99), 0.0f);
  EXPECT_EQ(injector.amplitude(0, 0, 200100), 0.0f);
  const std::size_t draws = 20000;
  double sum = 0, sum2 = 0, cross = 0;
  for (std::size_t k = 0; k < draws; ++k) {
    const Step s = 100 + static_cast<Step>(k) * 10;
    const double a = injector.amplitude(0, 0, s), b = injector.amplitude(0, 1, s);
    for (Step within = 1; within < 10; ++within) ASSERT_EQ(injector.amplitude(0, 0, s + within), a);
    sum += a;
    sum2 += a * a;
    cross += (a - 2) * (b - 2);
  }
  const double mean = sum / draws, sd = std::sqrt(sum2 / draws - mean * mean);
  EXPECT_NEAR(mean, 2.0, 4 * 3.0 / std::sqrt(draws));
  EXPECT_NEAR(sd, 3.0, 4 * 3.0 / std::sqrt(2.0 * draws));
  EXPECT_NEAR(cross / draws / 9.0, 0.0, 4 / std::sqrt(draws)) << "neurons must draw independently";
}

// Sine current (PyNN ACSource): offset + amplitude·sin(2π f (t − start) + phase) at each
// step's start, zero outside [start, stop).
TEST(CurrentSource, AcCurrentIsTheSineAtEachStepsStart) {
  Network net = Network::build(resting(1), 1);
  CurrentSourceSpec ac;
  ac.kind = CurrentSourceSpec::Kind::kAc;
  ac.population = "n";
  ac.amplitude_mv = 3;
  ac.offset_mv = 1;
  ac.frequency_hz = 50;
  ac.phase_deg = 90;
  ac.start_ms = 10;
  ac.stop_ms = 60;
  CurrentInjector injector(net, {ac});
  EXPECT_EQ(injector.amplitude(0, 0, 99), 0.0f);
  EXPECT_EQ(injector.amplitude(0, 0, 600), 0.0f);
  EXPECT_EQ(injector.amplitude(0, 0, 100), 4.0f) << "cos(0): offset + amplitude";
  EXPECT_NEAR(injector.amplitude(0, 0, 225), 1 + 3 * std::cos(2 * std::numbers::pi * 50 * 0.0125), 1e-6);
  EXPECT_NEAR(injector.amplitude(0, 0, 150), 1.0, 1e-6) << "a quarter period (5 ms) later: the offset";
  EXPECT_NEAR(injector.amplitude(0, 0, 200), -2.0, 1e-6) << "half a period later: offset - amplitude";
}

// Heterogeneous bias: every neuron fires at the closed-form rate of its own V∞.
TEST(LifHeterogeneity, EachNeuronFiresAtItsOwnClosedFormRate) {
  NetworkSpec spec = resting(40, -50);
  spec.populations[0].lif_distributions = {{"bias_mv", {InitialValue::Kind::kUniform, 22, 40}}};
  Network net = Network::build(spec, 3);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  SpikeStatistics stats(net);
  sim.add_observer(stats);
  sim.run(50000);  // 5 s
  auto& pop = dynamic_cast<LifPopulation&>(net.population(0));
  const std::span<float> drive = pop.variable("drive");
  std::set<float> distinct(drive.begin(), drive.begin() + 40);
  EXPECT_EQ(distinct.size(), 40u);
  for (std::size_t i = 0; i < 40; ++i) {
    const double bias = drive[i] + 70.0;
    ASSERT_GE(bias, 22.0);
    ASSERT_LE(bias, 40.0);
    const double isi = 2.0 + 20.0 * std::log(bias / (bias - 20.0));
    // Starting at v_reset without refractoriness, spike k comes at about k·T − t_ref. Spikes
    // are stamped with their step, so an interval lies in [T − dt, T] (as for a uniform
    // population, LifConstantCurrent).
    const double n = static_cast<double>(stats.spike_count(0, i));
    EXPECT_GE(n, std::floor(5002.0 / isi) - 1) << "neuron " << i << " bias " << bias;
    EXPECT_LE(n, std::floor(5002.0 / (isi - kDt)) + 1) << "neuron " << i << " bias " << bias;
  }
}

// Drawn parameters follow their distributions, are keyed by the seed, and a normal tau_m
// never gives a non-positive time constant.
TEST(LifHeterogeneity, DrawsFollowTheDistributionsAndTheSeed) {
  NetworkSpec spec = resting(4000, -50);
  spec.populations[0].lif_distributions = {{"v_th_mv", {InitialValue::Kind::kNormal, -50, 2}},
                                           {"tau_m_ms", {InitialValue::Kind::kNormal, 3, 3}}};
  Network a = Network::build(spec, 1), b = Network::build(spec, 1), c = Network::build(spec, 2);
  const auto th = a.population(0).state("v_th_mv");
  const double mean = std::accumulate(th.begin(), th.end(), 0.0) / 4000.0;
  double var = 0;
  for (float x : th) var += (x - mean) * (x - mean);
  EXPECT_NEAR(mean, -50, 4 * 2 / std::sqrt(4000.0));
  EXPECT_NEAR(std::sqrt(var / 4000.0), 2, 0.1);
  const auto th_b = b.population(0).state("v_th_mv"), th_c = c.population(0).state("v_th_mv");
  EXPECT_TRUE(std::equal(th.begin(), th.end(), th_b.begin()));
  EXPECT_FALSE(std::equal(th.begin(), th.end(), th_c.begin()));
  // decay_m = exp(-dt/tau) lies in (0, 1) exactly when tau > 0.
  for (float d : dynamic_cast<LifPopulation&>(a.population(0)).variable("decay_m").first(4000)) {
    ASSERT_GT(d, 0.0f);
    ASSERT_LT(d, 1.0f);
  }
}

// Each parameter has its own stream: adding a tau_m distribution leaves the v_th draws.
TEST(LifHeterogeneity, EachParameterDrawsFromItsOwnStream) {
  NetworkSpec spec = resting(100, -50);
  spec.populations[0].lif_distributions = {{"v_th_mv", {InitialValue::Kind::kUniform, -52, -48}}};
  Network alone = Network::build(spec, 4);
  spec.populations[0].lif_distributions.insert(spec.populations[0].lif_distributions.begin(),
                                               {"tau_m_ms", {InitialValue::Kind::kUniform, 10, 30}});
  Network both = Network::build(spec, 4);
  const auto a = alone.population(0).state("v_th_mv"), b = both.population(0).state("v_th_mv");
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
}

TEST(LifHeterogeneity, SharedSynapticConstantsCannotVary) {
  NetworkSpec spec = resting(3);
  spec.populations[0].lif_distributions = {{"tau_e_ms", {InitialValue::Kind::kUniform, 1, 2}}};
  EXPECT_THROW(Network::build(spec, 1), std::invalid_argument);
}

// Noisy current and heterogeneous parameters in a recurrent network: the same spikes and
// the same final state for 1 and 2 threads (every step split), scalar and SIMD kernels.
TEST(Inputs, SameSeedSameResultsForAnyThreadCountAndIsa) {
  NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased, 800);
  for (auto& p : spec.populations) {
    if (p.kind != PopulationSpec::Kind::kLif) continue;
    p.lif_distributions = {{"v_th_mv", {InitialValue::Kind::kUniform, -51, -49}},
                           {"tau_m_ms", {InitialValue::Kind::kNormal, 20, 2}},
                           {"t_ref_ms", {InitialValue::Kind::kUniform, 2, 5}}};
  }
  auto run = [&](SimdIsa isa, std::size_t threads) {
    Network net = Network::build(spec, 42);
    SimulationOptions options{isa, threads, 64};
    options.min_parallel_neurons = 0;
    Simulation sim(net, options);
    CurrentSourceSpec noisy;
    noisy.kind = CurrentSourceSpec::Kind::kNoisy;
    noisy.population = "exc";
    noisy.ids = {1, 5, 100, 300, 639};
    noisy.mean_mv = 5;
    noisy.stdev_mv = 10;
    CurrentSourceSpec step;
    step.kind = CurrentSourceSpec::Kind::kStep;
    step.population = "inh";
    step.times_ms = {50, 150};
    step.amplitudes_mv = {3, 0};
    CurrentInjector injector(net, {noisy, step});
    sim.add_actor(injector);
    test::MemorySink sink;
    SpikeRecorder recorder(net, {0, 1, 2}, sink, 4096);
    sim.add_observer(recorder);
    sim.run(3000);
    const auto v = net.population(0).state("v_mv");
    return std::pair{sink.spikes, std::vector<float>(v.begin(), v.end())};
  };
  const auto reference = run(SimdIsa::kScalar, 1);
  EXPECT_GT(reference.first.size(), 100u);
  for (SimdIsa isa : available_simd_isas()) {
    for (std::size_t threads : {1u, 2u}) {
      const auto other = run(isa, threads);
      EXPECT_EQ(other.first, reference.first) << to_string(isa) << " threads " << threads;
      EXPECT_EQ(other.second, reference.second) << to_string(isa) << " threads " << threads;
    }
  }
}

// A given spike at 10 ms reaches targets through a zero-delay and a 1.5 ms projection: the
// delayed target's v is the undelayed one's shifted by exactly 15 steps. Both take effect
// from the step after arrival (the engine's one-step synaptic latency: a spike in step s
// with delay d is integrated from step s + d/dt + 1).
TEST(SpikeTimes, GivenSpikeArrivesAfterExactlyTheDelay) {
  NetworkSpec spec = resting(2);
  PopulationSpec src = test::population("src", 1, PopulationSpec::Kind::kSpikeSource);
  src.spike_times_ms = {{10.0}};
  spec.populations.push_back(src);
  for (double delay : {0.0, 1.5}) {
    ProjectionSpec j = test::projection(delay == 0 ? "now" : "later", "src", "n", ConnectivityRule::Kind::kExplicit,
                                        test::constant(5));
    j.rule.pairs = {{0, delay == 0 ? 0u : 1u}};
    j.delay_ms = test::constant(delay);
    spec.projections.push_back(j);
  }
  Network net = Network::build(spec, 1);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  test::MemorySink spikes;
  SpikeRecorder recorder(net, {1}, spikes, 16);
  MemoryFrameSink frames;
  StateRecorder rec(net, {0, {"v_mv", "ge"}, {}, 1}, frames);
  sim.add_observer(recorder);
  sim.add_observer(rec);
  sim.run(400);
  ASSERT_EQ(spikes.spikes.size(), 1u);
  EXPECT_EQ(spikes.spikes[0].step, 100);
  const std::vector<float>& v = frames.data(0);
  const std::vector<float>& ge = frames.data(1);
  auto first_change = [&](const std::vector<float>& x, std::size_t neuron, float rest) {
    for (std::size_t s = 0; s < 400; ++s) {
      if (x[s * 2 + neuron] != rest) return static_cast<Step>(s);
    }
    return Step{-1};
  };
  EXPECT_EQ(first_change(v, 0, -70.0f), 101);
  EXPECT_EQ(first_change(v, 1, -70.0f), 116);
  EXPECT_EQ(ge[116 * 2 + 1], ge[101 * 2 + 0]);
  for (std::size_t s = 101; s + 15 < 400; ++s) ASSERT_EQ(v[(s + 15) * 2 + 1], v[s * 2 + 0]) << "step " << s;
}

// Poisson trains run in [start_ms, stop_ms) only, at the given rate.
TEST(PoissonWindow, SpikesOnlyInsideTheWindowAtTheRate) {
  PopulationSpec p = test::poisson("p", 100, 200);
  p.start_ms = 100;
  p.stop_ms = 300;
  const NetworkSpec spec = test::network_of({p});
  const auto spikes = test::run_and_record(spec, 5, 5000, {SimdIsa::kScalar, 1, 1024});
  for (const auto& s : spikes) {
    ASSERT_GE(s.step, 1000);
    ASSERT_LT(s.step, 3000);
  }
  // 100 neurons × 200 Hz × 0.2 s = 4000 expected, sd about 63.
  EXPECT_NEAR(static_cast<double>(spikes.size()), 4000.0, 4 * 63.0);
}

// Per-neuron rates drawn from a distribution, keyed by the seed; a normal's negative draws
// become 0 Hz.
TEST(PoissonRates, DrawnPerNeuronFromADistribution) {
  PopulationSpec p = test::population("p", 2000, PopulationSpec::Kind::kPoisson);
  p.rate_distribution = InitialValue{InitialValue::Kind::kUniform, 10, 50};
  NetworkSpec spec = test::network_of({p});
  Network net = Network::build(spec, 1);
  const auto r = net.population(0).state("rate_hz");
  for (float x : r) {
    ASSERT_GE(x, 10.0f);
    ASSERT_LE(x, 50.0f);
  }
  EXPECT_NEAR(std::accumulate(r.begin(), r.end(), 0.0) / 2000.0, 30.0, 4 * 40 / std::sqrt(12.0 * 2000));
  spec.populations[0].rate_distribution = InitialValue{InitialValue::Kind::kNormal, 0, 5};
  Network half = Network::build(spec, 1);
  const auto h = half.population(0).state("rate_hz");
  const auto zeros = std::count(h.begin(), h.end(), 0.0f);
  EXPECT_NEAR(static_cast<double>(zeros), 1000.0, 4 * std::sqrt(500.0));
}

}  // namespace snnft
