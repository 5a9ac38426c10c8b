// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

namespace snnft {

/// Bytes this process can still allocate: the smallest of the memory the kernel reports as
/// available (MemAvailable), the address-space and data limits (ulimit -v / -d) and the
/// cgroup's memory.max minus what the cgroup already uses. A run compares its estimate with
/// this before building anything, instead of failing with bad_alloc minutes later.
std::uint64_t available_memory_bytes();

/// "12.0 GB", "512.0 MB", "3.4 TB": a byte count for messages (powers of 1024).
std::string format_bytes(double bytes);

}  // namespace snnft
