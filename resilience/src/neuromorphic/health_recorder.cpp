// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/health_recorder.hpp"

#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

std::string_view to_string(AnswerSource source) {
  switch (source) {
    case AnswerSource::kNone: return "none";
    case AnswerSource::kVote: return "vote";
    case AnswerSource::kSingleColumn: return "single_column";
    case AnswerSource::kFallback: return "fallback";
  }
  return "unknown";
}

HealthRecorder::HealthRecorder(std::size_t columns, std::size_t reserve_trials) : columns_(columns) {
  reserve(reserve_trials);
}

void HealthRecorder::reserve(std::size_t trials) {
  if (trials <= rows_.size()) return;
  HealthRow blank;
  blank.columns.resize(columns_);
  rows_.resize(trials, blank);
}

void HealthRecorder::record(const HealthRow& row) {
  if (row.columns.size() != columns_) {
    throw std::invalid_argument("health row has " + std::to_string(row.columns.size()) + " columns, expected " +
                                std::to_string(columns_));
  }
  if (size_ == rows_.size()) reserve(rows_.empty() ? 256 : 2 * rows_.size());
  rows_[size_++] = row;  // same-sized vectors: copy-assignment reuses their storage
}

}  // namespace snnft::neuromorphic
