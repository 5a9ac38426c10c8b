// SPDX-License-Identifier: MIT
// Per-phase dispatch: observers and actors are called after exactly the phases they asked
// for, in registration order, actors first, and spike-triggered ones only in steps their
// population spiked; watching the Integrate phase (which splits the fused
// integrate-and-detect pass in two) changes no spike.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/snn/lif_population.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

struct Call {
  std::string who;
  Phase phase;
  Step step;
  friend bool operator==(const Call&, const Call&) = default;
};

class LoggingObserver final : public StepObserver {
 public:
  LoggingObserver(std::string name, PhaseMask phases, std::vector<Call>& log)
      : name_(std::move(name)), phases_(phases), log_(log) {}
  [[nodiscard]] PhaseMask phases() const override { return phases_; }
  void on_run_begin(const Network&) override { ++begun; }
  void on_phase_end(Phase phase, const StepView& view) override { log_.push_back({name_, phase, view.step}); }
  void on_run_end(const StepView&) override { ++ended; }
  int begun = 0, ended = 0;

 private:
  std::string name_;
  PhaseMask phases_;
  std::vector<Call>& log_;
};

class LoggingActor final : public StepActor {
 public:
  LoggingActor(std::string name, PhaseMask phases, std::vector<Call>& log)
      : name_(std::move(name)), phases_(phases), log_(log) {}
  [[nodiscard]] PhaseMask phases() const override { return phases_; }
  void act(Phase phase, const StepView& view, NetworkControl&) override { log_.push_back({name_, phase, view.step}); }

 private:
  std::string name_;
  PhaseMask phases_;
  std::vector<Call>& log_;
};

constexpr PhaseMask bits(std::initializer_list<Phase> phases) {
  PhaseMask m = 0;
  for (Phase p : phases) m |= phase_bit(p);
  return m;
}

TEST(PhaseDispatch, EachHookIsCalledAfterItsOwnPhasesOnlyInOrder) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 1);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  std::vector<Call> log;
  LoggingObserver detect_and_observe("o1", bits({Phase::kDetect, Phase::kObserve}), log);
  LoggingObserver observe("o2", bits({Phase::kObserve}), log);
  LoggingObserver none("o3", 0, log);
  LoggingActor actor("a", bits({Phase::kDeliver, Phase::kObserve}), log);
  sim.add_observer(detect_and_observe);
  sim.add_observer(observe);
  sim.add_observer(none);
  sim.add_actor(actor);
  sim.run(2);
  std::vector<Call> expected;
  for (Step s = 0; s < 2; ++s) {
    // Actors before observers within a phase; observers in registration order.
    expected.push_back({"a", Phase::kDeliver, s});
    expected.push_back({"o1", Phase::kDetect, s});
    expected.push_back({"a", Phase::kObserve, s});
    expected.push_back({"o1", Phase::kObserve, s});
    expected.push_back({"o2", Phase::kObserve, s});
  }
  EXPECT_EQ(log, expected);
  // An observer without phases still hears about the run's beginning and end.
  EXPECT_EQ(none.begun, 1);
  EXPECT_EQ(none.ended, 1);
}

TEST(PhaseDispatch, EveryPhaseCanBeObservedInTheDocumentedOrder) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 1);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  std::vector<Call> log;
  PhaseMask all = 0;
  for (Phase p : kPhaseOrder) all |= phase_bit(p);
  LoggingObserver everything("o", all, log);
  sim.add_observer(everything);
  sim.run(1);
  ASSERT_EQ(log.size(), kPhaseOrder.size());
  for (std::size_t k = 0; k < kPhaseOrder.size(); ++k) EXPECT_EQ(log[k].phase, kPhaseOrder[k]) << k;
}

/// Counts its calls; triggered by one population's spikes, or called every step.
class CountingObserver final : public StepObserver {
 public:
  CountingObserver(PopulationIndex trigger, PhaseMask phases) : trigger_(trigger), phases_(phases) {}
  [[nodiscard]] PhaseMask phases() const override { return phases_; }
  [[nodiscard]] PopulationIndex spike_trigger() const override { return trigger_; }
  void on_phase_end(Phase, const StepView& view) override {
    ++calls;
    const auto& spikes = view.network.population(trigger_ == kEveryStep ? 0 : trigger_).spikes();
    steps_with_spikes += spikes.size() > 0;
    empty_calls += trigger_ != kEveryStep && spikes.size() == 0;
  }
  std::size_t calls = 0, steps_with_spikes = 0, empty_calls = 0;

 private:
  PopulationIndex trigger_;
  PhaseMask phases_;
};

