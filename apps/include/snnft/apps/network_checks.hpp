// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "snnft/apps/network_config.hpp"

namespace snnft::apps {

/// The smallest dt a network config accepts (1 ns): below it, step counts of fault times
/// and long runs no longer fit the 64-bit step counter.
inline constexpr double kMinDtMs = 1e-6;
/// The most steps one run may take (2^53: every step time t = step * dt is exact in a double).
inline constexpr double kMaxSteps = 9007199254740992.0;
/// The longest synaptic delay in steps (delays are stored in 16 bits, two values reserved).
inline constexpr int kMaxDelaySteps = 65533;

/// The number of steps of a run of `duration_ms` at `dt_ms` (the duration rounded to whole
/// steps). Fewer than one step, or more than kMaxSteps, is a ConfigError: at `duration_where`
/// ("--duration" or "/duration_ms") for a duration set on the command line or a run too
/// long, at "/dt_ms" for a dt longer than the duration in the config.
std::int64_t run_steps(double duration_ms, double dt_ms, const std::string& duration_where);

/// A lower bound of the memory a network run needs at its peak (network construction): the
/// state of every neuron, every synapse (target, weight, delay, the builder's row lists, the
/// STDP column index) and the delay buffers, plus the pending-spike buffers of jitter faults.
struct MemoryEstimate {
  double bytes = 0.0;
  double synapses = 0.0;
  std::string largest_path;  ///< the JSON path of the part needing the most: "/projections/2"
  double largest_bytes = 0.0;
};
MemoryEstimate estimate_network_memory(const NetworkRunConfig& config, const std::vector<faults::FaultSpec>& faults);

/// Fails at once, naming the largest part, if the estimate exceeds what this process can
/// still allocate (available_memory_bytes()).
void check_network_memory(const NetworkRunConfig& config, const std::vector<faults::FaultSpec>& faults);

}  // namespace snnft::apps
