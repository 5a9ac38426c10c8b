// SPDX-License-Identifier: MIT
// Reads users' own numeric tables. Every rejection names the file, line and field, because
// the person reading the message has the file open, not the parser.
#include "snnft/encoding/csv_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string_view>

#include "dataset_text.hpp"

namespace snnft {
namespace {

using dataset_text::DataRows;
using dataset_text::fail;
using dataset_text::shown;
using dataset_text::trim;

/// The trimmed fields of one line (no quoting: a comma always separates).
void split_fields(std::string_view row, std::vector<std::string_view>& fields) {
  fields.clear();
  while (true) {
    const std::size_t comma = row.find(',');
    fields.push_back(trim(row.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    row.remove_prefix(comma + 1);
  }
}

/// A finite number that fits a float, or nothing.
bool parse_number(std::string_view field, float& value) {
  if (!field.empty() && field.front() == '+') {
    field.remove_prefix(1);
    if (field.empty() || field.front() == '+' || field.front() == '-') return false;
  }
  double d = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), d);
  if (ec != std::errc{} || end != field.data() + field.size()) return false;
  if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max())) return false;
  value = static_cast<float>(d);
  return true;
}

bool is_integer(std::string_view s, std::int64_t& value) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (s.empty() || s.front() == '-') return false;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc{} && end == s.data() + s.size() && !s.empty();
}

std::string header_name(std::string_view field) {
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
  return std::string(field);
}

/// Class numbers for the distinct label texts: numeric order if all are integers, else text order.
std::vector<std::string> ordered_classes(const std::map<std::string, std::int64_t, std::less<>>& labels, bool all_integers) {
  std::vector<std::string> names;
  names.reserve(labels.size());
  for (const auto& [text, number] : labels) names.push_back(text);
  if (all_integers) {
    std::stable_sort(names.begin(), names.end(),
                     [&](const std::string& a, const std::string& b) { return labels.find(a)->second < labels.find(b)->second; });
  }
  return names;
}

}  // namespace

CsvDataset parse_numeric_csv(std::istream& in, const std::string& source_name, const CsvLabelColumn& label) {
  CsvDataset out;
  std::vector<std::string_view> fields;
  std::vector<float> features;
  std::vector<std::string> label_texts;  // per sample, numbered into classes at the end
  std::map<std::string, std::int64_t, std::less<>> distinct;
  bool all_integer_labels = true;
  std::size_t columns = 0, label_col = 0;

  DataRows rows(in, source_name);
  std::string_view row;
  bool first_row = true;
  while (rows.next(row)) {
    const std::size_t line = rows.line();
    split_fields(row, fields);

    if (first_row) {
      first_row = false;
      columns = fields.size();
      if (columns < 2) fail(source_name, line, 0, "expected at least two comma-separated columns (features and a label)");
      bool header = std::holds_alternative<std::string>(label);
      if (const auto* index = std::get_if<std::size_t>(&label)) {
        if (*index >= columns) {
          throw CsvLabelColumnError(source_name + ": label column " + std::to_string(*index) + " does not exist (" +
                                    std::to_string(columns) + " columns, counted from 0)");
        }
        label_col = *index;
        float ignored = 0;
        for (std::size_t c = 0; c < columns && !header; ++c) header = c != label_col && !parse_number(fields[c], ignored);
      }
      if (header) {
        for (std::size_t c = 0; c < columns; ++c) {
          std::string name = header_name(fields[c]);
          if (name.empty()) fail(source_name, line, c + 1, "empty column name in the header");
          out.feature_names.push_back(std::move(name));
        }
        if (const auto* name = std::get_if<std::string>(&label)) {
          const auto found = std::find(out.feature_names.begin(), out.feature_names.end(), *name);
          if (found == out.feature_names.end()) {
            throw CsvLabelColumnError(source_name + ": no column named " + shown(*name) + " in the header");
          }
          if (std::count(out.feature_names.begin(), out.feature_names.end(), *name) > 1) {
            throw CsvLabelColumnError(source_name + ": the header names " + shown(*name) + " more than once");
          }
          label_col = static_cast<std::size_t>(found - out.feature_names.begin());
        }
        out.feature_names.erase(out.feature_names.begin() + static_cast<std::ptrdiff_t>(label_col));
        continue;
      }
      for (std::size_t c = 0; c < columns; ++c) {
        if (c != label_col) out.feature_names.push_back("column" + std::to_string(c));
      }
    }

    if (fields.size() != columns) {
      fail(source_name, line, 0,
           "expected " + std::to_string(columns) + " comma-separated columns, got " + std::to_string(fields.size()));
    }
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string_view field = fields[c];
      if (field.empty()) fail(source_name, line, c + 1, c == label_col ? "empty label" : "empty field");
      if (c == label_col) continue;
      float value = 0;
      if (!parse_number(field, value)) {
        fail(source_name, line, c + 1, shown(field) + " is not a finite number that fits a float");
      }
      features.push_back(value);
    }
    const std::string_view label_text = fields[label_col];
    std::int64_t number = 0;
    const bool integer = is_integer(label_text, number);
    all_integer_labels = all_integer_labels && integer;
    distinct.try_emplace(std::string(label_text), number);
    label_texts.emplace_back(label_text);
  }
  if (label_texts.empty()) throw DatasetError(source_name + ": no samples");
  if (distinct.size() < 2) throw DatasetError(source_name + ": every sample has the same label; need two classes or more");

  out.class_names = ordered_classes(distinct, all_integer_labels);
  if (all_integer_labels) {
    // "1" and "01" are one class: the same integer.
    for (std::size_t c = 1; c < out.class_names.size(); ++c) {
      if (distinct.find(out.class_names[c])->second == distinct.find(out.class_names[c - 1])->second) {
        throw DatasetError(source_name + ": labels " + shown(out.class_names[c - 1]) + " and " +
                           shown(out.class_names[c]) + " are the same number written differently");
      }
    }
  }
  std::map<std::string, int, std::less<>> class_of;
  for (std::size_t c = 0; c < out.class_names.size(); ++c) class_of.emplace(out.class_names[c], static_cast<int>(c));

  LabelledDataset& data = out.data;
  data.name = source_name;
  data.feature_count = columns - 1;
  data.class_count = static_cast<int>(out.class_names.size());
  data.features = std::move(features);
  data.labels.reserve(label_texts.size());
  for (const auto& t : label_texts) data.labels.push_back(class_of.find(t)->second);
  data.check();
  return out;
}

CsvDataset load_numeric_csv(const std::string& path, const CsvLabelColumn& label) {
  std::ifstream in = dataset_text::open_data_file(path);
  CsvDataset out = parse_numeric_csv(in, path, label);
  out.data.name = std::filesystem::path(path).stem().string();
  return out;
}

}  // namespace snnft
