// SPDX-License-Identifier: MIT
#include "snnft/core/communicator.hpp"

#include <algorithm>

namespace snnft {

void SingleProcess::all_gather(std::span<const std::uint32_t> local, std::vector<std::uint32_t>& all,
                               std::vector<int>& counts) {
  all.assign(local.begin(), local.end());
  counts.assign(1, static_cast<int>(local.size()));
}

}  // namespace snnft
