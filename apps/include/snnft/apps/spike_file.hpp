// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace snnft::apps {

/// Spike times (ms) per neuron read from a file, for a spike_source population of `size`
/// neurons. The format follows the extension:
///  - .h5, .hdf5, .sonata: a SONATA spike report; the spikes of `/spikes/<file_population>`
///    (`timestamps` in ms, or in s if its `units` attribute says so, and `node_ids`);
///  - .csv, .txt: one spike per line, `node_id,time_ms`; a first line that is not two
///    numbers is a header; blank lines and lines starting with '#' are skipped.
/// Each neuron's times come back sorted. Throws std::runtime_error with one line naming the
/// file (and the line for CSV) for a missing file, a bad row, a node id >= size, or a time
/// that is negative or not finite.
std::vector<std::vector<double>> read_spike_file(const std::string& path, const std::string& file_population,
                                                 std::size_t size);

}  // namespace snnft::apps
