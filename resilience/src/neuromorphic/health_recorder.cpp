// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/health_recorder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cache_prefetch.hpp"

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
  // The rows are written now rather than reserved: a reserved page is mapped only at its first
  // write, and that page fault would otherwise land inside a trial every few rows.
  if (trials <= trials_.size()) return;
  trials_.resize(trials);
  column_rows_.resize(trials * columns_);
}

void HealthRecorder::clear() { size_ = 0; }

void HealthRecorder::record(const HealthRow& row) {
  if (row.columns.size() != columns_) {
    throw std::invalid_argument("health row has " + std::to_string(row.columns.size()) + " columns, expected " +
                                std::to_string(columns_));
  }
  if (size_ == trials_.size()) reserve(std::max<std::size_t>(64, 2 * size_));
  trials_[size_] = row;
  std::copy(row.columns.begin(), row.columns.end(), column_rows_.begin() + static_cast<std::ptrdiff_t>(size_ * columns_));
  ++size_;
  // The next row's lines were written at reserve() and have long left the cache: asked for
  // now, they are back by the next trial instead of stalling its writes on memory.
  if (size_ < trials_.size()) {
    prefetch_bytes_for_write(&trials_[size_], sizeof(TrialHealth));
    prefetch_bytes_for_write(&column_rows_[size_ * columns_], columns_ * sizeof(ColumnHealthRow));
  }
}

HealthRow HealthRecorder::row(std::size_t i) const {
  HealthRow r;
  static_cast<TrialHealth&>(r) = trials_[i];
  r.columns.assign(column_rows_.begin() + static_cast<std::ptrdiff_t>(i * columns_),
                   column_rows_.begin() + static_cast<std::ptrdiff_t>((i + 1) * columns_));
  return r;
}

}  // namespace snnft::neuromorphic
