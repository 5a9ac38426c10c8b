// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/clock.hpp"

#if defined(__linux__) && defined(__GLIBC__)
#include <dlfcn.h>
#endif

namespace snnft::breaker {

namespace {
/// The vDSO's clock_gettime, or null. glibc lists the vDSO among the loaded objects under this
/// name, so RTLD_NOLOAD finds it without loading anything.
detail::ClockGettime find_vdso_clock_gettime() noexcept {
#if defined(__linux__) && defined(__GLIBC__) && defined(CLOCK_MONOTONIC_COARSE)
  void* vdso = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (vdso == nullptr) return nullptr;
  auto* fn = reinterpret_cast<detail::ClockGettime>(dlsym(vdso, "__vdso_clock_gettime"));
  // Only use it if it agrees with the library's call on the clock we read through it.
  timespec a{}, b{};
  if (fn == nullptr || fn(CLOCK_MONOTONIC_COARSE, &a) != 0 || clock_gettime(CLOCK_MONOTONIC_COARSE, &b) != 0 ||
      b.tv_sec - a.tv_sec > 1 || b.tv_sec < a.tv_sec) {
    return nullptr;
  }
  return fn;
#else
  return nullptr;
#endif
}
}  // namespace

SystemClock::SystemClock() noexcept {
  static const detail::ClockGettime vdso = find_vdso_clock_gettime();
  if (vdso != nullptr) detail::coarse_clock_gettime.store(vdso, std::memory_order_relaxed);
}

std::int64_t SystemClock::now_ns() const noexcept {
  return std::chrono::duration_cast<Nanos>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::shared_ptr<const Clock> SystemClock::shared() {
  static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace snnft::breaker
