// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>

#include "snnft/columns/voting.hpp"

namespace snnft::neuromorphic {

/// What a column delivered in one trial, as the classifier will judge it.
struct ColumnTrialReport {
  columns::ColumnAnswer answer;    ///< the column's vote
  double extra_latency_ms = 0.0;   ///< delay on top of the classifier's own latency measure (a hang)
  bool deadline_exceeded = false;  ///< the column reports having missed its deadline
};

/// One column's work for one trial: presents the sample and returns the column's vote.
class ColumnWork {
 public:
  virtual columns::ColumnAnswer operator()() = 0;

 protected:
  ~ColumnWork() = default;
};

/// Interposes on each column's test trials: where whole-column faults act (crash: throw;
/// hang: report a missed deadline or extra latency; garbage: return a corrupted answer).
/// run() should call `work()` once; if it throws or never calls it, the column counts as
/// crashed. Called on the column's worker thread, so an implementation must only touch state
/// of the column it is called for. Trials are numbered from 0 in the order classify() is
/// called.
class ColumnTrialHook {
 public:
  virtual ~ColumnTrialHook() = default;
  virtual ColumnTrialReport run(std::size_t column, std::uint64_t trial, ColumnWork& work) = 0;
  /// Replay `replay` (from 0 within the trial) of a calibration sample that the classifier
  /// runs for trial `trial` before the trial's own sample (a probe of a suspect or half-open
  /// column). The same faults act on it as on the trial; a hook that draws random faults
  /// gives it draws of its own, so the trial's sample meets the same faults with or without
  /// replays before it.
  virtual ColumnTrialReport run_replay(std::size_t column, std::uint64_t trial, std::uint32_t /*replay*/,
                                       ColumnWork& work) {
    return run(column, trial, work);
  }
};

}  // namespace snnft::neuromorphic
