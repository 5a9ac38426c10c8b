// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "snnft/snn/frame_sink.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/state_recorder.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft::python {

/// The state recordings asked for from Python: the engine's StateRecorders (the sampling of
/// `"record": {"state": ...}`, so traces match the HDF5 reports frame for frame) writing into
/// memory. They reach the simulation through this one observer, so recordings can be added
/// or replaced between runs.
class StateRecordings final : public StepObserver {
 public:
  struct Recording {
    StateRecordSpec spec;  // one variable
    std::unique_ptr<MemoryFrameSink> sink;
    std::unique_ptr<StateRecorder> recorder;
  };

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_phase_end(Phase phase, const StepView& view) override;
  void on_run_end(const StepView& view) override;

  /// Records `spec` (one variable); replaces an earlier recording of the same variable.
  /// Throws std::invalid_argument for an unknown variable or neuron id.
  void add(const Network& network, StateRecordSpec spec);
  /// The recording of a variable, its buffered frames written out; nullptr if not recorded.
  [[nodiscard]] Recording* find(PopulationIndex population, const std::string& variable);
  /// Forgets every sample; the recordings go on from the next step.
  void clear(const Network& network);

 private:
  static Recording make(const Network& network, StateRecordSpec spec);
  std::vector<Recording> recordings_;
};

}  // namespace snnft::python
