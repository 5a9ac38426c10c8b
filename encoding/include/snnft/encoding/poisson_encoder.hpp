// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>

#include "snnft/core/counter_rng.hpp"
#include "snnft/encoding/spike_pattern.hpp"

namespace snnft {

/// Parameters of a Poisson (rate) code.
struct PoissonParams {
  double duration_ms = 100.0;  ///< spikes are generated in [0, duration)
  /// Minimum interval between two spikes of a neuron; 0 gives a Poisson process.
  double dead_time_ms = 0.0;
  /// Stream group. Use the index of the spike-source population that replays the pattern:
  /// such a population never draws from kPoissonInput streams itself, so its index cannot
  /// collide with the engine's own Poisson populations.
  std::uint32_t group = 0;
};

/// Rate code: neuron i fires a stationary renewal process of exactly rates_hz[i] spikes per
/// second. Intervals are d + Exp(1/r − d) (d = dead time), so the mean rate is r for any d
/// with r·d < 1; with d = 0 this is a Poisson process (Fano factor 1). The first spike is
/// drawn from the process's equilibrium forward-recurrence distribution, so the expected
/// count in [0, T) is exactly r·T, not biased by the start of the trial.
///
/// Neuron i of trial n draws from the stream (kPoissonInput, group, i) starting at counter
/// n·2³²: each train depends only on (seed, group, neuron, trial) — never on the other neurons
/// or on threads — and trials are independent. A trial may use up to 2³² counters (2³³
/// uniforms), far more than any duration needs.
class PoissonEncoder {
 public:
  /// Keeps a pointer to `rng`, which must outlive the encoder. Throws std::invalid_argument
  /// unless duration > 0 and dead_time >= 0 (both finite).
  PoissonEncoder(const CounterRng& rng, const PoissonParams& params);

  [[nodiscard]] const PoissonParams& params() const { return params_; }

  /// Replaces the pattern's spikes with trains for rates_hz (one per neuron), shifted by
  /// offset_ms, and finalizes it. Rates must be finite, >= 0 and below 1/dead_time. No
  /// allocation once the pattern's capacity covers the trial's spike count.
  void encode_into(SpikePattern& pattern, std::span<const float> rates_hz, std::uint64_t trial,
                   double offset_ms = 0.0) const;
  /// Allocates a pattern with room for the expected count plus a margin, then encodes.
  [[nodiscard]] SpikePattern encode(std::span<const float> rates_hz, std::uint64_t trial,
                                    double offset_ms = 0.0) const;

 private:
  const CounterRng* rng_;
  PoissonParams params_;
};

/// Rate decoder: spike count of each neuron in [begin_ms, end_ms) divided by the window, in Hz.
/// `counts` is scratch with one entry per neuron (so the decoder does not allocate).
void decode_rates_into(std::span<double> rates_hz, const SpikePattern& pattern, std::span<std::size_t> counts,
                       double begin_ms, double end_ms);

}  // namespace snnft
