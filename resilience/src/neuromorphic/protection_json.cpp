// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protection_json.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace snnft::neuromorphic {

namespace {

std::uint32_t count(ObjectReader& r, const std::string& key, std::int64_t minimum, std::uint32_t fallback) {
  const std::int64_t v = r.integer_at_least(key, minimum, fallback);
  if (v > std::numeric_limits<std::uint32_t>::max()) r.fail(key, "expected an integer <= 4294967295");
  return static_cast<std::uint32_t>(v);
}

double positive_finite(ObjectReader& r, const std::string& key, double fallback) {
  const double v = r.positive(key, fallback);
  if (!std::isfinite(v)) r.fail(key, "expected a finite number");
  return v;
}

/// Re-raises a cross-field problem found by validate() ("field: message") at its JSON path.
template <class Check>
void checked(const ObjectReader& r, Check&& check) {
  try {
    check();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    const auto colon = what.find(": ");
    if (colon == std::string::npos) throw ConfigError(r.path(), what);
    throw ConfigError(r.path_of(what.substr(0, colon)), what.substr(colon + 2));
  }
}

void read_health(ObjectReader& r, HealthThresholds& h) {
  h.calibration_trials = count(r, "calibration_trials", 2, h.calibration_trials);
  h.timing_z = positive_finite(r, "timing_z", h.timing_z);
  h.timing_smoothing = r.in_range("timing_smoothing", 1e-6, 1.0, h.timing_smoothing);
  h.timing_z_clip = positive_finite(r, "timing_z_clip", h.timing_z_clip);
  h.relaxed_timing_factor = r.in_range("relaxed_timing_factor", 1.0, 1e6, h.relaxed_timing_factor);
  h.min_agreement = r.in_range("min_agreement", 0.0, 0.999, h.min_agreement);
  h.agreement_smoothing = r.in_range("agreement_smoothing", 1e-6, 1.0, h.agreement_smoothing);
  h.agreement_min_trials = count(r, "agreement_min_trials", 1, h.agreement_min_trials);
  h.saturation_factor = r.in_range("saturation_factor", 1.000001, 1e6, h.saturation_factor);
  h.rate_smoothing = r.in_range("rate_smoothing", 1e-6, 1.0, h.rate_smoothing);
  h.silence_trials = count(r, "silence_trials", 1, h.silence_trials);
  h.calibration_margin = r.in_range("calibration_margin", 1.0, 1e6, h.calibration_margin);
  h.state_check_interval_trials = count(r, "state_check_interval_trials", 1, h.state_check_interval_trials);
  h.weight_check_slices = count(r, "weight_check_slices", 1, h.weight_check_slices);
  h.deadline_percentile = r.in_range("deadline_percentile", 1e-6, 1.0, h.deadline_percentile);
  h.deadline_multiplier = positive_finite(r, "deadline_multiplier", h.deadline_multiplier);
  h.deadline_min_ms = positive_finite(r, "deadline_min_ms", h.deadline_min_ms);
  h.deadline_max_ms = positive_finite(r, "deadline_max_ms", h.deadline_max_ms);
  h.deadline_window = count(r, "deadline_window", 1, h.deadline_window);
  h.deadline_sample_trials = count(r, "deadline_sample_trials", 1, h.deadline_sample_trials);
  h.deadline_refresh_trials = count(r, "deadline_refresh_trials", 1, h.deadline_refresh_trials);
  r.finish();
  checked(r, [&] { validate(h); });
}

void read_column_breaker(ObjectReader& r, ColumnBreakerSettings& b) {
  b.consecutive_failures = count(r, "consecutive_failures", 0, b.consecutive_failures);
  b.failure_rate = r.in_range("failure_rate", 0.0, 1.0, b.failure_rate);
  b.window_trials = count(r, "window_trials", 1, b.window_trials);
  b.break_trials = count(r, "break_trials", 1, b.break_trials);
  b.backoff_multiplier = r.in_range("backoff_multiplier", 1.0, 1e6, b.backoff_multiplier);
  b.max_break_trials = count(r, "max_break_trials", 1, b.max_break_trials);
  b.backoff_memory_trials = count(r, "backoff_memory_trials", 0, b.backoff_memory_trials);
  b.probe_trials = count(r, "probe_trials", 1, b.probe_trials);
  r.finish();
  checked(r, [&] { validate(b); });
}

void read_ladder(ObjectReader& r, LadderConfig& l) {
  l.degrade_below = r.in_range("degrade_below", 0.0, 1.0, l.degrade_below);
  l.degrade_windows = count(r, "degrade_windows", 1, l.degrade_windows);
  l.recover_above = r.in_range("recover_above", 0.0, 1.0, l.recover_above);
  l.recover_windows = count(r, "recover_windows", 1, l.recover_windows);
  l.window_trials = count(r, "window_trials", 1, l.window_trials);
  l.half_open_windows = count(r, "half_open_windows", 0, l.half_open_windows);
  r.finish();
  checked(r, [&] { validate(l); });
}

}  // namespace

