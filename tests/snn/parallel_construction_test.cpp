// SPDX-License-Identifier: MIT
// Networks are built in parallel; the synapse table must not depend on the thread count,
// and its size per synapse is what the projection layout promises.
#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include <bit>
#include <cstdint>

#include "snnft/snn/network.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

/// FNV-1a over every synapse: row starts, targets, weight bits, delays.
class TableHash {
 public:
  template <class T, class A>
  void add(const std::vector<T, A>& values) {
    for (const T& v : values) add_word(static_cast<std::uint64_t>(bits(v)));
    add_word(values.size());
  }
  void add_word(std::uint64_t w) {
    for (int b = 0; b < 8; ++b) {
      h_ = (h_ ^ ((w >> (8 * b)) & 0xff)) * 0x100000001b3ULL;
    }
  }
  [[nodiscard]] std::uint64_t value() const { return h_; }

 private:
  static std::uint32_t bits(float x) { return std::bit_cast<std::uint32_t>(x); }
  template <class T>
  static T bits(T x) {
    return x;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::uint64_t synapse_table_hash(const Network& net) {
  TableHash h;
  for (std::size_t j = 0; j < net.projection_count(); ++j) {
    const Projection& p = net.projection(j);
    h.add(p.row_start);
    h.add(p.target);
    h.add(p.weight);
    h.add(p.delay_steps);
    h.add_word(p.max_delay_steps);
  }
  return h.value();
}

/// Fixed in-degree and fixed probability with random weights and delays, large enough that
/// rows and columns are split into many parallel blocks.
NetworkSpec construction_network() {
  NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased, 5000);
  for (ProjectionSpec& j : spec.projections) j.weight = {InitialValue::Kind::kNormal, 1.0, 0.3};
  ProjectionSpec indegree = spec.projections.front();
  indegree.name = "indegree";
  indegree.rule = {};
  indegree.rule.kind = ConnectivityRule::Kind::kFixedIndegree;
  indegree.rule.indegree = 40;
  indegree.rule.allow_autapses = false;
  indegree.delay_ms = {InitialValue::Kind::kUniform, 0.1, 3.0};
  spec.projections.push_back(indegree);
  return spec;
}

std::uint64_t hash_built_with(std::size_t threads, const NetworkSpec& spec) {
  tbb::task_arena arena(static_cast<int>(threads));
  std::uint64_t h = 0;
  arena.execute([&] { h = synapse_table_hash(Network::build(spec, 42)); });
  return h;
}

TEST(ParallelConstruction, SynapseTableIsTheSameForAnyThreadCount) {
  const NetworkSpec spec = construction_network();
  const std::uint64_t one = hash_built_with(1, spec);
  for (std::size_t threads : {2, 3, 4}) EXPECT_EQ(hash_built_with(threads, spec), one) << threads << " threads";
  EXPECT_NE(synapse_table_hash(Network::build(spec, 43)), one) << "the hash must see the seed";
}

TEST(ParallelConstruction, FixedIndegreeGivesEveryTargetItsSourcesOnce) {
  const Network net = Network::build(construction_network(), 5);
  const Projection& p = net.projection(*net.find_projection("indegree"));
  std::vector<std::uint32_t> indegree(4000, 0);
  for (std::size_t i = 0; i + 1 < p.row_start.size(); ++i) {
    for (std::uint32_t k = p.row_start[i]; k < p.row_start[i + 1]; ++k) {
      ++indegree[p.target[k]];
      EXPECT_NE(p.target[k], i) << "autapse";
      if (k > p.row_start[i]) ASSERT_LT(p.target[k - 1], p.target[k]) << "row " << i << " unsorted or repeated";
    }
  }
  for (std::uint32_t d : indegree) ASSERT_EQ(d, 40u);
}

// 8 bytes per static synapse (target, weight) with one delay for the projection, 10 with a
// delay per synapse; the only other cost is a 4-byte row start per presynaptic neuron.
TEST(ParallelConstruction, BytesPerSynapseMatchTheLayout) {
  const Network net = Network::build(construction_network(), 5);
  for (std::size_t j = 0; j < net.projection_count(); ++j) {
    const Projection& p = net.projection(j);
    const double per_synapse = static_cast<double>(p.memory_bytes() - p.row_start.size() * 4) /
                               static_cast<double>(p.synapse_count());
    const bool one_delay = p.uniform_delay();
    EXPECT_EQ(per_synapse, one_delay ? 8.0 : 10.0) << p.name;
    // drive_exc has a constant 2 ms delay; exc_* draw uniform(0, 0), i.e. all zero.
    if (p.name == "drive_exc" || p.name.rfind("exc_", 0) == 0) EXPECT_TRUE(one_delay) << p.name;
    if (p.name == "indegree" || p.name.rfind("inh_", 0) == 0) EXPECT_FALSE(one_delay) << p.name;
  }
  EXPECT_EQ(net.projection(*net.find_projection("drive_exc")).max_delay_steps, 20);
}

}  // namespace
}  // namespace snnft
