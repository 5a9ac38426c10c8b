// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/simd_isa.hpp"
#include "snnft/core/types.hpp"
#include "snnft/snn/state_variable.hpp"

namespace snnft {

/// Which synaptic input variable a projection drives on its target population.
enum class Receptor { kExcitatory, kInhibitory };

/// Spikes emitted by one population in the current step, ascending by neuron index.
/// Capacity is the population size (a neuron spikes at most once per step), so filling it
/// never allocates.
class SpikeList {
 public:
  explicit SpikeList(std::size_t capacity = 0) : ids_(capacity) {}
  [[nodiscard]] std::span<const NeuronIndex> ids() const { return {ids_.data(), count_}; }
  [[nodiscard]] std::size_t size() const { return count_; }
  void clear() { count_ = 0; }
  void push(NeuronIndex id) { ids_[count_++] = id; }
  /// Raw storage for per-chunk parallel detection; see Simulation::detect.
  NeuronIndex* storage() { return ids_.data(); }
  void set_size(std::size_t n) { count_ = n; }
  /// Removes the spike at position i, keeping the order (used by fault injection).
  void erase_at(std::size_t i);
  /// Inserts a spike keeping ascending order; ignored if already present.
  void insert(NeuronIndex id);

 private:
  std::vector<NeuronIndex> ids_;
  std::size_t count_ = 0;
};

/// A group of neurons that share a model. The simulation drives it in chunks of neurons
/// ([begin, end), begin a multiple of kChunkAlign) so chunks can run on different threads.
class Population {
 public:
  static constexpr std::size_t kChunkAlign = 16;

  Population(std::string name, std::size_t size) : name_(std::move(name)), size_(size), spikes_(size) {}
  virtual ~Population() = default;
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  /// "lif" or "poisson" or "spike_source".
  [[nodiscard]] virtual std::string_view model_name() const = 0;

  /// Advances the continuous state of neurons [begin, end) by one step.
  virtual void integrate(Step step, std::size_t begin, std::size_t end, SimdIsa isa) = 0;
  /// Writes the indices of neurons in [begin, end) that spike at `step`, ascending, into `out`,
  /// resets them, and returns how many there were.
  virtual std::size_t detect(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) = 0;
  /// integrate() then detect(), for steps in which nobody looks at the state in between; a
  /// model may do both in one pass over its arrays, with the same results.
  virtual std::size_t update(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) {
    integrate(step, begin, end, isa);
    return detect(step, begin, end, isa, out);
  }

  /// Synaptic input variable a projection adds to, or nullptr for populations without inputs.
  virtual float* receptor_input(Receptor) { return nullptr; }

  /// Named per-neuron variables (state and parameters) for monitors and the fault surface.
  [[nodiscard]] virtual std::vector<std::string> variable_names() const { return {}; }
  /// The variable's values (logical size), or an empty span for an unknown name.
  virtual std::span<float> variable(std::string_view) { return {}; }
  /// Read-only values of a variable, for observers (which see the network as const); never
  /// changes which arrays the kernels read.
  [[nodiscard]] virtual std::span<const float> variable(std::string_view) const { return {}; }

  /// The state variables recorders may sample, with their units. A model lists each of its
  /// dynamic variables here (LIF: v_mv, ge, gi); the names are the config's ("v_mv", not "v").
  [[nodiscard]] virtual std::span<const StateVariableInfo> state_variables() const { return {}; }
  /// Read-only values (logical size) of a variable listed by state_variables(), or an empty
  /// span for an unknown name. Allocation-free: recorders call it in every sampled step.
  [[nodiscard]] virtual std::span<const float> state(std::string_view) const { return {}; }

  SpikeList& spikes() { return spikes_; }
  [[nodiscard]] const SpikeList& spikes() const { return spikes_; }

 private:
  std::string name_;
  std::size_t size_;
  SpikeList spikes_;
};

}  // namespace snnft
