// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

#include "snnft/apps/run_monitor.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft::apps {

/// Reports a network run's progress (steps, simulated time, spikes) to a RunMonitor. It
/// counts spikes every step but publishes only every `stride` steps, so a run of very cheap
/// steps does not spend its time publishing.
class NetworkProgress final : public StepObserver {
 public:
  /// `total_steps` sets the stride: about 4096 publications over the run, at least one per step.
  NetworkProgress(RunMonitor& monitor, std::uint64_t total_steps, const faults::FaultSchedule* schedule);

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }
  void on_phase_end(Phase phase, const StepView& view) override;
  void on_run_end(const StepView& view) override;

  [[nodiscard]] std::uint64_t stride() const { return stride_; }

 private:
  RunMonitor& monitor_;
  const faults::FaultSchedule* schedule_;
  std::uint64_t stride_;
  std::uint64_t steps_ = 0, spikes_ = 0, until_publish_;
};

}  // namespace snnft::apps
