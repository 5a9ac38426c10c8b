// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protection_output.hpp"

#include <cmath>
#include <limits>

namespace snnft::neuromorphic {

namespace {

template <class Enum, class Name>
std::string joined(std::size_t n, Name name) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) s += ',';
    s += name(static_cast<Enum>(i));
  }
  return s;
}

std::string signature_names() {
  std::string s;
  for (std::size_t i = 0; i < kSignatureCount; ++i) {
    if (i > 0) s += ',';
    s += to_string(signature_at(i));
  }
  return s;
}

}  // namespace

ProtectionSummary summarize(const ProtectedClassifier& c) {
  ProtectionSummary s;
  const HealthRecorder& r = c.recorder();
  s.trials = r.size();
  std::uint64_t labelled = 0, correct = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const TrialHealth& row = r.trial(i);
    ++s.answers_by_source[static_cast<std::size_t>(row.source)];
    if (row.label < 0) continue;
    ++labelled;
    correct += row.answer == row.label;
  }
  s.accuracy = labelled > 0 ? static_cast<double>(correct) / static_cast<double>(labelled)
                            : std::numeric_limits<double>::quiet_NaN();
  s.deepest_level = c.ladder().deepest();
  s.final_level = c.level();
  s.final_state = c.state();
  const EventLog& e = c.events();
  s.detections = e.count(EventKind::kDetection);
  s.ladder_transitions = e.count(EventKind::kLadder);
  s.transitions = s.ladder_transitions + e.count(EventKind::kSystemState);
  s.column_transitions = e.count(EventKind::kColumnBreaker);
  s.isolated_columns = c.isolated_columns();
  return s;
}

double mean_detection_trials(const EventLog& events, std::span<const FaultMark> faults) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const FaultMark& f : faults) {
    if (const auto d = events.first_at_or_after(EventKind::kDetection, f.trial, f.column)) {
      sum += static_cast<double>(d->trial - f.trial);
      ++n;
    }
  }
  return n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

void write_health(H5Output& out, const HealthRecorder& r, const std::string& group) {
  const std::size_t n = r.size(), k = r.columns();
  std::vector<std::uint64_t> trial(n);
  std::vector<double> time(n), health(n), agreement(n), confidence(n), accuracy(n);
  std::vector<std::uint8_t> state(n), level(n), source(n);
  std::vector<std::int32_t> answer(n), label(n);
  std::vector<std::uint8_t> c_state(n * k), c_ran(n * k), c_voted(n * k);
  std::vector<double> c_health(n * k), c_timing(n * k), c_consensus(n * k), c_latency(n * k), c_start(n * k);
  std::vector<std::uint32_t> c_refractory(n * k), c_spikes(n * k), c_signatures(n * k);
  std::vector<std::int32_t> c_answer(n * k);
  for (std::size_t i = 0; i < n; ++i) {
    const TrialHealth& row = r.trial(i);
    trial[i] = row.trial;
    time[i] = row.time_ms;
    state[i] = static_cast<std::uint8_t>(row.system_state);
    level[i] = static_cast<std::uint8_t>(row.level);
    health[i] = row.system_health;
    agreement[i] = row.agreement;
    answer[i] = row.answer;
    confidence[i] = row.confidence;
    source[i] = static_cast<std::uint8_t>(row.source);
    label[i] = row.label;
    accuracy[i] = row.accuracy;
    for (std::size_t j = 0; j < k; ++j) {
      const ColumnHealthRow& c = r.column(i, j);
      const std::size_t at = i * k + j;
      c_state[at] = static_cast<std::uint8_t>(c.state);
      c_ran[at] = c.ran ? 1 : 0;
      c_voted[at] = c.voted ? 1 : 0;
      c_health[at] = c.health;
      c_timing[at] = c.timing_error;
      c_refractory[at] = c.refractory_violations;
      c_spikes[at] = c.spikes;
      c_consensus[at] = c.agreement;
      c_latency[at] = c.latency_ms;
      c_signatures[at] = c.signatures;
      c_answer[at] = c.answer;
      c_start[at] = c.start_ms;
    }
  }
  const std::string g = group + "/";
  out.write<std::uint64_t>(g + "trial", trial);
  out.write<double>(g + "time_ms", time);
  out.write<std::uint8_t>(g + "system_state", state);
  out.write<std::uint8_t>(g + "ladder_level", level);
  out.write<double>(g + "system_health", health);
  out.write<double>(g + "agreement", agreement);
  out.write<std::int32_t>(g + "answer", answer);
  out.write<double>(g + "confidence", confidence);
  out.write<std::uint8_t>(g + "source", source);
  out.write<std::int32_t>(g + "label", label);
  out.write<double>(g + "accuracy", accuracy);
  out.write_matrix<std::uint8_t>(g + "column_state", c_state, n, k);
  out.write_matrix<std::uint8_t>(g + "column_ran", c_ran, n, k);
  out.write_matrix<std::uint8_t>(g + "column_voted", c_voted, n, k);
  out.write_matrix<double>(g + "column_health", c_health, n, k);
  out.write_matrix<double>(g + "timing_error", c_timing, n, k);
  out.write_matrix<std::uint32_t>(g + "refractory_violations", c_refractory, n, k);
  out.write_matrix<std::uint32_t>(g + "spikes", c_spikes, n, k);
  out.write_matrix<double>(g + "consensus", c_consensus, n, k);
  out.write_matrix<double>(g + "latency_ms", c_latency, n, k);
  out.write_matrix<std::uint32_t>(g + "signatures", c_signatures, n, k);
  out.write_matrix<std::int32_t>(g + "column_answer", c_answer, n, k);
  out.write_matrix<double>(g + "column_start_ms", c_start, n, k);
  out.set_attribute(group, "system_states",
                    joined<SystemState>(kSystemStates, [](SystemState s) { return to_string(s); }));
  out.set_attribute(group, "ladder_levels",
                    joined<LadderLevel>(kLadderLevels, [](LadderLevel l) { return to_string(l); }));
  out.set_attribute(group, "column_states",
                    joined<breaker::BreakerState>(static_cast<std::size_t>(breaker::kStateCount),
                                                  [](breaker::BreakerState s) { return breaker::to_string(s); }));
  out.set_attribute(group, "sources", joined<AnswerSource>(4, [](AnswerSource s) { return to_string(s); }));
  out.set_attribute(group, "signatures", signature_names());
}

