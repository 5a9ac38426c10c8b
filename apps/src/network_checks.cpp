// SPDX-License-Identifier: MIT
// Checks of a network run that need the whole config (and the command line) at once: the
// step count and the memory the run will need.
#include "snnft/apps/network_checks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "config_helpers.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/memory_info.hpp"

namespace snnft::apps {
namespace {

// Bytes per element, as the engine stores them (see snn/lif_population.hpp, projection.hpp,
// stdp_rule.hpp, delay_buffer.hpp).
constexpr double kLifNeuronBytes = 11 * 4;     // 11 float arrays
constexpr double kSourceNeuronBytes = 3 * 8;   // rate, next step, draw counter
constexpr double kSynapseBytes = 4 + 4 + 4;    // target, weight, and the builder's transient source table
constexpr double kDelayBytes = 2;              // 16-bit delay, when the delays differ between synapses
constexpr double kStdpSynapseBytes = 4 + 4;    // column index: synapse and pre neuron
constexpr double kPendingSpikeBytes = 16 + 4;  // jitter: pending (step, id) and release slot

double expected_synapses(const ProjectionSpec& p, double pre, double post) {
  const auto& rule = p.rule;
  switch (rule.kind) {
    case ConnectivityRule::Kind::kFixedProbability: return rule.probability * pre * post;
    case ConnectivityRule::Kind::kFixedIndegree: return static_cast<double>(rule.indegree) * post;
    case ConnectivityRule::Kind::kOneToOne: return pre;
    case ConnectivityRule::Kind::kAllToAll: return pre * post;
    case ConnectivityRule::Kind::kExplicit: return static_cast<double>(rule.pairs.size());
  }
  return 0.0;
}

double max_delay_ms(const InitialValue& d) {
  switch (d.kind) {
    case InitialValue::Kind::kConstant: return d.a;
    case InitialValue::Kind::kUniform: return d.b;
    case InitialValue::Kind::kNormal: return d.a + 6 * d.b;
  }
  return 0.0;
}

}  // namespace

std::int64_t run_steps(double duration_ms, double dt_ms, const std::string& duration_where) {
  const double steps = std::round(duration_ms / dt_ms);
  if (!(steps >= 1)) {
    const bool blame_dt = duration_where != "--duration";
    throw ConfigError(blame_dt ? "/dt_ms" : duration_where,
                      "dt_ms = " + number_text(dt_ms) + " ms leaves fewer than one step in a duration of " +
                          number_text(duration_ms) + " ms");
  }
  if (!(steps <= kMaxSteps)) {
    throw ConfigError(duration_where, number_text(duration_ms) + " ms at dt_ms = " + number_text(dt_ms) + " is " +
                                          number_text(steps) + " steps; at most 2^53 steps per run");
  }
  return static_cast<std::int64_t>(steps);
}

MemoryEstimate estimate_network_memory(const NetworkRunConfig& config, const std::vector<faults::FaultSpec>& faults) {
  MemoryEstimate e;
  auto add = [&](const std::string& path, double bytes) {
    e.bytes += bytes;
    if (bytes > e.largest_bytes) {
      e.largest_bytes = bytes;
      e.largest_path = path;
    }
  };
  const auto& pops = config.network.populations;
  double lif_neurons = 0;
  auto size_of = [&](const std::string& name) {
    for (const auto& p : pops) {
      if (p.name == name) return static_cast<double>(p.size);
    }
    return 0.0;
  };
  for (std::size_t i = 0; i < pops.size(); ++i) {
    const double n = static_cast<double>(pops[i].size);
    const bool lif = pops[i].kind == PopulationSpec::Kind::kLif;
    if (lif) lif_neurons += n;
    add("/populations/" + std::to_string(i), n * (lif ? kLifNeuronBytes : kSourceNeuronBytes));
  }
  const auto& projs = config.network.projections;
  for (std::size_t k = 0; k < projs.size(); ++k) {
    const double pre = size_of(projs[k].pre), post = size_of(projs[k].post);
    const double synapses = expected_synapses(projs[k], pre, post);
    bool plastic = false;
    for (const auto& ps : config.plasticity) plastic = plastic || ps.projection == k;
    const double delay_steps = std::max(0.0, std::round(max_delay_ms(projs[k].delay_ms) / config.network.dt_ms));
    const bool per_synapse_delays =
        projs[k].delay_ms.kind != InitialValue::Kind::kConstant || !projs[k].rule.pair_delays_ms.empty();
    double bytes =
        synapses * (kSynapseBytes + (per_synapse_delays ? kDelayBytes : 0) + (plastic ? kStdpSynapseBytes : 0));
    bytes += (pre + 1) * 4 + post * (delay_steps + 1) * 4;  // row starts; the delay ring of the input
    // Row starts are 32-bit offsets.
    if (synapses > 4294967295.0) {
      throw ConfigError("/projections/" + std::to_string(k), "about " + number_text(synapses) +
                                                               " synapses; a projection holds at most 2^32 - 1");
    }
    e.synapses += synapses;
    add("/projections/" + std::to_string(k), bytes);
  }
  for (std::size_t f = 0; f < faults.size(); ++f) {
    const faults::FaultSpec& spec = faults[f];
    if (spec.kind != faults::FaultKind::kJitter) continue;
    // Every targeted neuron may hold a spike for each step of the 6-sigma shift window.
    const double targets = spec.count ? static_cast<double>(*spec.count)
                           : !spec.ids.empty() ? static_cast<double>(spec.ids.size())
                                               : spec.fraction.value_or(1.0) * lif_neurons;
    const double window = std::ceil(6.0 * spec.sigma_ms / config.network.dt_ms) + 2;
    add(spec.origin_is_json ? spec.origin + "/sigma_ms" : spec.origin, targets * window * kPendingSpikeBytes);
  }
  return e;
}

void check_network_memory(const NetworkRunConfig& config, const std::vector<faults::FaultSpec>& faults) {
  const MemoryEstimate e = estimate_network_memory(config, faults);
  const double available = static_cast<double>(available_memory_bytes());
  if (e.bytes <= available) return;
  std::ostringstream s;
  s << "the run needs at least " << format_bytes(e.bytes) << " of memory";
  if (e.synapses > 0) s << " (" << number_text(e.synapses) << " synapses)";
  s << ", " << format_bytes(e.largest_bytes) << " of it here; " << format_bytes(available) << " is available";
  throw ConfigError(e.largest_path, s.str());
}

}  // namespace snnft::apps
