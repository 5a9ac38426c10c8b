// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "snnft/snn/projection.hpp"

namespace snnft {
namespace {

ProjectionSpec spec_with(ConnectivityRule rule) {
  ProjectionSpec s;
  s.name = "p";
  s.rule = std::move(rule);
  s.weight = {InitialValue::Kind::kUniform, 1.0, 2.0};
  s.delay_ms = {InitialValue::Kind::kUniform, 0.0, 3.0};
  return s;
}

void expect_valid_csr(const Projection& p, std::size_t post_size) {
  ASSERT_EQ(p.row_start.front(), 0u);
  ASSERT_EQ(p.row_start.back(), p.target.size());
  for (std::size_t i = 0; i + 1 < p.row_start.size(); ++i) {
    for (std::uint32_t k = p.row_start[i]; k < p.row_start[i + 1]; ++k) {
      ASSERT_LT(p.target[k], post_size);
      if (k > p.row_start[i]) {
        ASSERT_LT(p.target[k - 1], p.target[k]) << "rows sorted, no duplicates";
      }
    }
  }
}

}  // namespace

TEST(Connectivity, FixedProbabilityCountIsBinomial) {
  const CounterRng rng(1);
  ConnectivityRule rule;
  rule.probability = 0.02;
  const Projection p = build_projection(spec_with(rule), 0, 4000, 0, 4000, 0, rng, 0.1);
  expect_valid_csr(p, 4000);
  const double mean = 0.02 * 4000 * 4000, sd = std::sqrt(mean * 0.98);
  EXPECT_NEAR(static_cast<double>(p.synapse_count()), mean, 5 * sd);
}

TEST(Connectivity, FixedIndegreeGivesExactlyKDistinctSourcesWithoutAutapses) {
  const CounterRng rng(2);
  ConnectivityRule rule;
  rule.kind = ConnectivityRule::Kind::kFixedIndegree;
  rule.indegree = 25;
  rule.allow_autapses = false;
  const Projection p = build_projection(spec_with(rule), 0, 300, 0, 300, 0, rng, 0.1);
  expect_valid_csr(p, 300);
  std::vector<int> indegree(300, 0);
  for (std::size_t i = 0; i < 300; ++i) {
    for (std::uint32_t k = p.row_start[i]; k < p.row_start[i + 1]; ++k) {
      EXPECT_NE(p.target[k], i) << "autapse";
      ++indegree[p.target[k]];
    }
  }
  for (int d : indegree) EXPECT_EQ(d, 25);
}

TEST(Connectivity, OneToOneAllToAllAndExplicit) {
  const CounterRng rng(3);
  ConnectivityRule one;
  one.kind = ConnectivityRule::Kind::kOneToOne;
  EXPECT_EQ(build_projection(spec_with(one), 0, 10, 1, 10, 0, rng, 0.1).synapse_count(), 10u);
  ConnectivityRule all;
  all.kind = ConnectivityRule::Kind::kAllToAll;
  all.allow_autapses = false;
  EXPECT_EQ(build_projection(spec_with(all), 0, 10, 0, 10, 0, rng, 0.1).synapse_count(), 90u);
  ConnectivityRule list;
  list.kind = ConnectivityRule::Kind::kExplicit;
  list.pairs = {{2, 5}, {0, 1}, {2, 3}};
  list.pair_weights = {0.5, 1.5, 2.5};
  list.pair_delays_ms = {1.0, 0.0, 0.25};
  const Projection p = build_projection(spec_with(list), 0, 3, 1, 6, 0, rng, 0.1);
  ASSERT_EQ(p.synapse_count(), 3u);
  EXPECT_EQ(p.row_start, (std::vector<std::uint32_t>{0, 1, 1, 3}));
  EXPECT_EQ(p.target, (TableVector<NeuronIndex>{1, 3, 5}));
  EXPECT_EQ(p.weight, (TableVector<float>{1.5f, 2.5f, 0.5f}));
  EXPECT_EQ(p.delay_steps, (std::vector<std::uint16_t>{0, 3, 10}));
  list.pairs.push_back({3, 0});
  list.pair_weights.push_back(1);
  list.pair_delays_ms.push_back(0);
  EXPECT_THROW(build_projection(spec_with(list), 0, 3, 1, 6, 0, rng, 0.1), std::invalid_argument);
}

TEST(Connectivity, WeightsAndDelaysFollowTheirDistributionsAndTheSeed) {
  ConnectivityRule rule;
  rule.probability = 0.1;
  const Projection a = build_projection(spec_with(rule), 0, 500, 0, 500, 0, CounterRng(9), 0.1);
  const Projection b = build_projection(spec_with(rule), 0, 500, 0, 500, 0, CounterRng(9), 0.1);
  const Projection c = build_projection(spec_with(rule), 0, 500, 0, 500, 0, CounterRng(10), 0.1);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.weight, b.weight);
  EXPECT_NE(a.target, c.target);
  double sum = 0;
  for (float w : a.weight) {
    ASSERT_GE(w, 1.0f);
    ASSERT_LE(w, 2.0f);
    sum += w;
  }
  EXPECT_NEAR(sum / static_cast<double>(a.synapse_count()), 1.5, 0.01);
  EXPECT_EQ(a.max_delay_steps, 30);
}

}  // namespace snnft
