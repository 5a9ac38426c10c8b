// SPDX-License-Identifier: MIT
#pragma once
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/adex_population.hpp"
#include "snnft/snn/izhikevich_population.hpp"
#include "snnft/snn/lif_heterogeneity.hpp"
#include "snnft/snn/lif_population.hpp"
#include "snnft/snn/poisson_input.hpp"
#include "snnft/snn/projection.hpp"

namespace snnft {

/// Description of one population, as parsed from a config.
struct PopulationSpec {
  enum class Kind { kLif, kPoisson, kSpikeSource, kIzhikevich, kAdex };
  std::string name;
  Kind kind = Kind::kLif;
  std::size_t size = 0;
  SynapseModel synapse_model = SynapseModel::kCurrentBased;  ///< kLif
  LifParams lif;                                             ///< kLif
  LifInitialState initial;                                   ///< kLif; v_mv also kIzhikevich, kAdex
  IzhikevichParams izhikevich;                               ///< kIzhikevich
  AdexParams adex;                                           ///< kAdex
  std::optional<InitialValue> initial_w;                     ///< kIzhikevich (u; default b·v), kAdex (w; default 0)
  std::vector<LifParamDistribution> lif_distributions;      ///< kLif: parameters drawn per neuron
  std::optional<PoissonInputParams> poisson_input;           ///< kLif: external Poisson drive
  std::vector<double> rates_hz;                              ///< kPoisson: one rate, or one per neuron
  std::optional<InitialValue> rate_distribution;             ///< kPoisson: rates drawn per neuron instead
  double start_ms = 0.0;                                     ///< kPoisson: trains run in [start_ms, stop_ms)
  double stop_ms = std::numeric_limits<double>::infinity();  ///< kPoisson
  std::vector<std::vector<double>> spike_times_ms;           ///< kSpikeSource: per neuron (may be fewer lists)
};

/// A whole network: populations first, then projections between them by name.
struct NetworkSpec {
  double dt_ms = 0.1;
  std::vector<PopulationSpec> populations;
  std::vector<ProjectionSpec> projections;
};

/// Populations and projections, built from a spec and a seed. Indices follow the spec order.
class Network {
 public:
  /// Builds every population and projection; throws std::invalid_argument naming the part
  /// that cannot be built (unknown population name, impossible connectivity). For process
  /// `rank` of `ranks` of a distributed run, projections keep only the synapses onto that
  /// process's block of each population (rank_block); the draws are the same on every rank.
  static Network build(const NetworkSpec& spec, std::uint64_t seed, int rank = 0, int ranks = 1);

  [[nodiscard]] double dt_ms() const { return dt_ms_; }
  [[nodiscard]] const CounterRng& rng() const { return *rng_; }

  [[nodiscard]] std::size_t population_count() const { return populations_.size(); }
  Population& population(PopulationIndex i) { return *populations_[i]; }
  [[nodiscard]] const Population& population(PopulationIndex i) const { return *populations_[i]; }
  [[nodiscard]] std::optional<PopulationIndex> find_population(const std::string& name) const;

  [[nodiscard]] std::size_t projection_count() const { return projections_.size(); }
  Projection& projection(std::size_t i) { return projections_[i]; }
  [[nodiscard]] const Projection& projection(std::size_t i) const { return projections_[i]; }
  [[nodiscard]] std::optional<std::size_t> find_projection(const std::string& name) const;

  /// Adds a population built elsewhere (e.g. a spike source for encoded inputs).
  PopulationIndex add_population(std::unique_ptr<Population> population);
  /// Adds a projection built with build_projection.
  std::size_t add_projection(Projection projection);

  [[nodiscard]] std::size_t neuron_count() const;
  [[nodiscard]] std::size_t synapse_count() const;
  /// Bytes held by all projections' synapse tables (see Projection::memory_bytes).
  [[nodiscard]] std::size_t synapse_memory_bytes() const;

 private:
  explicit Network(double dt_ms, std::uint64_t seed) : dt_ms_(dt_ms), rng_(std::make_unique<CounterRng>(seed)) {}

  double dt_ms_;
  std::unique_ptr<CounterRng> rng_;  // stable address: populations keep a pointer to it
  std::vector<std::unique_ptr<Population>> populations_;
  std::vector<Projection> projections_;
};

}  // namespace snnft
