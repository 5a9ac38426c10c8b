// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <istream>
#include <string>

#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft {

/// Layout of the UCI optical handwritten digits (8×8 images, Alpaydin & Kaynak 1998).
inline constexpr std::size_t kDigitsPixels = 64;
inline constexpr int kDigitsClasses = 10;
inline constexpr int kDigitsMaxPixel = 16;

/// Loads the digits CSV shipped as data/datasets/digits.csv: one sample per line, 64
/// comma-separated integer pixels in 0..16 (row-major 8×8) followed by the integer label
/// 0..9; no header. Pixels are kept as 0..16; scale_features(data, 0, 16) maps them to [0, 1].
///
/// Throws DatasetError for anything else, naming file, line and column (1-based field):
/// a file that cannot be opened or holds no samples, a line with the wrong number of
/// columns, an empty or non-integer field, a pixel or label out of range, a blank line
/// followed by more data. Trailing blank lines and CRLF line endings are accepted.
LabelledDataset load_digits_csv(const std::string& path);

/// The same parser on a stream; `source_name` stands for the file name in errors.
LabelledDataset parse_digits_csv(std::istream& in, const std::string& source_name);

}  // namespace snnft
