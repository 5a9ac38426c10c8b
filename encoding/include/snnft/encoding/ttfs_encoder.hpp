// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>

#include "snnft/encoding/spike_pattern.hpp"

namespace snnft {

/// How a value is mapped to a latency.
enum class TtfsScale : std::uint8_t {
  kLinear,  ///< t = t_min + (1 − x)·(t_max − t_min)
  kLog,     ///< t = t_min + τ·ln(1/x), no spike where that exceeds t_max
};

/// Parameters of a time-to-first-spike code (all times relative to the trial start).
struct TtfsParams {
  double t_min_ms = 0.0;   ///< latency of the strongest value, x = 1
  double t_max_ms = 20.0;  ///< latest possible spike
  TtfsScale scale = TtfsScale::kLinear;
  double tau_ms = 5.0;  ///< log scale only: latency added per factor e of weaker input
  double cutoff = 0.0;  ///< values x <= cutoff produce no spike; in [0, 1)
};

/// Time-to-first-spike (latency) code: one value in [0, 1] becomes at most one spike, and
/// stronger values spike earlier.
///
/// Convention: x = 1 is the strongest input and spikes at t_min; values above 1 are treated
/// as 1. Values x <= cutoff (including every x <= 0) are "absent" and produce no spike.
///
/// - Linear: t(x) = t_min + (1 − x)(t_max − t_min), spikes in [t_min, t_max).
/// - Log:    t(x) = t_min + τ·ln(1/x). It spreads small values over more time than the linear
///   code. A time beyond t_max is not emitted, so the log code's effective cut-off is
///   max(cutoff, exp(−(t_max − t_min)/τ)); every emitted spike is exactly invertible.
///
/// Decoding inverts t(x): linear x = 1 − (t − t_min)/(t_max − t_min), log
/// x = exp(−(t − t_min)/τ). Times before t_min decode to 1; "no spike" (+infinity) and any
/// time after t_max decode to 0, the value of an absent input.
class TtfsEncoder {
 public:
  /// Throws std::invalid_argument unless 0 <= t_min < t_max (finite), tau > 0 (log scale)
  /// and 0 <= cutoff < 1.
  explicit TtfsEncoder(const TtfsParams& params);

  [[nodiscard]] const TtfsParams& params() const { return params_; }

  /// Spike time of one value, or +infinity for no spike. Throws for NaN.
  [[nodiscard]] double spike_time_ms(double x) const;
  /// The value whose spike time is `t_ms`; 0 for +infinity (no spike).
  [[nodiscard]] double value(double t_ms) const;

  /// Replaces the pattern's spikes with one spike per feature (neuron i ← features[i]) at
  /// offset_ms + t(x), then finalizes it. The pattern must have features.size() neurons.
  /// Reuses the pattern's capacity: no allocation once it has held features.size() spikes.
  void encode_into(SpikePattern& pattern, std::span<const float> features, double offset_ms = 0.0) const;
  [[nodiscard]] SpikePattern encode(std::span<const float> features, double offset_ms = 0.0) const;

  /// Decodes each neuron's first spike (relative to offset_ms) back to a value; `out` must
  /// have one entry per neuron of the pattern.
  void decode_into(std::span<double> out, const SpikePattern& pattern, double offset_ms = 0.0) const;
  /// Same, from first-spike times that are already relative to the trial start.
  void decode_times_into(std::span<double> out, std::span<const double> first_spike_ms) const;

 private:
  TtfsParams params_;
  double span_ms_;       ///< t_max − t_min
  double log_floor_;     ///< smallest x the log code emits: exp(−span/τ)
};

}  // namespace snnft
