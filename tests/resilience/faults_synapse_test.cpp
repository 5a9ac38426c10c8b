// SPDX-License-Identifier: MIT
// Synapse faults: exactly the selected stored weights change, and change back.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <span>

#include "config_error_of.hpp"
#include "faults_test_util.hpp"
#include "snnft/core/config_reader.hpp"

namespace snnft::faults {
namespace {

/// 200 inputs all-to-all onto 100 LIF neurons (20000 synapses, weights in [0, 1]) and an
/// inhibitory all-to-all projection among the 100 (9900 synapses, weights in [-2, -0.5]).
NetworkSpec two_projections() {
  PopulationSpec out = test::driven_neurons(100, 0).populations[0];
  out.name = "out";
  NetworkSpec spec = test::network_of({test::poisson("in", 200, 5.0), out});
  const ProjectionSpec feed =
      test::projection("feed", "in", "out", ConnectivityRule::Kind::kAllToAll, {InitialValue::Kind::kUniform, 0.0, 1.0});
  ProjectionSpec lateral = test::projection("lateral", "out", "out", ConnectivityRule::Kind::kAllToAll,
                                            {InitialValue::Kind::kUniform, -2.0, -0.5});
  lateral.receptor = Receptor::kInhibitory;
  lateral.rule.allow_autapses = false;
  spec.projections = {feed, lateral};
  return spec;
}

std::vector<std::uint32_t> bits(std::span<const float> w) {
  std::vector<std::uint32_t> b;
  for (float x : w) b.push_back(std::bit_cast<std::uint32_t>(x));
  return b;
}

/// Runs `steps` steps with the faults and returns both projections' weights afterwards.
struct Weights {
  std::vector<float> feed, lateral;
};
Weights after(const std::vector<std::string>& flags, Step steps, std::uint64_t seed = 1) {
  Network net = Network::build(two_projections(), 1);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  std::vector<FaultSpec> specs;
  for (const auto& f : flags) specs.push_back(parse_fault_flag(f));
  FaultSchedule schedule(specs, seed);
  schedule.attach(sim);
  sim.run(steps);
  const auto& feed = net.projection(0).weight;
  const auto& lateral = net.projection(1).weight;
  return {{feed.begin(), feed.end()}, {lateral.begin(), lateral.end()}};
}

}  // namespace

TEST(SynapseFaults, StuckAtZeroChangesExactlyTheSelectedWeights) {
  const Weights healthy = after({}, 1);
  const Weights faulty = after({"syn_stuck0:fraction=0.1,projection=feed"}, 1);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < healthy.feed.size(); ++i) {
    if (std::bit_cast<std::uint32_t>(faulty.feed[i]) != std::bit_cast<std::uint32_t>(healthy.feed[i])) {
      ++changed;
      EXPECT_EQ(faulty.feed[i], 0.0f);
    }
  }
  // A uniform weight is 0 with probability 0: every selected synapse shows up as a change.
  EXPECT_EQ(changed, 2000u);
  EXPECT_EQ(bits(faulty.lateral), bits(healthy.lateral)) << "the other projection is untouched";
}

TEST(SynapseFaults, StuckAtMaxUsesTheLargestMagnitudeWithItsSign) {
  const Weights healthy = after({}, 1);
  const Weights faulty = after({"syn_stuckmax:count=50"}, 1);  // both projections end on "out"
  float max_feed = 0, min_lateral = 0;
  for (float w : healthy.feed) max_feed = std::max(max_feed, w);
  for (float w : healthy.lateral) min_lateral = std::min(min_lateral, w);
  std::size_t feed_changed = 0, lateral_changed = 0;
  for (std::size_t i = 0; i < healthy.feed.size(); ++i) {
    if (faulty.feed[i] != healthy.feed[i]) {
      ++feed_changed;
      EXPECT_EQ(faulty.feed[i], max_feed);
    }
  }
  for (std::size_t i = 0; i < healthy.lateral.size(); ++i) {
    if (faulty.lateral[i] != healthy.lateral[i]) {
      ++lateral_changed;
      EXPECT_EQ(faulty.lateral[i], min_lateral);
    }
  }
  EXPECT_EQ(feed_changed, 50u);
  EXPECT_EQ(lateral_changed, 50u);
}

