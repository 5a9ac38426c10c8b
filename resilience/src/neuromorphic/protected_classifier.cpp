// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "cache_prefetch.hpp"
#include "protected_classifier_slot.hpp"
#include "snnft/resilience/neuromorphic/state_checks.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::size_t input_projection(const columns::CorticalColumn& column) {
  const auto p = column.network().find_projection("input_to_exc");
  if (!p) throw std::logic_error("column has no input_to_exc projection");
  return *p;
}
}  // namespace

ProtectedClassifier::Slot::Slot(columns::CorticalColumn& col, const ProtectionConfig& config, int class_count)
    : column(col),
      health(std::make_unique<ColumnHealthMonitor>(config.health, class_count, col.params().trial_ms)),
      v(col.control().neuron_variable(col.excitatory(), "v")),
      v_th(col.control().neuron_variable(col.excitatory(), "v_th")),
      projection(input_projection(col)),
      quantizer(config.quantization_bits),
      probation(col.params().neurons, config.probation),
      hot_limit(std::numeric_limits<std::uint32_t>::max()),
      most_spikes_possible(most_own_spikes_possible(
          static_cast<std::uint64_t>(std::llround(col.params().trial_ms / col.params().dt_ms)),
          static_cast<std::uint64_t>(std::llround(col.params().t_ref_ms / col.params().dt_ms)))),
      learning_wanted(col.learning_enabled()) {
  released.reserve(col.params().neurons);
  replay_answers.resize(config.probe_replays);
  if (columns::ReadoutControl* r = col.readout_control()) readout_guard = std::make_unique<ReadoutGuard>(*r, GrowthLimits{});
}

ProtectedClassifier::ProtectedClassifier(columns::MultiColumnProcessor& processor, const ProtectionConfig& config,
                                         columns::VoteRule rule)
    : processor_(processor),
      config_((validate(config), config)),
      rule_(rule),
      peer_rates_(processor.column_count(), 0.0),
      replay_record_(processor.column_count(), processor.class_count()),
      replay_row_(processor.column_count()),
      replay_ignored_(processor.column_count(), 0),
      breakers_(processor.column_count(), config.column_breaker),
      ladder_(config.ladder),
      recorder_(processor.column_count()),
      analytics_(processor.column_count()),
      record_(processor.column_count(), processor.class_count()),
      answers_(processor.column_count()),
      mask_(processor.column_count(), 0),
      time_origin_ms_(kNaN) {
  if (processor.column_count() == 0) throw std::invalid_argument("protected classifier: the processor has no columns");
  for (std::size_t k = 0; k < processor.column_count(); ++k) {
    slots_.push_back(std::make_unique<Slot>(processor.column(k), config_, processor.class_count()));
    slots_.back()->state_check_offset = static_cast<std::uint32_t>(k % config_.health.state_check_interval_trials);
  }
  row_.columns.resize(processor.column_count());
  breakers_.set_listener([this](std::size_t k, breaker::BreakerState from, breaker::BreakerState to,
                                 std::string_view reason) { on_column_transition(k, from, to, reason); });
  events_.reserve(256);
}

ProtectedClassifier::~ProtectedClassifier() = default;

void ProtectedClassifier::reserve(std::size_t trials) { recorder_.reserve(trials); }

double ProtectedClassifier::trust(std::size_t k) const { return slots_[k]->health->trust(); }

std::vector<std::size_t> ProtectedClassifier::isolated_columns() const {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    if (breakers_.trips(k) > 0) out.push_back(k);
  }
  return out;
}

std::vector<std::size_t> ProtectedClassifier::quarantined_neurons() const {
  std::vector<std::size_t> out;
  for (const auto& s : slots_) out.push_back(s->column.quarantined_count());
  return out;
}

