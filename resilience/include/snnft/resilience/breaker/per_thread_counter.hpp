// SPDX-License-Identifier: MIT
// An event counter incremented in per-thread memory and summed when read, for the counters a
// breaker bumps on every call.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <type_traits>

namespace snnft::breaker {

class PerThreadCounter;

namespace detail {

/// Cells per thread: as many per-thread counters can be live at once (two per breaker).
inline constexpr std::uint32_t kCounterCells = 512;

/// One thread's cells, in static thread-local storage (4 KiB per thread), so that counting
/// never allocates. Only the owning thread writes a cell while it counts; other threads read
/// the cells, and zero a freed one, only under the registry mutex while the thread is listed.
struct ThreadCells {
  std::atomic<std::uint64_t> cells[kCounterCells];
  ThreadCells* prev = nullptr;  ///< neighbours in the registry's list, guarded by its mutex
  ThreadCells* next = nullptr;
  /// Cell indices below this may be written: kCounterCells while the thread is listed in the
  /// registry (its cells are summed by readers), 0 before and after. One compare against a
  /// counter's index then tests both "listed" and "the counter has a cell".
  std::uint32_t limit = 0;
  bool exited = false;  ///< the thread is ending: count into the shared fallback instead
};

// constinit and trivially destructible: an access is one %fs-relative address, with no
// initialisation guard and no wrapper call.
inline constinit thread_local ThreadCells thread_cells{};

/// The threads that count and the live counter of each cell index.
struct CounterRegistry {
  std::mutex mutex;
  ThreadCells* threads = nullptr;
  std::size_t thread_count = 0;
  PerThreadCounter* owners[kCounterCells] = {};
};

// Static storage with constant initialisation: no allocation, no initialisation guard, and,
// being trivially destructible, never destroyed, so threads that end during or after static
// destruction can still retire their cells.
static_assert(std::is_trivially_destructible_v<CounterRegistry>);
inline constinit CounterRegistry counter_registry_instance{};
inline CounterRegistry& counter_registry() noexcept { return counter_registry_instance; }

}  // namespace detail

/// A 64-bit event counter that each thread increments in its own memory, summed when read.
/// An increment is a plain load and store of a thread-local cell (about 1 ns) instead of a
/// locked read-modify-write of a line every caller shares (about 7 ns uncontended, far more
/// when threads contend). Reading takes a process-wide mutex and visits every thread that has
/// counted, so the counter suits values read rarely, such as metrics.
///
/// Exact: at rest, load() is the sum of every add(), across threads that have since ended.
/// At most detail::kCounterCells counters use per-thread cells at once (indices are reused);
/// any further one counts in one shared atomic, which is just as exact.
class PerThreadCounter {
 public:
  PerThreadCounter() noexcept;
  ~PerThreadCounter();
  PerThreadCounter(const PerThreadCounter&) = delete;
  PerThreadCounter& operator=(const PerThreadCounter&) = delete;

