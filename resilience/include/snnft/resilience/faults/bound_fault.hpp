// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "snnft/resilience/faults/fault_spec.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft::faults {

class ParameterScales;

/// Which presentation the per-spike draws of stochastic faults (drop, jitter) belong to.
/// A classification run keys them on its test trial, or on one replay of a calibration sample
/// within a trial, and on the step counted from that presentation's start: a scored trial
/// meets the same fault realisation whatever else its column ran (calibration, replays,
/// probes), so a run with protection on and one with it off see the same faults. A network
/// run keys them on the simulation's step.
struct DrawKey {
  enum class Space : std::uint8_t { kSimulationStep, kTestTrial, kReplay };
  Space space = Space::kSimulationStep;
  std::uint64_t index = 0;   ///< the test trial; for a replay, trial << 32 | replay number
  Step first_step = 0;       ///< the presentation's first step
  std::uint64_t generation = 0;  ///< changes with every new presentation
};

/// What a spec needs to be bound to one network: the network (read-only, to resolve names
/// and sizes), the engine's write interface, and the keys of its random streams.
struct BindContext {
  const Network& network;
  NetworkControl& control;
  std::uint64_t seed = 1;         ///< the spec's seed, or the run's
  std::uint32_t fault_index = 0;  ///< position of the spec in the run's list
  std::uint32_t column = 0;       ///< column index in a classification run, else 0
  /// Populations hit when the spec names none (columns: the excitatory layer).
  std::vector<PopulationIndex> default_populations;
  /// The network's shared per-neuron parameter scales (drift-like faults register there).
  ParameterScales* parameters = nullptr;
  /// The presentation the run is in (owned by the injector); nullptr: keyed by simulation step.
  const DrawKey* draw_key = nullptr;
};

/// A fault bound to one network: its targets are drawn, its phases known. The injector
/// activates it, calls act() in its phases while it is active, and deactivates it when it
/// clears. Everything it changes goes through NetworkControl.
class BoundFault {
 public:
  virtual ~BoundFault() = default;
  /// Phases in which act() must run while the fault is active.
  [[nodiscard]] virtual PhaseMask phases() const = 0;
  /// Applies the fault, saving every value it overwrites.
  virtual void activate(NetworkControl& control) = 0;
  /// Restores the saved values (a transient fault clearing).
  virtual void deactivate(NetworkControl& control) = 0;
  virtual void act(Phase, const StepView&, NetworkControl&) {}
  /// A new, independent trial starts: forget per-trial state (spikes held back by jitter).
  virtual void begin_trial() {}
  /// What the fault hit, e.g. "30 of 100 neurons of exc".
  [[nodiscard]] virtual std::string describe() const = 0;
};

/// Binds a neuron, synapse or engine spec (column-level kinds are handled by
/// ColumnFaultGate). Throws ConfigError naming the spec's flag or JSON path when a name does
/// not exist or a target is out of range.
std::unique_ptr<BoundFault> bind_fault(const FaultSpec& spec, const BindContext& context);

}  // namespace snnft::faults
