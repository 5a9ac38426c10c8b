// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "snnft/core/hdf5_output.hpp"
#include "snnft/snn/cascor/cascor_network.hpp"

namespace snnft::cascor {

/// Writes `network` under `group` (e.g. "/cascor/network"):
///  - attributes `inputs`, `outputs`, `hidden_units`, `activation`;
///  - `output_weights`: O × (1 + I + H) float64, columns bias, inputs, hidden units;
///  - `hidden_weights`: the incoming weights of all hidden units, concatenated in install order
///    (unit k has 1 + I + k of them: bias, inputs, hidden units 0..k−1);
///  - `hidden_fan_in`: uint32 per hidden unit, to check the layout when reading.
void write_network(H5Output& out, const std::string& group, const CascorNetwork& network);

/// Reads a network written by write_network from an HDF5 file. Throws std::runtime_error if the
/// group is missing or inconsistent. The result predicts bit-identically to the saved network.
CascorNetwork read_network(const std::string& file_path, const std::string& group);

}  // namespace snnft::cascor