void ProtectedClassifier::calibrate(const LabelledDataset& data, std::size_t max_samples) {
  if (!config_.enabled) return;
  const std::size_t n = max_samples == 0 ? data.size() : std::min(max_samples, data.size());
  processor_.for_each_column([&](std::size_t k) {
    Slot& s = *slots_[k];
    for (std::size_t i = 0; i < n; ++i) {
      const columns::ColumnResponse& r = s.column.present(data.row(i), 0.0);
      ColumnObservation o;
      o.ran = true;
      o.answer = s.column.vote();
      o.first_spike_ms = r.spiked ? r.winner_time_ms : kInf;
      o.spikes = r.spikes;
      o.refractory_violations = r.refractory_violations;
      if (o.refractory_violations != 0) continue;
      s.health->calibrate(o);
      s.healthy_most_spikes = std::max(s.healthy_most_spikes, r.most_own_spikes);
    }
    s.health->finish_calibration();
    s.hot_limit = hot_spike_limit(s.healthy_most_spikes, config_.hot_factor, s.most_spikes_possible);
  });
}

std::size_t ProtectedClassifier::audit(Operation op) {
  if (!config_.enabled) return 0;
  std::size_t failed = 0;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    Slot& s = *slots_[k];
    SignatureMask mask = 0;
    // The column counts its own spikes and refractory violations in every trial, so checking
    // them costs the engine no per-step hook.
    if (s.column.take_spike_totals().refractory_violations > 0) mask |= bit(FaultSignature::kRefractoryViolation);
    observe_state(k, true);
    if (s.obs.non_finite) mask |= bit(FaultSignature::kNonFinite);
    s.obs.non_finite = false;
    analytics_.record(op, k, mask);
    if (mask == 0) continue;
    ++failed;
    add_event(EventKind::kDetection, "column" + std::to_string(k), "", "",
              "after " + std::string(to_string(op)) + ": " + describe(mask), static_cast<std::int32_t>(k));
  }
  return failed;
}

void ProtectedClassifier::observe_state(std::size_t k, bool full_scan) {
  Slot& s = *slots_[k];
  // The membrane potentials show a NaN weight or input as soon as it is used, so they are
  // scanned whole; the weights and thresholds, which change far less often, a slice at a time.
  bool finite = all_finite(s.v);
  const std::span<const float> w = input_weights(k);
  const std::uint32_t slices = config_.health.weight_check_slices;
  if (full_scan) {
    finite = finite && all_finite(s.v_th) && all_finite(w);
  } else {
    if (s.weight_slice == 0) finite = finite && all_finite(s.v_th);
    finite = finite && all_finite(slice_of(w, s.weight_slice, slices));
    if (++s.weight_slice == slices) s.weight_slice = 0;
  }
  s.obs.non_finite = !finite;
}

namespace {

/// Presents the sample to one column and takes its vote, remembering that it ran.
class PresentAndVote final : public ColumnWork {
 public:
  PresentAndVote(columns::CorticalColumn& column, std::span<const float> sample, double learning_rate)
      : column_(column), sample_(sample), learning_rate_(learning_rate) {}
  columns::ColumnAnswer operator()() override {
    const columns::ColumnResponse& r = column_.present(sample_, learning_rate_);
    first_spike_ms = r.spiked ? r.winner_time_ms : kInf;
    ran = true;
    return column_.vote();
  }
  bool ran = false;
  double first_spike_ms = kInf;

 private:
  columns::CorticalColumn& column_;
  std::span<const float> sample_;
  double learning_rate_;
};

}  // namespace

