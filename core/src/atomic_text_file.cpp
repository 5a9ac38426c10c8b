// SPDX-License-Identifier: MIT
#include "snnft/core/atomic_text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "snnft/core/interrupt.hpp"
#include "snnft/core/output_error.hpp"

namespace snnft {

AtomicTextFile::AtomicTextFile(std::string final_path)
    : final_path_(std::move(final_path)), temp_path_(final_path_ + ".tmp") {
  std::error_code ignored;  // found before any work, not when the run renames its file
  if (std::filesystem::is_directory(final_path_, ignored)) throw OutputError(final_path_, "is a directory, not a file");
  errno = 0;
  out_.open(temp_path_, std::ios::trunc);
  if (!out_) throw OutputError(final_path_, "cannot create the output file" + errno_text(errno));
  register_partial_file(temp_path_);
}

AtomicTextFile::~AtomicTextFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temp_path_, ignored);
  unregister_partial_file(temp_path_);
}

void AtomicTextFile::commit() {
  errno = 0;
  out_.flush();
  const bool flushed = static_cast<bool>(out_);
  const int flush_error = errno;
  out_.close();
  if (!flushed || !out_) throw OutputError(final_path_, "cannot write" + errno_text(flushed ? errno : flush_error));
  std::error_code renamed;
  std::filesystem::rename(temp_path_, final_path_, renamed);
  if (renamed) throw OutputError(final_path_, "cannot move " + temp_path_ + " into place (" + renamed.message() + ")");
  unregister_partial_file(temp_path_);
  committed_ = true;
}

}  // namespace snnft
