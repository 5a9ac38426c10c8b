// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "snnft/columns/multi_column.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/core/hdf5_output.hpp"

namespace snnft::columns {

/// Writes every column's learned state under `group`/column<k>/{weights, theta_mv, labels},
/// and a grown readout's network under `group`/column<k>/cascor (cascor::write_network) with
/// its training learning curve in cascor/learning_curve/{epoch, hidden_units, error}.
void save_columns(H5Output& out, const std::string& group, const MultiColumnProcessor& processor);

/// Writes one grown readout (network and learning curve) under `group`.
void write_readout(H5Output& out, const std::string& group, const GrownReadout& readout);

/// Restores the learned state saved by save_columns into a processor built from the same
/// config, grown readouts included. Throws std::runtime_error naming the file and the problem
/// (column count, sizes, weights or thresholds that are not finite, labels that are not a
/// class or -1, a readout missing or of the wrong shape), leaving the processor unchanged.
void load_columns(const H5Input& in, const std::string& group, MultiColumnProcessor& processor);

}  // namespace snnft::columns