void ProtectedClassifier::run_column(std::size_t k, std::span<const float> sample, double learning_rate,
                                     std::uint64_t trial) {
  Slot& s = *slots_[k];
  columns::CorticalColumn& col = s.column;
  ColumnObservation& o = s.obs;
  o = ColumnObservation{};
  o.ran = true;
  // Replays go first, so the column's last response stays the test sample's.
  s.replays = 0;
  s.replay_mismatches = 0;
  if (replay_trial_) replay_calibration(k, trial);
  s.start_ms = static_cast<double>(col.simulation().now()) * col.params().dt_ms;
  const bool wall = config_.latency == LatencySource::kWallClock;
  const auto t0 = wall ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  PresentAndVote work(col, sample, learning_rate);
  ColumnTrialReport report;
  try {
    if (hook_ != nullptr) {
      report = hook_->run(k, trial, work);
    } else {
      report.answer = work();
    }
    o.crashed = !work.ran;
  } catch (...) {
    o.crashed = true;
  }
  if (o.crashed) {
    // A column that throws has no answer; the vote treats it as invalid, the monitor as a crash.
    report = ColumnTrialReport{};
    report.answer.valid = false;
  }
  o.answer = report.answer;
  o.deadline_exceeded = report.deadline_exceeded;
  o.first_spike_ms = work.first_spike_ms;
  o.latency_ms = (wall ? std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()
                       : col.params().trial_ms) +
                 report.extra_latency_ms;
  if (!config_.enabled) return;
  if (work.ran && s.readout_guard) inspect_readout(k, trial);
  if (work.ran) {
    o.spikes = col.last_response().spikes;
    o.refractory_violations = col.last_response().refractory_violations;
  }
  // (trial + k) % interval == 0, from the trial's phase kept by finish_row(): no division.
  std::uint32_t phase = state_check_phase_ + s.state_check_offset;
  if (phase >= config_.health.state_check_interval_trials) phase -= config_.health.state_check_interval_trials;
  if (phase == 0) observe_state(k, false);
}

bool ProtectedClassifier::replays_wanted(std::uint64_t trial) const {
  if (!calibration_.measured() || config_.probe_replays == 0) return false;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    const Slot& s = *slots_[k];
    if (!s.ran) continue;
    if (breakers_.probing(k) || audit_alarm_ || suspect(s.last_signatures, s.vouched_for, trial, s.vouched_until)) return true;
  }
  return false;
}

void ProtectedClassifier::replay_calibration(std::size_t k, std::uint64_t trial) {
  // A column is judged against its own healthy answers to the calibration samples (through the
  // fault hook, like any of its trials), never against another classifier; every column that
  // runs replays the same samples, so its peers show what the system as a whole suffers.
  const RungCalibration& c = calibration_;
  Slot& s = *slots_[k];
  const bool reduced = s.quantizer.holding();
  std::size_t i = replay_first_;
  for (std::uint32_t r = 0; r < config_.probe_replays; ++r) {
    PresentAndVote replay(s.column, c.sample(i), 0.0);
    columns::ColumnAnswer answer{};  // no answer: it abstains from the replayed vote
    try {
      answer = hook_ != nullptr ? hook_->run_replay(k, trial, r, replay).answer : replay();
      if (!replay.ran) answer = columns::ColumnAnswer{};
    } catch (...) {
      answer = columns::ColumnAnswer{};
    }
    s.replay_answers[r] = answer;
    s.replay_mismatches += answer.predicted_class != c.healthy_answer(i, k, reduced);
    ++s.replays;
    if (++i == c.samples) i = 0;
  }
}

void ProtectedClassifier::compare_replays_with_peers() {
  // The windows cover the replay trials in a row: a trial without replays ends them.
  for (auto& s : slots_) {
    if (!replayed_last_trial_) s->replay_window.clear();
    if (s->replays > 0) s->replay_window.add(s->replays, s->replay_mismatches);
  }
  // Peers are the admitted columns as the trial began (isolations during the trial's judging
  // take effect from the next trial).
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    std::size_t peers = 0;
    for (std::size_t j = 0; j < slots_.size(); ++j) {
      if (j == k || slots_[j]->replays == 0 || breakers_.state(j) != breaker::BreakerState::kClosed) continue;
      peer_rates_[peers++] = slots_[j]->replay_window.mismatch_rate();
    }
    slots_[k]->peers_replay_rate = median_rate(std::span(peer_rates_).first(peers));
  }
  measure_replayed_vote();
}

