// SPDX-License-Identifier: MIT
#include "snnft/core/atomic_text_file.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "snnft/core/interrupt.hpp"

namespace snnft {

AtomicTextFile::AtomicTextFile(std::string final_path)
    : final_path_(std::move(final_path)), temp_path_(final_path_ + ".tmp"), out_(temp_path_, std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot create " + temp_path_);
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
  out_.flush();
  const bool written = static_cast<bool>(out_);
  out_.close();
  if (!written) throw std::runtime_error("cannot write " + temp_path_);
  std::filesystem::rename(temp_path_, final_path_);
  unregister_partial_file(temp_path_);
  committed_ = true;
}

}  // namespace snnft
