// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "snnft/resilience/breaker/state.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/health_signature.hpp"

namespace snnft::neuromorphic {

/// Where a trial's answer came from.
enum class AnswerSource : std::uint8_t {
  kNone = 0,          ///< no answer (no column voted and no fallback)
  kVote = 1,          ///< the masked multi-column vote
  kSingleColumn = 2,  ///< the most trusted column alone
  kFallback = 3,      ///< the non-spiking fallback classifier
};
/// "none", "vote", "single_column", "fallback".
std::string_view to_string(AnswerSource source);

/// One column's part of a health row. Scores and smoothed values are single precision (they
/// are judged against thresholds, not accumulated) to keep a row in few cache lines.
struct ColumnHealthRow {
  breaker::BreakerState state = breaker::BreakerState::kClosed;  ///< its breaker after the trial
  bool ran = false;    ///< presented the sample this trial
  bool voted = false;  ///< counted in the vote
  float health = std::numeric_limits<float>::quiet_NaN();  ///< score; NaN if it did not run
  float timing_error = 0.0f;  ///< smoothed z-score of the first-spike time
  float agreement = 0.0f;     ///< smoothed agreement with the winner
  float latency_ms = 0.0f;
  std::uint32_t refractory_violations = 0;
  std::uint32_t spikes = 0;
  SignatureMask signatures = 0;
  std::int32_t answer = -1;  ///< the column's class
  double start_ms = 0.0;     ///< the column's own simulated time at the start of the trial
};

/// The system-wide part of a health row.
struct TrialHealth {
  std::uint64_t trial = 0;
  double time_ms = 0.0;  ///< simulated time at the start of the trial
  SystemState system_state = SystemState::kClosed;
  LadderLevel level = LadderLevel::kNormal;
  double system_health = std::numeric_limits<double>::quiet_NaN();  ///< NaN if nothing was measured
  double agreement = 0.0;  ///< agreement fraction of the vote
  std::int32_t answer = -1;
  double confidence = 0.0;
  AnswerSource source = AnswerSource::kNone;
  std::int32_t label = -1;  ///< -1: unknown
  double accuracy = std::numeric_limits<double>::quiet_NaN();  ///< so far, over labelled trials
};

/// Health of the whole system after one trial: one row of the `/health` time series.
struct HealthRow : TrialHealth {
  std::vector<ColumnHealthRow> columns;
};

/// Stores health rows as two flat arrays (trial parts, and trial × column parts), written in
/// order so that recording streams through memory. Within the reserved number of trials,
/// recording never allocates (nor maps a new page).
class HealthRecorder {
 public:
  explicit HealthRecorder(std::size_t columns, std::size_t reserve_trials = 0);

  /// Makes room for `trials` rows in total.
  void reserve(std::size_t trials);
  /// Copies `row` (whose columns must number columns()). Allocates only beyond the reserve.
  void record(const HealthRow& row);
  void clear();

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return trials_.size(); }
  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] const TrialHealth& trial(std::size_t i) const { return trials_[i]; }
  [[nodiscard]] const ColumnHealthRow& column(std::size_t i, std::size_t k) const { return column_rows_[i * columns_ + k]; }
  /// Row i as a HealthRow (a copy).
  [[nodiscard]] HealthRow row(std::size_t i) const;

 private:
  std::size_t columns_;
  std::size_t size_ = 0;                      // rows recorded; the vectors hold capacity() rows
  std::vector<TrialHealth> trials_;
  std::vector<ColumnHealthRow> column_rows_;
};

}  // namespace snnft::neuromorphic
