// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace snnft::neuromorphic {

/// Rungs of the degradation ladder, from full service down. Each one adds a protection to the
/// ones above it (see ProtectedClassifier for what each does to the computation).
enum class LadderLevel : std::uint8_t {
  kNormal = 0,            ///< full-precision weights, masked multi-column vote
  kReducedPrecision = 1,  ///< quantized input weights, relaxed timing tolerance
  kSingleColumn = 2,      ///< the most trusted column answers instead of the vote
  kStaticWeights = 3,     ///< learning frozen, weights from the last healthy checkpoint
  kEmergency = 4,         ///< no spiking network: a bounded-time non-spiking classifier answers
};
inline constexpr std::size_t kLadderLevels = 5;
/// "Normal", "ReducedPrecision", "SingleColumn", "StaticWeights", "Emergency".
std::string_view to_string(LadderLevel level);
std::optional<LadderLevel> parse_ladder_level(std::string_view name);

/// State of the system-level breaker. Closed: Normal and healthy. Degraded: running on a lower
/// rung. Open: on the Emergency rung (the spiking network is bypassed). HalfOpen: just stepped
/// up a rung, on trial — a bad window sends it straight back down.
enum class SystemState : std::uint8_t { kClosed = 0, kOpen = 1, kHalfOpen = 2, kDegraded = 3 };
inline constexpr std::size_t kSystemStates = 4;
/// "Closed", "Open", "HalfOpen", "Degraded".
std::string_view to_string(SystemState state);

/// Which rungs the ladder may stand on (indexed by LadderLevel); Normal always.
using LadderEligibility = std::array<bool, kLadderLevels>;
inline constexpr LadderEligibility kEveryRung = {true, true, true, true, true};

/// When the ladder moves. Windows are consecutive blocks of `window_trials` measured trials;
/// a window's rate is the mean system health over it.
struct LadderConfig {
  double degrade_below = 0.7;           ///< a window below this counts towards stepping down
  std::uint32_t degrade_windows = 2;    ///< ... this many in a row step down one rung
  double recover_above = 0.9;           ///< a window at or above this counts towards stepping up
  std::uint32_t recover_windows = 10;   ///< ... this many in a row step up one rung
  std::uint32_t window_trials = 4;
  std::uint32_t half_open_windows = 5;  ///< windows on trial after stepping up
};

/// Throws std::invalid_argument naming the first bad field (degrade_below must lie below
/// recover_above: the gap between them is the hysteresis).
void validate(const LadderConfig& config);

/// One move of the ladder or of the system state, with the rule that made it.
struct LadderTransition {
  LadderLevel from_level, to_level;
  SystemState from_state, to_state;
  std::string_view reason;  ///< static text
  double rate;              ///< the window rate that decided
};

/// The system-level breaker and its degradation ladder: a hysteresis state machine over
/// windowed health rates. It steps down one rung after `degrade_windows` bad windows in a
/// row and up one rung after `recover_windows` good ones in a row; every move clears both
/// streaks, so a rate hovering at either threshold cannot make it flap. Pure logic, no
/// allocation.
class DegradationLadder {
 public:
  explicit DegradationLadder(LadderConfig config = {});

  /// Adds one measured trial's system health (in [0, 1]); when it completes a window, applies
  /// the rules and returns the transition, if any.
  std::optional<LadderTransition> add_trial(double health);
  /// Applies the rules to one complete window's rate.
  std::optional<LadderTransition> add_window(double rate);

  /// Restricts automatic moves to these rungs: stepping down goes to the nearest eligible rung
  /// below (none: it stays), stepping up to the nearest eligible one above. Normal is always
  /// eligible. Default: every rung.
  void set_eligible(const LadderEligibility& eligible);
  [[nodiscard]] const LadderEligibility& eligible() const { return eligible_; }
  /// How fast it climbs: healthy windows in a row that step up one rung, and windows on trial
  /// after each step up (override config().recover_windows and half_open_windows). After a
  /// step up whose trial failed it waits longer (climb_windows in protection_policy.hpp), up
  /// to `most_recover_windows` (0: no back-off), until it has held Normal, closed, for
  /// `backoff_memory_windows` windows in a row.
  void set_climb_pace(std::uint32_t recover_windows, std::uint32_t half_open_windows,
                      std::uint32_t most_recover_windows = 0, std::uint32_t backoff_memory_windows = 0);
  /// Healthy windows in a row the next step up waits for.
  [[nodiscard]] std::uint32_t climb_wait() const;
  /// Step-ups whose trial failed, less those whose trial passed, since the ladder last held
  /// Normal for a lasting period.
  [[nodiscard]] std::uint32_t failed_climbs() const { return failed_climbs_; }

  /// Holds the ladder at `level` (e.g. to measure one rung); automatic moves stop until unpin().
  LadderTransition pin(LadderLevel level);
  void unpin() { pinned_ = false; }
  [[nodiscard]] bool pinned() const { return pinned_; }

  [[nodiscard]] LadderLevel level() const { return level_; }
  [[nodiscard]] SystemState state() const { return state_; }
  /// The lowest rung reached so far.
  [[nodiscard]] LadderLevel deepest() const { return deepest_; }
  [[nodiscard]] std::uint64_t windows() const { return windows_; }
  [[nodiscard]] std::uint64_t level_changes() const { return level_changes_; }
  [[nodiscard]] const LadderConfig& config() const { return config_; }
  /// Rate of the last complete window (NaN before the first).
  [[nodiscard]] double last_rate() const { return last_rate_; }

 private:
  LadderTransition move(LadderLevel to, SystemState state, std::string_view reason, double rate);
  [[nodiscard]] SystemState resting_state(LadderLevel level) const;
  [[nodiscard]] std::optional<LadderLevel> eligible_below(LadderLevel level) const;
  [[nodiscard]] std::optional<LadderLevel> eligible_above(LadderLevel level) const;

  LadderConfig config_;
  LadderLevel level_ = LadderLevel::kNormal;
  LadderLevel deepest_ = LadderLevel::kNormal;
  SystemState state_ = SystemState::kClosed;
  std::uint32_t below_streak_ = 0, above_streak_ = 0, half_open_left_ = 0;
  std::uint32_t failed_climbs_ = 0, closed_streak_ = 0;
  std::uint32_t most_recover_windows_ = 0, backoff_memory_windows_ = 0;
  double window_sum_ = 0.0;
  std::uint32_t window_count_ = 0;
  std::uint64_t windows_ = 0, level_changes_ = 0;
  double last_rate_;
  bool pinned_ = false;
  LadderEligibility eligible_ = kEveryRung;
};

}  // namespace snnft::neuromorphic
