// SPDX-License-Identifier: MIT
#include "memory_spike_sink.hpp"

namespace snnft::python {

void MemorySpikeSink::write_spikes(PopulationIndex population, std::span<const Step> steps,
                                   std::span<const NeuronIndex> neurons) {
  steps_[population].insert(steps_[population].end(), steps.begin(), steps.end());
  neurons_[population].insert(neurons_[population].end(), neurons.begin(), neurons.end());
}

void MemorySpikeSink::clear() {
  for (auto& s : steps_) s.clear();
  for (auto& n : neurons_) n.clear();
}

}  // namespace snnft::python
