// SPDX-License-Identifier: MIT
// libFuzzer target: any bytes as a CSV data set (encoding/csv_dataset), the label column given
// by index or by the name "class" as the first byte says. A table is either refused with a
// DatasetError naming the line and column, or read into a data set whose shape, labels and
// values are consistent.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "snnft/encoding/csv_dataset.hpp"

namespace {

void check(const snnft::CsvDataset& d) {
  const snnft::LabelledDataset& data = d.data;
  if (data.class_count < 2 || d.class_names.size() != static_cast<std::size_t>(data.class_count)) std::abort();
  if (d.feature_names.size() != data.feature_count) std::abort();
  if (data.features.size() != data.size() * data.feature_count) std::abort();
  for (int label : data.labels) {
    if (label < 0 || label >= data.class_count) std::abort();
  }
  for (float x : data.features) {
    if (!std::isfinite(x)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks how the label column is named; the rest is the file.
  const bool by_name = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    std::istringstream in(text);
    if (by_name) {
      check(snnft::parse_numeric_csv(in, "fuzz.csv", std::string("class")));
    } else {
      check(snnft::parse_numeric_csv(in, "fuzz.csv", static_cast<std::size_t>(data[0] >> 1)));
    }
  } catch (const snnft::DatasetError&) {
  }
  return 0;
}
