// SPDX-License-Identifier: MIT
// Neuron-level faults on small networks, against closed forms where there are any.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "faults_test_util.hpp"
#include "snnft/snn/source_populations.hpp"

namespace snnft::faults {
namespace {

using test::counts;
using test::driven_neurons;
using test::run_with_faults;
using test::steps_of;

constexpr double kDt = 0.1;

/// Closed-form interspike interval of the driven neurons (ms).
double closed_form_isi(double bias, double tau_m, double t_ref, double v_th) {
  const double v_inf = -70 + bias;
  return t_ref + tau_m * std::log((v_inf + 70) / (v_inf - v_th));
}

void expect_isi(const std::vector<Step>& steps, double isi_ms, const std::string& what) {
  ASSERT_GE(steps.size(), 3u) << what;
  for (std::size_t k = 1; k < steps.size(); ++k) {
    EXPECT_LE(std::abs(static_cast<double>(steps[k] - steps[k - 1]) * kDt - isi_ms), kDt) << what << " spike " << k;
  }
}

}  // namespace

TEST(NeuronFaults, DeadNeuronsNeverSpikeAndTheOthersAreUntouched) {
  const auto spec = driven_neurons(20, 30);
  const auto healthy = run_with_faults(spec, {}, 5000);
  const auto faulty = run_with_faults(spec, {"dead:fraction=0.3"}, 5000);
  const auto h = counts(healthy.spikes, 0, 20), f = counts(faulty.spikes, 0, 20);
  std::size_t dead = 0;
  for (NeuronIndex i = 0; i < 20; ++i) {
    ASSERT_GT(h[i], 10u);
    if (f[i] == 0) {
      ++dead;
    } else {
      EXPECT_EQ(steps_of(faulty.spikes, 0, i), steps_of(healthy.spikes, 0, i)) << "neuron " << i;
    }
  }
  EXPECT_EQ(dead, 6u) << "round(0.3 * 20) neurons";
  EXPECT_EQ(faulty.injected, 1u);
}

// A saturated neuron fires whenever its refractory period allows: every t_ref/dt steps.
TEST(NeuronFaults, SaturatedNeuronsFireAtTheRefractoryLimitedMaximum) {
  const auto spec = driven_neurons(10, 0);  // V∞ = rest: silent when healthy
  const auto run = run_with_faults(spec, {"saturated:ids=2;7"}, 10000);
  const auto c = counts(run.spikes, 0, 10);
  for (NeuronIndex i = 0; i < 10; ++i) {
    if (i == 2 || i == 7) {
      EXPECT_EQ(c[i], 500u) << "1 s at 1/t_ref = 500 Hz";
      expect_isi(steps_of(run.spikes, 0, i), 2.0, "saturated");
    } else {
      EXPECT_EQ(c[i], 0u);
    }
  }
  // A driven neuron is pushed from its natural interval (24 ms) to t_ref as well.
  const auto driven = run_with_faults(driven_neurons(1, 30), {"saturated"}, 2000);
  expect_isi(steps_of(driven.spikes, 0, 0), 2.0, "saturated driven");
}

// Under strong drive the membrane crosses threshold within 0.5 ms of a reset, so the only
// limit on the rate is the refractory period; without it the neuron fires far faster.
TEST(NeuronFaults, RefractoryCorruptionFiresFasterThanOneOverTref) {
  const auto spec = driven_neurons(4, 1000);
  const auto healthy = run_with_faults(spec, {}, 10000);
  const auto faulty = run_with_faults(spec, {"refractory_corrupt:ids=1"}, 10000);
  const auto h = counts(healthy.spikes, 0, 4), f = counts(faulty.spikes, 0, 4);
  EXPECT_LE(h[1], 500u) << "healthy: at most 1/t_ref";
  EXPECT_GT(f[1], 1500u) << "corrupted: more than three times 1/t_ref";
  EXPECT_EQ(f[0], h[0]);
  EXPECT_EQ(f[2], h[2]);
  // v(t) = 930 − 1000 e^{−t/20} crosses −50 mV after 0.40 ms: 5 steps between spikes.
  expect_isi(steps_of(faulty.spikes, 0, 1), 0.5, "corrupted");
}

// Drift changes the interval exactly as the closed form with the scaled parameter predicts.
TEST(NeuronFaults, DriftMovesTheRateAsTheClosedFormPredicts) {
  const auto spec = driven_neurons(1, 30);
  const double healthy = closed_form_isi(30, 20, 2, -50);
  expect_isi(steps_of(run_with_faults(spec, {}, 20000).spikes, 0, 0), healthy, "healthy");

  // Threshold at half its distance above reset: -60 mV, so a shorter interval.
  const double low_th = closed_form_isi(30, 20, 2, -60);
  expect_isi(steps_of(run_with_faults(spec, {"drift:threshold_scale=0.5"}, 20000).spikes, 0, 0), low_th, "threshold");
  EXPECT_LT(low_th, healthy);
  // Threshold further away: -45 mV, a longer interval.
  const double high_th = closed_form_isi(30, 20, 2, -45);
  expect_isi(steps_of(run_with_faults(spec, {"drift:threshold_scale=1.25"}, 20000).spikes, 0, 0), high_th, "threshold up");
  EXPECT_GT(high_th, healthy);
  // Leak doubled: tau_m 10 ms; V∞ is unchanged, so the membrane gets there sooner.
  const double fast_leak = closed_form_isi(30, 10, 2, -50);
  expect_isi(steps_of(run_with_faults(spec, {"drift:leak_scale=2"}, 20000).spikes, 0, 0), fast_leak, "leak");
  EXPECT_LT(fast_leak, healthy);
  // Refractory period doubled: 4 ms.
  const double long_ref = closed_form_isi(30, 20, 4, -50);
  expect_isi(steps_of(run_with_faults(spec, {"drift:refractory_scale=2"}, 20000).spikes, 0, 0), long_ref, "refractory");
}

// Parameter faults that overlap on a neuron compose: their scales multiply, and when one
// clears the neuron runs on the others' scales alone.
TEST(NeuronFaults, OverlappingParameterFaultsCompose) {
  const auto spec = driven_neurons(1, 30);
  // Two halvings of the threshold's distance above reset: -65 mV.
  expect_isi(steps_of(run_with_faults(spec, {"drift:threshold_scale=0.5", "drift:threshold_scale=0.5"}, 20000).spikes, 0, 0),
             closed_form_isi(30, 20, 2, -65), "threshold twice");
  // A longer refractory period and refractory corruption: no refractory period at all.
  const auto both = run_with_faults(driven_neurons(1, 1000), {"drift:refractory_scale=2", "refractory_corrupt"}, 10000);
  expect_isi(steps_of(both.spikes, 0, 0), 0.5, "corruption wins");
  // A transient second drift: after 100 ms only the permanent one is left.
  const auto run = run_with_faults(spec, {"drift:threshold_scale=0.5", "drift:leak_scale=2,until=100ms"}, 20000);
  std::vector<Step> late;
  for (Step s : steps_of(run.spikes, 0, 0)) {
    if (s > 1500) late.push_back(s);
  }
  expect_isi(late, closed_form_isi(30, 20, 2, -60), "after the transient cleared");
}

TEST(NeuronFaults, StuckMembraneHoldsItsValue) {
  // Stuck below threshold: a driven neuron goes silent, and observers read the stuck value.
  class VoltageProbe final : public StepObserver {
   public:
    [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kObserve); }
    void on_phase_end(Phase, const StepView& view) override {
      const auto v = view.network.population(0).variable("v");
      ok = ok && v[3] == -60.0f;
    }
    bool ok = true;
  };
  Network net = Network::build(driven_neurons(5, 30), 1);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  FaultSchedule schedule({parse_fault_flag("stuck_v:ids=3,value_mv=-60")}, 1);
  schedule.attach(sim);
  VoltageProbe probe;
  sim.add_observer(probe);
  SpikeStatistics stats(net);
  sim.add_observer(stats);
  sim.run(5000);
  EXPECT_TRUE(probe.ok);
  EXPECT_EQ(stats.spike_count(0, 3), 0u);
  EXPECT_GT(stats.spike_count(0, 2), 10u);
  // Stuck above threshold: a silent neuron fires.
  const auto high = run_with_faults(driven_neurons(2, 0), {"stuck_v:ids=0,value_mv=-40"}, 5000);
  EXPECT_GT(counts(high.spikes, 0, 2)[0], 100u);
  EXPECT_EQ(counts(high.spikes, 0, 2)[1], 0u);
}

