// SPDX-License-Identifier: MIT
// Memory per breaker, measured by counting the bytes the global allocator hands out while a
// breaker is built, and the memory a long-lived breaker keeps (this binary replaces operator
// new and delete to count them).
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> bytes_allocated{0};
std::atomic<std::size_t> allocations{0};
/// Bytes held by live allocations of operator new, in the allocator's own block sizes.
std::atomic<std::int64_t> live_bytes{0};

void note(std::size_t n, void* p) {
  live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  if (counting.load(std::memory_order_relaxed)) {
    bytes_allocated.fetch_add(n, std::memory_order_relaxed);
    allocations.fetch_add(1, std::memory_order_relaxed);
  }
}
void* allocate(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) {
    note(n, p);
    return p;
  }
  throw std::bad_alloc();
}
void* allocate_aligned(std::size_t n, std::align_val_t a) {
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) {
    note(n, p);
    return p;
  }
  throw std::bad_alloc();
}
void release(void* p) noexcept {
  if (p == nullptr) return;
  live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }

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

// A service that retunes its breaker at run time must not grow: every replaced configuration
// (here with a 10,000-call window, about 2.5 KB) and every replaced listener list is freed.
TEST(BreakerMemory, ReplacedConfigurationsAndListenerListsAreFreed) {
  BreakerConfig a;
  a.window_size = 10'000;
  BreakerConfig b = a;
  b.failure_rate_threshold = 0.6;
  CircuitBreaker breaker("retuned", a, SystemClock::shared());
  (void)breaker.call([] {});
  breaker.update_config(b);  // the first replacement may allocate the retirement list
  const auto kept = breaker.add_listener([](const BreakerEvent&) {});
  const std::int64_t before = live_bytes.load();
  const std::size_t accounted = breaker.memory_bytes();
  for (int i = 0; i < 2000; ++i) {
    breaker.update_config(i % 2 ? b : a);
    (void)breaker.call([] {});
    breaker.remove_listener(breaker.add_listener([](const BreakerEvent&) {}));
  }
  const std::int64_t grown = live_bytes.load() - before;
  std::cout << "live bytes after 2000 configuration and listener changes: " << grown << " more\n";
  EXPECT_LT(grown, 4096) << "2000 leaked configurations would hold about 5 MB";
  EXPECT_EQ(breaker.memory_bytes(), accounted);
  EXPECT_TRUE(breaker.remove_listener(kept));
}

// The configuration a reader is using stays alive until it is done: a listener (which runs
// inside a read-side guard) that replaces the configuration keeps the old one until a later
// change finds no reader left. The classifier's captured token counts the live copies.
TEST(BreakerMemory, AConfigurationInUseIsFreedOnlyOnceNoReaderHoldsIt) {
  auto token = std::make_shared<int>(0);
  BreakerConfig plain;
  plain.consecutive_failures = 1;
  BreakerConfig with_token = plain;
  with_token.classify_error = [token](const std::exception_ptr&) { return ErrorKind::kFailure; };
  CircuitBreaker breaker("reader", with_token, SystemClock::shared());
  with_token.classify_error = nullptr;
  ASSERT_EQ(token.use_count(), 2) << "the test's and the breaker's configuration's";
  long during = 0;
  breaker.add_listener([&](const BreakerEvent& e) {
    if (e.kind != EventKind::kStateTransition) return;
    breaker.update_config(plain);
    during = token.use_count();
  });
  (void)breaker.call([]() -> int { throw std::runtime_error("trip"); });
  EXPECT_EQ(during, 2) << "replaced while this thread was reading: kept";
  breaker.update_config(plain);
  EXPECT_EQ(token.use_count(), 1) << "freed by the next change, once no reader held it";
}

}  // namespace
}  // namespace snnft::breaker
