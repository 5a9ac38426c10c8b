// SPDX-License-Identifier: MIT
#pragma once
#include <fstream>
#include <string>

namespace snnft {

/// A text output file written atomically, like H5Output: everything goes to "<path>.tmp" and
/// only commit() renames it to <path>; destroyed without commit(), the temporary file is
/// removed, so an error or an interrupted run never leaves a half-written file behind.
class AtomicTextFile {
 public:
  explicit AtomicTextFile(std::string final_path);
  ~AtomicTextFile();
  AtomicTextFile(const AtomicTextFile&) = delete;
  AtomicTextFile& operator=(const AtomicTextFile&) = delete;

  [[nodiscard]] std::ostream& stream() { return out_; }
  [[nodiscard]] const std::string& final_path() const { return final_path_; }
  /// Flushes, closes and renames the file to its final name. Throws OutputError if
  /// writing failed.
  void commit();

 private:
  std::string final_path_;
  std::string temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace snnft
