// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/core/table_vector.hpp"
#include "snnft/snn/lif_params.hpp"
#include "snnft/snn/population.hpp"

namespace snnft {

/// How pre- and postsynaptic neurons are paired.
struct ConnectivityRule {
  enum class Kind { kFixedProbability, kFixedIndegree, kOneToOne, kAllToAll, kExplicit };
  Kind kind = Kind::kFixedProbability;
  double probability = 0.0;            ///< kFixedProbability
  std::size_t indegree = 0;            ///< kFixedIndegree
  bool allow_autapses = true;          ///< a neuron may connect to itself (same population only)
  /// kExplicit: (pre, post) pairs, with optional per-pair weight and delay (else the specs below).
  std::vector<std::pair<NeuronIndex, NeuronIndex>> pairs;
  std::vector<double> pair_weights;
  std::vector<double> pair_delays_ms;
};

/// Everything needed to build one projection; population names are resolved by the network.
struct ProjectionSpec {
  std::string name;
  std::string pre;
  std::string post;
  Receptor receptor = Receptor::kExcitatory;
  ConnectivityRule rule;
  InitialValue weight{};    ///< in mV (current-based) or units of g_leak (conductance-based)
  InitialValue delay_ms{};  ///< rounded to whole steps
};

/// Synapses from one population to another in compressed sparse row form: the synapses of
/// presynaptic neuron i are [row_start[i], row_start[i+1]), sorted by target. A static
/// synapse costs 8 bytes (target and weight); a per-synapse delay is stored only when the
/// delays differ, so a projection with one delay adds 2 bytes per synapse only if it varies.
struct Projection {
  std::string name;
  PopulationIndex pre = 0;
  PopulationIndex post = 0;
  Receptor receptor = Receptor::kExcitatory;
  std::vector<std::uint32_t> row_start;
  TableVector<NeuronIndex> target;  // resize() leaves it unset: every builder fills what it grows
  TableVector<float> weight;
  std::vector<std::uint16_t> delay_steps;  ///< per synapse; empty when every synapse has max_delay_steps
  std::uint16_t max_delay_steps = 0;

  [[nodiscard]] std::size_t synapse_count() const { return target.size(); }
  [[nodiscard]] std::size_t pre_size() const { return row_start.empty() ? 0 : row_start.size() - 1; }
  /// Delay of synapse k in steps.
  [[nodiscard]] std::uint16_t delay_of(std::size_t k) const {
    return delay_steps.empty() ? max_delay_steps : delay_steps[k];
  }
  /// Whether every synapse has the same delay (max_delay_steps), stored once.
  [[nodiscard]] bool uniform_delay() const { return delay_steps.empty(); }
  /// Sets one delay per synapse (steps.size() == synapse_count()), stored once if all agree.
  void set_delays(std::vector<std::uint16_t> steps);
  /// Drops every synapse whose target is outside [begin, end) (the neurons one process of a
  /// distributed run owns); the rows stay sorted and max_delay_steps keeps its value.
  void keep_targets(std::size_t begin, std::size_t end);
  /// Bytes held by the synapse arrays (row starts, targets, weights, delays).
  [[nodiscard]] std::size_t memory_bytes() const;
};

/// Builds the synapses of `spec`, in parallel on the calling thread's oneTBB arena. Random
/// draws use streams keyed by (projection index, presynaptic row) — or postsynaptic column
/// for fixed in-degree — never by thread, so the result is a pure function of the seed,
/// whatever the thread count. Throws std::invalid_argument on impossible requests.
Projection build_projection(const ProjectionSpec& spec, PopulationIndex pre, std::size_t pre_size,
                            PopulationIndex post, std::size_t post_size, std::uint32_t projection_index,
                            const CounterRng& rng, double dt_ms);

}  // namespace snnft