void ProtectedClassifier::measure_replayed_vote() {
  // The vote of the admitted columns on the samples they replayed, now and when healthy.
  if (!replayed_last_trial_) vote_replays_.clear();
  bool any = false;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    const bool voter = slots_[k]->replays > 0 && breakers_.state(k) == breaker::BreakerState::kClosed;
    replay_ignored_[k] = voter ? 0 : 1;
    any = any || voter;
  }
  if (!any) return;
  const RungCalibration& c = calibration_;
  std::uint32_t healthy = 0, now = 0;
  std::size_t i = replay_first_;
  for (std::uint32_t r = 0; r < config_.probe_replays; ++r) {
    const columns::VoteOptions options{replay_ignored_, {}};
    for (std::size_t k = 0; k < slots_.size(); ++k) replay_row_[k] = slots_[k]->replay_answers[r];
    columns::vote_into(replay_record_, replay_row_, rule_, options);
    now += replay_record_.winning_class >= 0 && replay_record_.winning_class == c.labels[i];
    for (std::size_t k = 0; k < slots_.size(); ++k) {
      replay_row_[k] = (slots_[k]->quantizer.holding() ? c.reduced_answers : c.answers)[i * c.columns + k];
    }
    columns::vote_into(replay_record_, replay_row_, rule_, options);
    healthy += replay_record_.winning_class >= 0 && replay_record_.winning_class == c.labels[i];
    if (++i == c.samples) i = 0;
  }
  vote_replays_.add(healthy, now);
  const double share = replayed_vote_share(vote_replays_);
  if (share != replay_scale_) {
    replay_scale_ = share;
    update_eligible_rungs();
  }
}

void ProtectedClassifier::judge_replays(std::size_t k, ColumnHealth& h, std::uint64_t trial) {
  Slot& s = *slots_[k];
  const ReplayVerdict verdict =
      replay_verdict(s.replay_mismatches, config_.probe_replay_mismatches, s.replay_window, s.peers_replay_rate);
  s.replays_shared = verdict == ReplayVerdict::kChangedWithPeers;
  if (verdict != ReplayVerdict::kOwn) {
    // Changed answers lower the column's health whoever is to blame: a fault every column
    // shares is the ladder's to answer.
    h.signatures |= bit(FaultSignature::kReplayMismatch);
    h.score *= kReplayMismatchScore;
    return;
  }
  // Its answers are its own: what made it suspect does not change them, so it is left alone
  // for a while unless something new shows.
  if (!breakers_.probing(k)) {
    s.vouched_until = trial + config_.vouch_trials;
    s.vouched_for = s.last_signatures;
  }
}

void ProtectedClassifier::run_audit(std::span<const float> sample, std::uint64_t trial) {
  if (!audit_.enabled()) return;
  if (record_.winning_class >= 0) audit_.add(trial, record_.winning_class != fallback_.audit(sample));
  const bool alarmed = audit_.alarmed(trial);
  if (alarmed == audit_alarm_) return;
  audit_alarm_ = alarmed;
  const double vote = calibration_.rung_accuracy[static_cast<std::size_t>(LadderLevel::kNormal)];
  audit_scale_ = alarmed && vote > 0.0 ? audit_.estimated_vote_accuracy(trial) / vote : 1.0;
  char detail[160];
  std::snprintf(detail, sizeof detail, "%s: the vote disagreed with the %s auditor in %u of the last trials (alarm at %u); vote accuracy estimated %.3f",
                alarmed ? "answer_audit" : "answer audit clear", std::string(fallback_.auditor_name()).c_str(),
                audit_.disagreements(trial), audit_.threshold(), audit_.estimated_vote_accuracy(trial));
  add_event(alarmed ? EventKind::kDetection : EventKind::kRecovery, "system", "", "", detail, -1);
  update_eligible_rungs();
}

