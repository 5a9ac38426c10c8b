// SPDX-License-Identifier: MIT
#pragma once
#include <string_view>

namespace snnft {

/// Provenance stored in every output file.
struct BuildInfo {
  std::string_view version;
  std::string_view build_type;
  std::string_view compiler;
  std::string_view cxx_flags;
};

const BuildInfo& build_info();

}  // namespace snnft
