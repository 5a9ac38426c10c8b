// SPDX-License-Identifier: MIT
// Calibration of ProtectedClassifier at training time: the Emergency classifier chosen by
// measured value, and the accuracy each rung is estimated to reach, which decides the rungs
// the ladder may stand on.
#include <algorithm>
#include <cmath>
#include <limits>

#include "protected_classifier_slot.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

void ProtectedClassifier::calibrate_rungs(const LabelledDataset& fit, const LabelledDataset& calibration,
                                          std::size_t health_samples) {
  if (!config_.enabled) return;
  fallback_.choose(fit, calibration);
  if (!checkpoints_taken_) checkpoint_now();

  const std::size_t n = calibration.size(), columns = slots_.size();
  const std::size_t health_n = health_samples == 0 ? n : std::min(health_samples, n);
  RungCalibration& c = calibration_;
  c.samples = n;
  c.columns = columns;
  c.labels = calibration.labels;
  c.features = calibration.features;
  c.feature_count = calibration.feature_count;
  c.answers.assign(n * columns, columns::ColumnAnswer{});
  std::vector<columns::ColumnAnswer> reduced(n * columns);
  processor_.for_each_column([&](std::size_t k) {
    Slot& s = *slots_[k];
    for (std::size_t i = 0; i < n; ++i) {
      const columns::ColumnResponse& r = s.column.present(calibration.row(i), 0.0);
      c.answers[i * columns + k] = s.column.vote();
      if (i >= health_n || r.refractory_violations != 0) continue;
      ColumnObservation o;
      o.ran = true;
      o.answer = c.answers[i * columns + k];
      o.first_spike_ms = r.spiked ? r.winner_time_ms : kInf;
      o.spikes = r.spikes;
      s.health->calibrate(o);
      s.healthy_most_spikes = std::max(s.healthy_most_spikes, r.most_own_spikes);
    }
    s.health->finish_calibration();
    s.hot_limit = hot_spike_limit(s.healthy_most_spikes, config_.hot_factor, s.most_spikes_possible);
    // The ReducedPrecision rung, measured as it would run: quantized, then undone exactly.
    quantize_column(k);
    for (std::size_t i = 0; i < n; ++i) {
      s.column.present(calibration.row(i), 0.0);
      reduced[i * columns + k] = s.column.vote();
    }
    s.quantizer.restore(input_weights(k));
    s.quantizer.drop();
  });

  c.column_accuracy.assign(columns, 0.0);
  for (std::size_t k = 0; k < columns; ++k) {
    std::size_t correct = 0;
    for (std::size_t i = 0; i < n; ++i) correct += c.answers[i * columns + k].predicted_class == c.labels[i];
    c.column_accuracy[k] = n > 0 ? static_cast<double>(correct) / static_cast<double>(n) : kNaN;
  }
  const std::vector<std::uint8_t> none(columns, 0);
  const int classes = processor_.class_count();
  c.reduced_answers = std::move(reduced);
  c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kNormal)] = c.vote_accuracy(none, rule_, classes);
  c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kReducedPrecision)] = c.vote_accuracy(none, rule_, classes, true);
  c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kSingleColumn)] = c.worst_column_accuracy(none);
  // StaticWeights answers like SingleColumn, from the healthy checkpoint: with the weights
  // frozen since calibration, the same estimate.
  c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kStaticWeights)] = c.worst_column_accuracy(none);
  c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kEmergency)] = fallback_.calibration_accuracy();

  // The answer audit: how often the healthy vote and the auditor disagree.
  const std::vector<int> winners = c.vote_winners(none, rule_, classes);
  std::size_t disagree = 0;
  for (std::size_t i = 0; i < n; ++i) disagree += winners[i] != fallback_.audit(calibration.row(i));
  audit_.calibrate(n > 0 ? static_cast<double>(disagree) / static_cast<double>(n) : 1.0,
                   c.rung_accuracy[static_cast<std::size_t>(LadderLevel::kNormal)], fallback_.auditor_accuracy(), classes);
  update_eligible_rungs();
}

RungAccuracy ProtectedClassifier::estimated_rung_accuracy() const {
  RungAccuracy a;
  a.fill(kNaN);
  if (!calibration_.measured()) return a;
  a = calibration_.rung_accuracy;
  // With columns isolated, Normal answers with the vote of the others, and a single column is
  // one of those.
  std::vector<std::uint8_t> isolated(slots_.size(), 0);
  bool any = false;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    isolated[k] = slots_[k]->isolated ? 1 : 0;
    any = any || slots_[k]->isolated;
  }
  // While the answer audit alarms or the replays show the vote changed, the spiking rungs'
  // estimates follow what they measure.
  const double scale = std::min(audit_scale_, replay_scale_);
  if (scale < 1.0) {
    for (std::size_t r = 0; r < static_cast<std::size_t>(LadderLevel::kEmergency); ++r) a[r] *= scale;
  }
  if (!any) return a;
  a[static_cast<std::size_t>(LadderLevel::kNormal)] =
      calibration_.vote_accuracy(isolated, rule_, processor_.class_count());
  a[static_cast<std::size_t>(LadderLevel::kReducedPrecision)] =
      calibration_.vote_accuracy(isolated, rule_, processor_.class_count(), true);
  const double single = calibration_.worst_column_accuracy(isolated);
  a[static_cast<std::size_t>(LadderLevel::kSingleColumn)] = single;
  a[static_cast<std::size_t>(LadderLevel::kStaticWeights)] = single;
  for (std::size_t r = 0; r < static_cast<std::size_t>(LadderLevel::kEmergency); ++r) a[r] *= scale;
  return a;
}

void ProtectedClassifier::update_eligible_rungs() {
  if (!calibration_.measured()) return;
  const LadderEligibility eligible = eligible_rungs(estimated_rung_accuracy());
  ladder_.set_eligible(eligible);
  std::size_t below = 0;
  for (std::size_t r = 1; r < kLadderLevels; ++r) below += eligible[r];
  const ColumnBreakerSettings& b = config_.column_breaker;
  const ClimbPace pace = climb_pace_for(config_.recovery_trials, config_.ladder.window_trials, b.max_break_trials,
                                        b.probe_trials, below, config_.ladder.half_open_windows);
  ladder_.set_climb_pace(pace.recover_windows, pace.half_open_windows, pace.most_recover_windows,
                         pace.backoff_memory_windows);
}

}  // namespace snnft::neuromorphic
