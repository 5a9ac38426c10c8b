// SPDX-License-Identifier: MIT
#include "snnft/apps/provenance.hpp"

#include <string>

#include "snnft/core/build_info.hpp"

namespace snnft::apps {

void write_provenance(H5Output& out, const nlohmann::json& config, std::uint64_t seed) {
  const BuildInfo& info = build_info();
  out.set_attribute("/", "config", config.dump(2));
  out.set_attribute("/", "seed", static_cast<std::int64_t>(seed));
  out.set_attribute("/", "snnft_version", std::string(info.version));
  out.set_attribute("/", "build_type", std::string(info.build_type));
  out.set_attribute("/", "compiler", std::string(info.compiler));
  out.set_attribute("/", "cxx_flags", std::string(info.cxx_flags));
}

}  // namespace snnft::apps
