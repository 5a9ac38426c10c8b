// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>

#include "snnft/encoding/spike_pattern.hpp"
#include "snnft/encoding/ttfs_encoder.hpp"

namespace snnft {

/// Parameters of a Gaussian receptive-field population code.
struct PopulationCodeParams {
  std::size_t neurons_per_value = 10;  ///< K >= 3
  double lo = 0.0;                     ///< first centre
  double hi = 1.0;                     ///< last centre
  double beta = 1.5;                   ///< width factor (Bohte et al. 2002 use 1.5)
  /// Latency code applied to each neuron's response; Bohte et al. silence responses below 0.1.
  TtfsParams ttfs{.t_min_ms = 0.0, .t_max_ms = 10.0, .scale = TtfsScale::kLinear, .tau_ms = 5.0,
                  .cutoff = 0.1};
};

/// Population (Gaussian receptive-field) code of a scalar into K TTFS neurons, after Bohte,
/// Kok & La Poutré 2002. Centres c_i = lo + i·(hi − lo)/(K − 1), i = 0..K−1, width
/// σ = (hi − lo)/(β·(K − 2)); neuron i's response r_i = exp(−(x − c_i)²/(2σ²)) is then sent
/// through the TTFS code, so the neurons nearest x fire first and distant ones stay silent.
///
/// Decoding recovers the responses from the spike times and fits the Gaussian through the
/// earliest neuron i and its earlier neighbour j: since ln r_i − ln r_j is linear in x,
///   x = (c_i + c_j)/2 + σ²·(ln r_i − ln r_j)/(c_i − c_j),
/// exact for uncorrupted spike times. With no firing neighbour it returns c_i; with no spike
/// at all, NaN.
class PopulationEncoder {
 public:
  /// Throws std::invalid_argument unless K >= 3, lo < hi (finite), beta > 0 and the TTFS
  /// parameters are valid.
  explicit PopulationEncoder(const PopulationCodeParams& params);

  [[nodiscard]] const PopulationCodeParams& params() const { return params_; }
  [[nodiscard]] std::size_t neurons_per_value() const { return params_.neurons_per_value; }
  [[nodiscard]] double centre(std::size_t i) const;
  [[nodiscard]] double sigma() const { return sigma_; }
  [[nodiscard]] const TtfsEncoder& ttfs() const { return ttfs_; }
  /// Response r_i(x) in (0, 1].
  [[nodiscard]] double response(double x, std::size_t i) const;

  /// Replaces the pattern's spikes: value d is coded by neurons [d·K, (d+1)·K), spikes are
  /// placed at offset_ms + latency and the pattern is finalized. The pattern must have
  /// values.size()·K neurons. No allocation once the pattern has held that many spikes.
  void encode_into(SpikePattern& pattern, std::span<const float> values, double offset_ms = 0.0) const;
  [[nodiscard]] SpikePattern encode(std::span<const float> values, double offset_ms = 0.0) const;

  /// Decodes one value from its K first-spike times (relative to the trial start;
  /// +infinity = no spike).
  [[nodiscard]] double decode(std::span<const double> first_spike_ms) const;
  /// Decodes out.size() values from a pattern with out.size()·K neurons. `scratch_ms` holds
  /// the pattern's first-spike times and must have one entry per neuron.
  void decode_into(std::span<double> out, const SpikePattern& pattern, std::span<double> scratch_ms,
                   double offset_ms = 0.0) const;

 private:
  PopulationCodeParams params_;
  TtfsEncoder ttfs_;
  double spacing_;
  double sigma_;
};

}  // namespace snnft
