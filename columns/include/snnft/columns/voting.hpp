// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace snnft::columns {

/// How the answers of K columns are combined into one class.
enum class VoteRule : std::uint8_t {
  /// Most (weighted) votes; ties: higher summed confidence, then lower class index.
  kMajority,
  /// Highest sum of weight · confidence per class; ties: more (weighted) votes, then lower
  /// class index.
  kConfidenceWeighted,
  /// First-spike race: the column with the earliest finite first spike decides; ties: higher
  /// confidence, then lower column index. No winner if no voting column spiked.
  kFirstSpike,
};

/// One column's answer to one trial.
struct ColumnAnswer {
  int predicted_class = -1;  ///< -1: the column has no answer (abstains)
  double confidence = 0.0;   ///< in [0, 1]
  double first_spike_ms = std::numeric_limits<double>::infinity();  ///< +infinity: no spike
  bool valid = true;         ///< false: the column itself reports the answer as unusable
};

/// Why a column did or did not count in a vote.
enum class ColumnStatus : std::uint8_t {
  kVoted,      ///< counted
  kAbstained,  ///< well-formed answer without a class (predicted_class == -1)
  kInvalid,    ///< valid == false, class out of range, confidence NaN or outside [0, 1],
               ///< or first spike NaN or negative
  kMasked,     ///< a well-formed answer ignored by the mask or a weight of 0
};

/// Per-column trust supplied by the caller (the fault layer isolates columns through it).
/// Empty spans mean "no column ignored" and "all weights 1". Both are views: the caller owns
/// the storage and may change it between trials.
struct VoteOptions {
  std::span<const std::uint8_t> ignored = {};  ///< non-zero: ignore this column
  std::span<const double> weights = {};        ///< finite, >= 0; scales votes and confidences
};

/// Outcome of one vote, with everything a consensus monitor needs to watch the columns.
/// Sized once for K columns; vote_into() refills it without allocating.
///
/// The per-column arrays hold every column's raw answer, including columns that did not
/// count, so a monitor can tell when an isolated column starts answering sensibly again.
struct ConsensusRecord {
  /// `class_count` > 0 makes classes >= class_count invalid; 0 accepts any class >= 0.
  explicit ConsensusRecord(std::size_t column_count, int class_count = 0);

  [[nodiscard]] std::size_t column_count() const { return votes.size(); }
  [[nodiscard]] int class_count() const { return class_count_; }

  VoteRule rule = VoteRule::kMajority;
  int winning_class = -1;  ///< -1: no winner
  /// Share of the voting columns whose class is the winner (unweighted); 0 if none voted.
  double agreement = 0.0;
  int voters = 0;     ///< columns with status kVoted
  int agreeing = 0;   ///< voters whose class is the winner
  int abstained = 0;  ///< columns with status kAbstained
  int invalid = 0;    ///< columns with status kInvalid
  int masked = 0;     ///< columns with status kMasked
  /// The winner's tally under the rule: weighted votes (majority), weighted confidence sum
  /// (confidence-weighted) or first-spike time in ms (first-spike race); 0 without a winner.
  double winning_score = 0.0;
  int winning_column = -1;  ///< first-spike race only: the column that won

  std::vector<int> votes;             ///< each column's predicted class, as answered
  std::vector<double> confidences;    ///< each column's confidence, as answered
  std::vector<double> latencies_ms;   ///< each column's first-spike time, as answered
  std::vector<ColumnStatus> status;   ///< whether and why each column counted

 private:
  friend void vote_into(ConsensusRecord&, std::span<const ColumnAnswer>, VoteRule, const VoteOptions&);

  int class_count_;
  // Per-class tallies, one slot per distinct class among the voters (at most K of them).
  std::vector<int> tally_class_;
  std::vector<double> tally_votes_;
  std::vector<double> tally_confidence_;
  std::vector<int> tally_columns_;
};

/// Votes on `answers` (one per column, answers.size() == record.column_count()) and
/// overwrites `record`. Allocation-free. A column is kInvalid if its answer is malformed
/// (checked first, so a masked column is still reported as invalid), else kMasked if ignored
/// or weighted 0, else kAbstained without a class, else kVoted. Only kVoted columns count.
/// Throws std::invalid_argument if the sizes disagree or a weight is negative or not finite.
void vote_into(ConsensusRecord& record, std::span<const ColumnAnswer> answers, VoteRule rule,
               const VoteOptions& options = {});

}  // namespace snnft::columns
