// SPDX-License-Identifier: MIT
// Prefetching the protection's per-column state after the columns' trials.
#pragma once
#include <cstddef>

namespace snnft::neuromorphic {

/// Asks for the cache lines of [data, data + bytes) ahead of their use. A column's trial
/// streams its weights and state through the cache and evicts the few lines the protection
/// keeps per column; asked for together, those lines arrive in parallel instead of one
/// dependent miss after another.
inline void prefetch_bytes(const void* data, std::size_t bytes) {
  constexpr std::size_t kLine = 64;
  const char* p = static_cast<const char*>(data);
  for (std::size_t i = 0; i < bytes; i += kLine) __builtin_prefetch(p + i);
}

/// The same for lines about to be written.
inline void prefetch_bytes_for_write(void* data, std::size_t bytes) {
  constexpr std::size_t kLine = 64;
  char* p = static_cast<char*>(data);
  for (std::size_t i = 0; i < bytes; i += kLine) __builtin_prefetch(p + i, 1);
}

}  // namespace snnft::neuromorphic
