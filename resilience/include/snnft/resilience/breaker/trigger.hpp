// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <utility>

namespace snnft::breaker {

/// Which side of the bound is bad.
enum class TriggerWhen : std::uint8_t {
  kAbove,  ///< a value greater than the bound is a violation (latency, loss rate)
  kBelow,  ///< a value smaller than the bound is a violation (reliability score)
};

/// A named external signal that can trip a breaker, e.g. {"loss_rate", kAbove, 0.05}.
/// The breaker trips once `consecutive_samples` reports in a row violate the bound.
struct TriggerSpec {
  std::string name;
  TriggerWhen when = TriggerWhen::kAbove;
  double bound = 0.0;
  std::uint32_t consecutive_samples = 1;

  [[nodiscard]] bool violated_by(double value) const noexcept {
    // NaN is a violation either way: a signal that cannot be measured is not healthy.
    if (value != value) return true;
    return when == TriggerWhen::kAbove ? value > bound : value < bound;
  }
};

/// A latency trigger: trips when the reported latency exceeds `max_latency`.
inline TriggerSpec latency_trigger(std::string name, double max_latency, std::uint32_t samples = 1) {
  return {std::move(name), TriggerWhen::kAbove, max_latency, samples};
}
/// A reliability trigger: trips when the reported score falls below `min_score`.
inline TriggerSpec reliability_trigger(std::string name, double min_score, std::uint32_t samples = 1) {
  return {std::move(name), TriggerWhen::kBelow, min_score, samples};
}
/// A loss trigger: trips when the reported loss rate exceeds `max_rate`.
inline TriggerSpec loss_rate_trigger(std::string name, double max_rate, std::uint32_t samples = 1) {
  return {std::move(name), TriggerWhen::kAbove, max_rate, samples};
}

}  // namespace snnft::breaker
