// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/column_fault_gate.hpp"

#include <chrono>
#include <limits>

#include "snnft/core/config_reader.hpp"

namespace snnft::faults {
namespace {

double steady_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool reached(const FaultTime& t, std::int64_t trial, double test_time_ms) {
  return t.unit == FaultTime::Unit::kTrials ? static_cast<double>(trial) >= t.value : test_time_ms >= t.value;
}

std::string describe(const FaultSpec& spec) {
  switch (spec.kind) {
    case FaultKind::kColumnCrash: return "the column's call throws";
    case FaultKind::kColumnHang: return "answers " + to_string(FaultTime{FaultTime::Unit::kMs, spec.latency_ms}) + " late";
    case FaultKind::kColumnGarbage:
      return spec.mode == GarbageMode::kNan ? "NaN confidence and first-spike time" : "class index out of range";
    case FaultKind::kCascorNan: return "NaN in a grown readout's output weight";
    default: return "";
  }
}

}  // namespace

ColumnFaultGate::ColumnFaultGate(std::span<const FaultSpec> specs, std::size_t column_count, int class_count,
                                 double deadline_ms, Clock clock)
    : columns_(column_count), class_count_(class_count), deadline_ms_(deadline_ms), clock_(std::move(clock)) {
  if (!clock_) clock_ = steady_ms;
  for (const FaultSpec& spec : specs) {
    if (fault_kind_info(spec.kind).target != FaultTarget::kColumn) continue;
    if (spec.column && *spec.column >= column_count) {
      throw ConfigError(fault_error_location(spec, "column"), "column " + std::to_string(*spec.column) +
                                                                  " does not exist (the run has " +
                                                                  std::to_string(column_count) + " columns)");
    }
    for (std::size_t k = 0; k < column_count; ++k) {
      if (!spec.column || *spec.column == k) columns_[k].entries.push_back({spec, to_string(spec)});
    }
  }
}

bool ColumnFaultGate::empty() const {
  for (const Column& c : columns_) {
    if (!c.entries.empty()) return false;
  }
  return true;
}

void ColumnFaultGate::begin_trial(std::size_t column, std::int64_t trial, double test_time_ms, double time_ms) {
  Column& c = columns_[column];
  auto target = [column] { return "column " + std::to_string(column); };  // only when logging
  for (Entry& e : c.entries) {
    if (e.stopped) continue;
    if (e.spec.until && reached(*e.spec.until, trial, test_time_ms)) {
      if (e.started) c.events.push_back({time_ms, trial, kFaultCleared, e.source, target(), describe(e.spec)});
      e.stopped = true;
      continue;
    }
    if (!e.started && (!e.spec.at || reached(*e.spec.at, trial, test_time_ms))) {
      e.started = true;
      ++c.injected;
      c.events.push_back({time_ms, trial, kFaultInjected, e.source, target(), describe(e.spec)});
    }
  }
}

bool ColumnFaultGate::crashed(std::size_t column) const { return active(column, FaultKind::kColumnCrash); }

bool ColumnFaultGate::active(std::size_t column, FaultKind kind) const {
  for (const Entry& e : columns_[column].entries) {
    if (e.active() && e.spec.kind == kind) return true;
  }
  return false;
}

ColumnCall ColumnFaultGate::call(std::size_t column, const std::function<columns::ColumnAnswer()>& work) {
  ColumnCall out;
  const double t0 = clock_();
  out.answer = work();
  out.latency_ms = clock_() - t0;
  bool crash = false;
  for (const Entry& e : columns_[column].entries) {
    if (!e.active()) continue;
    switch (e.spec.kind) {
      case FaultKind::kColumnCrash: crash = true; break;
      case FaultKind::kColumnHang: out.injected_latency_ms += e.spec.latency_ms; break;
      case FaultKind::kColumnGarbage:
        if (e.spec.mode == GarbageMode::kNan) {
          out.answer.confidence = std::numeric_limits<double>::quiet_NaN();
          out.answer.first_spike_ms = std::numeric_limits<double>::quiet_NaN();
        } else {
          out.answer.predicted_class = class_count_;
        }
        break;
      default: break;
    }
  }
  if (crash) throw ColumnCrashed(column);
  out.latency_ms += out.injected_latency_ms;
  out.deadline_exceeded = out.latency_ms > deadline_ms_;
  return out;
}

std::size_t ColumnFaultGate::faults_injected() const {
  std::size_t n = 0;
  for (const Column& c : columns_) n += c.injected;
  return n;
}

std::vector<Event> ColumnFaultGate::events() const {
  std::vector<Event> all;
  for (const Column& c : columns_) all.insert(all.end(), c.events.begin(), c.events.end());
  sort_events(all);
  return all;
}

}  // namespace snnft::faults