  void add(std::uint64_t n = 1) noexcept {
    detail::ThreadCells& t = detail::thread_cells;
    if (index_ < t.limit) [[likely]] {
      // Only this thread writes the cell, so load + store loses nothing; a reader sees the
      // old or the new value, both of which are counts that really happened.
      std::atomic<std::uint64_t>& cell = t.cells[index_];
      cell.store(cell.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
      return;
    }
    add_slow(n);
  }

  /// The sum over all threads.
  [[nodiscard]] std::uint64_t load() const noexcept;
  /// Makes load() return `value` (plus whatever is added concurrently).
  void store(std::uint64_t value) noexcept;

  /// Threads that currently hold cells: each holds 8 bytes for every counter.
  [[nodiscard]] static std::size_t threads_counting() noexcept;

 private:
  // Out of line and cold, so that add() stays a few instructions wherever it is inlined.
  [[gnu::noinline, gnu::cold]] void add_slow(std::uint64_t n) noexcept {
    detail::ThreadCells& t = detail::thread_cells;
    if (index_ < detail::kCounterCells && !t.exited) {
      auto& registry = detail::counter_registry();
      {
        std::lock_guard lock(registry.mutex);
        register_thread(registry, t);
      }
      // The thread-exit hook is set up outside the mutex: it may allocate.
      struct ExitHook {
        ~ExitHook() { retire_thread(detail::thread_cells); }
      };
      static thread_local ExitHook on_exit;
      (void)&on_exit;
      add(n);
      return;
    }
    base_.fetch_add(n, std::memory_order_relaxed);
  }
  static void register_thread(detail::CounterRegistry& registry, detail::ThreadCells& t) noexcept;
  static void retire_thread(detail::ThreadCells& t) noexcept;
  [[nodiscard]] std::uint64_t cells_sum_locked(const detail::CounterRegistry& registry) const noexcept;

  std::uint32_t index_ = detail::kCounterCells;  ///< kCounterCells: no cells, everything goes to base_
  /// What the cells do not hold: counts of threads that have ended, counts made without a
  /// cell, and the shift store() applies. Sums wrap modulo 2^64, so a shift may be "negative".
  std::atomic<std::uint64_t> base_{0};
};

// ---- Definitions (header-only: the counter is small and used from inline fast paths) -------

inline PerThreadCounter::PerThreadCounter() noexcept {
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  for (std::uint32_t i = 0; i < detail::kCounterCells; ++i) {
    if (registry.owners[i] == nullptr) {
      registry.owners[i] = this;
      index_ = i;
      return;
    }
  }
}

inline PerThreadCounter::~PerThreadCounter() {
  if (index_ >= detail::kCounterCells) return;
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  // The next owner of this index must start from zero in every thread.
  for (detail::ThreadCells* t = registry.threads; t != nullptr; t = t->next) {
    t->cells[index_].store(0, std::memory_order_relaxed);
  }
  registry.owners[index_] = nullptr;
}

inline std::uint64_t PerThreadCounter::cells_sum_locked(const detail::CounterRegistry& registry) const noexcept {
  std::uint64_t sum = 0;
  if (index_ >= detail::kCounterCells) return sum;
  for (const detail::ThreadCells* t = registry.threads; t != nullptr; t = t->next) {
    sum += t->cells[index_].load(std::memory_order_relaxed);
  }
  return sum;
}

inline std::uint64_t PerThreadCounter::load() const noexcept {
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  return base_.load(std::memory_order_relaxed) + cells_sum_locked(registry);
}

inline void PerThreadCounter::store(std::uint64_t value) noexcept {
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  base_.store(value - cells_sum_locked(registry), std::memory_order_relaxed);
}

inline std::size_t PerThreadCounter::threads_counting() noexcept {
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  return registry.thread_count;
}

inline void PerThreadCounter::register_thread(detail::CounterRegistry& registry, detail::ThreadCells& t) noexcept {
  if (t.limit != 0) return;
  t.prev = nullptr;
  t.next = registry.threads;
  if (registry.threads != nullptr) registry.threads->prev = &t;
  registry.threads = &t;
  ++registry.thread_count;
  t.limit = detail::kCounterCells;
}

inline void PerThreadCounter::retire_thread(detail::ThreadCells& t) noexcept {
  auto& registry = detail::counter_registry();
  std::lock_guard lock(registry.mutex);
  t.exited = true;  // from now on (other thread-local destructors) this thread counts in base_
  if (t.limit == 0) return;
  for (std::uint32_t i = 0; i < detail::kCounterCells; ++i) {
    const std::uint64_t v = t.cells[i].exchange(0, std::memory_order_relaxed);
    if (registry.owners[i] != nullptr) registry.owners[i]->base_.fetch_add(v, std::memory_order_relaxed);
  }
  (t.prev != nullptr ? t.prev->next : registry.threads) = t.next;
  if (t.next != nullptr) t.next->prev = t.prev;
  --registry.thread_count;
  t.limit = 0;
}

}  // namespace snnft::breaker
