// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/snn/frame_sink.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// What a StateRecorder samples: some state variables of some neurons of one population,
/// every `interval_steps` steps.
struct StateRecordSpec {
  PopulationIndex population = 0;
  std::vector<std::string> variables;  ///< names from Population::state_variables()
  std::vector<NeuronIndex> ids;        ///< ascending, unique; empty means every neuron
  Step interval_steps = 1;
};

/// Neuron ids for "fraction": round(fraction × size) neurons (at least one), evenly spread
/// over the population: i × size / n for i < n. Deterministic, so reruns sample the same cells.
std::vector<NeuronIndex> spread_ids(std::size_t population_size, double fraction);

/// Samples state variables into fixed buffers and hands full buffers to a FrameSink
/// (channel = index into spec.variables), so a recording of any length uses fixed memory and
/// nothing is allocated during a run.
///
/// Sampling happens in the Record phase of every step s with (s + 1) % interval_steps == 0,
/// and the frame holds the state at time (s + 1)·dt: the end of that step (as NEST's
/// multimeter, whose first sample is at t = interval).
class StateRecorder final : public StepObserver {
 public:
  /// Throws std::invalid_argument for an unknown population, variable or neuron id, or an
  /// interval below one step. `buffer_frames` 0 picks about 256 KB of buffer per variable
  /// (two of them for a sink that reads after returning).
  StateRecorder(const Network& network, StateRecordSpec spec, FrameSink& sink, std::size_t buffer_frames = 0);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_phase_end(Phase phase, const StepView& view) override;
  void on_run_end(const StepView&) override { flush(); }

  /// Writes what is buffered to the sink.
  void flush();

  [[nodiscard]] const StateRecordSpec& spec() const { return spec_; }
  /// The neurons sampled (spec.ids, or all of them).
  [[nodiscard]] const std::vector<NeuronIndex>& ids() const { return ids_; }
  [[nodiscard]] std::size_t buffer_frames() const { return buffer_frames_; }
  /// Frames taken so far (written or buffered).
  [[nodiscard]] std::size_t frames() const { return frames_; }
  /// Step whose end the first frame holds, or -1 before the first sample.
  [[nodiscard]] Step first_sample_step() const { return first_step_; }

 private:
  StateRecordSpec spec_;
  FrameSink& sink_;
  std::vector<NeuronIndex> ids_;
  bool contiguous_;  // ids_ are 0..n-1 of the population: copy instead of gather
  std::size_t buffer_frames_;
  // buffer_frames_ × ids_.size() floats per variable and set; two sets (filled alternately)
  // when the sink reads after returning, else one.
  std::vector<std::vector<float>> buffers_;  // [set × variables + variable]
  std::size_t set_ = 0;
  std::size_t used_ = 0;
  std::size_t frames_ = 0;
  Step first_step_ = -1;
};

}  // namespace snnft
