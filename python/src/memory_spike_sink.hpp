// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

#include "snnft/snn/spike_recorder.hpp"

namespace snnft::python {

/// Keeps recorded spikes in memory, per population, for handing to numpy in one copy.
class MemorySpikeSink final : public SpikeSink {
 public:
  explicit MemorySpikeSink(std::size_t populations) : steps_(populations), neurons_(populations) {}

  void write_spikes(PopulationIndex population, std::span<const Step> steps,
                    std::span<const NeuronIndex> neurons) override;
  void clear();

  [[nodiscard]] const std::vector<Step>& steps(PopulationIndex p) const { return steps_[p]; }
  [[nodiscard]] const std::vector<NeuronIndex>& neurons(PopulationIndex p) const { return neurons_[p]; }

 private:
  std::vector<std::vector<Step>> steps_;
  std::vector<std::vector<NeuronIndex>> neurons_;
};

}  // namespace snnft::python