void write_events(H5Output& out, const EventLog& log, const std::string& group) {
  const auto& ev = log.events();
  std::vector<std::uint64_t> trial;
  std::vector<double> time;
  std::vector<std::int32_t> column;
  std::vector<std::string> kind, source, from, to, detail;
  for (const ProtectionEvent& e : ev) {
    trial.push_back(e.trial);
    time.push_back(e.time_ms);
    column.push_back(e.column);
    kind.emplace_back(to_string(e.kind));
    source.push_back(e.source);
    from.push_back(e.from);
    to.push_back(e.to);
    detail.push_back(e.detail);
  }
  const std::string g = group + "/";
  out.write<std::uint64_t>(g + "trial", trial);
  out.write<double>(g + "time_ms", time);
  out.write<std::int32_t>(g + "column", column);
  out.write_strings(g + "kind", kind);
  out.write_strings(g + "source", source);
  out.write_strings(g + "from", from);
  out.write_strings(g + "to", to);
  out.write_strings(g + "detail", detail);
}

void write_failure_analytics(H5Output& out, const FailureAnalytics& a, const std::string& group) {
  const std::string g = group + "/";
  out.write_matrix<std::uint64_t>(g + "by_operation", a.by_operation(), kOperationCount, kSignatureCount);
  out.write_matrix<std::uint64_t>(g + "by_column", a.by_column(), a.columns(), kSignatureCount);
  out.write_matrix<std::uint64_t>(g + "co_occurrence", a.co_occurrence(), kSignatureCount, kSignatureCount);
  out.write<std::uint64_t>(g + "checked", a.checked_by_operation());
  out.write<std::uint64_t>(g + "failed", a.failed_by_operation());
  out.set_attribute(group, "signatures", signature_names());
  out.set_attribute(group, "operations", joined<Operation>(kOperationCount, [](Operation o) { return to_string(o); }));
  out.set_attribute(group, "report", a.report());
}

void write_calibration(H5Output& out, const ProtectedClassifier& classifier, const std::string& group) {
  const RungCalibration& c = classifier.calibration();
  if (!c.measured()) return;
  const std::string g = group + "/";
  std::vector<double> rungs(c.rung_accuracy.begin(), c.rung_accuracy.end());
  std::vector<std::uint8_t> eligible;
  std::string rung_names, fallback_names;
  for (std::size_t r = 0; r < kLadderLevels; ++r) {
    eligible.push_back(classifier.ladder().eligible()[r] ? 1 : 0);
    rung_names += (r ? "," : "") + std::string(to_string(static_cast<LadderLevel>(r)));
  }
  std::vector<double> fallbacks;
  for (const auto& f : classifier.fallback().candidates()) {
    fallbacks.push_back(f.calibration_accuracy);
    fallback_names += (fallback_names.empty() ? "" : ",") + f.name;
  }
  out.write<double>(g + "rung_accuracy", rungs);
  out.write<std::uint8_t>(g + "eligible", eligible);
  out.write<double>(g + "column_accuracy", c.column_accuracy);
  out.write<double>(g + "fallback_accuracy", fallbacks);
  out.set_attribute(g + "rung_accuracy", "rungs", rung_names);
  out.set_attribute(g + "fallback_accuracy", "fallbacks", fallback_names);
  out.set_attribute(group, "fallback", std::string(classifier.fallback().name()));
  out.set_attribute(group, "samples", static_cast<double>(c.samples));
}

void write_protection(H5Output& out, const ProtectedClassifier& c) {
  write_health(out, c.recorder());
  write_events(out, c.events());
  write_failure_analytics(out, c.analytics());
  write_calibration(out, c);
}

}  // namespace snnft::neuromorphic