// Drop at p keeps a binomial share 1 − p of the spikes; the draws are the fault's own, so
// the input spikes are the same with and without it.
TEST(NeuronFaults, DropRemovesAboutPOfTheSpikes) {
  const NetworkSpec spec = test::network_of({test::poisson("src", 2000, 50.0)});
  const auto healthy = run_with_faults(spec, {}, 10000);
  const auto faulty = run_with_faults(spec, {"drop:p=0.3,population=src"}, 10000);
  const double n = static_cast<double>(healthy.spikes.size());
  ASSERT_GT(n, 90000);
  const double kept = static_cast<double>(faulty.spikes.size()) / n;
  EXPECT_NEAR(kept, 0.7, 4 * std::sqrt(0.3 * 0.7 / n));
  // Every surviving spike is one of the original spikes.
  EXPECT_TRUE(std::includes(healthy.spikes.begin(), healthy.spikes.end(), faulty.spikes.begin(), faulty.spikes.end(),
                            [](const test::Spike& a, const test::Spike& b) {
                              return a.step != b.step ? a.step < b.step : a.neuron < b.neuron;
                            }));
}

// Jitter delays each spike by |N(0, σ)|: nothing is lost, no spike moves earlier, the rms
// shift is σ and the mean shift σ·sqrt(2/π).
TEST(NeuronFaults, JitterKeepsEverySpikeAndShiftsThemBySigma) {
  const NetworkSpec spec = test::network_of({test::population("src", 500, PopulationSpec::Kind::kSpikeSource)});
  auto prepare = [](Network& net) {
    SpikePattern pattern(500);
    for (NeuronIndex i = 0; i < 500; ++i) {
      for (double t : {5.0, 25.0, 45.0, 65.0}) pattern.add(t + 0.1 * (i % 7), i);
    }
    pattern.finalize();
    static_cast<SpikeSourcePopulation&>(net.population(0)).set_pattern(pattern, 0);
  };
  const SimulationOptions options{SimdIsa::kScalar, 1, 1024};
  const auto healthy = run_with_faults(spec, {}, 1000, options, prepare);
  const auto faulty = run_with_faults(spec, {"jitter:sigma_ms=1,population=src"}, 1000, options, prepare);
  ASSERT_EQ(healthy.spikes.size(), 2000u);
  ASSERT_EQ(faulty.spikes.size(), healthy.spikes.size());
  double sum = 0, sum_sq = 0;
  for (NeuronIndex i = 0; i < 500; ++i) {
    const auto a = steps_of(healthy.spikes, 0, i), b = steps_of(faulty.spikes, 0, i);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      const double shift = static_cast<double>(b[k] - a[k]) * kDt;
      ASSERT_GE(shift, 0.0);
      ASSERT_LE(shift, 6.0 + 1e-9);
      sum += shift;
      sum_sq += shift * shift;
    }
  }
  const double n = 2000;
  EXPECT_NEAR(std::sqrt(sum_sq / n), 1.0, 0.06);
  EXPECT_NEAR(sum / n, std::sqrt(2.0 / 3.141592653589793), 0.05);
}

