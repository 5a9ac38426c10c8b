// SPDX-License-Identifier: MIT
#include "snnft/encoding/poisson_encoder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "allocation_counter.hpp"

namespace snnft {
namespace {

struct CountStats {
  double mean;
  double variance;  // unbiased
};

CountStats count_stats(const SpikePattern& pattern, double begin_ms, double end_ms) {
  std::vector<std::size_t> counts(pattern.neuron_count());
  spike_counts(pattern, counts, begin_ms, end_ms);
  double sum = 0.0, sum2 = 0.0;
  for (const std::size_t c : counts) {
    sum += static_cast<double>(c);
    sum2 += static_cast<double>(c) * static_cast<double>(c);
  }
  const double n = static_cast<double>(counts.size());
  const double mean = sum / n;
  return {mean, (sum2 - n * mean * mean) / (n - 1.0)};
}

TEST(PoissonEncoder, MeanRateAndFanoFactorOfAPoissonProcess) {
  const CounterRng rng(2024);
  const PoissonEncoder enc(rng, {.duration_ms = 1000.0});
  const std::size_t n = 10000;
  const std::vector<float> rates(n, 20.0f);
  const SpikePattern pattern = enc.encode(rates, 0);
  const CountStats s = count_stats(pattern, 0.0, 1000.0);
  // Counts are Poisson(lambda = 20). Mean count: SE = sqrt(lambda / n) = 0.045, in Hz over 1 s
  // the same. Fano factor F = var / mean: Var(sample variance) = (lambda + 2 lambda^2) / n for a
  // Poisson variable, so SE(F) = sqrt((1/lambda + 2) / n) = 0.0143. Allow 5 standard errors.
  EXPECT_NEAR(s.mean, 20.0, 5 * 0.045);
  EXPECT_NEAR(s.variance / s.mean, 1.0, 5 * 0.0143);
}

TEST(PoissonEncoder, TrialsOfOneNeuronAreIndependentPoissonCounts) {
  const CounterRng rng(7);
  const PoissonEncoder enc(rng, {.duration_ms = 500.0, .group = 3});
  const std::vector<float> rate = {40.0f};
  SpikePattern pattern(1);
  const int trials = 4000;
  double sum = 0.0, sum2 = 0.0;
  for (int trial = 0; trial < trials; ++trial) {
    enc.encode_into(pattern, rate, static_cast<std::uint64_t>(trial));
    const auto c = static_cast<double>(pattern.size());
    sum += c;
    sum2 += c * c;
  }
  const double mean = sum / trials, var = (sum2 - trials * mean * mean) / (trials - 1);
  // lambda = 40 * 0.5 s = 20; SE(mean) = sqrt(20 / 4000) = 0.0707, SE(F) = sqrt(2.05 / 4000) = 0.0226.
  EXPECT_NEAR(mean, 20.0, 5 * 0.0707);
  EXPECT_NEAR(var / mean, 1.0, 5 * 0.0226);
}

TEST(PoissonEncoder, DeadTimeKeepsTheRateExactAndLowersTheFanoFactor) {
  const CounterRng rng(11);
  const double dead_ms = 5.0;
  const PoissonEncoder enc(rng, {.duration_ms = 1000.0, .dead_time_ms = dead_ms});
  const std::size_t n = 4000;
  const SpikePattern pattern = enc.encode(std::vector<float>(n, 50.0f), 0);

  std::vector<double> last(n, -1.0);
  for (const SpikeEvent& e : pattern.events()) {
    if (last[e.neuron] >= 0.0) {
      ASSERT_GE(e.time_ms - last[e.neuron], dead_ms - 1e-9);
    }
    last[e.neuron] = e.time_ms;
  }
  const CountStats s = count_stats(pattern, 0.0, 1000.0);
  // Intervals d + Exp(m), mean 20 ms, m = 15 ms: CV^2 = (m / 20)^2 = 0.5625, and a stationary
  // renewal count has Var N(T) = CV^2 T / mean_isi + O(1): 28.1 + 0.04, so F = 0.563.
  // SE(mean) = sqrt(28.2 / 4000) = 0.084; SE(F) ~ F sqrt(2 / n) = 0.0126. Five of each.
  EXPECT_NEAR(s.mean, 50.0, 5 * 0.084);
  EXPECT_NEAR(s.variance / s.mean, 0.563, 5 * 0.0126);
}

TEST(PoissonEncoder, SameSeedSamePatternDifferentSeedOrTrialDifferent) {
  const std::vector<float> rates = {5.0f, 80.0f, 0.0f, 33.0f, 12.5f};
  const CounterRng a(99), b(99), c(100);
  const PoissonParams p{.duration_ms = 300.0, .group = 2};
  const SpikePattern pa = PoissonEncoder(a, p).encode(rates, 4);
  const SpikePattern pb = PoissonEncoder(b, p).encode(rates, 4);
  const SpikePattern pc = PoissonEncoder(c, p).encode(rates, 4);
  const SpikePattern pd = PoissonEncoder(a, p).encode(rates, 5);
  ASSERT_FALSE(pa.empty());
  EXPECT_TRUE(std::equal(pa.events().begin(), pa.events().end(), pb.events().begin(), pb.events().end()));
  EXPECT_FALSE(std::equal(pa.events().begin(), pa.events().end(), pc.events().begin(), pc.events().end()));
  EXPECT_FALSE(std::equal(pa.events().begin(), pa.events().end(), pd.events().begin(), pd.events().end()));
  for (const SpikeEvent& e : pa.events()) EXPECT_NE(e.neuron, 2u);  // rate 0 never fires
}

TEST(PoissonEncoder, EachNeuronsTrainIgnoresTheOtherNeurons) {
  const CounterRng rng(5);
  const PoissonEncoder enc(rng, {.duration_ms = 200.0});
  const SpikePattern small = enc.encode(std::vector<float>{30.0f, 60.0f}, 1);
  std::vector<float> many(50, 90.0f);
  many[1] = 60.0f;
  const SpikePattern large = enc.encode(many, 1);
  std::vector<double> train_small, train_large;
  for (const SpikeEvent& e : small.events()) {
    if (e.neuron == 1) train_small.push_back(e.time_ms);
  }
  for (const SpikeEvent& e : large.events()) {
    if (e.neuron == 1) train_large.push_back(e.time_ms);
  }
  ASSERT_FALSE(train_small.empty());
  EXPECT_EQ(train_small, train_large);
}

TEST(PoissonEncoder, OffsetShiftsAndRateDecoderRecoversTheRate) {
  const CounterRng rng(3);
  const PoissonEncoder enc(rng, {.duration_ms = 2000.0});
  const std::vector<float> rates = {10.0f, 100.0f};
  const SpikePattern plain = enc.encode(rates, 0);
  const SpikePattern shifted = enc.encode(rates, 0, 250.0);
  ASSERT_EQ(plain.size(), shifted.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_DOUBLE_EQ(shifted.events()[i].time_ms, plain.events()[i].time_ms + 250.0);
  }
  std::vector<double> decoded(2);
  std::vector<std::size_t> counts(2);
  decode_rates_into(decoded, shifted, counts, 250.0, 2250.0);
  EXPECT_EQ(decoded[0], static_cast<double>(counts[0]) / 2.0);
  // Counts over 2 s are Poisson(20) and Poisson(200): within 5 SE of the rate.
  EXPECT_NEAR(decoded[0], 10.0, 5 * std::sqrt(20.0) / 2.0);
  EXPECT_NEAR(decoded[1], 100.0, 5 * std::sqrt(200.0) / 2.0);
}

TEST(PoissonEncoder, EncodeIntoDoesNotAllocateOnceCapacityCoversATrial) {
  const CounterRng rng(8);
  const PoissonEncoder enc(rng, {.duration_ms = 100.0});
  const std::vector<float> rates(100, 20.0f);  // 200 spikes expected per trial
  SpikePattern pattern = enc.encode(rates, 0);
  const std::size_t before = test::allocation_count();
  for (std::uint64_t trial = 1; trial <= 100; ++trial) enc.encode_into(pattern, rates, trial);
  EXPECT_EQ(test::allocation_count(), before);
}

TEST(PoissonEncoder, RejectsInvalidRatesAndParameters) {
  const CounterRng rng(1);
  EXPECT_THROW(PoissonEncoder(rng, {.duration_ms = 0.0}), std::invalid_argument);
  EXPECT_THROW(PoissonEncoder(rng, {.duration_ms = 10.0, .dead_time_ms = -1.0}), std::invalid_argument);
  const PoissonEncoder enc(rng, {.duration_ms = 10.0, .dead_time_ms = 10.0});
  SpikePattern p(1);
  EXPECT_THROW(enc.encode_into(p, std::vector<float>{100.0f}, 0), std::invalid_argument);  // r * d = 1
  EXPECT_THROW(enc.encode_into(p, std::vector<float>{-1.0f}, 0), std::invalid_argument);
  EXPECT_THROW(enc.encode_into(p, std::vector<float>{std::nanf("")}, 0), std::invalid_argument);
  EXPECT_THROW(enc.encode_into(p, std::vector<float>{1.0f}, std::uint64_t{1} << 32), std::invalid_argument);
}

}  // namespace
}  // namespace snnft
