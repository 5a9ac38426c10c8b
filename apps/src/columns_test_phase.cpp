// SPDX-License-Identifier: MIT
// The test phase of a columns run: trial by trial through the protected classifier, with the
// fault layer interposed on the columns' work.
#include "snnft/apps/columns_test_phase.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <thread>

#include "snnft/core/interrupt.hpp"
#include "snnft/resilience/faults/fault_trial_hook.hpp"

namespace snnft::apps {

ColumnsTestResult run_test_phase(neuromorphic::ProtectedClassifier& classifier,
                                 columns::MultiColumnProcessor& processor, const LabelledDataset& test,
                                 faults::FaultSchedule& schedule, double learning_rate, RunMonitor* monitor,
                                 double trial_rate_hz) {
  ColumnsTestResult r;
  r.trials = test.size();
  r.columns = processor.column_count();
  const std::size_t cells = r.trials * r.columns;
  r.answers.resize(r.trials);
  r.winning_class.resize(r.trials);
  r.agreement.resize(r.trials);
  r.column_votes.resize(cells);
  r.confidences.resize(cells);
  r.first_spike_ms.resize(cells);
  r.column_trials.assign(r.columns, 0);
  r.column_correct.assign(r.columns, 0);

  faults::FaultTrialHook hook(schedule);
  if (!schedule.empty()) {
    schedule.attach(processor);
    classifier.set_hook(&hook);
  }
  classifier.reserve(r.trials);
  const columns::GrownReadout* readout = processor.column(0).grown_readout();
  // Every labelled trial is taught: it counts towards the readout's error (which protection
  // watches) and, with online growth, becomes a training pattern.
  const bool teaches = readout != nullptr;
  if (monitor != nullptr) monitor->begin_test(classifier);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t s = 0; s < r.trials; ++s) {
    if (trial_rate_hz > 0) {
      std::this_thread::sleep_until(start + std::chrono::duration<double>(static_cast<double>(s) / trial_rate_hz));
    }
    if (interrupt_requested()) {  // Ctrl-C: the trials run so far are the result
      r.truncate(s);
      break;
    }
    const int label = test.labels[s];
    const neuromorphic::HealthRow& row = classifier.classify(test.row(s), label, learning_rate);
    if (monitor != nullptr) monitor->on_trial(classifier, schedule, row);
    const columns::ConsensusRecord& vote = classifier.last_vote();
    r.answers[s] = row.answer;
    r.winning_class[s] = vote.winning_class;
    r.agreement[s] = vote.agreement;
    r.correct += row.answer == label;
    // Grown readouts are taught the label by every column that ran.
    if (label >= 0 && teaches) {
      processor.for_each_column([&](std::size_t k) {
        if (row.columns[k].ran || !classifier.enabled()) processor.column(k).teach(label);
      });
    }
    for (std::size_t k = 0; k < r.columns; ++k) {
      const bool answered = row.columns[k].ran || !classifier.enabled();
      r.column_trials[k] += answered;
      r.column_correct[k] += answered && vote.votes[k] == label;
      r.column_votes[s * r.columns + k] = answered ? vote.votes[k] : -1;
      r.confidences[s * r.columns + k] = answered ? vote.confidences[k] : 0.0;
      r.first_spike_ms[s * r.columns + k] =
          answered ? vote.latencies_ms[k] : std::numeric_limits<double>::quiet_NaN();
    }
  }
  classifier.set_hook(nullptr);
  if (monitor != nullptr) monitor->end_test(classifier, schedule);
  return r;
}

void ColumnsTestResult::truncate(std::size_t done) {
  trials = done;
  interrupted = true;
  answers.resize(done);
  winning_class.resize(done);
  agreement.resize(done);
  column_votes.resize(done * columns);
  confidences.resize(done * columns);
  first_spike_ms.resize(done * columns);
}