ProtectionConfig parse_protection_config(ObjectReader& r, const ProtectionConfig& base) {
  ProtectionConfig c = base;
  c.enabled = r.boolean("enabled", c.enabled);
  if (r.has("health")) {
    ObjectReader h = r.object("health");
    read_health(h, c.health);
  }
  if (r.has("column_breaker")) {
    ObjectReader b = r.object("column_breaker");
    read_column_breaker(b, c.column_breaker);
  }
  if (r.has("ladder")) {
    ObjectReader l = r.object("ladder");
    read_ladder(l, c.ladder);
  }
  c.quantization_bits = static_cast<int>(r.integer_at_least("quantization_bits", 1, c.quantization_bits));
  if (c.quantization_bits > 16) r.fail("quantization_bits", "expected an integer <= 16, got " + std::to_string(c.quantization_bits));
  c.checkpoint_interval_trials = count(r, "checkpoint_interval_trials", 1, c.checkpoint_interval_trials);
  c.emergency_probe_interval_trials = count(r, "emergency_probe_interval_trials", 1, c.emergency_probe_interval_trials);
  c.recovery_trials = count(r, "recovery_trials", 1, c.recovery_trials);
  c.probe_replays = count(r, "probe_replays", 0, c.probe_replays);
  c.probe_replay_mismatches = count(r, "probe_replay_mismatches", 0, c.probe_replay_mismatches);
  c.vouch_trials = count(r, "vouch_trials", 0, c.vouch_trials);
  c.restore_on_isolation = r.boolean("restore_on_isolation", c.restore_on_isolation);
  c.max_quarantined_fraction = r.in_range("max_quarantined_fraction", 0.0, 1.0, c.max_quarantined_fraction);
  c.hot_factor = r.in_range("hot_factor", 1.0, 1e6, c.hot_factor);
  if (r.has("probation")) {
    ObjectReader p = r.object("probation");
    c.probation.quarantine_trials = count(p, "quarantine_trials", 1, c.probation.quarantine_trials);
    c.probation.max_quarantine_trials = count(p, "max_quarantine_trials", 1, c.probation.max_quarantine_trials);
    c.probation.probation_trials = count(p, "probation_trials", 0, c.probation.probation_trials);
    if (c.probation.max_quarantine_trials < c.probation.quarantine_trials) {
      p.fail("max_quarantine_trials", "must be at least quarantine_trials");
    }
    p.finish();
  }
  const std::string latency = r.choice("latency", {"simulated", "wall_clock"},
                                       c.latency == LatencySource::kSimulated ? "simulated" : "wall_clock");
  c.latency = latency == "simulated" ? LatencySource::kSimulated : LatencySource::kWallClock;
  r.finish();
  checked(r, [&] { validate(c); });
  return c;
}

ProtectionConfig parse_protection_config(const nlohmann::json& value, const std::string& path,
                                         const ProtectionConfig& base) {
  ObjectReader r(value, path);
  return parse_protection_config(r, base);
}

}  // namespace snnft::neuromorphic