bool ProtectedClassifier::fallback_trusted() const {
  if (!fallback_.fitted()) return false;
  // Unmeasured (fit_fallback()), it is trusted as before calibration existed.
  return !calibration_.measured() || ladder_.eligible()[static_cast<std::size_t>(LadderLevel::kEmergency)];
}

int ProtectedClassifier::most_trusted_column() const {
  int best = -1;
  double best_trust = -1.0;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    const Slot& s = *slots_[k];
    if (!s.ran || mask_[k] != 0 || record_.status[k] != columns::ColumnStatus::kVoted) continue;
    if (s.health->trust() > best_trust) {
      best_trust = s.health->trust();
      best = static_cast<int>(k);
    }
  }
  return best;
}

const HealthRow& ProtectedClassifier::classify_unprotected(std::span<const float> sample, int label,
                                                           double learning_rate) {
  const std::uint64_t trial = trial_;
  processor_.for_each_column([&](std::size_t k) { run_column(k, sample, learning_rate, trial); });
  for (std::size_t k = 0; k < slots_.size(); ++k) answers_[k] = slots_[k]->obs.answer;
  columns::vote_into(record_, answers_, rule_);
  row_.level = LadderLevel::kNormal;
  row_.system_state = SystemState::kClosed;
  row_.system_health = kNaN;
  row_.answer = record_.winning_class;
  row_.confidence = record_.agreement;
  row_.source = record_.winning_class >= 0 ? AnswerSource::kVote : AnswerSource::kNone;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    ColumnHealthRow& c = row_.columns[k];
    c = ColumnHealthRow{};
    c.ran = true;
    c.voted = record_.status[k] == columns::ColumnStatus::kVoted;
    c.answer = answers_[k].predicted_class;
    c.latency_ms = static_cast<float>(slots_[k]->obs.latency_ms);
    c.start_ms = slots_[k]->start_ms;
  }
  finish_row(label);
  return row_;
}

