// SPDX-License-Identifier: MIT
#pragma once
#include <cmath>
#include <cstddef>
#include <span>

#include "snnft/columns/voting.hpp"

namespace snnft::neuromorphic {

/// True if every value is finite. Sums (x − x) in eight independent lanes: the difference is
/// exactly 0 for a finite x and NaN for NaN or ±Inf, so one bad value poisons its lane. The
/// lanes let the compiler vectorise the loop without reassociating a sum, so it stays
/// correct without -ffast-math (which would fold x − x to 0 and remove the check).
bool all_finite(std::span<const float> values);

/// Slice `slice` of `slices` near-equal parts of `values` (the last one takes the rest), so a
/// large array can be scanned a part per trial.
std::span<const float> slice_of(std::span<const float> values, std::size_t slice, std::size_t slices);

/// True if the answer is well formed, by the same rules vote_into() applies: marked valid,
/// class in [-1, class_count) (-1 abstains), confidence in [0, 1], first spike not NaN and
/// not negative. `class_count` 0 accepts any class >= -1.
inline bool answer_is_valid(const columns::ColumnAnswer& a, int class_count) {
  if (!a.valid) return false;
  if (a.predicted_class < -1 || (class_count > 0 && a.predicted_class >= class_count)) return false;
  if (!(a.confidence >= 0.0 && a.confidence <= 1.0)) return false;  // also rejects NaN
  if (std::isnan(a.first_spike_ms) || a.first_spike_ms < 0.0) return false;
  return true;
}

}  // namespace snnft::neuromorphic