// Losing the SIMD unit switches the kernels and nothing else: the spikes stay bit-identical.
TEST(NeuronFaults, SimdOffSwitchesToScalarAndChangesNoSpike) {
  const auto spec = snnft::test::mixed_network(SynapseModel::kCurrentBased, 500);
  const SimulationOptions simd{best_simd_isa(), 1, 1024};
  const auto healthy = run_with_faults(spec, {}, 3000, simd);
  const auto off = run_with_faults(spec, {"simd_off:at=100ms"}, 3000, simd);
  const auto transient = run_with_faults(spec, {"simd_off:at=100ms,until=200ms"}, 3000, simd);
  ASSERT_GT(healthy.spikes.size(), 1000u);
  EXPECT_EQ(off.spikes, healthy.spikes);
  EXPECT_EQ(transient.spikes, healthy.spikes);
  EXPECT_EQ(off.final_simd, SimdIsa::kScalar);
  EXPECT_EQ(transient.final_simd, best_simd_isa()) << "the unit comes back when the fault clears";
  EXPECT_EQ(healthy.final_simd, best_simd_isa());
}

// Every fault's targets and random draws are keyed by its seed, never by thread.
TEST(NeuronFaults, FaultsAreReplayableAndThreadIndependent) {
  const auto spec = snnft::test::mixed_network(SynapseModel::kCurrentBased, 1000);
  const std::vector<std::string> flags = {"dead:fraction=0.1,population=exc", "drop:p=0.2,population=drive",
                                          "jitter:sigma_ms=0.5,population=inh", "saturated:count=3"};
  const auto one = run_with_faults(spec, flags, 2000, {SimdIsa::kScalar, 1, 256});
  const auto two = run_with_faults(spec, flags, 2000, {best_simd_isa(), 2, 256});
  EXPECT_EQ(one.spikes, two.spikes);
  const auto other_seed = run_with_faults(spec, {"dead:fraction=0.1,population=exc,seed=99", "drop:p=0.2,population=drive",
                                                 "jitter:sigma_ms=0.5,population=inh", "saturated:count=3"},
                                          2000, {SimdIsa::kScalar, 1, 256});
  EXPECT_NE(one.spikes, other_seed.spikes);
  EXPECT_EQ(one.injected, 4u);
}

