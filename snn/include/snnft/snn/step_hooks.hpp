// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <utility>

#include "snnft/core/function_ref.hpp"
#include "snnft/core/simd_isa.hpp"
#include "snnft/core/types.hpp"

namespace snnft {

class Network;
class SpikeList;

/// The phases of one simulation step, in the order they run (see Simulation::step for why).
enum class Phase : std::uint8_t { kDeliver, kIntegrate, kDetect, kPropagate, kPlasticity, kRecord, kObserve };

inline constexpr std::array<Phase, 7> kPhaseOrder = {Phase::kDeliver,    Phase::kIntegrate, Phase::kDetect,
                                                     Phase::kPropagate,  Phase::kPlasticity, Phase::kRecord,
                                                     Phase::kObserve};

using PhaseMask = std::uint32_t;
/// A hook's spike trigger meaning "call me in every step" (see StepObserver::spike_trigger).
inline constexpr PopulationIndex kEveryStep = std::numeric_limits<PopulationIndex>::max();
constexpr PhaseMask phase_bit(Phase p) { return PhaseMask{1} << static_cast<unsigned>(p); }
std::string_view to_string(Phase p);

/// Read-only view of the network at the end of a phase.
struct StepView {
  Step step;
  double dt_ms;
  const Network& network;
  [[nodiscard]] double t_ms() const { return static_cast<double>(step) * dt_ms; }
};

/// Watches a run without changing it: monitors, recorders, health checks.
class StepObserver {
 public:
  virtual ~StepObserver() = default;
  /// Phases after which on_phase_end is called. Read once, when the observer is registered
  /// (Simulation::add_observer files it under each of these phases), so it must not change.
  [[nodiscard]] virtual PhaseMask phases() const = 0;
  /// An observer that looks only at one population's spikes names it here, and is then
  /// called (after its phases) only in steps in which that population's spike list is not
  /// empty: a monitor of rare events costs nothing in the many steps without any. The default,
  /// kEveryStep, calls it in every step. Read once, at registration.
  [[nodiscard]] virtual PopulationIndex spike_trigger() const { return kEveryStep; }
  virtual void on_run_begin(const Network&) {}
  virtual void on_phase_end(Phase phase, const StepView& view) = 0;
  virtual void on_run_end(const StepView&) {}
};

/// The only way to change a running network from outside the engine. Each entry point is
/// named and narrow, so every write shows up in review (fault injection, recovery).
class NetworkControl {
 public:
  virtual ~NetworkControl() = default;
  /// A per-neuron variable of a population ("v", "v_th", "ref_steps", ...); empty if unknown.
  virtual std::span<float> neuron_variable(PopulationIndex population, std::string_view name) = 0;
  /// The stored weights of a projection, in CSR order.
  virtual std::span<float> weights(std::size_t projection) = 0;
  /// This step's spikes of a population; editable after the Detect phase.
  virtual SpikeList& spikes(PopulationIndex population) = 0;
  /// The neurons [first, second) of a population whose spikes this process detects: all of
  /// them in one process; in a distributed run, this rank's block. In the Detect phase of a
  /// distributed run the spike lists hold only these neurons' spikes (see Simulation::step),
  /// so an actor there must touch no other neuron's spikes.
  [[nodiscard]] virtual std::pair<std::size_t, std::size_t> owned_neurons(PopulationIndex population) const = 0;
  /// Switches the integration kernels (e.g. to scalar when the SIMD unit is lost).
  virtual void set_simd(SimdIsa isa) = 0;
  [[nodiscard]] virtual SimdIsa simd() const = 0;
  /// Freezes or resumes every plasticity rule.
  virtual void set_plasticity_enabled(bool enabled) = 0;
};

/// Acts on a run through NetworkControl: fault injectors, recovery policies.
class StepActor {
 public:
  virtual ~StepActor() = default;
  /// Phases after which act is called; read once, at registration, like StepObserver::phases.
  [[nodiscard]] virtual PhaseMask phases() const = 0;
  /// As StepObserver::spike_trigger.
  [[nodiscard]] virtual PopulationIndex spike_trigger() const { return kEveryStep; }
  virtual void act(Phase phase, const StepView& view, NetworkControl& control) = 0;
};

/// First neuron of part `part` when `n` neurons are split into `parts` contiguous parts;
/// part boundaries are multiples of 16 (a SIMD chunk) except at the end.
constexpr std::size_t part_begin(std::size_t n, std::size_t part, std::size_t parts) {
  if (part >= parts) return n;
  const std::size_t b = (n * part / parts) & ~std::size_t{15};
  return b < n ? b : n;
}

/// A contiguous block [begin, end) of a population's neurons.
struct NeuronBlock {
  std::size_t begin, end;
};

/// The block of a population of n neurons that process `rank` of `ranks` owns in a
/// distributed run.
constexpr NeuronBlock rank_block(std::size_t n, int rank, int ranks) {
  return {part_begin(n, static_cast<std::size_t>(rank), static_cast<std::size_t>(ranks)),
          part_begin(n, static_cast<std::size_t>(rank) + 1, static_cast<std::size_t>(ranks))};
}

/// The simulation's worker threads as owners of fixed ranges of postsynaptic neurons. Work
/// split this way gives every neuron its inputs in the same order as one thread would, so
/// results do not depend on the number of parts.
class TargetPartition {
 public:
  virtual ~TargetPartition() = default;
  [[nodiscard]] virtual std::size_t parts() const = 0;
  /// Neurons [first, second) of `population` that part `part` owns: part_begin over the
  /// neurons this process steps (all of them unless the run is distributed).
  [[nodiscard]] virtual std::pair<std::size_t, std::size_t> part_range(PopulationIndex population,
                                                                       std::size_t part) const = 0;
  /// Calls work(r) once for every part r, in parallel, and returns when all have finished.
  virtual void for_each_part(FunctionRef<void(std::size_t)> work) = 0;
};

/// A learning rule on one or more projections, run in the Plasticity phase.
class PlasticityRule {
 public:
  virtual ~PlasticityRule() = default;
  virtual void apply(const StepView& view, Network& network) = 0;
  /// The same update spread over the simulation's threads, with results identical to
  /// apply(). Rules that cannot split their work keep this default, which calls apply().
  virtual void apply_parallel(const StepView& view, Network& network, TargetPartition& partition) {
    (void)partition;
    apply(view, network);
  }
};

}  // namespace snnft
