// SPDX-License-Identifier: MIT
#include "snnft/snn/poisson_input.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snnft {

PoissonInput::PoissonInput(const PoissonInputParams& params, double dt_ms, const CounterRng& rng,
                           PopulationIndex population)
    : params_(params), rng_(&rng), population_(population) {
  const double p = params.rate_hz * dt_ms * 1e-3;
  if (!(p >= 0) || p > 1) throw std::invalid_argument("poisson_input: rate_hz·dt must lie in [0, 1]");
  const auto n = static_cast<double>(params.n);
  mean_ = n * p;
  if (params.n == 0 || p == 0) return;  // never any input: an empty table gives count 0
  if (p == 1) {
    first_ = static_cast<std::uint32_t>(params.n);  // every train spikes in every step
    return;
  }
  // Binomial probabilities in log space, so (1 − p)^n cannot underflow for large n.
  constexpr double kScale = 4294967296.0;  // 2^32
  double cdf = 0.0;
  for (std::size_t k = 0; k <= params.n; ++k) {
    const auto kd = static_cast<double>(k);
    const double log_pmf = std::lgamma(n + 1) - std::lgamma(kd + 1) - std::lgamma(n - kd + 1) + kd * std::log(p) +
                           (n - kd) * std::log1p(-p);
    cdf += std::exp(log_pmf);
    if (kd < mean_ && cdf < 0x1p-33) {  // the left tail, below one draw in 2^33: never drawn
      first_ = static_cast<std::uint32_t>(k + 1);
      continue;
    }
    if (cdf >= 1.0 - 0x1p-33) break;
    thresholds_.push_back(static_cast<std::uint64_t>(std::llround(cdf * kScale)));
  }
}

std::uint32_t PoissonInput::count(std::uint32_t bits) const {
  // The count is the first k whose cumulative probability exceeds the uniform draw.
  std::uint32_t j = 0;
  const auto u = static_cast<std::uint64_t>(bits);
  while (j < thresholds_.size() && u >= thresholds_[j]) ++j;
  return first_ + j;
}

void PoissonInput::add(Step step, std::size_t begin, std::size_t end, float* target) const {
  if (thresholds_.empty() && first_ == 0) return;
  const auto w = static_cast<float>(params_.weight);
  for (std::size_t i = begin; i < end; i += 4) {
    const auto bits = rng_->bits({RngPurpose::kPoissonInput, population_, static_cast<std::uint32_t>(i / 4)},
                                 static_cast<std::uint64_t>(step));
    const std::size_t stop = std::min<std::size_t>(4, end - i);
    for (std::size_t k = 0; k < stop; ++k) {
      const std::uint32_t c = count(bits[k]);
      if (c != 0) target[i + k] += static_cast<float>(c) * w;
    }
  }
}

}  // namespace snnft
