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
    return call(column, work);
  }

  neuromorphic::ColumnTrialReport run_replay(std::size_t column, std::uint64_t trial, std::uint32_t replay,
                                             neuromorphic::ColumnWork& work) override {
    schedule_.begin_replay(column, static_cast<std::int64_t>(trial), replay);
    return call(column, work);
  }

 private:
  neuromorphic::ColumnTrialReport call(std::size_t column, neuromorphic::ColumnWork& work) {
    const ColumnCall c = schedule_.call(column, [&] { return work(); });
    return {c.answer, c.injected_latency_ms, c.deadline_exceeded};
  }

  FaultSchedule& schedule_;
};

}  // namespace snnft::faults
