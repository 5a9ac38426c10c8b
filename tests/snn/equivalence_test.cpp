// SPDX-License-Identifier: MIT
// Results must not depend on the instruction set or on the number of threads.
#include <gtest/gtest.h>

#include "test_networks.hpp"

namespace snnft {

class EngineEquivalence : public ::testing::TestWithParam<SynapseModel> {};

TEST_P(EngineEquivalence, EverySimdKernelGivesBitIdenticalSpikes) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  const auto reference = test::run_and_record(spec, 7, 3000, {SimdIsa::kScalar, 1, 1024});
  ASSERT_GT(reference.size(), 1000u) << "the network must be active for the comparison to mean anything";
  for (SimdIsa isa : available_simd_isas()) {
    const auto spikes = test::run_and_record(spec, 7, 3000, {isa, 1, 1024});
    EXPECT_EQ(spikes, reference) << to_string(isa) << " differs from the scalar kernel";
  }
}

TEST_P(EngineEquivalence, ThreadCountAndChunkingDoNotChangeSpikes) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  const auto reference = test::run_and_record(spec, 11, 2000, {best_simd_isa(), 1, 1024});
  ASSERT_GT(reference.size(), 1000u);
  for (std::size_t threads : {2, 3, 4}) {
    // min_parallel_neurons 0: split even this small network between the threads.
    const auto spikes = test::run_and_record(spec, 11, 2000, {best_simd_isa(), threads, 64, 0});
    EXPECT_EQ(spikes, reference) << threads << " threads";
  }
}

// Brunel-like: fixed in-degree and one 1.5 ms delay per projection, so propagation writes
// whole rows into one delay slot, split between the threads by target range.
TEST_P(EngineEquivalence, OneDelayPerProjectionSplitsLikeOneThread) {
  NetworkSpec spec = test::mixed_network(GetParam(), 1500);
  for (ProjectionSpec& j : spec.projections) {
    if (j.name == "drive_exc") continue;
    j.rule = {};
    j.rule.kind = ConnectivityRule::Kind::kFixedIndegree;
    j.rule.indegree = j.pre == "exc" ? 96 : 24;
    j.delay_ms = {InitialValue::Kind::kConstant, 1.5, 0};
  }
  const auto reference = test::run_and_record(spec, 13, 2000, {best_simd_isa(), 1, 1024});
  ASSERT_GT(reference.size(), 1000u);
  for (std::size_t threads : {2, 3, 7}) {
    const auto spikes = test::run_and_record(spec, 13, 2000, {best_simd_isa(), threads, 128, 0});
    EXPECT_EQ(spikes, reference) << threads << " threads";
  }
}

TEST_P(EngineEquivalence, RepeatedRunsAreIdenticalAndSeedsDiffer) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  const auto a = test::run_and_record(spec, 3, 1000, {best_simd_isa(), 2, 128, 0});
  const auto b = test::run_and_record(spec, 3, 1000, {best_simd_isa(), 2, 128, 0});
  const auto c = test::run_and_record(spec, 4, 1000, {best_simd_isa(), 2, 128, 0});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

INSTANTIATE_TEST_SUITE_P(Models, EngineEquivalence,
                         ::testing::Values(SynapseModel::kCurrentBased, SynapseModel::kConductanceBased));

// Alpha-shaped synapses: the same network with every receptor alpha-shaped, bit-identical
// spikes on every instruction set and thread count.
TEST_P(EngineEquivalence, AlphaSynapsesGiveBitIdenticalSpikesOnEveryIsaAndThreadCount) {
  NetworkSpec spec = test::mixed_network(GetParam());
  for (PopulationSpec& p : spec.populations) p.lif.synapse_shape = SynapseShape::kAlpha;
  const auto reference = test::run_and_record(spec, 7, 2000, {SimdIsa::kScalar, 1, 1024});
  ASSERT_GT(reference.size(), 1000u) << "the network must be active for the comparison to mean anything";
  ASSERT_NE(reference, test::run_and_record(test::mixed_network(GetParam()), 7, 2000, {SimdIsa::kScalar, 1, 1024}))
      << "alpha synapses must change the dynamics";
  for (SimdIsa isa : available_simd_isas()) {
    EXPECT_EQ(test::run_and_record(spec, 7, 2000, {isa, 1, 1024}), reference) << to_string(isa);
  }
  EXPECT_EQ(test::run_and_record(spec, 7, 2000, {best_simd_isa(), 3, 64, 0}), reference) << "3 threads";
}

TEST(SimdSwitch, SwitchingToScalarMidRunChangesNothing) {
  const NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased);
  const auto reference = test::run_and_record(spec, 5, 2000, {best_simd_isa(), 1, 1024});
  Network net = Network::build(spec, 5);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  test::MemorySink sink;
  SpikeRecorder recorder(net, {0, 1, 2}, sink);
  sim.add_observer(recorder);
  sim.begin_run();
  for (int k = 0; k < 1000; ++k) sim.step();
  sim.control().set_simd(SimdIsa::kScalar);
  EXPECT_EQ(sim.simd(), SimdIsa::kScalar);
  for (int k = 0; k < 1000; ++k) sim.step();
  sim.end_run();
  EXPECT_EQ(sink.spikes, reference);
}

}  // namespace snnft
