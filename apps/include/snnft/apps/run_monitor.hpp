// SPDX-License-Identifier: MIT
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "snnft/apps/event_lines.hpp"
#include "snnft/apps/run_status.hpp"
#include "snnft/apps/triple_buffer.hpp"
#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

namespace snnft::apps {

/// Watches a run for whoever wants to see it while it goes on (the HTTP endpoints, the
/// progress line). The run's thread reports to it (begin/on_trial/on_steps/finish) and
/// publishes a RunStatus without taking any lock or allocating (events aside, which are
/// rare); readers take snapshots from their own threads.
///
/// A test trial folds its health row (still in the cache) into the counters and reads the
/// coarse clock (a few ns; the precise one can cost over 100 ns on a virtual machine); only
/// every kPublishInterval is the status copied out for the readers, with the events since.
/// (Folding the recorder's rows in batches instead would read them back from memory.)
///
/// Protection state is read only through the classifier's public const interface (the
/// health row of each trial, its ladder and its event log).
class RunMonitor {
 public:
  RunMonitor(std::string kind, std::string config);

  // ---- the run's thread ----
  /// Enters `phase`; `unit` ("step" or "trial") and `total` say what progress counts.
  void begin(RunPhase phase, std::string_view unit, std::uint64_t total);
  /// A campaign's progress over its test phases.
  void set_runs(std::uint64_t done, std::uint64_t total);
  /// Before the first trial of a test phase: sizes the per-column status on first use, and
  /// starts reading this classifier's events from its beginning.
  void begin_test(const neuromorphic::ProtectedClassifier& classifier);
  /// After each test trial; `row` is what classify() returned.
  void on_trial(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule,
                const neuromorphic::HealthRow& row) {
    fold_row(row);
    if (breaker::SystemClock::read_coarse_ns() >= next_publish_ns_) catch_up(classifier, schedule);
  }
  /// After a test phase: events of its last trial, and faults cleared at the end.
  void end_test(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule);
  /// Network runs: `done` steps so far (of this run), simulated time and spikes so far.
  void on_steps(std::uint64_t done, double simulated_ms, std::uint64_t spikes,
                const faults::FaultSchedule* schedule = nullptr);
  /// The run is over (interrupted: stopped by Ctrl-C); a run calls it itself before it
  /// prints anything of its own, so that whoever draws a progress line stops first. Once.
  void finish(bool interrupted);
  /// Called on the run's thread when it finishes (RunWatch stops its progress line).
  void set_on_finish(std::function<void()> callback) { on_finish_ = std::move(callback); }

  /// How often test trials publish.
  static constexpr std::chrono::milliseconds kPublishInterval{20};

  // ---- any thread ----
  /// The latest published status (a copy).
  [[nodiscard]] RunStatus snapshot() const;
  /// The event log as JSON lines: protection events and fault injections/clearings.
  [[nodiscard]] const EventLines& events() const { return events_; }

 private:
  void publish();
  /// Reads new events and publishes.
  void catch_up(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule);
  void fold_row(const neuromorphic::HealthRow& row);
  void scan_events(const neuromorphic::ProtectedClassifier& classifier);
  void scan_faults(const faults::FaultSchedule& schedule, bool force);
  void count_recent(std::uint64_t failed_columns);

  RunStatus status_;  // the writer's working copy
  mutable TripleBuffer<RunStatus> buffer_;  // readers fetch() under reader_
  mutable std::mutex reader_;  // serialises readers; the writer takes it only to resize (once)
  EventLines events_;
  std::function<void()> on_finish_;
  std::uint64_t run_index_ = 0;           // test phases begun
  std::int64_t next_publish_ns_ = 0;  // coarse clock
  std::size_t classifier_events_seen_ = 0;
  // The schedule lists its events sorted by each column's own clock, so a new event may land
  // before old ones: those already logged are remembered by content.
  std::set<std::string> fault_events_seen_;
  std::size_t faults_injected_seen_ = 0;
  std::chrono::steady_clock::time_point last_fault_scan_{};
  std::array<std::uint8_t, RunStatus::kRecentTrials> recent_{};  // failed columns per trial, a ring
  std::size_t recent_next_ = 0;
};

}  // namespace snnft::apps
