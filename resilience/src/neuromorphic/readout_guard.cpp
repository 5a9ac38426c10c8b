// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/readout_guard.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace snnft::neuromorphic {
namespace {

/// True if every value is finite: x − x is 0 for a finite x and NaN for NaN or ±Inf. Eight
/// independent lanes let the compiler vectorise the loop without reassociating a sum (as
/// state_checks' all_finite does for floats): a grown digits readout has about 1100 weights,
/// scanned every trial.
bool all_finite(const double* values, Eigen::Index n) {
  constexpr Eigen::Index kLanes = 8;
  double lane[kLanes] = {};
  Eigen::Index i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (Eigen::Index l = 0; l < kLanes; ++l) lane[l] += values[i + l] - values[i + l];
  }
  for (; i < n; ++i) lane[0] += values[i] - values[i];
  double sum = 0.0;
  for (double x : lane) sum += x;
  return sum == 0.0;
}

/// P(X >= k) for X ~ Binomial(n, p), 0 < p < 1: the pmf summed from k up, each term from the
/// one before (no allocation, no factorials).
double binomial_tail(std::uint64_t n, std::uint64_t k, double p) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  // pmf(k) = C(n, k) p^k (1-p)^(n-k), in logs to stay finite for large n.
  const auto dn = static_cast<double>(n), dk = static_cast<double>(k);
  double pmf = std::exp(std::lgamma(dn + 1.0) - std::lgamma(dk + 1.0) - std::lgamma(dn - dk + 1.0) +
                        dk * std::log(p) + (dn - dk) * std::log1p(-p));
  double tail = 0.0;
  for (std::uint64_t i = k; i <= n && pmf > 0.0; ++i) {
    tail += pmf;
    pmf *= static_cast<double>(n - i) / static_cast<double>(i + 1) * p / (1.0 - p);
  }
  return std::min(tail, 1.0);
}

}  // namespace

std::string_view to_string(GrowthFault fault) {
  switch (fault) {
    case GrowthFault::kNone: return "none";
    case GrowthFault::kNonFinite: return "NaN/Inf in readout weights";
    case GrowthFault::kRisingError: return "readout error rising";
    case GrowthFault::kRunawayGrowth: return "recruitment beyond the budget";
  }
  return "unknown";
}

ReadoutGuard::ReadoutGuard(columns::ReadoutControl& readout, const GrowthLimits& limits)
    : readout_(readout), limits_(limits) {}

void ReadoutGuard::start() {
  const columns::GrowthStatus& st = readout_.status();
  started_ = true;
  healthy_ = readout_.checkpoint();
  checked_changes_ = st.changes;
  checked_online_units_ = st.online_units;
  checked_steps_ = st.growth_steps;
  window_start_taught_ = st.taught;
  window_start_error_ = st.taught_error_sum;
  window_start_wrong_ = st.taught_wrong;
}

GrowthFault ReadoutGuard::inspect(std::uint64_t trial) {
  if (!started_) start();
  const columns::GrowthStatus& st = readout_.status();
  fault_ = GrowthFault::kNone;
  // One unit per growth step at most: anything faster is not the learner's doing.
  const std::uint64_t steps = st.growth_steps - checked_steps_;
  const bool runaway = st.hidden_units > readout_.unit_budget() ||
                       (st.online_units > checked_online_units_ && st.online_units - checked_online_units_ > steps);
  const std::span<const double> outputs = readout_.last_outputs();
  if (!all_finite(outputs.data(), static_cast<Eigen::Index>(outputs.size())) ||
      !weights_finite(st.changes != checked_changes_)) {
    fault_ = GrowthFault::kNonFinite;
  } else if (runaway) {
    fault_ = GrowthFault::kRunawayGrowth;
  } else if (error_rising()) {
    fault_ = GrowthFault::kRisingError;
  }
  checked_online_units_ = st.online_units;
  checked_steps_ = st.growth_steps;
  if (fault_ == GrowthFault::kNone && st.changes != checked_changes_) healthy_ = readout_.checkpoint();
  checked_changes_ = st.changes;
  // Growth frozen by faults resumes once they have stayed away for the strike memory.
  if (fault_ == GrowthFault::kNone && frozen_by_faults_ && trial - last_strike_trial_ > limits_.strike_memory_trials) {
    frozen_by_faults_ = false;
    strikes_ = 0;
    apply_freeze();
  }
  return fault_;
}

