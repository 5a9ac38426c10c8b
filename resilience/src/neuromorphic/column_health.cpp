// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/column_health.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "snnft/resilience/neuromorphic/state_checks.hpp"

namespace snnft::neuromorphic {

namespace {

/// A check's factor in the score: 1 up to half the threshold, 0.5 at the threshold, 0 at 1.5×.
double soft(double x, double threshold) {
  if (!(threshold > 0.0) || x <= 0.5 * threshold) return 1.0;  // the healthy case, without a division
  return std::clamp(1.0 - (x - 0.5 * threshold) / threshold, 0.0, 1.0);
}

breaker::Nanos nanos_of_ms(double ms) { return breaker::Nanos(static_cast<std::int64_t>(ms * 1e6 + 0.5)); }

breaker::AdaptiveTimeoutConfig deadline_config(const HealthThresholds& t) {
  breaker::AdaptiveTimeoutConfig c;
  c.window_samples = t.deadline_window;
  c.percentile = t.deadline_percentile;
  c.multiplier = t.deadline_multiplier;
  c.min_timeout = nanos_of_ms(t.deadline_min_ms);
  c.max_timeout = nanos_of_ms(t.deadline_max_ms);
  // Until enough latencies are known, only the generous upper bound applies.
  c.initial_timeout = c.max_timeout;
  c.min_samples = std::min<std::uint32_t>(8, t.deadline_window);
  return c;
}

}  // namespace

void validate(const HealthThresholds& t) {
  auto fail = [](const std::string& field, const std::string& problem) {
    throw std::invalid_argument(field + ": " + problem);
  };
  auto unit = [&](double v, const char* field) {
    if (!(v > 0.0 && v <= 1.0)) fail(field, "expected a number in (0, 1]");
  };
  if (t.calibration_trials < 2) fail("calibration_trials", "expected an integer >= 2");
  if (!(t.timing_z > 0.0) || !std::isfinite(t.timing_z)) fail("timing_z", "expected a positive number");
  unit(t.timing_smoothing, "timing_smoothing");
  if (!(t.timing_z_clip >= t.timing_z) || !std::isfinite(t.timing_z_clip)) fail("timing_z_clip", "expected a number >= timing_z");
  if (!(t.relaxed_timing_factor >= 1.0) || !std::isfinite(t.relaxed_timing_factor)) {
    fail("relaxed_timing_factor", "expected a number >= 1");
  }
  if (!(t.min_agreement >= 0.0 && t.min_agreement < 1.0)) fail("min_agreement", "expected a number in [0, 1)");
  unit(t.agreement_smoothing, "agreement_smoothing");
  if (t.agreement_min_trials < 1) fail("agreement_min_trials", "expected an integer >= 1");
  if (!(t.saturation_factor > 1.0) || !std::isfinite(t.saturation_factor)) fail("saturation_factor", "expected a number > 1");
  unit(t.rate_smoothing, "rate_smoothing");
  if (t.silence_trials < 1) fail("silence_trials", "expected an integer >= 1");
  if (!(t.calibration_margin >= 1.0) || !std::isfinite(t.calibration_margin)) fail("calibration_margin", "expected a number >= 1");
  if (t.state_check_interval_trials < 1) fail("state_check_interval_trials", "expected an integer >= 1");
  if (t.weight_check_slices < 1) fail("weight_check_slices", "expected an integer >= 1");
  if (t.deadline_sample_trials < 1) fail("deadline_sample_trials", "expected an integer >= 1");
  if (t.deadline_refresh_trials < 1) fail("deadline_refresh_trials", "expected an integer >= 1");
  if (!(t.deadline_min_ms > 0.0)) fail("deadline_min_ms", "expected a positive number");
  if (!(t.deadline_max_ms >= t.deadline_min_ms) || !std::isfinite(t.deadline_max_ms)) {
    fail("deadline_max_ms", "expected a finite number >= deadline_min_ms");
  }
  try {
    breaker::validate(deadline_config(t));
  } catch (const std::invalid_argument& e) {
    fail("deadline", e.what());
  }
}

ColumnHealthMonitor::ColumnHealthMonitor(const HealthThresholds& thresholds, int class_count, double trial_ms)
    : thresholds_((validate(thresholds), thresholds)),
      class_count_(class_count),
      trial_ms_(trial_ms),
      timing_limit_(thresholds.timing_z),
      saturation_limit_(thresholds.saturation_factor),
      silence_limit_(thresholds.silence_trials),
      timing_z_(thresholds.timing_smoothing),
      agreement_(thresholds.agreement_smoothing),
      spike_rate_(thresholds.rate_smoothing),
      trust_(0.1),
      until_sample_(thresholds.deadline_sample_trials),
      until_refresh_(thresholds.deadline_refresh_trials),
      deadline_ms_(thresholds.deadline_max_ms),
      deadline_(deadline_config(thresholds)) {
  // A column starts out trusted: early disagreements are judged against a healthy past.
  agreement_.settle(1.0);
  trust_.settle(1.0);
}

void ColumnHealthMonitor::calibrate(const ColumnObservation& o) {
  replay_first_spike_.push_back(static_cast<float>(first_spike_value(o)));
  replay_spikes_.push_back(o.spikes);
  learn_healthy(o);
}

void ColumnHealthMonitor::learn_healthy(const ColumnObservation& o) {
  if (!std::isfinite(o.first_spike_ms)) return;
  timing_.add(o.first_spike_ms);
  spikes_.add(static_cast<double>(o.spikes));
  if (calibrated()) {
    timing_z_.settle(0.0);
    spike_rate_.settle(spikes_.mean());
    timing_sd_ = std::max(timing_.stddev(), 0.01 * trial_ms_);
    spike_mean_ = std::max(spikes_.mean(), 1.0);
  }
}

void ColumnHealthMonitor::finish_calibration() {
  if (!calibrated()) return;
  const HealthThresholds& t = thresholds_;
  // The checks exactly as assess() runs them, on the healthy trials in their order.
  Ewma z(t.timing_smoothing), rate(t.rate_smoothing);
  z.settle(0.0);
  rate.settle(spike_mean_);
  double worst_z = 0.0, worst_ratio = 0.0;
  std::uint32_t silent = 0, worst_silent = 0;
  for (std::size_t i = 0; i < replay_first_spike_.size(); ++i) {
    z.add(std::clamp((replay_first_spike_[i] - timing_.mean()) / timing_sd_, -t.timing_z_clip, t.timing_z_clip));
    rate.add(static_cast<double>(replay_spikes_[i]));
    silent = replay_spikes_[i] == 0 ? silent + 1 : 0;
    worst_z = std::max(worst_z, std::abs(z.value()));
    worst_ratio = std::max(worst_ratio, rate.value() / spike_mean_);
    worst_silent = std::max(worst_silent, silent);
  }
  timing_limit_ = std::min(std::max(t.timing_z, t.calibration_margin * worst_z), t.timing_z_clip);
  saturation_limit_ = std::max(t.saturation_factor, t.calibration_margin * worst_ratio);
  silence_limit_ = std::max(t.silence_trials, static_cast<std::uint32_t>(std::ceil(t.calibration_margin * worst_silent)));
}

void ColumnHealthMonitor::restart() {
  timing_z_.restart();
  agreement_.restart();
  spike_rate_.restart();
  silent_trials_ = 0;
}

void ColumnHealthMonitor::refresh_deadline() {
  deadline_ms_ = static_cast<double>(deadline_.timeout().count()) * 1e-6;
  deadline_changed_ = false;
}

void ColumnHealthMonitor::record_latency(breaker::Nanos latency) {
  // With simulated latencies a healthy column reports the same value every trial. Once the
  // deadline's window holds nothing else, recording it again changes neither the window nor
  // the deadline, so the record (and its lock) and the next percentile are skipped.
  const std::uint32_t window = thresholds_.deadline_window;
  if (latency == last_latency_ && same_latency_run_ >= window) return;
  same_latency_run_ = latency == last_latency_ ? same_latency_run_ + 1 : 1;
  last_latency_ = latency;
  deadline_.record(latency);
  deadline_changed_ = true;
}

ColumnHealth ColumnHealthMonitor::assess(const ColumnObservation& o, int winner, bool relaxed) {
  const HealthThresholds& t = thresholds_;
  ColumnHealth h;
  h.latency_ms = o.latency_ms;
  h.deadline_ms = deadline_ms_;
  h.spikes = o.spikes;
  h.refractory_violations = o.refractory_violations;
  SignatureMask sig = 0;
  if (o.crashed) sig |= bit(FaultSignature::kCrash);
  if (o.non_finite) sig |= bit(FaultSignature::kNonFinite);
  if (!o.crashed && !answer_is_valid(o.answer, class_count_)) sig |= bit(FaultSignature::kInvalidAnswer);
  if (o.deadline_exceeded || o.latency_ms > deadline_ms_) sig |= bit(FaultSignature::kLatency);

  double score = 1.0;
  if (!o.crashed) {
    if (o.refractory_violations > 0) {
      sig |= bit(FaultSignature::kRefractoryViolation);
      score *= 0.5 / static_cast<double>(o.refractory_violations);
    }
    if (calibrated()) {
      // Silence only means something for a column that spiked while healthy.
      silent_trials_ = o.spikes == 0 ? silent_trials_ + 1 : 0;
      if (silent_trials_ >= silence_limit_) sig |= bit(FaultSignature::kSilence);
      score *= soft(static_cast<double>(silent_trials_), static_cast<double>(silence_limit_));

      const double z = std::clamp((first_spike_value(o) - timing_.mean()) / timing_sd_, -t.timing_z_clip, t.timing_z_clip);
      timing_z_.add(z);
      const double limit = timing_limit_ * (relaxed ? t.relaxed_timing_factor : 1.0);
      const double error = std::abs(timing_z_.value());
      if (error > limit) sig |= bit(FaultSignature::kTimingError);
      score *= soft(error, limit);

      spike_rate_.add(static_cast<double>(o.spikes));
      const double ratio = spike_rate_.value() / spike_mean_;
      if (ratio > saturation_limit_) sig |= bit(FaultSignature::kSaturation);
      score *= soft(ratio, saturation_limit_);
    } else if ((sig & kHardSignatures) == 0 && o.refractory_violations == 0) {
      learn_healthy(o);  // not kept for finish_calibration(): no allocation while testing
    }

    if (winner >= 0) {
      h.agreed = o.answer.predicted_class == winner;
      agreement_.add(h.agreed ? 1.0 : 0.0);
    }
    if (agreement_.count() >= t.agreement_min_trials) {
      if (agreement_.value() < t.min_agreement) sig |= bit(FaultSignature::kConsensus);
      score *= soft(1.0 - agreement_.value(), 1.0 - t.min_agreement);
    }
  }
  if ((sig & kHardSignatures) != 0) score = 0.0;
  if ((sig & kHardSignatures) == 0) {
    // Sampling the latencies keeps the deadline's lock off most trials.
    // Countdowns rather than a modulo of a trial count: two integer divisions per column and
    // trial are a measurable part of the healthy trial's bookkeeping.
    if (--until_sample_ == 0) {
      until_sample_ = t.deadline_sample_trials;
      record_latency(nanos_of_ms(o.latency_ms));
    }
    if (--until_refresh_ == 0) {
      until_refresh_ = t.deadline_refresh_trials;
      if (deadline_changed_) refresh_deadline();
    }
  }
  trust_.add(score);
  h.signatures = sig;
  h.score = score;
  h.timing_error = timing_z_.value();
  h.agreement = agreement_.value();
  return h;
}

}  // namespace snnft::neuromorphic
