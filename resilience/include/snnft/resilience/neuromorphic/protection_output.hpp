// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "snnft/core/hdf5_output.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

namespace snnft::neuromorphic {

/// The numbers a run summary reports about protection.
struct ProtectionSummary {
  std::uint64_t trials = 0;
  double accuracy = 0.0;  ///< over labelled trials (NaN without labels)
  LadderLevel deepest_level = LadderLevel::kNormal;  ///< `ladder_min_level`: the lowest rung reached
  LadderLevel final_level = LadderLevel::kNormal;    ///< `ladder_final_level`
  SystemState final_state = SystemState::kClosed;
  std::size_t detections = 0;          ///< a column started failing a check (rising edges)
  std::size_t ladder_transitions = 0;  ///< rung changes
  std::size_t transitions = 0;         ///< rung changes plus system-state changes
  std::size_t column_transitions = 0;  ///< state changes of the column breakers
  std::vector<std::size_t> isolated_columns;  ///< columns isolated at least once
  std::uint64_t answers_by_source[4] = {};    ///< indexed by AnswerSource
};

ProtectionSummary summarize(const ProtectedClassifier& classifier);

/// An injected fault, as far as detection time is concerned.
struct FaultMark {
  std::uint64_t trial = 0;   ///< test trial it took effect
  std::int32_t column = -1;  ///< its column, or -1 for faults not tied to one
};

/// `mean_detection_trials`: the mean number of trials from each fault to the first detection
/// at or after it (in the fault's column, if it has one). Faults never detected are left out;
/// NaN if none was.
double mean_detection_trials(const EventLog& events, std::span<const FaultMark> faults);

/// Writes the health time series under `group` (default "/health"), one entry per trial:
/// trial, time_ms, system_state, ladder_level, system_health, agreement, answer, confidence,
/// source, label, accuracy; and per trial × column (row-major): column_state, column_ran,
/// column_voted, column_health, timing_error, refractory_violations, spikes, consensus,
/// latency_ms, signatures, column_answer, column_start_ms. String attributes on the group name
/// the codes: "system_states", "ladder_levels", "column_states", "sources" (comma-separated,
/// by value) and "signatures" (by bit).
void write_health(H5Output& out, const HealthRecorder& recorder, const std::string& group = "/health");
/// Writes the events under `group` (default "/events"): trial, time_ms, column, and the
/// strings kind, source, from, to, detail.
void write_events(H5Output& out, const EventLog& events, const std::string& group = "/events");
/// Writes the failure analytics under `group` (default "/failures"): by_operation
/// (operations × signatures), by_column (columns × signatures), co_occurrence
/// (signatures × signatures), checked and failed per operation, with name attributes and the
/// text report as attribute "report".
void write_failure_analytics(H5Output& out, const FailureAnalytics& analytics, const std::string& group = "/failures");
/// Writes what calibration measured under `group` (default "/protection/calibration"):
/// rung_accuracy (one per LadderLevel, attribute "rungs" names them), eligible (0/1 per rung),
/// column_accuracy, fallback_accuracy (attribute "fallbacks" names them; attribute "fallback"
/// the chosen one) and attribute "samples". Nothing before calibration.
void write_calibration(H5Output& out, const ProtectedClassifier& classifier,
                       const std::string& group = "/protection/calibration");
/// All four, at their default places.
void write_protection(H5Output& out, const ProtectedClassifier& classifier);

}  // namespace snnft::neuromorphic
