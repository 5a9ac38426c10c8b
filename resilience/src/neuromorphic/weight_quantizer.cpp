// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/weight_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

WeightQuantizer::WeightQuantizer(int bits) : bits_(bits) {
  if (bits < 1 || bits > 16) throw std::invalid_argument("quantization bits must be in [1, 16], got " + std::to_string(bits));
}

float WeightQuantizer::snap(float w, float lo, float hi) const {
  if (!(hi > lo)) return lo;
  if (std::isnan(w)) return lo;
  const double steps = static_cast<double>((1u << bits_) - 1);
  const double step = (static_cast<double>(hi) - lo) / steps;
  const double x = std::clamp(static_cast<double>(w), static_cast<double>(lo), static_cast<double>(hi));
  return static_cast<float>(lo + std::round((x - lo) / step) * step);
}

void WeightQuantizer::quantize(std::span<float> weights, float lo, float hi) {
  keep(weights);
  lo_ = lo;
  hi_ = hi;
  for (float& w : weights) w = snap(w, lo, hi);
  written_.assign(weights.begin(), weights.end());
}

void WeightQuantizer::keep(std::span<const float> weights) {
  kept_.assign(weights.begin(), weights.end());
  // Until quantize() writes levels, the weights as they are count as what was written.
  written_.assign(weights.begin(), weights.end());
  holding_ = true;
}

std::size_t WeightQuantizer::restore(std::span<float> weights, std::span<const float> healthy,
                                     bool healthy_is_current) const {
  if (!holding_) throw std::logic_error("no full-precision weights kept to restore");
  if (weights.size() != kept_.size()) {
    throw std::logic_error("restoring " + std::to_string(kept_.size()) + " kept weights into " +
                           std::to_string(weights.size()));
  }
  if (!healthy.empty() && healthy.size() != kept_.size()) {
    throw std::logic_error("restoring with " + std::to_string(healthy.size()) + " healthy weights for " +
                           std::to_string(kept_.size()));
  }
  std::size_t undone = 0;
  for (std::size_t i = 0; i < kept_.size(); ++i) {
    if (std::memcmp(&weights[i], &written_[i], sizeof(float)) != 0) continue;  // changed since: leave it
    const float k = kept_[i];
    const bool usable = std::isfinite(k) && k >= lo_ && k <= hi_;
    weights[i] = healthy.empty() || (usable && !healthy_is_current) ? k : healthy[i];
    ++undone;
  }
  return undone;
}

}  // namespace snnft::neuromorphic
