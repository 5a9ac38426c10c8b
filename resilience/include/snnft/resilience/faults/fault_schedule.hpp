// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "snnft/columns/multi_column.hpp"
#include "snnft/resilience/faults/column_fault_gate.hpp"
#include "snnft/resilience/faults/network_injector.hpp"
#include "snnft/snn/simulation.hpp"

namespace snnft::faults {

/// Deadline of one column's trial when the caller sets none: far above a healthy column's
/// wall time (well under a millisecond for the digits columns), far below a hang's delay.
inline constexpr double kDefaultColumnDeadlineMs = 1000.0;

/// All the faults of one run: binds the specs to the run's networks, switches them at the
/// right trial or time, and collects the count of injected faults and the event log.
/// Network runs: attach(Simulation&). Classification runs: attach(MultiColumnProcessor&) at
/// the start of the test phase, then present() or evaluate() trial by trial.
/// It is attached once, and must outlive the runs it is attached to (the simulations keep
/// pointers to its injectors).
class FaultSchedule {
 public:
  FaultSchedule(std::vector<FaultSpec> specs, std::uint64_t run_seed);
  ~FaultSchedule();
  FaultSchedule(const FaultSchedule&) = delete;
  FaultSchedule& operator=(const FaultSchedule&) = delete;

  [[nodiscard]] bool empty() const { return specs_.empty(); }
  [[nodiscard]] const std::vector<FaultSpec>& specs() const { return specs_; }

  /// Network runs: faults timed in simulated ms from the simulation's current step, on every
  /// LIF population unless a spec names one. Throws ConfigError for specs a network run
  /// cannot have (trials, columns, column-level kinds, unknown names).
  void attach(Simulation& simulation);

  /// Classification runs: binds every spec to the columns and discards the result, so a bad
  /// name or column index fails before training rather than after. Throws ConfigError.
  void check(columns::MultiColumnProcessor& processor) const;

  /// Classification runs: the test phase starts now. Binds one injector per column (default
  /// population: its excitatory layer) and the gate for whole-column faults.
  void attach(columns::MultiColumnProcessor& processor, double deadline_ms = kDefaultColumnDeadlineMs,
              ColumnFaultGate::Clock clock = {});

  /// Column `column` starts test trial `trial` (trials count from 0 after attach): switches
  /// its trial-timed faults. Only the column's own thread may call it.
  void begin_trial(std::size_t column, std::int64_t trial);
  /// Column `column` replays a calibration sample (replay `replay` of test trial `trial`,
  /// before the trial's own sample): the trial's faults, with spike draws of the replay's own.
  void begin_replay(std::size_t column, std::int64_t trial, std::uint32_t replay);
  /// Runs column `column`'s work for its current trial through the gate for whole-column
  /// faults; throws ColumnCrashed for a crashed column.
  ColumnCall call(std::size_t column, const std::function<columns::ColumnAnswer()>& work);

  /// One test trial through the fault layer: every column (in parallel) switches its faults
  /// for `trial`, presents `sample` and answers through the gate. A crashed column comes back
  /// with crashed = true and an answer marked invalid, so the run carries on.
  std::span<const ColumnCall> present(columns::MultiColumnProcessor& processor, std::span<const float> sample,
                                      std::int64_t trial);

  /// Every sample of `data` in order, trial by trial: votes[k][s] as
  /// MultiColumnProcessor::evaluate returns them (identical to it when no fault is active).
  std::vector<std::vector<columns::ColumnAnswer>> evaluate(columns::MultiColumnProcessor& processor,
                                                           const LabelledDataset& data);

  /// Faults that became active so far (each column a spec hits counts once).
  [[nodiscard]] std::size_t faults_injected() const;
  /// Every injection and clearing so far, in time order.
  [[nodiscard]] std::vector<Event> events() const;

  /// The injector of a network run (column 0) or of column k; nullptr if none was bound.
  [[nodiscard]] const NetworkInjector* injector(std::size_t column = 0) const;
  [[nodiscard]] const ColumnFaultGate* gate() const { return gate_.get(); }

 private:
  std::vector<FaultSpec> specs_;
  std::uint64_t run_seed_;
  columns::MultiColumnProcessor* processor_ = nullptr;
  std::vector<std::unique_ptr<NetworkInjector>> injectors_;  // one per column (or one network)
  std::vector<Step> origin_;                                 // per column: first test step
  std::unique_ptr<ColumnFaultGate> gate_;
  std::vector<ColumnCall> calls_;

  /// Switches the column's faults for `trial`; with `replay`, the presentation is that replay.
  void begin(std::size_t column, std::int64_t trial, std::optional<std::uint32_t> replay);
};

}  // namespace snnft::faults
