// SPDX-License-Identifier: MIT
#include "snnft/encoding/poisson_encoder.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace snnft {

namespace {

constexpr std::uint64_t kMaxTrials = std::uint64_t{1} << 32;

}  // namespace

PoissonEncoder::PoissonEncoder(const CounterRng& rng, const PoissonParams& params) : rng_(&rng), params_(params) {
  if (!std::isfinite(params.duration_ms) || !(params.duration_ms > 0.0)) {
    throw std::invalid_argument("Poisson duration_ms must be finite and > 0, got " +
                                std::to_string(params.duration_ms));
  }
  if (!std::isfinite(params.dead_time_ms) || params.dead_time_ms < 0.0) {
    throw std::invalid_argument("Poisson dead_time_ms must be finite and >= 0, got " +
                                std::to_string(params.dead_time_ms));
  }
}

void PoissonEncoder::encode_into(SpikePattern& pattern, std::span<const float> rates_hz, std::uint64_t trial,
                                 double offset_ms) const {
  if (pattern.neuron_count() != rates_hz.size()) {
    throw std::invalid_argument("Poisson pattern has " + std::to_string(pattern.neuron_count()) +
                                " neurons for " + std::to_string(rates_hz.size()) + " rates");
  }
  if (trial >= kMaxTrials) throw std::invalid_argument("Poisson trial index must be below 2^32");
  const double dead = params_.dead_time_ms;
  const double duration = params_.duration_ms;
  pattern.clear();
  for (std::size_t i = 0; i < rates_hz.size(); ++i) {
    const double rate = rates_hz[i];
    if (!std::isfinite(rate) || rate < 0.0) {
      throw std::invalid_argument("Poisson rate of neuron " + std::to_string(i) + " must be finite and >= 0, got " +
                                  std::to_string(rate));
    }
    if (rate == 0.0) continue;
    const double mean_isi_ms = 1000.0 / rate;
    const double exp_mean_ms = mean_isi_ms - dead;
    if (!(exp_mean_ms > 0.0)) {
      throw std::invalid_argument("Poisson rate " + std::to_string(rate) + " Hz of neuron " + std::to_string(i) +
                                  " is not below 1/dead_time");
    }
    RngStream stream(*rng_, {RngPurpose::kPoissonInput, params_.group, static_cast<std::uint32_t>(i)},
                     trial << 32);
    // Equilibrium start: the time to the first spike has density (1 − F(t))/mean_isi, which is
    // uniform on [0, d) with mass d/mean_isi, and d + Exp(exp_mean) otherwise.
    double t = 0.0;
    if (dead > 0.0 && stream.uniform() < dead / mean_isi_ms) {
      t = stream.uniform(0.0, dead);
    } else {
      t = dead + stream.exponential(exp_mean_ms);
    }
    while (t < duration) {
      pattern.add(offset_ms + t, static_cast<NeuronIndex>(i));
      t += dead + stream.exponential(exp_mean_ms);
    }
  }
  pattern.finalize();
}

SpikePattern PoissonEncoder::encode(std::span<const float> rates_hz, std::uint64_t trial, double offset_ms) const {
  double expected = 0.0;
  for (const float r : rates_hz) {
    if (r > 0.0f) expected += static_cast<double>(r) * params_.duration_ms / 1000.0;
  }
  SpikePattern pattern(rates_hz.size());
  // Five standard deviations of a Poisson count: refilling for another trial rarely reallocates.
  pattern.reserve(static_cast<std::size_t>(expected + 5.0 * std::sqrt(expected) + 16.0));
  encode_into(pattern, rates_hz, trial, offset_ms);
  return pattern;
}

void decode_rates_into(std::span<double> rates_hz, const SpikePattern& pattern, std::span<std::size_t> counts,
                       double begin_ms, double end_ms) {
  if (!(end_ms > begin_ms)) throw std::invalid_argument("rate decode window must have end_ms > begin_ms");
  if (rates_hz.size() != pattern.neuron_count()) {
    throw std::invalid_argument("rate decode: " + std::to_string(rates_hz.size()) + " outputs for a pattern of " +
                                std::to_string(pattern.neuron_count()) + " neurons");
  }
  spike_counts(pattern, counts, begin_ms, end_ms);
  const double per_ms_to_hz = 1000.0 / (end_ms - begin_ms);
  for (std::size_t i = 0; i < rates_hz.size(); ++i) rates_hz[i] = static_cast<double>(counts[i]) * per_ms_to_hz;
}

}  // namespace snnft