class CountingActor final : public StepActor {
 public:
  explicit CountingActor(PopulationIndex trigger) : trigger_(trigger) {}
  [[nodiscard]] PhaseMask phases() const override { return bits({Phase::kDetect, Phase::kObserve}); }
  [[nodiscard]] PopulationIndex spike_trigger() const override { return trigger_; }
  void act(Phase, const StepView&, NetworkControl&) override { ++calls; }
  std::size_t calls = 0;

 private:
  PopulationIndex trigger_;
};

TEST(SpikeTrigger, TriggeredHooksRunExactlyInTheStepsTheirPopulationSpiked) {
  // 200 neurons: the inhibitory population (40) is silent in many steps.
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 4);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  CountingObserver every(kEveryStep, bits({Phase::kObserve}));
  CountingObserver exc(0, bits({Phase::kObserve})), inh(1, bits({Phase::kObserve}));
  CountingObserver inh_twice(1, bits({Phase::kDetect, Phase::kObserve}));
  CountingActor actor(1);
  sim.add_observer(every);
  sim.add_observer(exc);
  sim.add_observer(inh);
  sim.add_observer(inh_twice);
  sim.add_actor(actor);
  constexpr Step kSteps = 3000;
  sim.run(kSteps);
  EXPECT_EQ(every.calls, static_cast<std::size_t>(kSteps));
  EXPECT_EQ(exc.calls, every.steps_with_spikes) << "population 0: every step with spikes, no other";
  EXPECT_EQ(exc.empty_calls, 0u);
  EXPECT_EQ(inh.empty_calls, 0u);
  EXPECT_GT(inh.calls, 50u);
  EXPECT_LT(inh.calls, static_cast<std::size_t>(kSteps) / 2) << "the test needs silent steps to mean anything";
  // Spikes are not edited between Detect and Observe here, so both phases see the same steps.
  EXPECT_EQ(inh_twice.calls, 2 * inh.calls);
  EXPECT_EQ(actor.calls, 2 * inh.calls);
}

TEST(SpikeTrigger, AnUnknownPopulationIsRejectedAtRegistration) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 4);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  CountingObserver bad(7, bits({Phase::kObserve}));
  EXPECT_THROW(sim.add_observer(bad), std::invalid_argument);
  CountingActor bad_actor(3);
  EXPECT_THROW(sim.add_actor(bad_actor), std::invalid_argument);
}

/// After Integrate, lists the neurons of population 0 that are above threshold and not
/// refractory: exactly those that Detect will report as this step's spikes.
class AboveThreshold final : public StepObserver {
 public:
  [[nodiscard]] PhaseMask phases() const override { return bits({Phase::kIntegrate, Phase::kDetect}); }
  void on_phase_end(Phase phase, const StepView& view) override {
    auto& pop = view.network.population(0);
    if (phase == Phase::kIntegrate) {
      const auto v = pop.variable("v"), v_th = pop.variable("v_th"), ref = pop.variable("ref_left");
      predicted.clear();
      for (std::size_t j = 0; j < v.size(); ++j) {
        if (ref[j] < 0.5f && v[j] > v_th[j]) predicted.push_back(static_cast<NeuronIndex>(j));
      }
      return;
    }
    const auto ids = pop.spikes().ids();
    mismatches += std::vector<NeuronIndex>(ids.begin(), ids.end()) != predicted;
    spikes += ids.size();
  }
  std::vector<NeuronIndex> predicted;
  std::size_t mismatches = 0, spikes = 0;
};

class IntegratePhase : public ::testing::TestWithParam<SynapseModel> {};

TEST_P(IntegratePhase, WatchingItShowsTheStateBeforeDetectionAndChangesNoSpike) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  for (SimdIsa isa : available_simd_isas()) {
    const auto fused = test::run_and_record(spec, 9, 1500, {isa, 1, 1024});
    Network net = Network::build(spec, 9);
    Simulation sim(net, {isa, 1, 1024});
    test::MemorySink sink;
    SpikeRecorder recorder(net, {0, 1, 2}, sink, 4096);
    AboveThreshold watcher;
    sim.add_observer(watcher);
    sim.add_observer(recorder);
    sim.run(1500);
    EXPECT_GT(watcher.spikes, 500u) << to_string(isa);
    EXPECT_EQ(watcher.mismatches, 0u) << to_string(isa);
    EXPECT_EQ(sink.spikes, fused) << to_string(isa) << ": the split passes differ from the fused one";
  }
}

