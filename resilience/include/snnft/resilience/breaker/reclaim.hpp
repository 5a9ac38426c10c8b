// SPDX-License-Identifier: MIT
// Epoch-based reclamation for what a breaker's lock-free readers may still hold after it has
// been replaced: a configuration (update_config), a listener list, the windows of a period.
//
// Readers wrap each access in a ReadGuard, which publishes the global epoch in the thread's
// record: a few thread-local stores, no locked instruction and no allocation. A writer
// unpublishes an object, retires it with the epoch it advanced to, and frees it once no reader
// is left that entered at or before that epoch. The store-load ordering a reader would need
// between publishing its epoch and loading the pointer is supplied by the writer instead:
// membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) makes every running thread of the process
// execute a full barrier. Where membarrier is unavailable, readers publish their epoch with a
// sequentially consistent exchange instead, and the published pointers (loaded seq_cst, a
// plain load on x86) order the rest.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

namespace snnft::breaker::detail {

/// One thread's read-side record, in static thread-local storage (so entering never
/// allocates). Only the owning thread writes `epoch` and `depth`; writers read `epoch`.
struct ReaderRecord {
  std::atomic<std::uint64_t> epoch{0};  ///< the global epoch at entry, 0 while not reading
  std::uint32_t depth = 0;              ///< nested guards (a breaker used inside a callable)
  bool listed = false;                  ///< in the global list, so writers see `epoch`
  bool exited = false;                  ///< the thread is ending and has left the list
  ReaderRecord* prev = nullptr;         ///< neighbours in the list, guarded by its mutex
  ReaderRecord* next = nullptr;
};
inline constinit thread_local ReaderRecord reader_record{};

struct ReclaimGlobals {
  std::atomic<std::uint64_t> epoch{1};
  /// Writers issue a process-wide barrier (membarrier), so readers need only a compiler one.
  std::atomic<bool> asymmetric{false};
  /// Guards that run in a thread which has already left the list (thread-local destructors
  /// using a breaker): while any runs, nothing is reclaimed.
  std::atomic<std::uint32_t> unlisted_readers{0};
  std::mutex mutex;  ///< guards the reader list
  ReaderRecord* readers = nullptr;
};
// Constant-initialised and never destroyed, so threads ending after static destruction can
// still leave the list.
inline constinit ReclaimGlobals reclaim_globals{};

/// Lists the calling thread's record (first guard of a thread) or, in an exiting thread,
/// counts the guard as unlisted.
void enter_cold(ReaderRecord& r) noexcept;
void leave_unlisted() noexcept;

/// Marks the calling thread as reading reclaimable objects for its lifetime.
class ReadGuard {
 public:
  ReadGuard() noexcept {
    ReaderRecord& r = reader_record;
    if (r.depth++ != 0) return;
    if (!r.listed) [[unlikely]] {
      enter_cold(r);
      if (!r.listed) return;  // an exiting thread: counted in unlisted_readers instead
    }
    const std::uint64_t epoch = reclaim_globals.epoch.load(std::memory_order_acquire);
    if (reclaim_globals.asymmetric.load(std::memory_order_relaxed)) [[likely]] {
      r.epoch.store(epoch, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);  // the writer's membarrier does the rest
    } else {
      r.epoch.exchange(epoch, std::memory_order_seq_cst);
    }
  }
  ~ReadGuard() {
    ReaderRecord& r = reader_record;
    if (--r.depth != 0) return;
    if (r.listed) [[likely]] {
      r.epoch.store(0, std::memory_order_release);
    } else {
      leave_unlisted();
    }
  }
  ReadGuard(const ReadGuard&) = delete;
  ReadGuard& operator=(const ReadGuard&) = delete;
};

/// Objects that have been unpublished but may still be read, each freed once no reader can
/// hold it. Not thread-safe: its owner serialises retire() and collect() (a breaker does so
/// under its mutex).
class RetiredObjects {
 public:
  RetiredObjects() = default;
  RetiredObjects(const RetiredObjects&) = delete;
  RetiredObjects& operator=(const RetiredObjects&) = delete;
  /// Frees everything: the owner is being destroyed, so nobody may read these any more.
  ~RetiredObjects() = default;

  /// Takes `object`, already unpublished, and frees what can be freed. `bytes` is what it
  /// owns, for memory accounting.
  void retire(std::shared_ptr<const void> object, std::size_t bytes);
  /// Frees every object no reader can still hold; returns how many remain.
  std::size_t collect() noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept;

 private:
  struct Entry {
    std::shared_ptr<const void> object;
    std::size_t bytes;
    std::uint64_t epoch;  ///< readers that entered at or before this epoch may hold it
  };
  std::vector<Entry> entries_;
};

/// The smallest epoch a reader is in (UINT64_MAX if none, 0 if an unlisted reader is in);
/// issues the process-wide barrier first.
std::uint64_t oldest_reader_epoch() noexcept;

/// Threads currently listed as readers (for tests and memory accounting).
std::size_t listed_readers() noexcept;

}  // namespace snnft::breaker::detail
