// SPDX-License-Identifier: MIT
#include "snnft/encoding/population_encoder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include "allocation_counter.hpp"

namespace snnft {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// K = 10 over [0, 1] with beta = 1.5: spacing 1/9, sigma = 1/(1.5 * 8) = 1/12.
PopulationCodeParams ten_neurons() { return {}; }

/// The largest |decode(encode(x)) - x| over x = 0, 0.001, ..., 1, with `edit` applied to the
/// first-spike times before decoding.
template <class Edit>
double worst_round_trip_error(const PopulationEncoder& enc, Edit edit) {
  SpikePattern pattern(enc.neurons_per_value());
  std::vector<double> first(enc.neurons_per_value());
  double worst = 0.0;
  for (int i = 0; i <= 1000; ++i) {
    const float x = static_cast<float>(i) / 1000.0f;
    enc.encode_into(pattern, std::span<const float>(&x, 1));
    first_spike_times(pattern, first);
    edit(first);
    worst = std::max(worst, std::abs(enc.decode(first) - static_cast<double>(x)));
  }
  return worst;
}

TEST(PopulationEncoder, CentresAndWidthFollowBohte2002) {
  const PopulationEncoder enc(ten_neurons());
  EXPECT_DOUBLE_EQ(enc.centre(0), 0.0);
  EXPECT_DOUBLE_EQ(enc.centre(9), 1.0);
  EXPECT_NEAR(enc.centre(3), 3.0 / 9.0, 1e-15);
  EXPECT_DOUBLE_EQ(enc.sigma(), 1.0 / 12.0);
  EXPECT_DOUBLE_EQ(enc.response(enc.centre(4), 4), 1.0);
  EXPECT_NEAR(enc.response(enc.centre(4) + 1.0 / 12.0, 4), std::exp(-0.5), 1e-15);
}

TEST(PopulationEncoder, NearestNeuronFiresFirstAndDistantOnesStaySilent) {
  PopulationCodeParams params = ten_neurons();
  params.hi = 9.0;  // integer centres, so x = 5 is exactly between neurons 4 and 6
  const PopulationEncoder enc(params);
  const std::vector<float> x = {5.0f};
  const SpikePattern p = enc.encode(x);
  // sigma = 0.75. Responses above the 0.1 cut-off need |x - c| < sigma * sqrt(2 ln 10) = 1.61:
  // the centre and its two neighbours (distance 1), not the next ones (2).
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.events()[0].neuron, 5u);
  EXPECT_DOUBLE_EQ(p.events()[0].time_ms, 0.0);
  EXPECT_EQ(p.events()[1].neuron, 4u);  // equal times, sorted by neuron
  EXPECT_EQ(p.events()[2].neuron, 6u);
  EXPECT_DOUBLE_EQ(p.events()[1].time_ms, p.events()[2].time_ms);
}

TEST(PopulationEncoder, DecodesEncodedValuesExactlyAcrossTheRange) {
  const double worst = worst_round_trip_error(PopulationEncoder(ten_neurons()), [](std::vector<double>&) {});
  // The Gaussian fit through two neurons is exact; only double rounding remains.
  EXPECT_LT(worst, 1e-9);
}

TEST(PopulationEncoder, DecodeToleratesSpikeTimesRoundedToTheTimeStep) {
  const double dt_ms = 0.1;
  const double worst = worst_round_trip_error(PopulationEncoder(ten_neurons()), [&](std::vector<double>& first) {
    for (double& t : first) t = std::isfinite(t) ? std::round(t / dt_ms) * dt_ms : t;
  });
  // Rounding moves a response by at most dt/2 / 10 ms = 0.005, i.e. ln r by 0.005/r <= 0.05
  // for r >= 0.1. The fit scales the log-ratio error (<= 0.1) by sigma^2 / spacing = 1/16.
  EXPECT_LT(worst, 0.1 / 16.0);
}

TEST(PopulationEncoder, SilentNeighboursAndSilentPopulations) {
  PopulationCodeParams p = ten_neurons();
  p.ttfs.cutoff = 0.9;  // neighbours at one spacing respond exp(-8/9) = 0.41: silent
  const PopulationEncoder enc(p);
  std::vector<double> first(10, kInf);
  first[7] = 0.3;
  EXPECT_DOUBLE_EQ(enc.decode(first), enc.centre(7));
  first[7] = kInf;
  EXPECT_TRUE(std::isnan(enc.decode(first)));
}

TEST(PopulationEncoder, VectorOfValuesUsesConsecutiveNeuronBlocks) {
  const PopulationEncoder enc(ten_neurons());
  const std::vector<float> x = {0.13f, 0.5f, 0.97f};
  const SpikePattern pattern = enc.encode(x, 40.0);
  ASSERT_EQ(pattern.neuron_count(), 30u);
  std::vector<double> out(3), scratch(30);
  enc.decode_into(out, pattern, scratch, 40.0);
  for (std::size_t d = 0; d < x.size(); ++d) EXPECT_NEAR(out[d], x[d], 1e-9);
  for (const SpikeEvent& e : pattern.events()) EXPECT_GE(e.time_ms, 40.0);
}

TEST(PopulationEncoder, EncodeIntoDoesNotAllocateAfterTheFirstTrial) {
  const PopulationEncoder enc(ten_neurons());
  std::vector<float> x = {0.2f, 0.4f, 0.6f, 0.8f};
  SpikePattern pattern(40);
  pattern.reserve(40);
  const std::size_t before = test::allocation_count();
  for (int trial = 0; trial < 100; ++trial) {
    x[0] = static_cast<float>(trial) / 100.0f;
    enc.encode_into(pattern, x);
  }
  EXPECT_EQ(test::allocation_count(), before);
}

TEST(PopulationEncoder, RejectsInvalidParameters) {
  PopulationCodeParams p = ten_neurons();
  p.neurons_per_value = 2;
  EXPECT_THROW(PopulationEncoder{p}, std::invalid_argument);
  p = ten_neurons();
  p.hi = p.lo;
  EXPECT_THROW(PopulationEncoder{p}, std::invalid_argument);
  p = ten_neurons();
  p.beta = 0.0;
  EXPECT_THROW(PopulationEncoder{p}, std::invalid_argument);
}

}  // namespace
}  // namespace snnft
