// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/snn/step_hooks.hpp"

namespace snnft::python {

/// Samples named per-neuron variables (Population::variable) of chosen neurons every
/// `interval_steps` steps, at the start of a step (after the Deliver phase), so a sample at
/// step s is the state at time s·dt, as Brian2's and NEST's monitors report it.
/// Storage is reserved before each run (reserve()), so sampling allocates nothing.
class StateSampler final : public StepObserver {
 public:
  struct Channel {
    PopulationIndex population;
    std::string variable;
    std::vector<NeuronIndex> neurons;
    Step interval_steps;
    Step origin;                ///< first sampled step
    std::vector<Step> steps;    ///< sampled steps
    std::vector<float> values;  ///< steps.size() rows of neurons.size() values
  };

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver); }
  void on_phase_end(Phase phase, const StepView& view) override;

  /// Adds a channel; replaces an existing one for the same population and variable.
  Channel& add(PopulationIndex population, std::string variable, std::vector<NeuronIndex> neurons,
               Step interval_steps, Step origin);
  /// Makes room for the samples of steps [from, from + steps).
  void reserve(Step from, Step steps);
  /// Forgets the samples (channels stay), e.g. after a reset.
  void clear_samples(Step origin);

  [[nodiscard]] const std::vector<Channel>& channels() const { return channels_; }
  [[nodiscard]] const Channel* find(PopulationIndex population, const std::string& variable) const;

 private:
  std::vector<Channel> channels_;
};

}  // namespace snnft::python
