// SPDX-License-Identifier: MIT
// The degradation ladder against scripted window rates: when it steps, by how much, and that
// rates hovering at a threshold never make it flap.
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <vector>

#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"

namespace snnft::neuromorphic {
namespace {

/// Feeds `rate` for `n` windows; returns the 1-based windows (within this call) that moved.
std::vector<int> feed(DegradationLadder& ladder, double rate, int n, std::vector<LadderTransition>* moves = nullptr) {
  std::vector<int> at;
  for (int i = 1; i <= n; ++i) {
    if (const auto t = ladder.add_window(rate)) {
      at.push_back(i);
      if (moves != nullptr) moves->push_back(*t);
    }
  }
  return at;
}

TEST(DegradationLadder, NamesAreTheIssueNames) {
  EXPECT_EQ(to_string(LadderLevel::kNormal), "Normal");
  EXPECT_EQ(to_string(LadderLevel::kReducedPrecision), "ReducedPrecision");
  EXPECT_EQ(to_string(LadderLevel::kSingleColumn), "SingleColumn");
  EXPECT_EQ(to_string(LadderLevel::kStaticWeights), "StaticWeights");
  EXPECT_EQ(to_string(LadderLevel::kEmergency), "Emergency");
  EXPECT_EQ(to_string(SystemState::kClosed), "Closed");
  EXPECT_EQ(to_string(SystemState::kOpen), "Open");
  EXPECT_EQ(to_string(SystemState::kHalfOpen), "HalfOpen");
  EXPECT_EQ(to_string(SystemState::kDegraded), "Degraded");
  for (std::size_t i = 0; i < kLadderLevels; ++i) {
    const auto level = static_cast<LadderLevel>(i);
    EXPECT_EQ(parse_ladder_level(to_string(level)), level);
  }
  EXPECT_FALSE(parse_ladder_level("normal").has_value());
}

// Defaults: below 0.7 for 2 windows in a row steps down one rung; the streak restarts after
// every step, so the four rungs take exactly 2 windows each.
TEST(DegradationLadder, StepsDownOneRungPerTwoBadWindows) {
  DegradationLadder ladder;
  std::vector<LadderTransition> moves;
  EXPECT_EQ(feed(ladder, 0.5, 10, &moves), (std::vector<int>{2, 4, 6, 8}));
  ASSERT_EQ(moves.size(), 4u);
  EXPECT_EQ(moves[0].from_level, LadderLevel::kNormal);
  EXPECT_EQ(moves[0].to_level, LadderLevel::kReducedPrecision);
  EXPECT_EQ(moves[0].from_state, SystemState::kClosed);
  EXPECT_EQ(moves[0].to_state, SystemState::kDegraded);
  EXPECT_EQ(moves[1].to_level, LadderLevel::kSingleColumn);
  EXPECT_EQ(moves[2].to_level, LadderLevel::kStaticWeights);
  EXPECT_EQ(moves[3].to_level, LadderLevel::kEmergency);
  EXPECT_EQ(moves[3].to_state, SystemState::kOpen);
  EXPECT_EQ(ladder.level(), LadderLevel::kEmergency);
  EXPECT_EQ(ladder.deepest(), LadderLevel::kEmergency);
  EXPECT_DOUBLE_EQ(moves[0].rate, 0.5);
}

// At or above 0.9 for 10 windows in a row steps up one rung into HalfOpen; the trial lasts 5
// windows, after which the state settles (Degraded, or Closed on Normal). From Emergency,
// back to Normal takes 4 × 10 windows and Closed follows 5 windows later.
TEST(DegradationLadder, StepsBackUpOneRungAtATimeToNormal) {
  DegradationLadder ladder;
  feed(ladder, 0.0, 20);
  ASSERT_EQ(ladder.level(), LadderLevel::kEmergency);
  std::vector<LadderTransition> moves;
  EXPECT_EQ(feed(ladder, 0.95, 50, &moves), (std::vector<int>{10, 15, 20, 25, 30, 35, 40, 45}));
  const std::vector<std::pair<LadderLevel, SystemState>> expected = {
      {LadderLevel::kStaticWeights, SystemState::kHalfOpen},    {LadderLevel::kStaticWeights, SystemState::kDegraded},
      {LadderLevel::kSingleColumn, SystemState::kHalfOpen},     {LadderLevel::kSingleColumn, SystemState::kDegraded},
      {LadderLevel::kReducedPrecision, SystemState::kHalfOpen}, {LadderLevel::kReducedPrecision, SystemState::kDegraded},
      {LadderLevel::kNormal, SystemState::kHalfOpen},           {LadderLevel::kNormal, SystemState::kClosed}};
  ASSERT_EQ(moves.size(), expected.size());
  for (std::size_t i = 0; i < moves.size(); ++i) {
    EXPECT_EQ(moves[i].to_level, expected[i].first) << i;
    EXPECT_EQ(moves[i].to_state, expected[i].second) << i;
    // Never more than one rung per move.
    EXPECT_LE(std::abs(static_cast<int>(moves[i].to_level) - static_cast<int>(moves[i].from_level)), 1);
  }
  EXPECT_EQ(ladder.deepest(), LadderLevel::kEmergency) << "the deepest rung is remembered";
}

TEST(DegradationLadder, RatesJustEitherSideOfTheDegradeThresholdNeverFlap) {
  DegradationLadder ladder;
  for (int i = 0; i < 200; ++i) {
    EXPECT_FALSE(ladder.add_window(i % 2 == 0 ? 0.69 : 0.71).has_value()) << i;
  }
  // One bad window, then one fine one: the streak starts over every time.
  for (int i = 0; i < 200; ++i) {
    EXPECT_FALSE(ladder.add_window(i % 2 == 1 ? 0.71 : 0.69).has_value()) << i;
  }
  EXPECT_EQ(ladder.level(), LadderLevel::kNormal);
  EXPECT_EQ(ladder.level_changes(), 0u);
}

TEST(DegradationLadder, RatesJustEitherSideOfTheRecoverThresholdNeverStepUp) {
  DegradationLadder ladder;
  feed(ladder, 0.5, 2);
  ASSERT_EQ(ladder.level(), LadderLevel::kReducedPrecision);
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(ladder.add_window(i % 2 == 0 ? 0.89 : 0.91).has_value()) << i;
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(ladder.add_window(i % 10 == 0 ? 0.89 : 0.91).has_value()) << i;
  EXPECT_EQ(ladder.level(), LadderLevel::kReducedPrecision);
}

TEST(DegradationLadder, RatesBetweenTheThresholdsHoldAnyRung) {
  for (int down = 0; down <= 4; ++down) {
    DegradationLadder ladder;
    feed(ladder, 0.1, 5 * down);
    const LadderLevel level = ladder.level();
    EXPECT_TRUE(feed(ladder, 0.8, 500).empty()) << down;
    EXPECT_EQ(ladder.level(), level);
  }
}

// A rung that was just re-entered is on trial: one window below the degrade threshold sends it
// straight back down (a failed half-open probe of the whole system).
TEST(DegradationLadder, BadWindowDuringHalfOpenStepsStraightBack) {
  DegradationLadder ladder;
  feed(ladder, 0.5, 2);
  feed(ladder, 1.0, 10);
  ASSERT_EQ(ladder.level(), LadderLevel::kNormal);
  ASSERT_EQ(ladder.state(), SystemState::kHalfOpen);
  const auto back = ladder.add_window(0.6);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->to_level, LadderLevel::kReducedPrecision);
  EXPECT_EQ(back->to_state, SystemState::kDegraded);
  // Recovery then needs a full new streak of 10 good windows.
  EXPECT_EQ(feed(ladder, 1.0, 10), (std::vector<int>{10}));
  EXPECT_EQ(ladder.state(), SystemState::kHalfOpen);
  // A window between the thresholds does not fail the trial.
  EXPECT_FALSE(ladder.add_window(0.75).has_value());
  EXPECT_EQ(ladder.level(), LadderLevel::kNormal);
}

// A fault that worsens and then clears: the ladder goes down to Emergency and back to Normal,
// and every move is one rung.
TEST(DegradationLadder, WorseningThenClearingFaultGoesDownAndBackUp) {
  DegradationLadder ladder;
  std::vector<LadderTransition> moves;
  feed(ladder, 0.95, 30, &moves);
  feed(ladder, 0.65, 10, &moves);
  feed(ladder, 0.3, 10, &moves);
  feed(ladder, 0.05, 10, &moves);
  EXPECT_EQ(ladder.level(), LadderLevel::kEmergency);
  feed(ladder, 0.8, 10, &moves);
  feed(ladder, 1.0, 60, &moves);
  EXPECT_EQ(ladder.level(), LadderLevel::kNormal);
  EXPECT_EQ(ladder.state(), SystemState::kClosed);
  int level = 0, lowest = 0;
  for (const auto& m : moves) {
    EXPECT_EQ(static_cast<int>(m.from_level), level);
    level = static_cast<int>(m.to_level);
    lowest = std::max(lowest, level);
  }
  EXPECT_EQ(lowest, 4);
  EXPECT_EQ(ladder.level_changes(), 8u);
}

TEST(DegradationLadder, TrialsAreAveragedOverWindows) {
  LadderConfig c;
  c.window_trials = 4;
  c.degrade_windows = 1;
  DegradationLadder ladder(c);
  // Window 1: mean 0.75 (no move). Window 2: mean 0.625 (< 0.7: down).
  for (double h : {1.0, 0.5, 1.0, 0.5}) EXPECT_FALSE(ladder.add_trial(h).has_value());
  EXPECT_DOUBLE_EQ(ladder.last_rate(), 0.75);
  EXPECT_FALSE(ladder.add_trial(0.5).has_value());
  EXPECT_FALSE(ladder.add_trial(1.0).has_value());
  EXPECT_FALSE(ladder.add_trial(0.5).has_value());
  const auto t = ladder.add_trial(0.5);
  ASSERT_TRUE(t.has_value());
  EXPECT_DOUBLE_EQ(t->rate, 0.625);
  EXPECT_EQ(ladder.windows(), 2u);
}

TEST(DegradationLadder, ConfigurableThresholdsAndWindows) {
  LadderConfig c;
  c.degrade_below = 0.5;
  c.degrade_windows = 2;
  c.recover_above = 0.6;
  c.recover_windows = 3;
  c.half_open_windows = 0;
  DegradationLadder ladder(c);
  EXPECT_EQ(feed(ladder, 0.55, 10), std::vector<int>{});
  EXPECT_EQ(feed(ladder, 0.4, 2), (std::vector<int>{2}));
  std::vector<LadderTransition> moves;
  EXPECT_EQ(feed(ladder, 0.6, 3, &moves), (std::vector<int>{3}));
  EXPECT_EQ(moves[0].to_state, SystemState::kClosed) << "no trial period when half_open_windows is 0";
}

TEST(DegradationLadder, PinHoldsARung) {
  DegradationLadder ladder;
  const auto t = ladder.pin(LadderLevel::kSingleColumn);
  EXPECT_EQ(t.to_level, LadderLevel::kSingleColumn);
  EXPECT_TRUE(feed(ladder, 0.0, 50).empty());
  EXPECT_TRUE(feed(ladder, 1.0, 50).empty());
  EXPECT_EQ(ladder.level(), LadderLevel::kSingleColumn);
  ladder.unpin();
  EXPECT_EQ(feed(ladder, 1.0, 10), (std::vector<int>{10}));
}

TEST(DegradationLadder, RejectsThresholdsWithoutHysteresis) {
  LadderConfig c;
  c.degrade_below = 0.9;
  c.recover_above = 0.9;
  EXPECT_THROW(DegradationLadder{c}, std::invalid_argument);
  c = LadderConfig{};
  c.window_trials = 0;
  EXPECT_THROW(DegradationLadder{c}, std::invalid_argument);
}

}  // namespace
}  // namespace snnft::neuromorphic