TEST_P(IntegratePhase, PerNeuronConstantArraysGiveTheSameSpikesAsSharedOnes) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  for (SimdIsa isa : available_simd_isas()) {
    const auto shared = test::run_and_record(spec, 13, 1500, {isa, 1, 1024});
    Network net = Network::build(spec, 13);
    auto& exc = dynamic_cast<LifPopulation&>(net.population(0));
    ASSERT_TRUE(exc.shares_constants());
    ASSERT_TRUE(exc.shares_threshold());
    ASSERT_EQ(exc.variable("decay_m").size(), exc.size());  // a writable view: arrays from now on
    EXPECT_FALSE(exc.shares_constants());
    EXPECT_TRUE(exc.shares_threshold());
    ASSERT_EQ(exc.variable("v_th").size(), exc.size());
    EXPECT_FALSE(exc.shares_threshold());
    Simulation sim(net, {isa, 1, 1024});
    test::MemorySink sink;
    SpikeRecorder recorder(net, {0, 1, 2}, sink, 4096);
    sim.add_observer(recorder);
    sim.run(1500);
    ASSERT_GT(shared.size(), 1000u);
    EXPECT_EQ(sink.spikes, shared) << to_string(isa);
  }
}

TEST_P(IntegratePhase, PaddingLanesNeverSpikeWithASharedThreshold) {
  // 1010 neurons: 808 excitatory and 202 inhibitory, neither a whole number of 16-lane
  // registers; with v_rest above threshold (CUBA) an integrating padding lane would fire.
  const NetworkSpec spec = test::mixed_network(GetParam(), 1010);
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(spec, 21);
    ASSERT_TRUE(dynamic_cast<LifPopulation&>(net.population(0)).shares_threshold());
    Simulation sim(net, {isa, 1, 1024});
    test::MemorySink sink;
    SpikeRecorder recorder(net, {0, 1}, sink, 4096);
    sim.add_observer(recorder);
    sim.run(1000);
    ASSERT_GT(sink.spikes.size(), 500u);
    for (const auto& s : sink.spikes) {
      ASSERT_LT(s.neuron, net.population(s.population).size()) << to_string(isa) << " step " << s.step;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, IntegratePhase,
                         ::testing::Values(SynapseModel::kCurrentBased, SynapseModel::kConductanceBased));

TEST(LifVariables, EveryNameFindsItsOwnArrayAndUnknownNamesNone) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 1);
  auto& exc = dynamic_cast<LifPopulation&>(net.population(0));
  const auto names = exc.variable_names();
  ASSERT_EQ(names.size(), 11u);
  std::vector<const float*> seen;
  for (const std::string& name : names) {
    const auto x = exc.variable(name);
    ASSERT_EQ(x.size(), exc.size()) << name;
    for (const float* other : seen) EXPECT_NE(x.data(), other) << name;
    seen.push_back(x.data());
  }
  EXPECT_FLOAT_EQ(exc.variable("v_th")[0], -50.0f);
  EXPECT_FLOAT_EQ(exc.variable("v_reset")[0], -60.0f);
  EXPECT_FLOAT_EQ(exc.variable("ref_steps")[0], 49.0f);  // t_ref 5 ms / dt 0.1 ms − 1
  EXPECT_TRUE(exc.variable("tau_m").empty());
  EXPECT_TRUE(exc.variable("").empty());
}

TEST(LifVariables, ChangingOneTimeConstantStopsSharingAndMatchesTheArrays) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 200), 1);
  auto& exc = dynamic_cast<LifPopulation&>(net.population(0));
  ASSERT_TRUE(exc.shares_constants());
  exc.set_tau_m(3, 10.0);
  EXPECT_FALSE(exc.shares_constants());
  exc.set_tau_m(3, 20.0);  // back to the population's value: shared again
  EXPECT_TRUE(exc.shares_constants());
}

TEST(ParallelThreshold, SmallNetworksStepInlineAndLargeOnesInParallelWithTheSameSpikes) {
  const NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased);
  Network small = Network::build(spec, 2);
  EXPECT_FALSE(Simulation(small, {best_simd_isa(), 2, 64}).parallel()) << "1050 neurons are below the threshold";
  EXPECT_TRUE(Simulation(small, {best_simd_isa(), 2, 64, 0}).parallel());
  EXPECT_FALSE(Simulation(small, {best_simd_isa(), 1, 64, 0}).parallel()) << "one thread never forks";
  const auto inline_run = test::run_and_record(spec, 2, 1500, {best_simd_isa(), 2, 64});
  const auto forked = test::run_and_record(spec, 2, 1500, {best_simd_isa(), 2, 64, 0});
  ASSERT_GT(inline_run.size(), 1000u);
  EXPECT_EQ(inline_run, forked);
}

}  // namespace
}  // namespace snnft
