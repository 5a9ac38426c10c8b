// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <istream>
#include <string>
#include <variant>
#include <vector>

#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft {

/// Which column of a CSV file holds the class: a 0-based index or a header name.
using CsvLabelColumn = std::variant<std::size_t, std::string>;

/// A data set read from a numeric CSV file, with the names found in it.
struct CsvDataset {
  LabelledDataset data;                    ///< features in file order, label column removed
  std::vector<std::string> feature_names;  ///< from the header; "column<i>" without one
  std::vector<std::string> class_names;    ///< class c's label text as written in the file
};

/// A label column that the file does not have (bad index or name). what() names the file.
class CsvLabelColumnError : public DatasetError {
 public:
  using DatasetError::DatasetError;
};

/// Parses a comma-separated table of numbers with one label column.
///
/// - The first non-blank line is a header when the label column is given by name or when one
///   of its fields outside the label column is not a number; header names are trimmed and may
///   be enclosed in double quotes.
/// - Every line has the same number of fields; every field but the label is a finite decimal
///   number that fits a float (a leading '+' is allowed, quotes are not).
/// - Labels are any non-empty text. Classes are numbered in ascending order of their label:
///   numerically when every label is an integer, otherwise by text. At least two classes.
/// - CRLF line endings and trailing blank lines are accepted; a blank line followed by more
///   data is not.
///
/// Throws DatasetError naming the source, line and column (1-based field) of the first problem:
/// "wine.csv:12:4: "1..2" is not a number"; CsvLabelColumnError for a label column the file
/// does not have.
CsvDataset parse_numeric_csv(std::istream& in, const std::string& source_name, const CsvLabelColumn& label);

/// The same on a file; a file that cannot be opened is a DatasetError. The data set is named
/// after the file's stem.
CsvDataset load_numeric_csv(const std::string& path, const CsvLabelColumn& label);

}  // namespace snnft