// A transient parameter fault gives back every parameter bit for bit when it clears, and
// its neurons behave as healthy ones again.
TEST(NeuronFaults, TransientParameterFaultsRestoreTheOriginalBits) {
  const auto spec = driven_neurons(10, 30);
  const std::vector<std::string> names = {"v_th", "v_reset", "drive", "decay_m", "p_e", "p_i", "ref_steps"};
  const std::vector<std::vector<std::string>> cases = {
      {"drift:fraction=0.5,threshold_scale=1.3,leak_scale=0.7,refractory_scale=3,until=20ms"},
      {"refractory_corrupt:count=4,at=10ms,until=60ms"},
      {"stuck_v:count=2,value_mv=-65,until=30ms"},
      {"drift:fraction=0.6,threshold_scale=0.8,refractory_scale=2,at=5ms,until=40ms",
       "refractory_corrupt:fraction=0.5,at=20ms,until=70ms", "drift:fraction=0.3,leak_scale=1.5,until=25ms"}};
  for (const auto& flags : cases) {
    const std::string flag = flags.front();
    Network net = Network::build(spec, 1);
    std::vector<std::vector<std::uint32_t>> before;
    for (const auto& name : names) {
      std::vector<std::uint32_t> bits;
      for (float x : net.population(0).variable(name)) bits.push_back(std::bit_cast<std::uint32_t>(x));
      before.push_back(bits);
    }
    Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
    std::vector<FaultSpec> specs;
    for (const auto& f : flags) specs.push_back(parse_fault_flag(f));
    FaultSchedule schedule(specs, 3);
    schedule.attach(sim);
    sim.run(1000);
    ASSERT_EQ(schedule.injector()->active_faults(), 0u) << flag;
    ASSERT_EQ(schedule.events().size(), 2 * flags.size()) << flag;
    EXPECT_EQ(schedule.events().back().kind, kFaultCleared);
    for (std::size_t k = 0; k < names.size(); ++k) {
      std::vector<std::uint32_t> bits;
      for (float x : net.population(0).variable(names[k])) bits.push_back(std::bit_cast<std::uint32_t>(x));
      EXPECT_EQ(bits, before[k]) << flag << ": " << names[k];
    }
  }
}

TEST(NeuronFaults, TimedFaultActsOnlyInsideItsWindow) {
  const auto spec = driven_neurons(1, 1000);
  const auto healthy = run_with_faults(spec, {}, 3000);
  const auto run = run_with_faults(spec, {"dead:at=100ms,until=200ms"}, 3000);
  // The dead neuron keeps integrating and resetting: outside the window its spikes are the
  // healthy ones exactly.
  std::vector<test::Spike> expected;
  for (const auto& s : healthy.spikes) {
    if (s.step < 1000 || s.step >= 2000) expected.push_back(s);
  }
  ASSERT_GT(expected.size(), 50u);
  EXPECT_EQ(run.spikes, expected);
  ASSERT_EQ(run.events.size(), 2u);
  EXPECT_EQ(run.events[0].kind, kFaultInjected);
  EXPECT_DOUBLE_EQ(run.events[0].time_ms, 100.0);
  EXPECT_EQ(run.events[0].source, "dead:at=100ms,until=200ms");
  EXPECT_EQ(run.events[0].target, "network");
  EXPECT_EQ(run.events[0].detail, "1 of 1 neurons of n");
  EXPECT_EQ(run.events[1].kind, kFaultCleared);
  EXPECT_DOUBLE_EQ(run.events[1].time_ms, 200.0);
  EXPECT_EQ(run.events[1].trial, -1);
  EXPECT_EQ(run.injected, 1u);
}

}  // namespace snnft::faults
