// SPDX-License-Identifier: MIT
#include "allocation_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

// Every form of the global operator new and delete is replaced, and all of them go through
// malloc and free. Replacing only some forms would leave the others to the standard library
// (or to a sanitizer's runtime), and a block from one family freed by the other is undefined
// behaviour; AddressSanitizer reports it as an alloc-dealloc mismatch (std::stable_sort's
// buffer comes from the nothrow form, for instance).

namespace {

std::atomic<std::size_t> g_allocations{0};

void* try_alloc(std::size_t size, std::size_t alignment) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (size == 0) size = 1;
  if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
  return std::aligned_alloc(alignment, rounded);
}

void* alloc(std::size_t size, std::size_t alignment) {
  if (void* p = try_alloc(size, alignment)) return p;
  throw std::bad_alloc();
}

}  // namespace

namespace snnft::test {

std::size_t allocation_count() { return g_allocations.load(std::memory_order_relaxed); }

}  // namespace snnft::test

namespace {
constexpr std::size_t kPlain = alignof(std::max_align_t);
std::size_t align_of(std::align_val_t a) { return static_cast<std::size_t>(a); }
}  // namespace

void* operator new(std::size_t size) { return alloc(size, kPlain); }
void* operator new[](std::size_t size) { return alloc(size, kPlain); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return try_alloc(size, kPlain); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return try_alloc(size, kPlain); }
void* operator new(std::size_t size, std::align_val_t a) { return alloc(size, align_of(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return alloc(size, align_of(a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return try_alloc(size, align_of(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return try_alloc(size, align_of(a));
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
