// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "snnft/columns/multi_column.hpp"
#include "snnft/resilience/neuromorphic/answer_audit.hpp"
#include "snnft/resilience/neuromorphic/column_breakers.hpp"
#include "snnft/resilience/neuromorphic/column_trial_hook.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/failure_analytics.hpp"
#include "snnft/resilience/neuromorphic/health_recorder.hpp"
#include "snnft/resilience/neuromorphic/protection_config.hpp"
#include "snnft/resilience/neuromorphic/protection_events.hpp"
#include "snnft/resilience/neuromorphic/fallback_classifier.hpp"
#include "snnft/resilience/neuromorphic/rung_calibration.hpp"

namespace snnft::neuromorphic {

/// A multi-column processor's test phase with health monitoring, one breaker per column and
/// the degradation ladder. Per trial: present the sample to the admitted columns (in
/// parallel), check each column's health, vote with the isolated columns masked, update the
/// breakers and the ladder, answer as the current rung says, and record a health row.
///
/// What each rung does (each adds to the ones above):
/// - Normal: full-precision weights, masked vote.
/// - ReducedPrecision: every column's input weights snapped to 2^bits levels of its healthy
///   range (restored exactly when stepping back up); timing tolerance relaxed.
/// - SingleColumn: the most trusted admitted column (highest smoothed health) answers alone.
/// - StaticWeights: learning frozen; every column back to its last healthy checkpoint.
/// - Emergency: the spiking network is bypassed; the ridge (linear) classifier answers.
///   The columns still run every `emergency_probe_interval_trials`-th trial, so the ladder
///   can see them recover.
/// With no vote winner (every column isolated or invalid) the fallback classifier answers.
///
/// A column whose breaker trips is isolated: not run, not voting, and (by default) given its
/// last healthy checkpoint back with learning stopped. After its break it is probed in
/// half-open (run and judged with fresh statistics, vote still masked) and readmitted after
/// `probe_trials` healthy probes.
///
/// With protection disabled, classify() runs every column and returns exactly the plain vote
/// (a column that throws counts as an invalid answer); nothing else is computed.
///
/// Build it before training to have training and labelling audited. It attaches a refractory
/// monitor to each column's simulation, so it must outlive any further use of the processor.
/// Allocation-free per trial, except events, checkpoints taken while learning online, and
/// health rows beyond reserve().
class ProtectedClassifier {
 public:
  ProtectedClassifier(columns::MultiColumnProcessor& processor, const ProtectionConfig& config,
                      columns::VoteRule rule);
  ~ProtectedClassifier();
  ProtectedClassifier(const ProtectedClassifier&) = delete;
  ProtectedClassifier& operator=(const ProtectedClassifier&) = delete;

  /// Interposes on every column's test trials (fault injection); nullptr removes it.
  void set_hook(ColumnTrialHook* hook) { hook_ = hook; }
  /// Fits the ridge classifier as the Emergency classifier, unmeasured (calibrate_rungs()
  /// chooses one by measured value instead). Without either, Emergency and vote-less trials
  /// have no answer.
  void fit_fallback(const LabelledDataset& train) { fallback_.fit_ridge(train); }
  [[nodiscard]] const FallbackClassifier& fallback() const { return fallback_; }

  /// Calibration at training time, on `calibration` samples held back from `fit`: chooses the
  /// Emergency classifier among the non-spiking candidates (fitted on `fit`, scored on
  /// `calibration`); presents the calibration samples to every column without learning, at
  /// full and at reduced precision, to estimate each column's and each rung's accuracy; learns
  /// the columns' healthy timing and firing statistics from the first `health_samples` (0:
  /// all); and restricts the ladder to the rungs worth standing on (eligible_rungs()).
  /// Advances the columns' clocks. Replaces fit_fallback() and calibrate().
  void calibrate_rungs(const LabelledDataset& fit, const LabelledDataset& calibration, std::size_t health_samples = 0);
  /// What calibrate_rungs() measured (empty before).
  [[nodiscard]] const RungCalibration& calibration() const { return calibration_; }
  /// The answer audit (enabled by calibrate_rungs() where it can tell a fault apart).
  [[nodiscard]] const AnswerAudit& audit() const { return audit_; }
  /// The estimated accuracy of each rung for the columns admitted now (NaN before calibration);
  /// while the answer audit alarms, the spiking rungs' estimates follow what it measures.
  [[nodiscard]] RungAccuracy estimated_rung_accuracy() const;

  /// Learns each column's healthy timing and firing statistics from up to `max_samples`
  /// samples (0: all), presented without learning. Without it, the first
  /// `health.calibration_trials` healthy test trials calibrate. Advances the columns' clocks.
  void calibrate(const LabelledDataset& data, std::size_t max_samples = 0);
  /// Checks every column after `op` (training or labelling): NaN/Inf in its state and weights,
  /// and refractory violations seen since the last audit. Returns how many columns failed.
  std::size_t audit(Operation op);

  /// Simulated time of trial 0 (default: column 0's clock at the first trial).
  void set_time_origin_ms(double t0_ms) { time_origin_ms_ = t0_ms; }
  /// Room for this many health rows.
  void reserve(std::size_t trials);

  /// One test trial. `label` < 0: unknown. `learning_rate` > 0 learns online (unsupervised)
  /// in every column whose learning is enabled.
  const HealthRow& classify(std::span<const float> sample, int label = -1, double learning_rate = 0.0);

