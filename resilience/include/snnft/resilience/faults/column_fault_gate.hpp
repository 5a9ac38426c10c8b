// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/resilience/faults/event.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"

namespace snnft::faults {

/// Thrown by ColumnFaultGate::call in place of the answer of a crashed column.
class ColumnCrashed : public std::runtime_error {
 public:
  explicit ColumnCrashed(std::size_t column)
      : std::runtime_error("column " + std::to_string(column) + " crashed"), column_(column) {}
  [[nodiscard]] std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

/// What the caller of one column's trial gets back.
struct ColumnCall {
  columns::ColumnAnswer answer;
  double latency_ms = 0.0;         ///< the call's duration on the gate's clock, plus injected delay
  double injected_latency_ms = 0.0;  ///< the injected delay alone (a hang)
  bool deadline_exceeded = false;  ///< latency_ms > the gate's deadline
  bool crashed = false;            ///< set by callers that catch ColumnCrashed
};

/// Whole-column failures of a multi-column run (column_crash, column_hang, column_garbage;
/// cascor_nan is switched here and applied to the readout by FaultSchedule),
/// applied around each column's work for one trial:
///  - crash: call() throws ColumnCrashed instead of returning. The work still runs first, so
///    the column's simulated clock stays on the run's shared time base; only the answer is lost.
///  - hang: the answer comes back `latency_ms` late: the latency the caller sees includes the
///    delay and exceeds the deadline. Nothing sleeps, so runs and tests stay deterministic.
///  - garbage: the answer is corrupted to NaN confidence and time (mode nan) or a class out of
///    range (mode class); vote_into rejects both as invalid.
/// Columns may be called from different threads at once; each column's state is its own.
class ColumnFaultGate {
 public:
  /// Monotonic time in ms; by default std::chrono::steady_clock. Tests inject a fake one.
  using Clock = std::function<double()>;

  /// Keeps the column-level specs among `specs` (spec i keeps index i). Throws ConfigError
  /// naming the spec if its column does not exist.
  ColumnFaultGate(std::span<const FaultSpec> specs, std::size_t column_count, int class_count, double deadline_ms,
                  Clock clock = {});

  /// Column `column` starts test trial `trial`, `test_time_ms` after the test phase began
  /// (for faults timed in ms); `time_ms` is its clock on the run's time base, for events.
  void begin_trial(std::size_t column, std::int64_t trial, double test_time_ms, double time_ms);

  /// Runs the column's work for the current trial through its active faults.
  ColumnCall call(std::size_t column, const std::function<columns::ColumnAnswer()>& work);

  [[nodiscard]] bool empty() const;
  [[nodiscard]] bool crashed(std::size_t column) const;
  /// A fault of this kind is active in the column's current trial.
  [[nodiscard]] bool active(std::size_t column, FaultKind kind) const;
  [[nodiscard]] double deadline_ms() const { return deadline_ms_; }
  [[nodiscard]] std::size_t faults_injected() const;
  /// Every column's events, in time order.
  [[nodiscard]] std::vector<Event> events() const;

 private:
  struct Entry {
    FaultSpec spec;
    std::string source;
    bool started = false, stopped = false;
    [[nodiscard]] bool active() const { return started && !stopped; }
  };
  struct Column {
    std::vector<Entry> entries;
    std::vector<Event> events;
    std::size_t injected = 0;
  };

  std::vector<Column> columns_;
  int class_count_;
  double deadline_ms_;
  Clock clock_;
};

}  // namespace snnft::faults
