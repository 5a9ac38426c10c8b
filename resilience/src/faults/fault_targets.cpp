// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/fault_targets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "snnft/core/config_reader.hpp"

namespace snnft::faults {
namespace {

[[noreturn]] void fail(const FaultSpec& spec, std::string_view key, const std::string& problem) {
  throw ConfigError(fault_error_location(spec, key), problem);
}

/// How many of `n` targets the spec hits, or the explicit ids; checks them against `n`.
std::vector<std::uint32_t> draw(const FaultSpec& spec, std::size_t n, RngStream& stream, const std::string& what) {
  if (!spec.ids.empty()) {
    std::vector<std::uint32_t> ids = spec.ids;
    for (std::uint32_t id : ids) {
      if (id >= n) fail(spec, "ids", "id " + std::to_string(id) + " is out of range (" + what + ")");
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }
  std::size_t k = n;
  if (spec.count) {
    if (*spec.count > n) {
      fail(spec, "count", "count=" + std::to_string(*spec.count) + " exceeds the target size (" + what + ")");
    }
    k = *spec.count;
  } else if (spec.fraction) {
    k = static_cast<std::size_t>(std::llround(*spec.fraction * static_cast<double>(n)));
  }
  return choose_indices(n, k, stream);
}

}  // namespace

RngStream fault_stream(const CounterRng& rng, const BindContext& context, std::size_t population_or_projection,
                       bool projection, FaultStream sub) {
  // element: column in the high bits, then populations (0..2047) or projections (2048..4095).
  const auto element = static_cast<std::uint32_t>(context.column * 4096u + (projection ? 2048u : 0u) +
                                                  static_cast<std::uint32_t>(population_or_projection % 2048));
  const std::uint64_t first_counter = static_cast<std::uint64_t>(sub) << 40;
  return RngStream(rng, {RngPurpose::kFaults, context.fault_index, element}, first_counter);
}

RngStream spike_draw(const CounterRng& rng, std::uint32_t fault_index, std::uint32_t column, PopulationIndex population,
                     Step step, NeuronIndex neuron) {
  // The element's top bit keeps these keys apart from fault_stream's (columns stay far below 2^19).
  const auto element = static_cast<std::uint32_t>(column * 4096u + population % 2048) | (1u << 31);
  const std::uint64_t counter = (static_cast<std::uint64_t>(step) << 32) | neuron;
  return RngStream(rng, {RngPurpose::kFaults, fault_index, element}, counter);
}

CounterRng presentation_rng(const CounterRng& rng, std::uint32_t fault_index, std::uint32_t column, const DrawKey& key) {
  // The two top bits keep these keys apart from fault_stream's and spike_draw's; bit 29 keeps
  // replays apart from test trials.
  const std::uint32_t space = key.space == DrawKey::Space::kReplay ? (1u << 29) : 0u;
  const auto element = static_cast<std::uint32_t>(column * 4096u) | (3u << 30) | space;
  const auto words = rng.bits({RngPurpose::kFaults, fault_index, element}, key.index);
  return CounterRng((static_cast<std::uint64_t>(words[0]) << 32) | words[1]);
}

std::vector<std::uint32_t> choose_indices(std::size_t n, std::size_t k, RngStream& stream) {
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  if (k >= n) return all;
  for (std::size_t i = 0; i < k; ++i) std::swap(all[i], all[i + stream.below(n - i)]);
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

std::vector<NeuronTargets> choose_neurons(const FaultSpec& spec, const BindContext& context, bool needs_membrane) {
  const Network& net = context.network;
  std::vector<PopulationIndex> pops = context.default_populations;
  if (!spec.population.empty()) {
    const auto p = net.find_population(spec.population);
    if (!p) fail(spec, "population", "no population named \"" + spec.population + "\"");
    pops = {*p};
  }
  if (pops.empty()) fail(spec, "population", "the run has no population this fault can hit; name one");
  const CounterRng rng(context.seed);
  std::vector<NeuronTargets> out;
  for (PopulationIndex p : pops) {
    const Population& pop = net.population(p);
    if (needs_membrane && context.control.neuron_variable(p, "v").empty()) {
      fail(spec, "population", "population \"" + pop.name() + "\" has no membrane (" +
                                   std::string(fault_kind_name(spec.kind)) + " needs LIF neurons)");
    }
    NeuronTargets t;
    t.population = p;
    t.population_size = pop.size();
    RngStream stream = fault_stream(rng, context, p, false, FaultStream::kTargets);
    t.ids = draw(spec, pop.size(), stream, pop.name() + " has " + std::to_string(pop.size()) + " neurons");
    t.hit.assign(pop.size(), 0);
    for (NeuronIndex i : t.ids) t.hit[i] = 1;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<SynapseTargets> choose_synapses(const FaultSpec& spec, const BindContext& context) {
  const Network& net = context.network;
  std::vector<std::size_t> projections;
  if (!spec.projection.empty()) {
    const auto j = net.find_projection(spec.projection);
    if (!j) fail(spec, "projection", "no projection named \"" + spec.projection + "\"");
    projections = {*j};
  } else {
    std::vector<PopulationIndex> posts = context.default_populations;
    if (!spec.population.empty()) {
      const auto p = net.find_population(spec.population);
      if (!p) fail(spec, "population", "no population named \"" + spec.population + "\"");
      posts = {*p};
    }
    for (std::size_t j = 0; j < net.projection_count(); ++j) {
      if (std::find(posts.begin(), posts.end(), net.projection(j).post) != posts.end()) projections.push_back(j);
    }
    if (projections.empty()) fail(spec, "population", "no projection ends on the targeted population");
  }
  if (!spec.ids.empty() && projections.size() > 1) {
    fail(spec, "ids", "synapse ids need a single projection; name it with projection=");
  }
  const CounterRng rng(context.seed);
  std::vector<SynapseTargets> out;
  for (std::size_t j : projections) {
    const Projection& proj = net.projection(j);
    RngStream stream = fault_stream(rng, context, j, true, FaultStream::kTargets);
    SynapseTargets t;
    t.projection = j;
    t.ids = draw(spec, proj.synapse_count(), stream,
                 proj.name + " has " + std::to_string(proj.synapse_count()) + " synapses");
    out.push_back(std::move(t));
  }
  return out;
}

std::string describe_neurons(const std::vector<NeuronTargets>& targets, const Network& network) {
  std::string s;
  for (const auto& t : targets) {
    if (!s.empty()) s += ", ";
    s += std::to_string(t.ids.size()) + " of " + std::to_string(t.population_size) + " neurons of " +
         network.population(t.population).name();
  }
  return s;
}

std::string describe_synapses(const std::vector<SynapseTargets>& targets, const Network& network) {
  std::string s;
  for (const auto& t : targets) {
    if (!s.empty()) s += ", ";
    const Projection& proj = network.projection(t.projection);
    s += std::to_string(t.ids.size()) + " of " + std::to_string(proj.synapse_count()) + " synapses of " + proj.name;
  }
  return s;
}

}  // namespace snnft::faults
