// SPDX-License-Identifier: MIT
#include "snnft/encoding/ttfs_encoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "allocation_counter.hpp"

namespace snnft {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The cut-off 1/16 is exact in float and double, so a float feature equal to it is silent.
TtfsParams linear_params() {
  return {.t_min_ms = 2.0, .t_max_ms = 22.0, .scale = TtfsScale::kLinear, .cutoff = 0.0625};
}
TtfsParams log_params() {
  return {.t_min_ms = 1.0, .t_max_ms = 21.0, .scale = TtfsScale::kLog, .tau_ms = 4.0, .cutoff = 0.0};
}

TEST(TtfsEncoder, LinearCodeMatchesItsFormula) {
  const TtfsEncoder enc(linear_params());
  EXPECT_DOUBLE_EQ(enc.spike_time_ms(1.0), 2.0);
  EXPECT_DOUBLE_EQ(enc.spike_time_ms(0.5), 12.0);
  EXPECT_DOUBLE_EQ(enc.spike_time_ms(0.25), 2.0 + 0.75 * 20.0);
  EXPECT_DOUBLE_EQ(enc.spike_time_ms(3.0), 2.0);  // above 1 counts as 1
}

TEST(TtfsEncoder, LogCodeMatchesItsFormula) {
  const TtfsEncoder enc(log_params());
  EXPECT_DOUBLE_EQ(enc.spike_time_ms(1.0), 1.0);
  EXPECT_NEAR(enc.spike_time_ms(std::exp(-1.0)), 5.0, 1e-12);
  EXPECT_NEAR(enc.spike_time_ms(0.1), 1.0 + 4.0 * std::log(10.0), 1e-12);
}

TEST(TtfsEncoder, StrongerValuesSpikeStrictlyEarlier) {
  for (const TtfsParams& p : {linear_params(), log_params()}) {
    const TtfsEncoder enc(p);
    double previous = -kInf;
    // From 1 down to just above the effective cut-off, latencies must strictly increase.
    for (double x = 1.0; x > 0.0071; x -= 0.001) {
      const double t = enc.spike_time_ms(x);
      if (!std::isfinite(t)) break;
      EXPECT_GT(t, previous) << "x = " << x;
      EXPECT_GE(t, p.t_min_ms);
      EXPECT_LE(t, p.t_max_ms);
      previous = t;
    }
  }
}

TEST(TtfsEncoder, DecodeInvertsEncodeAboveTheCutoff) {
  for (const TtfsParams& p : {linear_params(), log_params()}) {
    const TtfsEncoder enc(p);
    for (double x = 1.0; x > 1e-6; x *= 0.93) {
      const double t = enc.spike_time_ms(x);
      if (!std::isfinite(t)) continue;
      EXPECT_NEAR(enc.value(t), x, 1e-12) << "x = " << x;
    }
  }
}

TEST(TtfsEncoder, ValuesAtOrBelowTheCutoffGiveNoSpikeAndDecodeToZero) {
  const TtfsEncoder lin(linear_params());
  EXPECT_EQ(lin.spike_time_ms(0.0625), kInf);  // at the cut-off
  EXPECT_EQ(lin.spike_time_ms(0.0), kInf);
  EXPECT_EQ(lin.spike_time_ms(-1.0), kInf);
  EXPECT_TRUE(std::isfinite(lin.spike_time_ms(0.0626)));
  EXPECT_EQ(lin.value(kInf), 0.0);

  // The log code stops at t_max: its effective cut-off is exp(-(t_max - t_min)/tau) = e^-5.
  const TtfsEncoder log(log_params());
  const double floor = std::exp(-5.0);
  EXPECT_EQ(log.spike_time_ms(floor * 0.999), kInf);
  EXPECT_NEAR(log.spike_time_ms(floor * 1.001), 21.0, 0.01);
  EXPECT_EQ(log.value(kInf), 0.0);
  EXPECT_EQ(log.value(21.5), 0.0);  // later than any emitted spike
}

TEST(TtfsEncoder, VectorRoundTripWithOffset) {
  const TtfsEncoder enc(linear_params());
  const std::vector<float> x = {1.0f, 0.0f, 0.5f, 0.8f, 0.0625f, 0.3f};
  const double offset = 100.0;
  const SpikePattern pattern = enc.encode(x, offset);
  EXPECT_EQ(pattern.size(), 4u);  // 0 and the cut-off value are silent
  EXPECT_EQ(pattern.events().front().neuron, 0u);
  EXPECT_DOUBLE_EQ(pattern.events().front().time_ms, offset + 2.0);

  std::vector<double> decoded(x.size());
  enc.decode_into(decoded, pattern, offset);
  const std::vector<double> expected = {1.0, 0.0, 0.5, 0.8, 0.0, 0.3};
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(decoded[i], expected[i], 1e-6) << "feature " << i;  // float inputs
  }
}

TEST(TtfsEncoder, EncodeIntoDoesNotAllocateAfterTheFirstTrial) {
  const TtfsEncoder enc(log_params());
  std::vector<float> x(64);
  SpikePattern pattern(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) / 63.0f;
  enc.encode_into(pattern, x);
  const std::size_t before = test::allocation_count();
  for (int trial = 0; trial < 100; ++trial) {
    x[static_cast<std::size_t>(trial) % x.size()] = 1.0f;
    enc.encode_into(pattern, x, trial * 30.0);
  }
  EXPECT_EQ(test::allocation_count(), before);
}

TEST(TtfsEncoder, RejectsInvalidParametersAndInputs) {
  EXPECT_THROW(TtfsEncoder({.t_min_ms = 5.0, .t_max_ms = 5.0}), std::invalid_argument);
  EXPECT_THROW(TtfsEncoder({.t_min_ms = -1.0, .t_max_ms = 5.0}), std::invalid_argument);
  EXPECT_THROW(TtfsEncoder({.t_min_ms = 0.0, .t_max_ms = 5.0, .cutoff = 1.0}), std::invalid_argument);
  EXPECT_THROW(TtfsEncoder({.t_min_ms = 0.0, .t_max_ms = 5.0, .scale = TtfsScale::kLog, .tau_ms = 0.0}),
               std::invalid_argument);
  const TtfsEncoder enc(linear_params());
  EXPECT_THROW((void)enc.spike_time_ms(std::nan("")), std::invalid_argument);
  SpikePattern wrong_size(3);
  const std::vector<float> x = {0.5f, 0.5f};
  EXPECT_THROW(enc.encode_into(wrong_size, x), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
