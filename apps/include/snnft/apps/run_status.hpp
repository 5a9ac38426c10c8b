// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/state.hpp"
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"
#include "snnft/resilience/neuromorphic/health_recorder.hpp"
#include "snnft/resilience/neuromorphic/health_signature.hpp"

namespace snnft::apps {

/// Where a run is.
enum class RunPhase : std::uint8_t { kStarting, kTraining, kTesting, kRunning, kFinished, kInterrupted };
inline constexpr std::size_t kRunPhases = 6;
/// "starting", "training", "testing", "running", "finished", "interrupted".
std::string_view to_string(RunPhase phase);

/// One column as the run's monitor sees it: its latest trial, and counters that only go up
/// (in a campaign they add up over its runs).
struct ColumnStatus {
  breaker::BreakerState state = breaker::BreakerState::kClosed;  ///< its breaker after the latest trial
  float health = std::numeric_limits<float>::quiet_NaN();        ///< latest score; NaN if it did not run
  bool ran = false;
  bool voted = false;
  neuromorphic::SignatureMask signatures = 0;  ///< failed in the latest trial
  std::uint64_t quarantined_neurons = 0;
  std::uint64_t trials_run = 0;
  std::uint64_t failed_trials = 0;  ///< trials it ran and failed any health check in
  std::array<std::uint64_t, neuromorphic::kSignatureCount> signature_failures{};  ///< trials, per signature
  std::uint64_t detections = 0;    ///< times it started failing a health check
  std::uint64_t isolations = 0;    ///< its breaker opened
  std::uint64_t readmissions = 0;  ///< its breaker closed again after probing
};

/// Everything a run reports while it goes on: progress, and for columns runs what the
/// protection sees. Published by the run's own thread after every trial (or every few steps),
/// read by the HTTP endpoints and the progress line from theirs.
struct RunStatus {
  std::string kind;    ///< "network", "columns", "cascor" or "campaign"
  std::string config;  ///< the config file
  RunPhase phase = RunPhase::kStarting;
  std::string_view unit = "step";  ///< what done/total count: "step" or "trial"
  std::uint64_t done = 0;          ///< steps or test trials completed (over all runs of a campaign)
  std::uint64_t total = 0;         ///< planned; 0 if unknown
  std::uint64_t runs_done = 0, runs_total = 0;  ///< a campaign's test phases
  double simulated_ms = 0.0;
  std::uint64_t spikes = 0;
  std::chrono::steady_clock::time_point started{}, ended{};  ///< ended: set when finished

  bool protection = false;  ///< a columns run with protection on
  neuromorphic::LadderLevel level = neuromorphic::LadderLevel::kNormal;
  neuromorphic::SystemState system_state = neuromorphic::SystemState::kClosed;
  double system_health = std::numeric_limits<double>::quiet_NaN();  ///< latest trial
  double health_score = std::numeric_limits<double>::quiet_NaN();   ///< mean over the ladder's latest window
  double accuracy = std::numeric_limits<double>::quiet_NaN();       ///< so far, this run's labelled trials
  neuromorphic::AnswerSource last_source = neuromorphic::AnswerSource::kNone;
  std::uint64_t recent_errors = 0;  ///< failed column-trials over the last kRecentTrials trials
  std::uint64_t correct = 0, labelled = 0;
  std::array<std::uint64_t, 4> answers{};  ///< by AnswerSource
  std::array<std::uint64_t, neuromorphic::kLadderLevels> ladder_entered{};  ///< moves onto each rung
  std::array<std::uint64_t, neuromorphic::kSystemStates> system_entered{};
  std::uint64_t detections = 0;
  std::uint64_t faults_injected = 0, faults_cleared = 0;
  std::uint64_t events = 0;  ///< lines in the event log
  std::vector<ColumnStatus> columns;

  static constexpr std::size_t kRecentTrials = 100;

  /// Seconds since the start (until the end, once finished).
  [[nodiscard]] double wall_s(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const;
  [[nodiscard]] bool finished() const { return phase == RunPhase::kFinished || phase == RunPhase::kInterrupted; }
};

}  // namespace snnft::apps
