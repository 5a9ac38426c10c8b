// SPDX-License-Identifier: MIT
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>

#include "snnft/core/hdf5_output.hpp"

namespace snnft::apps {

/// Stores how a file was made as attributes of its root group: the config text, seed,
/// snnft version, build type, compiler and flags.
void write_provenance(H5Output& out, const nlohmann::json& config, std::uint64_t seed);

}  // namespace snnft::apps
