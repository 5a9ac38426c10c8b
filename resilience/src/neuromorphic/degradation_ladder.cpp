// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/degradation_ladder.hpp"

#include "snnft/resilience/neuromorphic/protection_policy.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

namespace {
constexpr std::array<std::string_view, kLadderLevels> kLevelNames = {"Normal", "ReducedPrecision", "SingleColumn",
                                                                     "StaticWeights", "Emergency"};
constexpr std::array<std::string_view, kSystemStates> kStateNames = {"Closed", "Open", "HalfOpen", "Degraded"};
}  // namespace

std::string_view to_string(LadderLevel level) {
  const auto i = static_cast<std::size_t>(level);
  return i < kLevelNames.size() ? kLevelNames[i] : "unknown";
}

std::optional<LadderLevel> parse_ladder_level(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LadderLevel>(i);
  }
  return std::nullopt;
}

std::string_view to_string(SystemState state) {
  const auto i = static_cast<std::size_t>(state);
  return i < kStateNames.size() ? kStateNames[i] : "unknown";
}

void validate(const LadderConfig& c) {
  auto fail = [](const std::string& field, const std::string& problem) {
    throw std::invalid_argument(field + ": " + problem);
  };
  if (!(c.degrade_below > 0.0 && c.degrade_below < 1.0)) fail("degrade_below", "expected a number in (0, 1)");
  if (!(c.recover_above > c.degrade_below && c.recover_above <= 1.0)) {
    fail("recover_above", "expected a number in (degrade_below, 1]");
  }
  if (c.degrade_windows < 1) fail("degrade_windows", "expected an integer >= 1");
  if (c.recover_windows < 1) fail("recover_windows", "expected an integer >= 1");
  if (c.window_trials < 1) fail("window_trials", "expected an integer >= 1");
}

DegradationLadder::DegradationLadder(LadderConfig config)
    : config_((validate(config), config)), last_rate_(std::numeric_limits<double>::quiet_NaN()) {}

SystemState DegradationLadder::resting_state(LadderLevel level) const {
  if (level == LadderLevel::kNormal) return SystemState::kClosed;
  return level == LadderLevel::kEmergency ? SystemState::kOpen : SystemState::kDegraded;
}

LadderTransition DegradationLadder::move(LadderLevel to, SystemState state, std::string_view reason, double rate) {
  const LadderTransition t{level_, to, state_, state, reason, rate};
  if (to != level_) ++level_changes_;
  level_ = to;
  state_ = state;
  if (static_cast<int>(to) > static_cast<int>(deepest_)) deepest_ = to;
  below_streak_ = above_streak_ = 0;
  return t;
}

void DegradationLadder::set_eligible(const LadderEligibility& eligible) {
  eligible_ = eligible;
  eligible_[static_cast<std::size_t>(LadderLevel::kNormal)] = true;
}

void DegradationLadder::set_climb_pace(std::uint32_t recover_windows, std::uint32_t half_open_windows,
                                       std::uint32_t most_recover_windows, std::uint32_t backoff_memory_windows) {
  if (recover_windows < 1) throw std::invalid_argument("recover_windows: expected an integer >= 1");
  config_.recover_windows = recover_windows;
  config_.half_open_windows = half_open_windows;
  most_recover_windows_ = most_recover_windows;
  backoff_memory_windows_ = backoff_memory_windows;
}

std::uint32_t DegradationLadder::climb_wait() const {
  return climb_windows(config_.recover_windows, failed_climbs_, most_recover_windows_);
}

std::optional<LadderLevel> DegradationLadder::eligible_below(LadderLevel level) const {
  for (auto i = static_cast<std::size_t>(level) + 1; i < kLadderLevels; ++i) {
    if (eligible_[i]) return static_cast<LadderLevel>(i);
  }
  return std::nullopt;
}

std::optional<LadderLevel> DegradationLadder::eligible_above(LadderLevel level) const {
  for (auto i = static_cast<std::size_t>(level); i-- > 0;) {
    if (eligible_[i]) return static_cast<LadderLevel>(i);
  }
  return std::nullopt;
}

std::optional<LadderTransition> DegradationLadder::add_trial(double health) {
  window_sum_ += health;
  if (++window_count_ < config_.window_trials) return std::nullopt;
  const double rate = window_sum_ / static_cast<double>(window_count_);
  window_sum_ = 0.0;
  window_count_ = 0;
  return add_window(rate);
}

std::optional<LadderTransition> DegradationLadder::add_window(double rate) {
  ++windows_;
  last_rate_ = rate;
  if (pinned_) return std::nullopt;
  const std::optional<LadderLevel> deeper = eligible_below(level_);
  if (state_ == SystemState::kHalfOpen) {
    if (rate < config_.degrade_below && deeper) {
      if (failed_climbs_ < 32) ++failed_climbs_;
      return move(*deeper, resting_state(*deeper), "trial window after stepping up was unhealthy", rate);
    }
  }
  // A lasting period closed at Normal forgets the failed climbs.
  closed_streak_ = state_ == SystemState::kClosed ? closed_streak_ + 1 : 0;
  if (backoff_memory_windows_ > 0 && closed_streak_ >= backoff_memory_windows_) failed_climbs_ = 0;
  below_streak_ = rate < config_.degrade_below ? below_streak_ + 1 : 0;
  above_streak_ = rate >= config_.recover_above ? above_streak_ + 1 : 0;
  if (state_ == SystemState::kHalfOpen && --half_open_left_ == 0) {
    // The trial period passed: one failed climb fewer to wait for, and the recovery streak
    // goes on.
    if (failed_climbs_ > 0) --failed_climbs_;
    const std::uint32_t above = above_streak_;
    const LadderTransition t = move(level_, resting_state(level_), "trial period passed", rate);
    above_streak_ = above;
    return t;
  }
  if (below_streak_ >= config_.degrade_windows && deeper) {
    return move(*deeper, resting_state(*deeper), "health below the degrade threshold", rate);
  }
  const std::optional<LadderLevel> higher = eligible_above(level_);
  if (above_streak_ >= climb_wait() && higher && state_ != SystemState::kHalfOpen) {
    half_open_left_ = config_.half_open_windows;
    return move(*higher, half_open_left_ > 0 ? SystemState::kHalfOpen : resting_state(*higher),
                "health above the recover threshold", rate);
  }
  return std::nullopt;
}

LadderTransition DegradationLadder::pin(LadderLevel level) {
  pinned_ = true;
  return move(level, resting_state(level), "pinned", last_rate_);
}

}  // namespace snnft::neuromorphic
