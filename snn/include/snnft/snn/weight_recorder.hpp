// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "snnft/snn/frame_sink.hpp"
#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// Snapshots of a projection's weights (NEST's weight_recorder, Brian2's StateMonitor on
/// synapses): every `interval_steps` steps, all weights in CSR order as one frame on channel
/// 0 of a FrameSink. Sampled in the Record phase of steps s with (s + 1) % interval_steps
/// == 0, after that step's plasticity: the frame holds the weights at time (s + 1)·dt.
class WeightRecorder final : public StepObserver {
 public:
  /// `buffer_frames` 0 picks about 1 MiB of buffer (two of them for a sink that reads after
  /// returning). Throws for an unknown projection or an interval below one step.
  WeightRecorder(const Network& network, std::size_t projection, Step interval_steps, FrameSink& sink,
                 std::size_t buffer_frames = 0);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void on_phase_end(Phase phase, const StepView& view) override;
  void on_run_end(const StepView&) override { flush(); }
  void flush();

  [[nodiscard]] std::size_t projection() const { return projection_; }
  [[nodiscard]] Step interval_steps() const { return interval_; }
  [[nodiscard]] std::size_t buffer_frames() const { return buffer_frames_; }
  [[nodiscard]] std::size_t frames() const { return frames_; }
  [[nodiscard]] Step first_sample_step() const { return first_step_; }

 private:
  std::size_t projection_;
  Step interval_;
  FrameSink& sink_;
  std::size_t synapses_;
  std::size_t buffer_frames_;
  std::vector<float> buffer_;  // one or two halves (see FrameSink::reads_after_return), filled alternately
  std::size_t half_ = 0;      // offset of the half being filled
  std::size_t used_ = 0;
  std::size_t frames_ = 0;
  Step first_step_ = -1;
};

}  // namespace snnft
