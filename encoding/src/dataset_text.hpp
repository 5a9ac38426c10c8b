// SPDX-License-Identifier: MIT
// Pieces shared by the text data-set readers: trimming a field, showing a bad field in a
// message, and failing with the file, line and field the reader was at.
#pragma once
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>

#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::dataset_text {

/// How much of a bad field an error message shows.
inline constexpr std::size_t kShownChars = 20;

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// The field in quotes, cut after kShownChars (not `quoted`: that would find std::quoted).
inline std::string shown(std::string_view s) {
  std::string out(1, '"');
  out.append(s.substr(0, kShownChars));
  if (s.size() > kShownChars) out.append("...");
  out.push_back('"');
  return out;
}

/// Throws DatasetError "source:line[:column]: problem" (column 0 leaves the column out).
[[noreturn]] inline void fail(const std::string& source, std::size_t line, std::size_t column,
                              const std::string& problem) {
  std::string where = source + ":" + std::to_string(line);
  if (column > 0) where += ":" + std::to_string(column);
  throw DatasetError(where + ": " + problem);
}

/// Opens a data file for reading, or throws DatasetError naming it. A folder is refused by
/// name: a stream opens one without complaint and then fails on the first read.
inline std::ifstream open_data_file(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) throw DatasetError(path + ": is a directory, not a data file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DatasetError(path + ": cannot open file");
  return in;
}

/// The rows of a text data file, one line each: a UTF-8 byte-order mark before the first row
/// (spreadsheet programs write one) and a trailing '\r' are dropped, blank lines at the end are
/// skipped, and a blank line inside the data is refused by its line number (a file cut
/// and pasted together should not lose the rows after the gap silently).
class DataRows {
 public:
  DataRows(std::istream& in, const std::string& source) : in_(in), source_(source) {}

  /// The next non-blank row, or false at the end of the file.
  bool next(std::string_view& row) {
    while (std::getline(in_, text_)) {
      ++line_;
      row = text_;
      if (line_ == 1 && row.starts_with(kUtf8ByteOrderMark)) row.remove_prefix(kUtf8ByteOrderMark.size());
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      if (trim(row).empty()) {
        if (first_blank_line_ == 0) first_blank_line_ = line_;
        continue;
      }
      if (first_blank_line_ != 0) fail(source_, first_blank_line_, 0, "blank line inside the data");
      return true;
    }
    if (in_.bad()) throw DatasetError(source_ + ": read error after line " + std::to_string(line_));
    return false;
  }

  /// The line number of the row last returned.
  std::size_t line() const { return line_; }

 private:
  static constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

  std::istream& in_;
  const std::string& source_;
  std::string text_;
  std::size_t line_ = 0, first_blank_line_ = 0;
};

}  // namespace snnft::dataset_text
