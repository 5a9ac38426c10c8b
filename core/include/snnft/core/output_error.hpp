// SPDX-License-Identifier: MIT
#pragma once
#include <cstring>
#include <stdexcept>
#include <string>

namespace snnft {

/// Writing an output file failed: the directory is missing or not writable, the disk is full,
/// the file grew past `ulimit -f`. what() reads "out.h5: cannot write (No space left on
/// device): write dataset /spikes/exc/timestamps", ready to print after "error: ". The
/// temporary file has been (or is being) removed, so nothing partial is left; the command
/// line exits with code 2.
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& path, const std::string& problem) : std::runtime_error(path + ": " + problem) {}
};

/// " (No space left on device)" for a non-zero errno, "" for 0.
inline std::string errno_text(int error_number) {
  return error_number == 0 ? std::string() : " (" + std::string(std::strerror(error_number)) + ")";
}

}  // namespace snnft
