// SPDX-License-Identifier: MIT
#include "snnft/core/counter_rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

namespace snnft {

TEST(CounterRng, IsAPureFunctionOfSeedStreamAndCounter) {
  const CounterRng a(42), b(42), c(43);
  const StreamId s{RngPurpose::kConnectivity, 1, 7};
  EXPECT_EQ(a.bits(s, 5), b.bits(s, 5));
  EXPECT_NE(a.bits(s, 5), c.bits(s, 5));
  EXPECT_NE(a.bits(s, 5), a.bits(s, 6));
  EXPECT_NE(a.bits(s, 5), a.bits({RngPurpose::kWeights, 1, 7}, 5));
}

// A stream points to its generator: building one from a temporary must not compile.
static_assert(std::is_constructible_v<RngStream, const CounterRng&, StreamId>);
static_assert(!std::is_constructible_v<RngStream, CounterRng, StreamId>);
static_assert(!std::is_constructible_v<RngStream, CounterRng&&, StreamId, std::uint64_t>);

TEST(RngStream, UniformHasCorrectMeanAndVarianceAndStaysOpen) {
  const CounterRng rng(1);
  RngStream s(rng, {RngPurpose::kUser, 0, 0});
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // Standard error of the mean is sqrt(1/12/n) ~ 6.5e-4; allow 5 of them.
  EXPECT_NEAR(mean, 0.5, 3.3e-3);
  EXPECT_NEAR(var, 1.0 / 12.0, 2e-3);
}

TEST(RngStream, NormalAndExponentialMoments) {
  const CounterRng rng(2);
  RngStream s(rng, {RngPurpose::kUser, 0, 1});
  const int n = 200000;
  double sn = 0, sn2 = 0, se = 0;
  for (int i = 0; i < n; ++i) {
    const double z = s.normal();
    sn += z;
    sn2 += z * z;
    se += s.exponential(3.0);
  }
  EXPECT_NEAR(sn / n, 0.0, 0.012);
  EXPECT_NEAR(sn2 / n, 1.0, 0.015);
  EXPECT_NEAR(se / n, 3.0, 0.035);
}

TEST(RngStream, RestartingAtACounterReproducesTheSequence) {
  const CounterRng rng(9);
  const StreamId id{RngPurpose::kUser, 3, 4};
  RngStream first(rng, id);
  for (int i = 0; i < 2; ++i) first.uniform();  // consumes counter 0 (two doubles per block)
  const double third = first.uniform();
  RngStream again(rng, id, 1);
  EXPECT_EQ(again.uniform(), third);
}

}  // namespace snnft
