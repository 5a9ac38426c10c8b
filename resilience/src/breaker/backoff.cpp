// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/backoff.hpp"

#include <algorithm>
#include <cmath>

#include "snnft/core/counter_rng.hpp"

namespace snnft::breaker {

namespace {
/// Group of the jitter streams among RngPurpose::kUser streams ("BRKR").
constexpr std::uint32_t kJitterGroup = 0x42524B52;
}  // namespace

Nanos break_duration_for(const BreakerConfig& config, std::uint32_t consecutive_trips, double unit_random) {
  const double cap = static_cast<double>(config.max_break_duration.count());
  double d = static_cast<double>(config.break_duration.count());
  if (config.backoff == Backoff::kExponential && consecutive_trips > 1) {
    // Multiply step by step so a long streak saturates at the cap instead of overflowing.
    for (std::uint32_t i = 1; i < consecutive_trips && d < cap; ++i) d *= config.backoff_multiplier;
  }
  d = std::min(d, cap);
  if (config.jitter > 0.0) d = std::min(d * (1.0 + config.jitter * (2.0 * unit_random - 1.0)), cap);
  return Nanos(std::max<std::int64_t>(1, std::llround(d)));
}

double jitter_uniform(std::uint64_t seed, std::uint32_t stream, std::uint64_t break_index) {
  const CounterRng rng(seed);
  const auto bits = rng.bits(StreamId{RngPurpose::kUser, kJitterGroup, stream}, break_index);
  return to_unit_open(bits[0], bits[1]);
}

std::uint32_t jitter_stream_for(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (const unsigned char ch : name) h = (h ^ ch) * 16777619u;
  return h;
}

}  // namespace snnft::breaker
