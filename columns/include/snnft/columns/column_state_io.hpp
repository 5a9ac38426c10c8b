// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "snnft/columns/multi_column.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/core/hdf5_output.hpp"

namespace snnft::columns {

/// Writes every column's learned state under `group`/column<k>/{weights, theta_mv, labels}.
void save_columns(H5Output& out, const std::string& group, const MultiColumnProcessor& processor);

/// Restores the learned state saved by save_columns into a processor built from the same
/// config. Throws std::runtime_error naming the file and the mismatch (column count, sizes).
void load_columns(const H5Input& in, const std::string& group, MultiColumnProcessor& processor);

}  // namespace snnft::columns
