// SPDX-License-Identifier: MIT
#include "snnft/columns/voting.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace snnft::columns {

ConsensusRecord::ConsensusRecord(std::size_t column_count, int class_count)
    : votes(column_count, -1),
      confidences(column_count, 0.0),
      latencies_ms(column_count, std::numeric_limits<double>::infinity()),
      status(column_count, ColumnStatus::kAbstained),
      class_count_(class_count),
      tally_class_(column_count),
      tally_votes_(column_count),
      tally_confidence_(column_count),
      tally_columns_(column_count) {
  if (class_count < 0) throw std::invalid_argument("class count must be >= 0, got " + std::to_string(class_count));
}

namespace {

bool well_formed(const ColumnAnswer& a, int class_count) {
  if (!a.valid) return false;
  if (a.predicted_class < -1 || (class_count > 0 && a.predicted_class >= class_count)) return false;
  // Written so that NaN fails every comparison and lands here as invalid.
  if (!(a.confidence >= 0.0 && a.confidence <= 1.0)) return false;
  return a.first_spike_ms >= 0.0;  // +infinity (no spike) is fine, NaN is not
}

/// Does tally slot `a` beat slot `b` under the rule? Exact comparisons: equal sums are ties.
bool beats(VoteRule rule, double votes_a, double conf_a, int class_a, double votes_b, double conf_b, int class_b) {
  const double first_a = rule == VoteRule::kMajority ? votes_a : conf_a;
  const double first_b = rule == VoteRule::kMajority ? votes_b : conf_b;
  if (first_a != first_b) return first_a > first_b;
  const double second_a = rule == VoteRule::kMajority ? conf_a : votes_a;
  const double second_b = rule == VoteRule::kMajority ? conf_b : votes_b;
  if (second_a != second_b) return second_a > second_b;
  return class_a < class_b;
}

}  // namespace

void vote_into(ConsensusRecord& record, std::span<const ColumnAnswer> answers, VoteRule rule,
               const VoteOptions& options) {
  const std::size_t k = record.column_count();
  if (answers.size() != k) {
    throw std::invalid_argument("vote: " + std::to_string(answers.size()) + " answers for a record of " +
                                std::to_string(k) + " columns");
  }
  if (!options.ignored.empty() && options.ignored.size() != k) {
    throw std::invalid_argument("vote: mask has " + std::to_string(options.ignored.size()) + " entries for " +
                                std::to_string(k) + " columns");
  }
  if (!options.weights.empty() && options.weights.size() != k) {
    throw std::invalid_argument("vote: " + std::to_string(options.weights.size()) + " weights for " +
                                std::to_string(k) + " columns");
  }
  for (const double w : options.weights) {
    if (!(std::isfinite(w) && w >= 0.0)) throw std::invalid_argument("vote: weights must be finite and >= 0");
  }

  record.rule = rule;
  record.winning_class = -1;
  record.agreement = 0.0;
  record.voters = record.agreeing = record.abstained = record.invalid = record.masked = 0;
  record.winning_score = 0.0;
  record.winning_column = -1;

  // Classify every column and tally the voters per class. Slots are created in column order
  // and sums are accumulated in column order, so the result never depends on anything else.
  std::size_t slots = 0;
  int race_column = -1;
  for (std::size_t c = 0; c < k; ++c) {
    const ColumnAnswer& a = answers[c];
    record.votes[c] = a.predicted_class;
    record.confidences[c] = a.confidence;
    record.latencies_ms[c] = a.first_spike_ms;
    const double weight = options.weights.empty() ? 1.0 : options.weights[c];
    ColumnStatus s = ColumnStatus::kVoted;
    if (!well_formed(a, record.class_count_)) {
      s = ColumnStatus::kInvalid;
      ++record.invalid;
    } else if ((!options.ignored.empty() && options.ignored[c] != 0) || weight == 0.0) {
      s = ColumnStatus::kMasked;
      ++record.masked;
    } else if (a.predicted_class < 0) {
      s = ColumnStatus::kAbstained;
      ++record.abstained;
    }
    record.status[c] = s;
    if (s != ColumnStatus::kVoted) continue;
    ++record.voters;

    std::size_t slot = 0;
    while (slot < slots && record.tally_class_[slot] != a.predicted_class) ++slot;
    if (slot == slots) {
      record.tally_class_[slot] = a.predicted_class;
      record.tally_votes_[slot] = 0.0;
      record.tally_confidence_[slot] = 0.0;
      record.tally_columns_[slot] = 0;
      ++slots;
    }
    record.tally_votes_[slot] += weight;
    record.tally_confidence_[slot] += weight * a.confidence;
    ++record.tally_columns_[slot];

    if (rule == VoteRule::kFirstSpike && std::isfinite(a.first_spike_ms)) {
      // Strict comparisons keep the lower column index on a full tie.
      const auto rc = static_cast<std::size_t>(race_column);
      if (race_column < 0 || a.first_spike_ms < answers[rc].first_spike_ms ||
          (a.first_spike_ms == answers[rc].first_spike_ms && a.confidence > answers[rc].confidence)) {
        race_column = static_cast<int>(c);
      }
    }
  }
  if (slots == 0) return;

  if (rule == VoteRule::kFirstSpike) {
    if (race_column < 0) return;
    const auto rc = static_cast<std::size_t>(race_column);
    record.winning_column = race_column;
    record.winning_class = answers[rc].predicted_class;
    record.winning_score = answers[rc].first_spike_ms;
  } else {
    std::size_t best = 0;
    for (std::size_t s = 1; s < slots; ++s) {
      if (beats(rule, record.tally_votes_[s], record.tally_confidence_[s], record.tally_class_[s],
                record.tally_votes_[best], record.tally_confidence_[best], record.tally_class_[best])) {
        best = s;
      }
    }
    record.winning_class = record.tally_class_[best];
    record.winning_score =
        rule == VoteRule::kMajority ? record.tally_votes_[best] : record.tally_confidence_[best];
  }
  for (std::size_t s = 0; s < slots; ++s) {
    if (record.tally_class_[s] == record.winning_class) record.agreeing = record.tally_columns_[s];
  }
  record.agreement = static_cast<double>(record.agreeing) / static_cast<double>(record.voters);
}

}  // namespace snnft::columns
