// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protection_policy.hpp"

#include <algorithm>
#include <cmath>

namespace snnft::neuromorphic {

ReplayVerdict replay_verdict(std::uint32_t mismatches, std::uint32_t allowed, const ReplayWindow& window,
                             double peers_rate) {
  if (mismatches <= allowed) return ReplayVerdict::kOwn;
  const double n = static_cast<double>(window.replays());
  const double p = std::clamp(peers_rate, 0.0, 1.0);
  const double expected = n * p;
  const double spread = std::sqrt(n * p * (1.0 - p));
  return static_cast<double>(window.mismatches()) > expected + static_cast<double>(allowed) + kReplayPeerMarginSd * spread
             ? ReplayVerdict::kChanged
             : ReplayVerdict::kChangedWithPeers;
}

double median_rate(std::span<double> rates) {
  const std::size_t n = rates.size();
  if (n == 0) return 0.0;
  const auto mid = rates.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(rates.begin(), mid, rates.end());
  if (n % 2 == 1) return *mid;
  return 0.5 * (*std::max_element(rates.begin(), mid) + *mid);
}

LadderEligibility eligible_rungs(const RungAccuracy& accuracy) {
  LadderEligibility eligible{};
  eligible[0] = true;
  double replaced = accuracy[0];
  for (std::size_t r = 1; r < kLadderLevels; ++r) {
    // A rung without an estimate (NaN: nothing to answer with) is never eligible.
    eligible[r] = std::isfinite(accuracy[r]) && accuracy[r] >= replaced;
    if (eligible[r]) replaced = accuracy[r];
  }
  return eligible;
}

ClimbPace climb_pace_for(std::uint32_t recovery_trials, std::uint32_t window_trials, std::uint32_t longest_break_trials,
                         std::uint32_t probe_trials, std::size_t rungs_to_climb, std::uint32_t wanted_half_open) {
  if (rungs_to_climb == 0 || window_trials == 0) return {1, wanted_half_open, 1, 0};
  // The first healthy window can only start once a column is readmitted (after its break and
  // probes), and the first window is partly spent: leave room for both.
  const std::int64_t left = static_cast<std::int64_t>(recovery_trials) - longest_break_trials - probe_trials -
                            static_cast<std::int64_t>(window_trials);
  const std::int64_t per_rung = std::max<std::int64_t>(1, left / static_cast<std::int64_t>(rungs_to_climb * window_trials));
  ClimbPace pace;
  pace.half_open_windows = static_cast<std::uint32_t>(std::min<std::int64_t>(wanted_half_open, per_rung - 1));
  pace.recover_windows = static_cast<std::uint32_t>(std::max<std::int64_t>(1, per_rung - pace.half_open_windows));
  const std::int64_t whole = (static_cast<std::int64_t>(recovery_trials) - 2 * static_cast<std::int64_t>(window_trials)) /
                             static_cast<std::int64_t>(rungs_to_climb * window_trials);
  pace.most_recover_windows = static_cast<std::uint32_t>(
      std::max<std::int64_t>(pace.recover_windows, whole - static_cast<std::int64_t>(pace.half_open_windows)));
  pace.backoff_memory_windows = recovery_trials / window_trials;
  return pace;
}

}  // namespace snnft::neuromorphic
