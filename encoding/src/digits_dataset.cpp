// SPDX-License-Identifier: MIT
#include "snnft/encoding/digits_dataset.hpp"

#include <array>
#include <charconv>
#include <fstream>
#include <string_view>

#include "dataset_text.hpp"

namespace snnft {

namespace {

constexpr std::size_t kColumns = kDigitsPixels + 1;
using dataset_text::DataRows;
using dataset_text::fail;
using dataset_text::shown;
using dataset_text::trim;

}  // namespace

LabelledDataset parse_digits_csv(std::istream& in, const std::string& source_name) {
  LabelledDataset data;
  data.name = "digits";
  data.feature_count = kDigitsPixels;
  data.class_count = kDigitsClasses;

  std::array<float, kDigitsPixels> pixels{};
  DataRows rows(in, source_name);
  std::string_view row;
  while (rows.next(row)) {
    const std::size_t line = rows.line();

    std::size_t fields = 1;
    for (const char c : row) fields += c == ',' ? 1 : 0;
    if (fields != kColumns) {
      fail(source_name, line, 0,
           "expected " + std::to_string(kColumns) + " comma-separated columns (64 pixels, then the label), got " +
               std::to_string(fields));
    }
    int label = -1;
    for (std::size_t col = 0; col < kColumns; ++col) {
      const std::size_t comma = row.find(',');
      const std::string_view field = trim(row.substr(0, comma));
      row = comma == std::string_view::npos ? std::string_view{} : row.substr(comma + 1);

      const bool is_label = col == kDigitsPixels;
      const std::string what = is_label ? "label" : "pixel";
      if (field.empty()) fail(source_name, line, col + 1, "empty " + what);
      int value = 0;
      const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (ec == std::errc::result_out_of_range) {
        fail(source_name, line, col + 1, what + " " + shown(field) + " is out of range");
      }
      if (ec != std::errc{} || end != field.data() + field.size()) {
        fail(source_name, line, col + 1, what + " " + shown(field) + " is not an integer");
      }
      const int max = is_label ? kDigitsClasses - 1 : kDigitsMaxPixel;
      if (value < 0 || value > max) {
        fail(source_name, line, col + 1, what + " " + std::to_string(value) + " is outside 0.." + std::to_string(max));
      }
      if (is_label) {
        label = value;
      } else {
        pixels[col] = static_cast<float>(value);
      }
    }
    data.add(pixels, label);
  }
  if (data.empty()) throw DatasetError(source_name + ": no samples (empty file)");
  return data;
}

LabelledDataset load_digits_csv(const std::string& path) {
  std::ifstream in = dataset_text::open_data_file(path);
  return parse_digits_csv(in, path);
}

}  // namespace snnft
