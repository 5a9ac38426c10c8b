// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

#include "snnft/resilience/breaker/breaker_config.hpp"

namespace snnft::breaker {

/// How long the breaker stays open after its `consecutive_trips`-th trip in a row (1 for the
/// first): `break_duration`, or with exponential backoff break_duration * multiplier^(n-1),
/// capped at `max_break_duration`. With jitter j the result is scaled by 1 + j * (2u - 1) for
/// the uniform `unit_random` u in (0, 1), then capped again. Always at least 1 ns.
Nanos break_duration_for(const BreakerConfig& config, std::uint32_t consecutive_trips, double unit_random);

/// The uniform number that break_duration_for() uses for one breaker's `break_index`-th break:
/// a pure function of (seed, stream, index), so jittered schedules are reproducible.
double jitter_uniform(std::uint64_t seed, std::uint32_t stream, std::uint64_t break_index);

/// Stream number of a breaker's jitter, derived from its name (FNV-1a), so that breakers
/// created with the same seed still spread out their probes.
std::uint32_t jitter_stream_for(const std::string& name);

}  // namespace snnft::breaker
