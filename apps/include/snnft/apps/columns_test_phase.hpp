// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "snnft/apps/run_monitor.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/encoding/labelled_dataset.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/protection_events.hpp"
#include "snnft/resilience/neuromorphic/protection_output.hpp"

namespace snnft::apps {

/// What the test phase of a columns run produced, trial by trial.
struct ColumnsTestResult {
  std::size_t trials = 0;
  std::size_t columns = 0;
  std::vector<std::int32_t> answers;        ///< the system's answer (vote, single column or fallback); -1: none
  std::vector<std::int32_t> column_votes;   ///< trials × columns, as answered; -1 where a column did not answer
  std::vector<double> confidences;          ///< trials × columns
  std::vector<double> first_spike_ms;       ///< trials × columns
  std::vector<std::int32_t> winning_class;  ///< the (masked) vote's winner
  std::vector<double> agreement;            ///< the vote's agreement fraction
  std::vector<std::size_t> column_trials;   ///< per column: trials it was run (not isolated)
  std::vector<std::size_t> column_correct;  ///< per column: of those, trials it answered right
  std::size_t correct = 0;                  ///< answers equal to the label
  bool interrupted = false;                 ///< stopped by a signal after `trials` trials
  /// Column k's accuracy over the trials it was run; NaN if it never was.
  [[nodiscard]] double column_accuracy(std::size_t k) const;
  /// Keeps the first `done` trials (a run stopped by a signal).
  void truncate(std::size_t done);
  [[nodiscard]] double accuracy() const { return trials == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(trials); }
};

/// Runs every test sample, in order, through `classifier` (which watches health, isolates
/// columns and walks the degradation ladder unless its protection is disabled), with the fault
/// schedule interposed on every column's trials when it has faults. `learning_rate` > 0 keeps
/// the columns learning online during the test. A signal (interrupt_requested()) stops it
/// before the next trial, with `interrupted` set.
///
/// With a monitor, every trial is reported to it. `trial_rate_hz` > 0 presents at most that
/// many samples per wall-clock second, as a deployed classifier fed by a sensor would see them.
ColumnsTestResult run_test_phase(neuromorphic::ProtectedClassifier& classifier,
                                 columns::MultiColumnProcessor& processor, const LabelledDataset& test,
                                 faults::FaultSchedule& schedule, double learning_rate,
                                 RunMonitor* monitor = nullptr, double trial_rate_hz = 0.0);

/// The run's events in one list, in trial order: the fault layer's injections and clearings
/// (kind "fault", `to` "injected" or "cleared") merged with the classifier's detections,
/// breaker transitions, ladder moves and recoveries.
std::vector<neuromorphic::ProtectionEvent> merged_events(const faults::FaultSchedule& schedule,
                                                         const neuromorphic::ProtectedClassifier& classifier);

/// Every injection of the schedule as a mark for detection-time statistics.
std::vector<neuromorphic::FaultMark> fault_marks(const faults::FaultSchedule& schedule);

/// Column and system detections split at the first injected fault: those at or after it are
/// `detections`, those before it (every one, in a fault-free run) are `false_detections`.
struct DetectionCounts {
  std::size_t detections = 0;
  std::size_t false_detections = 0;
};
DetectionCounts count_detections(const neuromorphic::EventLog& events, std::span<const neuromorphic::FaultMark> faults);

/// Trials from the first detection until the protection last changed anything (a ladder move
/// or a column breaker transition): how long the system took to settle into its answer to the
/// faults. NaN if nothing was detected.
double recovery_trials(const neuromorphic::EventLog& events);

/// Trials from the moment the last fault cleared until the system was back for good: at
/// Normal, closed, every column admitted (from that trial to the end of the run). NaN if a
/// fault never clears (or there is none); +inf if the system never got back.
double full_recovery_trials(const faults::FaultSchedule& schedule, const neuromorphic::ProtectedClassifier& classifier);

}  // namespace snnft::apps