bool ReadoutGuard::weights_finite(bool whole) {
  const cascor::CascorNetwork& network = readout_.network();
  const Eigen::MatrixXd& out = network.output_weights();
  const std::size_t hidden = network.hidden_count();
  if (whole) {
    if (!all_finite(out.data(), out.size())) return false;
    for (std::size_t k = 0; k < hidden; ++k) {
      if (!all_finite(network.hidden_weights(k).data(), network.hidden_weights(k).size())) return false;
    }
    return true;
  }
  if (scan_ >= kWeightSlices + hidden) scan_ = 0;
  const std::size_t part = scan_++;
  if (part >= kWeightSlices) {
    const Eigen::VectorXd& w = network.hidden_weights(part - kWeightSlices);
    return all_finite(w.data(), w.size());
  }
  const auto n = static_cast<std::size_t>(out.size());
  const std::size_t begin = n * part / kWeightSlices, end = n * (part + 1) / kWeightSlices;
  return all_finite(out.data() + begin, static_cast<Eigen::Index>(end - begin));
}

bool ReadoutGuard::error_rising() {
  const columns::GrowthStatus& st = readout_.status();
  const std::uint64_t taught = st.taught - window_start_taught_;
  if (taught < limits_.error_window) return false;
  const double sum = st.taught_error_sum - window_start_error_;
  const std::uint64_t wrong = st.taught_wrong - window_start_wrong_;
  const double mean = sum / static_cast<double>(taught);
  bool risen = baseline_taught_ > 0 &&
               mean > limits_.error_rise_factor * baseline_error_ / static_cast<double>(baseline_taught_);
  if (risen) {
    // The earlier rate with one imagined miss and one imagined hit (Laplace's rule): a readout
    // that has not missed yet is not taken to be unable to.
    const double rate = (static_cast<double>(baseline_wrong_) + 1.0) / (static_cast<double>(baseline_taught_) + 2.0);
    risen = binomial_tail(taught, wrong, rate) < limits_.rise_significance;
  }
  baseline_taught_ += taught;
  baseline_error_ += sum;
  baseline_wrong_ += wrong;
  window_start_taught_ = st.taught;
  window_start_error_ = st.taught_error_sum;
  window_start_wrong_ = st.taught_wrong;
  rising_ = risen ? rising_ + 1 : 0;
  if (rising_ < limits_.rising_windows) return false;
  rising_ = 0;  // judged afresh after the response
  return true;
}

GrowthResponse ReadoutGuard::respond(std::uint64_t trial) {
  if (strikes_ > 0 && trial - last_strike_trial_ > limits_.strike_memory_trials) strikes_ = 0;
  ++strikes_;
  last_strike_trial_ = trial;
  rollback();
  if (strikes_ == 1) return GrowthResponse::kRollback;
  if (strikes_ == 2) {
    frozen_by_faults_ = true;
    apply_freeze();
    return GrowthResponse::kFreeze;
  }
  return GrowthResponse::kIsolate;
}

void ReadoutGuard::rollback() {
  if (!started_) return;  // nothing judged healthy yet
  readout_.restore(healthy_);
  checked_changes_ = readout_.status().changes;
  checked_online_units_ = readout_.status().online_units;
}

void ReadoutGuard::hold(bool frozen) {
  held_ = frozen;
  apply_freeze();
}

void ReadoutGuard::readmitted() {
  strikes_ = 0;
  frozen_by_faults_ = false;
  apply_freeze();
}

void ReadoutGuard::apply_freeze() { readout_.freeze_growth(held_ || frozen_by_faults_); }

}  // namespace snnft::neuromorphic
