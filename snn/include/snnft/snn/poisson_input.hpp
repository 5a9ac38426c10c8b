// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/core/types.hpp"
#include "snnft/snn/population.hpp"

namespace snnft {

/// External drive of every neuron of a population by `n` independent Poisson spike trains at
/// `rate_hz` each, every spike adding `weight` to the receptor's input variable (Brian2's
/// PoissonInput; the external input of Brunel 2000). Weight units are those of a projection
/// onto the same population.
struct PoissonInputParams {
  std::size_t n = 0;
  double rate_hz = 0.0;
  double weight = 0.0;
  Receptor receptor = Receptor::kExcitatory;
};

/// Draws, each step and for each neuron, how many of the n trains spiked: a Binomial(n, rate·dt)
/// count, as Brian2 draws it, found by inverting a precomputed distribution function with 32
/// random bits. One Philox call serves four neurons; draws are keyed by (population, neuron/4,
/// step), so they do not depend on threads or chunking, and nothing is allocated per step.
class PoissonInput {
 public:
  PoissonInput(const PoissonInputParams& params, double dt_ms, const CounterRng& rng, PopulationIndex population);

  [[nodiscard]] const PoissonInputParams& params() const { return params_; }
  /// Adds this step's input to target[i] for neurons i in [begin, end); begin is a multiple of 4.
  void add(Step step, std::size_t begin, std::size_t end, float* target) const;
  /// Mean count per neuron and step, n·rate·dt.
  [[nodiscard]] double mean_count() const { return mean_; }

 private:
  [[nodiscard]] std::uint32_t count(std::uint32_t bits) const;

  PoissonInputParams params_;
  const CounterRng* rng_;
  PopulationIndex population_;
  double mean_ = 0.0;
  std::uint32_t first_ = 0;  ///< smallest count with a probability above 2^-33
  /// thresholds_[j] = P(count <= first_ + j) = P(count <= k)·2^32, up to where the rest of the distribution is below 2^-33.
  std::vector<std::uint64_t> thresholds_;
};

}  // namespace snnft