  /// Holds the ladder on `level` (to measure a rung), applying its mechanisms now.
  void pin_level(LadderLevel level);
  void unpin_level() { ladder_.unpin(); }
  /// Takes a checkpoint of every column now (they are assumed healthy).
  void checkpoint_now();

  [[nodiscard]] const ProtectionConfig& config() const { return config_; }
  [[nodiscard]] bool enabled() const { return config_.enabled; }
  [[nodiscard]] const DegradationLadder& ladder() const { return ladder_; }
  [[nodiscard]] LadderLevel level() const { return ladder_.level(); }
  [[nodiscard]] SystemState state() const { return ladder_.state(); }
  [[nodiscard]] const ColumnBreakers& breakers() const { return breakers_; }
  [[nodiscard]] EventLog& events() { return events_; }
  [[nodiscard]] const EventLog& events() const { return events_; }
  [[nodiscard]] const HealthRecorder& recorder() const { return recorder_; }
  [[nodiscard]] const FailureAnalytics& analytics() const { return analytics_; }
  [[nodiscard]] const HealthRow& last_row() const { return row_; }
  [[nodiscard]] const columns::ConsensusRecord& last_vote() const { return record_; }
  [[nodiscard]] std::uint64_t trials() const { return trial_; }
  /// Columns whose breaker tripped at least once.
  [[nodiscard]] std::vector<std::size_t> isolated_columns() const;
  /// Per column, how many of its neurons are quarantined.
  [[nodiscard]] std::vector<std::size_t> quarantined_neurons() const;
  /// Smoothed health of column k (what SingleColumn picks by).
  [[nodiscard]] double trust(std::size_t k) const;

 private:
  struct Slot;

  void run_column(std::size_t k, std::span<const float> sample, double learning_rate, std::uint64_t trial);
  [[nodiscard]] bool replays_wanted(std::uint64_t trial) const;
  void replay_calibration(std::size_t k, std::uint64_t trial);
  void compare_replays_with_peers();
  void measure_replayed_vote();
  void judge_replays(std::size_t k, ColumnHealth& h, std::uint64_t trial);
  void observe_state(std::size_t k, bool full_scan);
  const HealthRow& classify_unprotected(std::span<const float> sample, int label, double learning_rate);
  void finish_row(int label);
  [[nodiscard]] int most_trusted_column() const;
  /// Whether the fallback may answer for the columns: calibrated at least as accurate as their
  /// vote (the Emergency rung is eligible), or never measured.
  [[nodiscard]] bool fallback_trusted() const;
  void run_audit(std::span<const float> sample, std::uint64_t trial);

  // Grown readouts under the breaker (protected_classifier_growth.cpp).
  void inspect_readout(std::size_t k, std::uint64_t trial);
  void respond_to_growth_fault(std::size_t k, ColumnHealth& health, std::uint64_t trial);
  void hold_readouts(LadderLevel from, LadderLevel to);

  // Recovery mechanisms (protected_classifier_recovery.cpp).
  void apply_level(LadderLevel from, LadderLevel to);
  void on_ladder_transition(const LadderTransition& t);
  void on_column_transition(std::size_t k, breaker::BreakerState from, breaker::BreakerState to,
                            std::string_view reason);
  void take_checkpoint(std::size_t k);
  void restore_checkpoint(std::size_t k);
  void quantize_column(std::size_t k);
  bool judge_neurons(std::size_t k, std::uint64_t trial);
  void update_learning(std::size_t k, LadderLevel level);
  void update_eligible_rungs();
  [[nodiscard]] std::span<float> input_weights(std::size_t k);
  void add_event(EventKind kind, std::string source, std::string from, std::string to, std::string detail,
                 std::int32_t column);

  columns::MultiColumnProcessor& processor_;
  ProtectionConfig config_;
  columns::VoteRule rule_;
  ColumnTrialHook* hook_ = nullptr;
  FallbackClassifier fallback_;
  RungCalibration calibration_;
  AnswerAudit audit_;
  bool audit_alarm_ = false;   // the audit alarmed in the last trial: every admitted column replays
  double audit_scale_ = 1.0;   // the spiking rungs' estimates × this while the audit alarms
  bool replay_trial_ = false;      // every column that runs replays calibration samples this trial ...
  std::uint32_t replay_first_ = 0;  // ... starting with this one
  std::uint32_t replay_next_ = 0;   // the first calibration sample of the next replays
  bool replayed_last_trial_ = false;
  std::vector<double> peer_rates_;  // scratch: the peers' replay mismatch rates
  VoteReplayWindow vote_replays_;   // the admitted columns' vote on their replays
  double replay_scale_ = 1.0;       // the spiking rungs' estimates × this while replays show a change
  columns::ConsensusRecord replay_record_;
  std::vector<columns::ColumnAnswer> replay_row_;  // scratch: one replayed sample's answers
  std::vector<std::uint8_t> replay_ignored_;       // scratch: columns not in the replayed vote
  std::vector<std::unique_ptr<Slot>> slots_;
  ColumnBreakers breakers_;
  DegradationLadder ladder_;
  EventLog events_;
  HealthRecorder recorder_;
  FailureAnalytics analytics_;
  columns::ConsensusRecord record_;
  std::vector<columns::ColumnAnswer> answers_;
  std::vector<std::uint8_t> mask_;
  HealthRow row_;
  std::uint64_t trial_ = 0;
  std::uint32_t state_check_phase_ = 0;  // trial_ % health.state_check_interval_trials
  std::uint64_t labelled_ = 0, correct_ = 0;
  double time_origin_ms_;
  bool checkpoints_taken_ = false;
};

}  // namespace snnft::neuromorphic
