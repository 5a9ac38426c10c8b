// SPDX-License-Identifier: MIT
#pragma once
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
bool answer_is_valid(const columns::ColumnAnswer& answer, int class_count);

}  // namespace snnft::neuromorphic
