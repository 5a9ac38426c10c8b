// SPDX-License-Identifier: MIT
#pragma once
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/neuromorphic/column_trial_hook.hpp"

namespace snnft::faults {

/// Runs a protected classification run's test trials through a fault schedule: the schedule's
/// neuron, synapse and engine faults switch per column and trial, and whole-column faults act
/// on the column's work (crash: throws; hang: extra latency and a missed deadline; garbage: a
/// corrupted answer). Attach the schedule to the processor right before the first test trial.
class FaultTrialHook final : public neuromorphic::ColumnTrialHook {
 public:
  explicit FaultTrialHook(FaultSchedule& schedule) : schedule_(schedule) {}

  neuromorphic::ColumnTrialReport run(std::size_t column, std::uint64_t trial, neuromorphic::ColumnWork& work) override {
    schedule_.begin_trial(column, static_cast<std::int64_t>(trial));
    const ColumnCall call = schedule_.call(column, [&] { return work(); });
    return {call.answer, call.injected_latency_ms, call.deadline_exceeded};
  }

 private:
  FaultSchedule& schedule_;
};

}  // namespace snnft::faults