double ColumnsTestResult::column_accuracy(std::size_t k) const {
  if (column_trials[k] == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(column_correct[k]) / static_cast<double>(column_trials[k]);
}

namespace {

/// "column 3" or "column 3/exc" -> 3; anything else (a network-wide fault) -> -1.
std::int32_t column_of(const std::string& target) {
  int k = -1;
  if (std::sscanf(target.c_str(), "column %d", &k) != 1) return -1;
  return k;
}

}  // namespace

std::vector<neuromorphic::ProtectionEvent> merged_events(const faults::FaultSchedule& schedule,
                                                         const neuromorphic::ProtectedClassifier& classifier) {
  std::vector<neuromorphic::ProtectionEvent> out;
  for (const faults::Event& e : schedule.events()) {
    neuromorphic::ProtectionEvent p;
    p.trial = e.trial < 0 ? 0 : static_cast<std::uint64_t>(e.trial);
    p.time_ms = e.time_ms;
    p.kind = neuromorphic::EventKind::kFault;
    p.source = e.source;
    p.to = e.kind == faults::kFaultCleared ? "cleared" : "injected";
    p.detail = e.target + (e.detail.empty() ? "" : ": " + e.detail);
    p.column = column_of(e.target);
    out.push_back(std::move(p));
  }
  const auto& own = classifier.events().events();
  out.insert(out.end(), own.begin(), own.end());
  // Faults switch at the start of a trial, before anything can notice them.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.trial < b.trial; });
  return out;
}

std::vector<neuromorphic::FaultMark> fault_marks(const faults::FaultSchedule& schedule) {
  std::vector<neuromorphic::FaultMark> marks;
  for (const faults::Event& e : schedule.events()) {
    if (e.kind != faults::kFaultInjected) continue;
    marks.push_back({e.trial < 0 ? 0 : static_cast<std::uint64_t>(e.trial), column_of(e.target)});
  }
  return marks;
}

DetectionCounts count_detections(const neuromorphic::EventLog& events, std::span<const neuromorphic::FaultMark> faults) {
  std::uint64_t first_fault = std::numeric_limits<std::uint64_t>::max();
  for (const auto& f : faults) first_fault = std::min(first_fault, f.trial);
  DetectionCounts counts;
  for (const auto& e : events.events()) {
    if (e.kind != neuromorphic::EventKind::kDetection || (e.source.rfind("column", 0) != 0 && e.source != "system")) continue;
    (e.trial >= first_fault ? counts.detections : counts.false_detections) += 1;
  }
  return counts;
}

double full_recovery_trials(const faults::FaultSchedule& schedule, const neuromorphic::ProtectedClassifier& classifier) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::int64_t injected = 0, cleared = 0, last_clear = -1;
  for (const faults::Event& e : schedule.events()) {
    if (e.kind == faults::kFaultInjected) ++injected;
    if (e.kind != faults::kFaultCleared) continue;
    ++cleared;
    last_clear = std::max<std::int64_t>(last_clear, e.trial);
  }
  if (injected == 0 || cleared < injected || last_clear < 0) return kNaN;
  const neuromorphic::HealthRecorder& r = classifier.recorder();
  // The last trial that was not fully back; recovery is complete on the trial after it.
  std::int64_t last_bad = -1;
  for (std::size_t i = 0; i < r.size(); ++i) {
    bool back = r.trial(i).level == neuromorphic::LadderLevel::kNormal &&
                r.trial(i).system_state == neuromorphic::SystemState::kClosed;
    for (std::size_t k = 0; k < r.columns() && back; ++k) back = r.column(i, k).state == breaker::BreakerState::kClosed;
    if (!back) last_bad = static_cast<std::int64_t>(r.trial(i).trial);
  }
  if (!classifier.enabled() || last_bad < last_clear) return 0.0;
  if (last_bad + 1 >= static_cast<std::int64_t>(r.size())) return std::numeric_limits<double>::infinity();
  return static_cast<double>(last_bad + 1 - last_clear);
}

double recovery_trials(const neuromorphic::EventLog& events) {
  using neuromorphic::EventKind;
  std::optional<std::uint64_t> first_detection, last_change;
  for (const auto& e : events.events()) {
    if (e.kind == EventKind::kDetection && !first_detection) first_detection = e.trial;
    if (e.kind == EventKind::kLadder || e.kind == EventKind::kColumnBreaker || e.kind == EventKind::kSystemState) {
      last_change = e.trial;
    }
  }
  if (!first_detection) return std::numeric_limits<double>::quiet_NaN();
  if (!last_change || *last_change < *first_detection) return 0.0;
  return static_cast<double>(*last_change - *first_detection);
}

}  // namespace snnft::apps
