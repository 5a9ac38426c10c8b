// SPDX-License-Identifier: MIT
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "snnft/columns/voting.hpp"
#include "snnft/resilience/breaker/adaptive_timeout.hpp"
#include "snnft/resilience/neuromorphic/health_signature.hpp"
#include "snnft/resilience/neuromorphic/running_statistics.hpp"

namespace snnft::neuromorphic {

/// Thresholds of the per-column health checks. The smoothed checks (timing, consensus,
/// firing rate) use exponentially weighted means, so one unusual trial does not flag a column
/// but a sustained change does within a few trials.
struct HealthThresholds {
  std::uint32_t calibration_trials = 50;  ///< healthy trials that set the timing and rate statistics
  double timing_z = 2.0;                  ///< flag when |smoothed z| of the first-spike time exceeds this
  double timing_smoothing = 0.25;         ///< weight of the newest trial in the smoothed z
  double timing_z_clip = 6.0;             ///< a single trial's z is clipped to ±this
  double relaxed_timing_factor = 2.0;     ///< timing_z is multiplied by this at reduced precision
  double min_agreement = 0.5;             ///< flag when the smoothed agreement with the winner falls below
  double agreement_smoothing = 0.1;
  std::uint32_t agreement_min_trials = 3;  ///< agreement is judged after this many trials since a restart
  double saturation_factor = 5.0;          ///< flag when smoothed spikes per trial exceed factor × healthy mean
  double rate_smoothing = 0.25;
  std::uint32_t silence_trials = 5;        ///< flag after this many trials in a row without a spike
  /// After calibration, each smoothed check's threshold is widened to this many times the worst
  /// value the column itself reached on its healthy calibration trials (never narrowed below
  /// the thresholds above): a column whose healthy samples include a run of late ones is not
  /// flagged for that run.
  double calibration_margin = 2.0;
  /// Every n-th trial (staggered across columns) a column's membrane potentials and one slice
  /// of its weights are scanned for NaN/Inf; its thresholds once per pass over the weights.
  std::uint32_t state_check_interval_trials = 4;
  std::uint32_t weight_check_slices = 64;
  // Latency against an adaptive deadline: clamp(P(percentile) × multiplier, min, max) of the
  // column's own healthy latencies.
  double deadline_percentile = 0.99;
  double deadline_multiplier = 3.0;
  double deadline_min_ms = 1.0;
  double deadline_max_ms = 10000.0;
  std::uint32_t deadline_window = 64;          ///< latencies remembered
  std::uint32_t deadline_sample_trials = 4;    ///< one healthy trial in this many adds its latency
  std::uint32_t deadline_refresh_trials = 64;  ///< how often the deadline is recomputed
};

/// Throws std::invalid_argument naming the first bad field.
void validate(const HealthThresholds& thresholds);

/// What was seen of one column in one trial, gathered on the column's own thread.
struct ColumnObservation {
  bool ran = false;                ///< the column was presented the sample
  bool crashed = false;            ///< it threw
  bool non_finite = false;         ///< NaN/Inf found in its state or weights
  bool deadline_exceeded = false;  ///< it reports having missed its deadline
  columns::ColumnAnswer answer{};
  double first_spike_ms = 0.0;     ///< winner's first spike from trial start; +inf without a spike
  std::uint32_t spikes = 0;        ///< excitatory spikes in the trial
  std::uint32_t refractory_violations = 0;
  double latency_ms = 0.0;
};

/// One column's health after one trial.
struct ColumnHealth {
  SignatureMask signatures = 0;  ///< checks that failed
  double score = 1.0;            ///< in [0, 1]; at most 0.5 when any check failed, 0 for hard failures
  double timing_error = 0.0;     ///< smoothed z-score of the first-spike time
  double agreement = 1.0;        ///< smoothed agreement with the multi-column winner
  bool agreed = false;           ///< this trial's answer was the winner
  double latency_ms = 0.0;
  double deadline_ms = 0.0;
  std::uint32_t spikes = 0;
  std::uint32_t refractory_violations = 0;
};

/// The health checks of one column: learns the column's healthy first-spike timing and firing
/// rate during calibration, then scores every trial. Allocation-free per trial.
///
/// Score: the product of one factor per check, each 1 when nominal, 0.5 at its threshold and
/// falling to 0 beyond; hard failures (crash, NaN/Inf, invalid answer, missed deadline) give 0.
class ColumnHealthMonitor {
 public:
  ColumnHealthMonitor(const HealthThresholds& thresholds, int class_count, double trial_ms);

