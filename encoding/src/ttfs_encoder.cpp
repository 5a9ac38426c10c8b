// SPDX-License-Identifier: MIT
#include "snnft/encoding/ttfs_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snnft {

namespace {

constexpr double kNoSpike = std::numeric_limits<double>::infinity();

}  // namespace

TtfsEncoder::TtfsEncoder(const TtfsParams& params)
    : params_(params), span_ms_(params.t_max_ms - params.t_min_ms), log_floor_(0.0) {
  if (!std::isfinite(params.t_min_ms) || params.t_min_ms < 0.0) {
    throw std::invalid_argument("TTFS t_min_ms must be finite and >= 0, got " + std::to_string(params.t_min_ms));
  }
  if (!std::isfinite(params.t_max_ms) || !(params.t_max_ms > params.t_min_ms)) {
    throw std::invalid_argument("TTFS t_max_ms must be finite and > t_min_ms, got " +
                                std::to_string(params.t_max_ms));
  }
  if (!(params.cutoff >= 0.0 && params.cutoff < 1.0)) {
    throw std::invalid_argument("TTFS cutoff must be in [0, 1), got " + std::to_string(params.cutoff));
  }
  if (params.scale == TtfsScale::kLog) {
    if (!std::isfinite(params.tau_ms) || !(params.tau_ms > 0.0)) {
      throw std::invalid_argument("TTFS tau_ms must be finite and > 0, got " + std::to_string(params.tau_ms));
    }
    log_floor_ = std::exp(-span_ms_ / params.tau_ms);
  }
}

double TtfsEncoder::spike_time_ms(double x) const {
  if (std::isnan(x)) throw std::invalid_argument("TTFS input is NaN");
  if (x <= params_.cutoff) return kNoSpike;
  x = std::min(x, 1.0);
  if (params_.scale == TtfsScale::kLinear) return params_.t_min_ms + (1.0 - x) * span_ms_;
  // Compare values, not times: t_min + τ·ln(1/x) can round to just past t_max at the floor.
  if (x < log_floor_) return kNoSpike;
  return std::min(params_.t_min_ms - params_.tau_ms * std::log(x), params_.t_max_ms);
}

double TtfsEncoder::value(double t_ms) const {
  if (std::isnan(t_ms)) throw std::invalid_argument("TTFS spike time is NaN");
  if (t_ms > params_.t_max_ms) return 0.0;  // includes +infinity, "no spike"
  if (t_ms <= params_.t_min_ms) return 1.0;
  const double dt = t_ms - params_.t_min_ms;
  if (params_.scale == TtfsScale::kLinear) return 1.0 - dt / span_ms_;
  return std::exp(-dt / params_.tau_ms);
}

void TtfsEncoder::encode_into(SpikePattern& pattern, std::span<const float> features, double offset_ms) const {
  if (pattern.neuron_count() != features.size()) {
    throw std::invalid_argument("TTFS pattern has " + std::to_string(pattern.neuron_count()) +
                                " neurons for " + std::to_string(features.size()) + " features");
  }
  pattern.clear();
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (std::isnan(features[i])) throw std::invalid_argument("TTFS feature " + std::to_string(i) + " is NaN");
    const double t = spike_time_ms(features[i]);
    if (t != kNoSpike) pattern.add(offset_ms + t, static_cast<NeuronIndex>(i));
  }
  pattern.finalize();
}

SpikePattern TtfsEncoder::encode(std::span<const float> features, double offset_ms) const {
  SpikePattern pattern(features.size());
  pattern.reserve(features.size());
  encode_into(pattern, features, offset_ms);
  return pattern;
}

void TtfsEncoder::decode_into(std::span<double> out, const SpikePattern& pattern, double offset_ms) const {
  first_spike_times(pattern, out, offset_ms);
  for (double& v : out) v = value(v);
}

void TtfsEncoder::decode_times_into(std::span<double> out, std::span<const double> first_spike_ms) const {
  if (out.size() != first_spike_ms.size()) {
    throw std::invalid_argument("TTFS decode: " + std::to_string(first_spike_ms.size()) + " times for " +
                                std::to_string(out.size()) + " outputs");
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = value(first_spike_ms[i]);
}

}  // namespace snnft
