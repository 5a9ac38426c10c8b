// SPDX-License-Identifier: MIT
#include "snnft/encoding/population_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snnft {

namespace {

const PopulationCodeParams& checked(const PopulationCodeParams& p) {
  if (p.neurons_per_value < 3) {
    throw std::invalid_argument("population code needs at least 3 neurons per value, got " +
                                std::to_string(p.neurons_per_value));
  }
  if (!std::isfinite(p.lo) || !std::isfinite(p.hi) || !(p.lo < p.hi)) {
    throw std::invalid_argument("population code needs finite lo < hi, got [" + std::to_string(p.lo) + ", " +
                                std::to_string(p.hi) + "]");
  }
  if (!std::isfinite(p.beta) || !(p.beta > 0.0)) {
    throw std::invalid_argument("population code beta must be finite and > 0, got " + std::to_string(p.beta));
  }
  return p;
}

}  // namespace

PopulationEncoder::PopulationEncoder(const PopulationCodeParams& params)
    : params_(checked(params)),
      ttfs_(params.ttfs),
      spacing_((params.hi - params.lo) / static_cast<double>(params.neurons_per_value - 1)),
      sigma_((params.hi - params.lo) / (params.beta * static_cast<double>(params.neurons_per_value - 2))) {}

double PopulationEncoder::centre(std::size_t i) const { return params_.lo + static_cast<double>(i) * spacing_; }

double PopulationEncoder::response(double x, std::size_t i) const {
  const double d = x - centre(i);
  return std::exp(-d * d / (2.0 * sigma_ * sigma_));
}

void PopulationEncoder::encode_into(SpikePattern& pattern, std::span<const float> values, double offset_ms) const {
  const std::size_t k = params_.neurons_per_value;
  if (pattern.neuron_count() != values.size() * k) {
    throw std::invalid_argument("population code: pattern has " + std::to_string(pattern.neuron_count()) +
                                " neurons for " + std::to_string(values.size()) + " values x " +
                                std::to_string(k) + " neurons");
  }
  pattern.clear();
  for (std::size_t d = 0; d < values.size(); ++d) {
    if (!std::isfinite(values[d])) {
      throw std::invalid_argument("population code: value " + std::to_string(d) + " is not finite");
    }
    for (std::size_t i = 0; i < k; ++i) {
      const double t = ttfs_.spike_time_ms(response(values[d], i));
      if (std::isfinite(t)) pattern.add(offset_ms + t, static_cast<NeuronIndex>(d * k + i));
    }
  }
  pattern.finalize();
}

SpikePattern PopulationEncoder::encode(std::span<const float> values, double offset_ms) const {
  SpikePattern pattern(values.size() * params_.neurons_per_value);
  pattern.reserve(pattern.neuron_count());
  encode_into(pattern, values, offset_ms);
  return pattern;
}

double PopulationEncoder::decode(std::span<const double> first_spike_ms) const {
  const std::size_t k = params_.neurons_per_value;
  if (first_spike_ms.size() != k) {
    throw std::invalid_argument("population decode needs " + std::to_string(k) + " spike times, got " +
                                std::to_string(first_spike_ms.size()));
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < k; ++i) {
    if (first_spike_ms[i] < first_spike_ms[best]) best = i;
  }
  const double t_best = first_spike_ms[best];
  if (!(ttfs_.value(t_best) > 0.0)) return std::numeric_limits<double>::quiet_NaN();

  // The earlier of the two neighbours lies on the same side of the peak as x.
  const double inf = std::numeric_limits<double>::infinity();
  const double t_left = best > 0 ? first_spike_ms[best - 1] : inf;
  const double t_right = best + 1 < k ? first_spike_ms[best + 1] : inf;
  const double r_other = ttfs_.value(std::min(t_left, t_right));
  if (!(r_other > 0.0)) return centre(best);
  const std::size_t other = t_left <= t_right ? best - 1 : best + 1;

  const double r_best = ttfs_.value(t_best);
  const double c_best = centre(best), c_other = centre(other);
  return 0.5 * (c_best + c_other) + sigma_ * sigma_ * (std::log(r_best) - std::log(r_other)) / (c_best - c_other);
}

void PopulationEncoder::decode_into(std::span<double> out, const SpikePattern& pattern, std::span<double> scratch_ms,
                                    double offset_ms) const {
  const std::size_t k = params_.neurons_per_value;
  if (pattern.neuron_count() != out.size() * k) {
    throw std::invalid_argument("population decode: pattern has " + std::to_string(pattern.neuron_count()) +
                                " neurons for " + std::to_string(out.size()) + " values x " +
                                std::to_string(k) + " neurons");
  }
  first_spike_times(pattern, scratch_ms, offset_ms);
  for (std::size_t d = 0; d < out.size(); ++d) out[d] = decode(scratch_ms.subspan(d * k, k));
}

}  // namespace snnft