  /// Adds a trial known to be healthy to the calibration statistics.
  void calibrate(const ColumnObservation& observation);
  /// Ends calibration: replays the calibration trials through the smoothed checks and widens
  /// their thresholds to what a healthy column reaches (see calibration_margin). Safe to call
  /// more than once; without it the configured thresholds apply.
  void finish_calibration();
  [[nodiscard]] bool calibrated() const { return timing_.count() >= thresholds_.calibration_trials; }

  /// Scores one trial. `winner` is the multi-column winning class (-1: none, consensus is not
  /// updated); `relaxed` widens the timing tolerance (reduced precision). Until calibrated,
  /// healthy-looking trials are used for calibration and only the checks that need no
  /// statistics apply.
  ColumnHealth assess(const ColumnObservation& observation, int winner, bool relaxed);

  /// Starts the smoothed checks afresh, so a half-open probe is judged on what the column does
  /// now, not on the trials that got it isolated.
  void restart();

  /// Smoothed score, for choosing the most trusted column.
  [[nodiscard]] double trust() const { return trust_.value(); }
  [[nodiscard]] double deadline_ms() const { return deadline_ms_; }
  [[nodiscard]] double healthy_first_spike_mean_ms() const { return timing_.mean(); }
  [[nodiscard]] double healthy_first_spike_sd_ms() const { return timing_.stddev(); }
  [[nodiscard]] double healthy_spike_mean() const { return spikes_.mean(); }
  /// The thresholds in force (the configured ones until finish_calibration()).
  [[nodiscard]] double timing_limit() const { return timing_limit_; }
  [[nodiscard]] double saturation_limit() const { return saturation_limit_; }
  [[nodiscard]] std::uint32_t silence_limit() const { return silence_limit_; }

 private:
  [[nodiscard]] double first_spike_value(const ColumnObservation& o) const {
    // A trial without a spike is censored at the end of the window.
    return std::isfinite(o.first_spike_ms) ? o.first_spike_ms : trial_ms_;
  }
  void learn_healthy(const ColumnObservation& o);
  void refresh_deadline();
  void record_latency(breaker::Nanos latency);

  HealthThresholds thresholds_;
  int class_count_;
  double trial_ms_;
  RunningStats timing_, spikes_;
  double timing_sd_ = 1.0, spike_mean_ = 1.0;  // fixed once calibrated
  double timing_limit_, saturation_limit_;     // thresholds in force
  std::uint32_t silence_limit_;
  std::vector<float> replay_first_spike_;      // calibration trials, for finish_calibration()
  std::vector<std::uint32_t> replay_spikes_;
  Ewma timing_z_, agreement_, spike_rate_, trust_;
  std::uint32_t silent_trials_ = 0;
  std::uint32_t until_sample_;   // healthy trials until the next latency sample
  std::uint32_t until_refresh_;  // healthy trials until the deadline is recomputed
  double deadline_ms_;
  breaker::Nanos last_latency_{-1};      // the latest latency recorded in deadline_
  std::uint32_t same_latency_run_ = 0;   // how many of the latest records were last_latency_
  bool deadline_changed_ = true;         // records since the deadline was last computed
  breaker::AdaptiveTimeout deadline_;    // last: rarely touched
};

}  // namespace snnft::neuromorphic