const HealthRow& ProtectedClassifier::classify(std::span<const float> sample, int label, double learning_rate) {
  if (std::isnan(time_origin_ms_)) {
    auto& c0 = processor_.column(0);
    time_origin_ms_ = static_cast<double>(c0.simulation().now()) * c0.params().dt_ms;
  }
  if (!config_.enabled) return classify_unprotected(sample, label, learning_rate);
  if (!checkpoints_taken_) checkpoint_now();

  const std::uint64_t trial = trial_;
  const std::size_t n_columns = slots_.size();  // read once: the calls below could change it, as far as the compiler knows
  // Whatever ran since the last trial has evicted the breakers and slots the admission reads.
  for (std::size_t k = 0; k < n_columns; ++k) {
    prefetch_bytes(slots_[k].get(), slots_[k]->hot_bytes());
    breakers_.prefetch(k);
  }
  breakers_.advance_trial();
  const LadderLevel level = ladder_.level();
  const SystemState state = ladder_.state();
  const bool network = level != LadderLevel::kEmergency || trial % config_.emergency_probe_interval_trials == 0;
  // With no column admitted and no fallback estimated to answer as well as the columns, every
  // column answers anyway, as without protection: a weaker fallback never replaces them.
  bool any_admitted = false;
  for (std::size_t k = 0; k < n_columns; ++k) any_admitted = any_admitted || breakers_.state(k) == breaker::BreakerState::kClosed;
  const bool last_resort = network && !any_admitted && !fallback_trusted();
  for (std::size_t k = 0; k < n_columns; ++k) slots_[k]->ran = network && (breakers_.acquire(k) || last_resort);
  replay_trial_ = replays_wanted(trial);
  replay_first_ = replay_next_;
  if (replay_trial_) replay_next_ = static_cast<std::uint32_t>((replay_next_ + config_.probe_replays) % calibration_.samples);
  processor_.for_each_column([&](std::size_t k) {
    if (slots_[k]->ran) {
      run_column(k, sample, learning_rate, trial);
    } else {
      slots_[k]->obs = ColumnObservation{};
    }
  });
  for (std::size_t k = 0; k < n_columns; ++k) {
    prefetch_bytes(slots_[k].get(), slots_[k]->hot_bytes());
    prefetch_bytes(slots_[k]->health.get(), sizeof(ColumnHealthMonitor));
    breakers_.prefetch(k);
  }
  prefetch_bytes(row_.columns.data(), row_.columns.size() * sizeof(ColumnHealthRow));
  for (std::size_t k = 0; k < n_columns; ++k) {
    answers_[k] = slots_[k]->ran ? slots_[k]->obs.answer : columns::ColumnAnswer{};
    mask_[k] = !slots_[k]->ran || (breakers_.mask()[k] != 0 && !last_resort) ? 1 : 0;
  }
  columns::vote_into(record_, answers_, rule_, columns::VoteOptions{mask_, {}});

  // Consensus is judged against the vote's winner, and only when at least two columns voted:
  // a lone column agrees with itself, and a fallback is no trusted reference for a column (it
  // may well be the weaker classifier). Probes are judged on the column's own checks.
  const int reference = record_.voters >= 2 ? record_.winning_class : -1;

  // System health is the mean over the admitted columns: an isolated or probing column is lost
  // capacity, not ill health, so one column lost for good leaves the others at Normal. With no
  // column admitted, health is 0.
  double health_sum = 0.0;
  std::size_t measured = 0;
  const bool relaxed = level != LadderLevel::kNormal;
  if (replay_trial_) {
    compare_replays_with_peers();
  } else if (replay_scale_ != 1.0) {
    replay_scale_ = 1.0;  // no suspect left: nothing shows a change
    update_eligible_rungs();
  }
  replayed_last_trial_ = replay_trial_;
  const bool replays_decide = calibration_.measured() && config_.probe_replays > 0;
  for (std::size_t k = 0; k < n_columns; ++k) {
    Slot& s = *slots_[k];
    ColumnHealthRow& c = row_.columns[k];
    c = ColumnHealthRow{};
    c.answer = answers_[k].predicted_class;
    c.start_ms = s.start_ms;
    if (!network || !s.ran) continue;
    ColumnHealth h = s.health->assess(s.obs, reference, relaxed);
    if (s.replays > 0) judge_replays(k, h, trial);
    if (learning_rate > 0.0 && s.column.learning_enabled()) s.learned_since_checkpoint = true;
    if (s.readout_guard && s.readout_guard->last_fault() != GrowthFault::kNone) respond_to_growth_fault(k, h, trial);
    // Neurons first: what they did themselves is theirs to answer for. Only evidence their
    // quarantine could not contain counts against the column; silenced capacity lowers its
    // health.
    s.quarantined_now = false;
    const bool contained = s.neurons_quiet() || judge_neurons(k, trial);  // the healthy trial skips the call
    h.score *= capacity_factor(s.column.quarantined_count(), s.column.params().neurons, config_.max_quarantined_fraction);
    s.health_now = h;
    if (breakers_.mask()[k] == 0) {
      health_sum += h.score;
      ++measured;
    }
    analytics_.record(Operation::kTest, k, h.signatures);
    // A neuron quarantined on its own evidence is a detection in its column, even where the
    // column's own checks stay quiet (a saturated neuron at a plausible total rate).
    const bool new_signatures = h.signatures != 0 && s.last_signatures == 0;
    if (new_signatures || s.quarantined_now) {
      add_event(EventKind::kDetection, "column" + std::to_string(k), "", "",
                new_signatures ? describe(h.signatures) : std::string("neurons quarantined on their own evidence"),
                static_cast<std::int32_t>(k));
    }
    s.last_signatures = h.signatures;
    SignatureMask against = contained ? h.signatures & ~kNeuronSignatures : h.signatures;
    if (s.replays > 0 && s.replays_shared) against &= ~bit(FaultSignature::kReplayMismatch);
    breakers_.report(k, !counts_against_column(against, replays_decide));
    c.ran = true;
    c.voted = record_.status[k] == columns::ColumnStatus::kVoted;
    c.health = static_cast<float>(h.score);
    c.timing_error = static_cast<float>(h.timing_error);
    c.refractory_violations = h.refractory_violations;
    c.spikes = h.spikes;
    c.agreement = static_cast<float>(h.agreement);
    c.latency_ms = static_cast<float>(h.latency_ms);
    c.signatures = h.signatures;
  }
  if (network && measured == 0) measured = 1;  // no column admitted: no healthy capacity
  for (std::size_t k = 0; k < n_columns; ++k) row_.columns[k].state = breakers_.state(k);

  if (network) run_audit(sample, trial);

  // The answer follows the rung this trial ran on.
  row_.answer = -1;
  row_.confidence = 0.0;
  row_.source = AnswerSource::kNone;
  if (level == LadderLevel::kNormal || level == LadderLevel::kReducedPrecision) {
    if (record_.winning_class >= 0) {
      row_.answer = record_.winning_class;
      row_.confidence = record_.agreement;
      row_.source = AnswerSource::kVote;
    }
  } else if (level != LadderLevel::kEmergency) {
    if (const int k = most_trusted_column(); k >= 0) {
      row_.answer = answers_[static_cast<std::size_t>(k)].predicted_class;
      row_.confidence = answers_[static_cast<std::size_t>(k)].confidence;
      row_.source = AnswerSource::kSingleColumn;
    }
  }
  if (row_.source == AnswerSource::kNone && fallback_.fitted()) {
    const columns::ColumnAnswer a = fallback_.classify(sample);
    row_.answer = a.predicted_class;
    row_.confidence = a.confidence;
    row_.source = a.predicted_class >= 0 ? AnswerSource::kFallback : AnswerSource::kNone;
  }
  row_.level = level;
  row_.system_state = state;
  row_.system_health = measured > 0 ? health_sum / static_cast<double>(measured) : kNaN;
  // Answers the audit finds worse lower the system's health as much as they lost.
  if (audit_alarm_ && measured > 0) row_.system_health = std::min(row_.system_health, audit_scale_);

  // Columns that stayed healthy while learning are checkpointed, so StaticWeights and
  // isolation have a recent good state to go back to.
  if (learning_rate > 0.0 && level == LadderLevel::kNormal && state == SystemState::kClosed &&
      (trial + 1) % config_.checkpoint_interval_trials == 0) {
    for (std::size_t k = 0; k < n_columns; ++k) {
      const Slot& s = *slots_[k];
      if (s.ran && mask_[k] == 0 && s.health_now.signatures == 0 && s.column.learning_enabled()) take_checkpoint(k);
    }
  }
  if (measured > 0) {
    if (const auto t = ladder_.add_trial(row_.system_health)) on_ladder_transition(*t);
  }
  finish_row(label);
  return row_;
}

void ProtectedClassifier::finish_row(int label) {
  const double trial_ms = processor_.column(0).params().trial_ms;
  row_.trial = trial_;
  row_.time_ms = time_origin_ms_ + static_cast<double>(trial_) * trial_ms;
  row_.agreement = record_.agreement;
  row_.label = label;
  if (label >= 0) {
    ++labelled_;
    correct_ += row_.answer == label;
  }
  row_.accuracy = labelled_ > 0 ? static_cast<double>(correct_) / static_cast<double>(labelled_) : kNaN;
  recorder_.record(row_);
  ++trial_;
  if (++state_check_phase_ == config_.health.state_check_interval_trials) state_check_phase_ = 0;
}

}  // namespace snnft::neuromorphic
