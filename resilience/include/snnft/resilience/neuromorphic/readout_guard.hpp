// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

#include "snnft/columns/readout_control.hpp"

namespace snnft::neuromorphic {

/// Limits of the `cascor` signature: when a column's grown readout counts as failing.
struct GrowthLimits {
  /// Labelled trials per error window; the readout's error is judged window by window.
  std::uint32_t error_window = 50;
  /// The error rises when a window's mean exceeds this factor times the mean over every
  /// earlier labelled trial ...
  double error_rise_factor = 3.0;
  /// ... and the window's misclassified trials are also more than chance allows: at least as
  /// many would occur with at most this probability at the earlier trials' misclassification
  /// rate (binomial tail). A readout right on 98 % of its trials has a near-zero mean error,
  /// which two or three unlucky trials triple; this asks for a rise that matters in trials.
  double rise_significance = 1e-3;
  /// ... for this many windows in a row. (A healthy digits readout misclassifies about one
  /// trial in ten, so a window's error varies; three times the running mean twice in a row
  /// did not happen in healthy runs of the shipped configs, seeds 1-3.)
  std::uint32_t rising_windows = 2;
  /// Faults within this many trials of the previous one count as repeated (see ReadoutGuard).
  std::uint32_t strike_memory_trials = 100;
};

/// What the `cascor` check found in one trial.
enum class GrowthFault : std::uint8_t {
  kNone,
  kNonFinite,        ///< NaN or Inf in a hidden unit's or an output weight
  kRisingError,      ///< the error on labelled trials rose over windows instead of falling
  kRunawayGrowth,    ///< more units than the budget, or more than one per growth step
};
/// "none", "NaN/Inf in readout weights", "readout error rising", "recruitment beyond the budget".
std::string_view to_string(GrowthFault fault);

/// What protection does about it: roll the readout back to its last healthy checkpoint, also
/// freeze its growth (a repeated fault), or also count the trial against the column's breaker
/// (a fault that keeps coming back: the breaker isolates the column).
enum class GrowthResponse : std::uint8_t { kNone, kRollback, kFreeze, kIsolate };

/// Watches one column's grown readout through its ReadoutControl and applies the breaker
/// side's decisions to it: the `cascor` signature, healthy checkpoints, rollback, frozen growth.
///
/// inspect() after each of the column's trials (on the column's thread) checks the trial's
/// outputs for NaN/Inf (a NaN weight anywhere makes an output NaN in the very trial: every
/// weight feeds every output), every weight whenever the readout changed, and otherwise one
/// slice of the weights per trial (an Inf weight can leave the outputs finite: it is found
/// within kWeightSlices + hidden units trials); checks the recruitment against the budget (at
/// most one unit per growth step, at most unit_budget() in all); and, when a window of
/// labelled trials completes, whether the error rises. A readout that changed and passes every
/// check is checkpointed as healthy.
/// respond() escalates: a first fault rolls the readout back; another within
/// strike_memory_trials also freezes growth; a third and every later one is also to be
/// reported to the column's breaker. Allocation-free except when taking a checkpoint.
class ReadoutGuard {
 public:
  /// The output weights are scanned in this many slices, then each hidden unit's in one.
  static constexpr std::size_t kWeightSlices = 16;

  ReadoutGuard(columns::ReadoutControl& readout, const GrowthLimits& limits);

  /// Takes the readout as it is now (trained, before the first test trial) as healthy.
  void start();
  /// Checks the readout after trial `trial` (start() first if nobody did). Returns the fault
  /// found (kNone: healthy).
  GrowthFault inspect(std::uint64_t trial);
  [[nodiscard]] GrowthFault last_fault() const { return fault_; }

  /// The response to the fault of `trial` (call once per faulty trial); applies rollback and
  /// freezing itself.
  GrowthResponse respond(std::uint64_t trial);

  /// Growth frozen or resumed by the ladder (StaticWeights and below freeze, Normal resumes)
  /// or by isolation. Growth frozen after repeated faults stays frozen.
  void hold(bool frozen);
  /// Back to the last healthy checkpoint.
  void rollback();
  /// The column was readmitted after isolation: its strikes are forgiven and growth frozen by
  /// them resumes (unless held).
  void readmitted();

  [[nodiscard]] bool frozen_by_faults() const { return frozen_by_faults_; }
  [[nodiscard]] std::uint32_t strikes() const { return strikes_; }
  [[nodiscard]] const columns::ReadoutCheckpoint& healthy() const { return healthy_; }

 private:
  void apply_freeze();
  bool error_rising();
  bool weights_finite(bool whole);

  columns::ReadoutControl& readout_;
  GrowthLimits limits_;
  columns::ReadoutCheckpoint healthy_;
  bool started_ = false;
  std::size_t scan_ = 0;  // next slice of the weights to scan
  std::uint64_t checked_changes_ = 0;
  std::size_t checked_online_units_ = 0;
  std::uint64_t checked_steps_ = 0;
  std::uint64_t window_start_taught_ = 0;
  double window_start_error_ = 0.0;
  std::uint64_t window_start_wrong_ = 0;
  std::uint64_t baseline_taught_ = 0;   // labelled trials before the current window
  double baseline_error_ = 0.0;         // ... their summed error
  std::uint64_t baseline_wrong_ = 0;    // ... and how many were misclassified
  std::uint32_t rising_ = 0;
  GrowthFault fault_ = GrowthFault::kNone;
  std::uint32_t strikes_ = 0;
  std::uint64_t last_strike_trial_ = 0;
  bool held_ = false;
  bool frozen_by_faults_ = false;
};

}  // namespace snnft::neuromorphic
