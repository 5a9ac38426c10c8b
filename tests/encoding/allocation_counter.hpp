// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>

namespace snnft::test {

/// Number of calls to the global operator new (any form) so far in this test binary. Linking
/// allocation_counter.cpp into a suite replaces operator new to count them, which is how the
/// tests check that a hot-loop function does not allocate.
std::size_t allocation_count();

}  // namespace snnft::test
