// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace snnft {

/// std::allocator, except that a value-less construct() (resize() growing a vector) leaves the
/// elements default-initialised: for numbers, not written at all. A large table that parallel
/// loops fill next is then not zeroed on the calling thread first (for a 125-million-synapse
/// network the zeroing and its page faults were a sixth of the build, all on one thread); the
/// threads that fill it touch its pages first.
template <class T>
struct NoZeroFillAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = NoZeroFillAllocator<U>;
  };
  NoZeroFillAllocator() = default;
  template <class U>
  NoZeroFillAllocator(const NoZeroFillAllocator<U>&) noexcept {}

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// A vector for large tables filled right after resize() (see NoZeroFillAllocator); resize()
/// leaves new elements unset, resize(n, value) and every other call behave as std::vector's.
template <class T>
using TableVector = std::vector<T, NoZeroFillAllocator<T>>;

}  // namespace snnft