// A stuck synapse stays stuck when something rewrites it (learning, a restore), and gets its
// original weight back, bit for bit, when the fault clears.
TEST(SynapseFaults, StuckWeightsHoldAgainstWritesAndComeBackWhenCleared) {
  Network net = Network::build(two_projections(), 1);
  const auto original = bits(net.projection(0).weight);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  FaultSchedule schedule({parse_fault_flag("syn_stuck0:projection=feed,ids=5;17,until=10ms")}, 1);
  schedule.attach(sim);
  sim.step();
  EXPECT_EQ(net.projection(0).weight[5], 0.0f);
  net.projection(0).weight[5] = 0.75f;  // as a learning rule would
  sim.step();
  EXPECT_EQ(net.projection(0).weight[5], 0.0f);
  EXPECT_EQ(net.projection(0).weight[17], 0.0f);
  sim.run(200);
  EXPECT_EQ(bits(net.projection(0).weight), original);
}

// Each stored bit flips with probability r: about r·32·N flips (binomial), only in the
// selected weights.
TEST(SynapseFaults, BitflipFlipsAboutRTimes32NBits) {
  const Weights healthy = after({}, 1);
  const Weights flipped = after({"bitflip:rate=0.01,projection=feed"}, 1);
  std::size_t flips = 0, weights_hit = 0;
  for (std::size_t i = 0; i < healthy.feed.size(); ++i) {
    const auto x = std::bit_cast<std::uint32_t>(healthy.feed[i]) ^ std::bit_cast<std::uint32_t>(flipped.feed[i]);
    flips += static_cast<std::size_t>(std::popcount(x));
    weights_hit += x != 0;
  }
  const double expected = 0.01 * 32 * 20000;  // 6400
  EXPECT_NEAR(static_cast<double>(flips), expected, 4 * std::sqrt(expected * 0.99));
  // P(a weight keeps all 32 bits) = 0.99^32 = 0.725.
  EXPECT_NEAR(static_cast<double>(weights_hit) / 20000.0, 1 - std::pow(0.99, 32), 0.015);
  EXPECT_EQ(bits(flipped.lateral), bits(healthy.lateral));

  // With a fraction, only the selected weights can change.
  const Weights half = after({"bitflip:rate=1,projection=feed,fraction=0.25"}, 1);
  std::size_t inverted = 0;
  for (std::size_t i = 0; i < healthy.feed.size(); ++i) {
    const auto x = std::bit_cast<std::uint32_t>(healthy.feed[i]) ^ std::bit_cast<std::uint32_t>(half.feed[i]);
    EXPECT_TRUE(x == 0 || x == 0xffffffffu);
    inverted += x != 0;
  }
  EXPECT_EQ(inverted, 5000u);
}

TEST(SynapseFaults, BitflipIsReplayableAndScrubbedWhenItClears) {
  const Weights a = after({"bitflip:rate=0.02"}, 1, 5);
  const Weights b = after({"bitflip:rate=0.02"}, 1, 5);
  const Weights c = after({"bitflip:rate=0.02,seed=6"}, 1, 5);
  EXPECT_EQ(bits(a.feed), bits(b.feed));
  EXPECT_EQ(bits(a.lateral), bits(b.lateral));
  EXPECT_NE(bits(a.feed), bits(c.feed));
  const Weights healthy = after({}, 1);
  const Weights cleared = after({"bitflip:rate=0.02,at=1ms,until=2ms"}, 30);
  EXPECT_EQ(bits(cleared.feed), bits(healthy.feed));
  EXPECT_EQ(bits(cleared.lateral), bits(healthy.lateral));
}

TEST(SynapseFaults, BadTargetsNameTheSpec) {
  auto error = [](const std::string& flag) { return snnft::test::config_error_of([&] { after({flag}, 1); }); };
  EXPECT_EQ(error("syn_stuck0:projection=nope"), "--fault syn_stuck0:projection=nope: no projection named \"nope\"");
  EXPECT_EQ(error("syn_stuck0:ids=1;2"), "--fault syn_stuck0:ids=1;2: synapse ids need a single projection; name it with projection=");
  EXPECT_EQ(error("syn_stuck0:projection=lateral,ids=9900"),
            "--fault syn_stuck0:projection=lateral,ids=9900: id 9900 is out of range (lateral has 9900 synapses)");
  EXPECT_EQ(error("bitflip:projection=feed,count=20001"),
            "--fault bitflip:projection=feed,count=20001: count=20001 exceeds the target size (feed has 20000 synapses)");
  EXPECT_EQ(error("syn_stuckmax:population=in"), "--fault syn_stuckmax:population=in: no projection ends on the targeted population");
}

}  // namespace snnft::faults
