// SPDX-License-Identifier: MIT
// Memory per breaker, measured by counting the bytes the global allocator hands out while a
// breaker is built (this binary replaces operator new and delete to count them).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> bytes_allocated{0};
std::atomic<std::size_t> allocations{0};

void note(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) {
    bytes_allocated.fetch_add(n, std::memory_order_relaxed);
    allocations.fetch_add(1, std::memory_order_relaxed);
  }
}
void* allocate(std::size_t n) {
  note(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* allocate_aligned(std::size_t n, std::align_val_t a) {
  note(n);
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace snnft::breaker {
namespace {

TEST(BreakerMemory, HundredCallCountWindowBreakerTakesLessThanOneKiB) {
  BreakerConfig config;
  config.window_size = 100;
  auto clock = SystemClock::shared();
  std::string name = "payments-eu";
  bytes_allocated = 0;
  allocations = 0;
  counting = true;
  auto breaker = std::make_unique<CircuitBreaker>(name, config, clock);
  counting = false;
  const std::size_t measured = bytes_allocated.load();
  std::cout << "breaker with a 100-call window: " << measured << " bytes in " << allocations.load()
            << " allocations (sizeof(CircuitBreaker) = " << sizeof(CircuitBreaker)
            << "), memory_bytes() = " << breaker->memory_bytes() << "\n";
  EXPECT_LE(measured, 1024u);
  // memory_bytes() accounts for the same allocations, give or take the control-block estimate.
  EXPECT_NEAR(static_cast<double>(breaker->memory_bytes()), static_cast<double>(measured), 64.0);

  // The hot paths allocate nothing.
  allocations = 0;
  counting = true;
  for (int i = 0; i < 1000; ++i) {
    (void)breaker->call([] {});
    const Permit p = breaker->try_acquire();
    breaker->on_success(p);
  }
  breaker->force_open();  // no listeners: transitions do not allocate either
  for (int i = 0; i < 1000; ++i) (void)breaker->call([] {});
  counting = false;
  EXPECT_EQ(allocations.load(), 0u);
}

}  // namespace
}  // namespace snnft::breaker
