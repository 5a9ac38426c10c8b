// SPDX-License-Identifier: MIT
#include "snnft/apps/run_monitor.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

namespace snnft::apps {

namespace {

// Fault clearings leave no trace in the cheap counter of injections: the schedule's event
// list (a copy) is read again at least this often.
constexpr auto kFaultScanInterval = std::chrono::milliseconds(250);

/// "column 3" or "column 3/exc" -> 3; a network-wide fault -> null.
nlohmann::json column_of(const std::string& target) {
  int k = -1;
  if (std::sscanf(target.c_str(), "column %d", &k) != 1) return nullptr;
  return k;
}

}  // namespace

std::string_view to_string(RunPhase phase) {
  static constexpr std::array<std::string_view, kRunPhases> kNames = {"starting", "training", "testing",
                                                                      "running",  "finished", "interrupted"};
  return kNames[static_cast<std::size_t>(phase)];
}

double RunStatus::wall_s(std::chrono::steady_clock::time_point now) const {
  return std::chrono::duration<double>((finished() ? ended : now) - started).count();
}

RunMonitor::RunMonitor(std::string kind, std::string config) {
  (void)breaker::SystemClock();  // finds the vDSO's clock_gettime for the coarse reads
  status_.kind = std::move(kind);
  status_.config = std::move(config);
  status_.started = std::chrono::steady_clock::now();
  buffer_.reset(status_);
  last_fault_scan_ = status_.started;
}

void RunMonitor::begin(RunPhase phase, std::string_view unit, std::uint64_t total) {
  status_.phase = phase;
  status_.unit = unit;
  status_.total = total;
  publish();
}

void RunMonitor::set_runs(std::uint64_t done, std::uint64_t total) {
  status_.runs_done = done;
  status_.runs_total = total;
  publish();
}

void RunMonitor::begin_test(const neuromorphic::ProtectedClassifier& classifier) {
  const std::size_t columns = classifier.breakers().size();
  if (status_.columns.size() != columns) {
    status_.columns.assign(columns, ColumnStatus{});
    // Every slot gets vectors of the final size, so publishing never allocates. Once per run
    // (a campaign's columns keep their number), so this one lock is off the trial path.
    std::lock_guard lock(reader_);
    buffer_.reset(status_);
  }
  status_.protection = classifier.enabled();
  status_.level = classifier.level();
  status_.system_state = classifier.state();
  classifier_events_seen_ = classifier.events().size();  // what came before the test phase is not news
  fault_events_seen_.clear();
  faults_injected_seen_ = 0;
  status_.correct = status_.labelled = 0;
  ++run_index_;
  publish();
}

void RunMonitor::catch_up(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule) {
  next_publish_ns_ = breaker::SystemClock::read_coarse_ns() +
                     std::chrono::duration_cast<std::chrono::nanoseconds>(kPublishInterval).count();
  status_.health_score = classifier.ladder().last_rate();
  scan_faults(schedule, false);  // faults switch at the start of a trial, before anything notices
  if (classifier.events().size() != classifier_events_seen_) scan_events(classifier);
  publish();
}

void RunMonitor::fold_row(const neuromorphic::HealthRow& row) {
  RunStatus& s = status_;
  ++s.done;
  s.simulated_ms = row.time_ms;
  std::uint64_t failed = 0;
  for (std::size_t k = 0; k < s.columns.size() && k < row.columns.size(); ++k) {
    ColumnStatus& c = s.columns[k];
    const neuromorphic::ColumnHealthRow& r = row.columns[k];
    if (c.state != breaker::BreakerState::kOpen && r.state == breaker::BreakerState::kOpen) ++c.isolations;
    if (c.state == breaker::BreakerState::kHalfOpen && r.state == breaker::BreakerState::kClosed) ++c.readmissions;
    c.state = r.state;
    c.health = r.health;
    c.ran = r.ran;
    c.voted = r.voted;
    c.signatures = r.signatures;
    c.trials_run += r.ran;
    c.failed_trials += r.ran && r.signatures != 0;
    failed += r.ran && r.signatures != 0;
    s.spikes += r.spikes;
    for (neuromorphic::SignatureMask m = r.signatures; m != 0; m &= m - 1) {
      ++c.signature_failures[static_cast<std::size_t>(std::countr_zero(m))];
    }
  }
  count_recent(failed);
  if (row.level != s.level) ++s.ladder_entered[static_cast<std::size_t>(row.level)];
  if (row.system_state != s.system_state) ++s.system_entered[static_cast<std::size_t>(row.system_state)];
  s.level = row.level;
  s.system_state = row.system_state;
  s.system_health = row.system_health;
  s.last_source = row.source;
  ++s.answers[static_cast<std::size_t>(row.source)];
  if (row.label >= 0) {
    ++s.labelled;
    s.correct += row.answer == row.label;
  }
}

void RunMonitor::end_test(const neuromorphic::ProtectedClassifier& classifier, const faults::FaultSchedule& schedule) {
  catch_up(classifier, schedule);
  scan_faults(schedule, true);
  scan_events(classifier);
  publish();
}

void RunMonitor::on_steps(std::uint64_t done, double simulated_ms, std::uint64_t spikes,
                          const faults::FaultSchedule* schedule) {
  status_.done = done;
  status_.simulated_ms = simulated_ms;
  status_.spikes = spikes;
  if (schedule != nullptr) scan_faults(*schedule, false);
  publish();
}

void RunMonitor::finish(bool interrupted) {
  if (status_.finished()) return;
  status_.phase = interrupted ? RunPhase::kInterrupted : RunPhase::kFinished;
  status_.ended = std::chrono::steady_clock::now();
  publish();
  if (on_finish_) on_finish_();
}

RunStatus RunMonitor::snapshot() const {
  std::lock_guard lock(reader_);
  buffer_.fetch();
  return buffer_.front();
}

void RunMonitor::publish() {
  status_.events = events_.size();
  status_.accuracy = status_.labelled == 0 ? std::numeric_limits<double>::quiet_NaN()
                                           : static_cast<double>(status_.correct) / static_cast<double>(status_.labelled);
  buffer_.back() = status_;
  buffer_.publish();
}

void RunMonitor::count_recent(std::uint64_t failed_columns) {
  const auto failed = static_cast<std::uint8_t>(std::min<std::uint64_t>(failed_columns, 255));
  status_.recent_errors = status_.recent_errors - recent_[recent_next_] + failed;
  recent_[recent_next_] = failed;
  recent_next_ = (recent_next_ + 1) % recent_.size();
}

void RunMonitor::scan_events(const neuromorphic::ProtectedClassifier& classifier) {
  const auto& all = classifier.events().events();
  bool quarantine_may_have_changed = false;
  for (std::size_t i = classifier_events_seen_; i < all.size(); ++i) {
    const neuromorphic::ProtectionEvent& e = all[i];
    if (e.kind == neuromorphic::EventKind::kDetection) {
      ++status_.detections;
      if (e.column >= 0 && static_cast<std::size_t>(e.column) < status_.columns.size()) {
        ++status_.columns[static_cast<std::size_t>(e.column)].detections;
      }
    }
    quarantine_may_have_changed |= e.kind == neuromorphic::EventKind::kRecovery;
    nlohmann::ordered_json line = {{"run", run_index_},
                                   {"trial", e.trial},
                                   {"time_ms", e.time_ms},
                                   {"kind", neuromorphic::to_string(e.kind)},
                                   {"source", e.source},
                                   {"from", e.from},
                                   {"to", e.to},
                                   {"detail", e.detail},
                                   {"column", e.column}};
    events_.append(line.dump());
  }
  classifier_events_seen_ = all.size();
  if (quarantine_may_have_changed) {
    const std::vector<std::size_t> q = classifier.quarantined_neurons();
    for (std::size_t k = 0; k < q.size() && k < status_.columns.size(); ++k) status_.columns[k].quarantined_neurons = q[k];
  }
}

void RunMonitor::scan_faults(const faults::FaultSchedule& schedule, bool force) {
  if (!force) {
    const std::size_t injected = schedule.faults_injected();
    const bool due = injected != faults_injected_seen_ ||
                     std::chrono::steady_clock::now() - last_fault_scan_ >= kFaultScanInterval;
    if (!due) return;
  }
  if (schedule.empty()) return;
  last_fault_scan_ = std::chrono::steady_clock::now();
  faults_injected_seen_ = schedule.faults_injected();
  for (const faults::Event& e : schedule.events()) {
    std::string key = std::to_string(e.trial) + '\n' + e.kind + '\n' + e.source + '\n' + e.target + '\n' + e.detail;
    if (!fault_events_seen_.insert(std::move(key)).second) continue;
    const bool cleared = e.kind == faults::kFaultCleared;
    ++(cleared ? status_.faults_cleared : status_.faults_injected);
    nlohmann::ordered_json line = {{"run", run_index_},
                                   {"trial", e.trial},
                                   {"time_ms", e.time_ms},
                                   {"kind", "fault"},
                                   {"source", e.source},
                                   {"from", ""},
                                   {"to", cleared ? "cleared" : "injected"},
                                   {"detail", e.target + (e.detail.empty() ? "" : ": " + e.detail)},
                                   {"column", column_of(e.target)}};
    events_.append(line.dump());
  }
}

}  // namespace snnft::apps
