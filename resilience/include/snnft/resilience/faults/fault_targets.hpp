// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/resilience/faults/bound_fault.hpp"

namespace snnft::faults {

/// The neurons of one population a fault hits: sorted ids plus a membership mask, so the
/// per-spike check is one load.
struct NeuronTargets {
  PopulationIndex population = 0;
  std::size_t population_size = 0;
  std::vector<NeuronIndex> ids;
  std::vector<std::uint8_t> hit;  ///< hit[i] != 0 if neuron i is a target
};

/// The synapses of one projection a fault hits, as indices in CSR order (sorted).
struct SynapseTargets {
  std::size_t projection = 0;
  std::vector<std::uint32_t> ids;
};

/// Sub-streams of one (fault, column, population or projection): which targets are hit,
/// and bit positions for bit flips (per-spike draws: spike_draw).
enum class FaultStream : std::uint8_t { kTargets = 0, kBits = 2 };  // 1: spike draws, now spike_draw()

/// The random stream of a fault for one population (or projection, when `projection` is
/// true): keyed by purpose kFaults, the fault's index and seed, the column and the
/// population — never by thread.
RngStream fault_stream(const CounterRng& rng, const BindContext& context, std::size_t population_or_projection,
                       bool projection, FaultStream sub);

/// The stream of one spike's draws (drop, jitter): keyed by the fault, column and population
/// and, through the counter, by (step, neuron) rather than by the spike's place in the step's
/// list, so a spike meets the same fate however the neurons are split between processes.
/// One Philox block: up to two uniforms or one pair of normals.
RngStream spike_draw(const CounterRng& rng, std::uint32_t fault_index, std::uint32_t column, PopulationIndex population,
                     Step step, NeuronIndex neuron);

/// The generator of one presentation's spike draws in a classification run: a key derived
/// from the fault's own generator, the fault, the column and the presentation (trial or
/// replay, in separate key spaces). spike_draw() on it, with the step counted from the
/// presentation's start, gives each spike of that presentation its fate.
CounterRng presentation_rng(const CounterRng& rng, std::uint32_t fault_index, std::uint32_t column, const DrawKey& key);

/// Draws `k` distinct sorted indices from [0, n) (partial Fisher-Yates).
std::vector<std::uint32_t> choose_indices(std::size_t n, std::size_t k, RngStream& stream);

/// Resolves the spec's populations and draws its neurons in each.
/// `needs_membrane`: the kind changes LIF variables, so every population must have them.
std::vector<NeuronTargets> choose_neurons(const FaultSpec& spec, const BindContext& context, bool needs_membrane);

/// Resolves the spec's projections and draws its synapses in each.
std::vector<SynapseTargets> choose_synapses(const FaultSpec& spec, const BindContext& context);

/// "30 of 100 neurons of exc" (summed over populations when there are several).
std::string describe_neurons(const std::vector<NeuronTargets>& targets, const Network& network);
std::string describe_synapses(const std::vector<SynapseTargets>& targets, const Network& network);

}  // namespace snnft::faults
