// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/reclaim.hpp"

#include <algorithm>
#include <limits>

#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace snnft::breaker::detail {

static_assert(std::is_trivially_destructible_v<ReclaimGlobals>);
static_assert(std::is_trivially_destructible_v<ReaderRecord>);

namespace {

#if defined(__linux__) && defined(__NR_membarrier)
long membarrier(int cmd) noexcept { return syscall(__NR_membarrier, cmd, 0, 0); }

bool register_membarrier() noexcept {
  const long supported = membarrier(MEMBARRIER_CMD_QUERY);
  if (supported < 0 || (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
  return membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
}
#else
long membarrier(int) noexcept { return -1; }
bool register_membarrier() noexcept { return false; }
#endif

/// Decides once per process whether writers issue membarrier. Until this has run, readers
/// fence themselves (`asymmetric` starts false), so the switch is safe at any time.
bool asymmetric_barrier() noexcept {
  static const bool ok = [] {
    const bool registered = register_membarrier();
    reclaim_globals.asymmetric.store(registered, std::memory_order_seq_cst);
    return registered;
  }();
  return ok;
}

/// Every running thread of the process executes a full barrier. Without membarrier, readers
/// order themselves (a seq_cst exchange), and so do the writer's seq_cst operations.
void process_wide_barrier() noexcept {
  if (asymmetric_barrier()) (void)membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
}

void unlist(ReaderRecord& r) noexcept {
  auto& g = reclaim_globals;
  std::lock_guard lock(g.mutex);
  r.exited = true;
  if (!r.listed) return;
  (r.prev != nullptr ? r.prev->next : g.readers) = r.next;
  if (r.next != nullptr) r.next->prev = r.prev;
  r.listed = false;
}

}  // namespace

void enter_cold(ReaderRecord& r) noexcept {
  auto& g = reclaim_globals;
  if (!r.exited) {
    (void)asymmetric_barrier();  // before the first guard of any thread decides how to fence
    {
      std::lock_guard lock(g.mutex);
      r.prev = nullptr;
      r.next = g.readers;
      if (g.readers != nullptr) g.readers->prev = &r;
      g.readers = &r;
      r.listed = true;
    }
    // Leave the list when the thread ends (set up outside the mutex: it may allocate).
    struct ExitHook {
      ~ExitHook() { unlist(reader_record); }
    };
    static thread_local ExitHook on_exit;
    (void)&on_exit;
    if (!r.exited) return;  // (a thread already past its thread-local destructors)
  }
  g.unlisted_readers.fetch_add(1, std::memory_order_seq_cst);
}

void leave_unlisted() noexcept { reclaim_globals.unlisted_readers.fetch_sub(1, std::memory_order_release); }

std::uint64_t oldest_reader_epoch() noexcept {
  process_wide_barrier();
  auto& g = reclaim_globals;
  if (g.unlisted_readers.load(std::memory_order_seq_cst) != 0) return 0;
  std::uint64_t oldest = std::numeric_limits<std::uint64_t>::max();
  std::lock_guard lock(g.mutex);
  for (const ReaderRecord* r = g.readers; r != nullptr; r = r->next) {
    const std::uint64_t e = r->epoch.load(std::memory_order_seq_cst);
    if (e != 0) oldest = std::min(oldest, e);
  }
  return oldest;
}

std::size_t listed_readers() noexcept {
  auto& g = reclaim_globals;
  std::lock_guard lock(g.mutex);
  std::size_t n = 0;
  for (const ReaderRecord* r = g.readers; r != nullptr; r = r->next) ++n;
  return n;
}

void RetiredObjects::retire(std::shared_ptr<const void> object, std::size_t bytes) {
  // The object is already unpublished: a reader entering after this epoch cannot reach it.
  const std::uint64_t epoch = reclaim_globals.epoch.fetch_add(1, std::memory_order_seq_cst);
  entries_.push_back({std::move(object), bytes, epoch});
  collect();
}

std::size_t RetiredObjects::collect() noexcept {
  if (entries_.empty()) return 0;
  const std::uint64_t oldest = oldest_reader_epoch();
  std::erase_if(entries_, [oldest](const Entry& e) { return e.epoch < oldest; });
  return entries_.size();
}

std::size_t RetiredObjects::bytes() const noexcept {
  std::size_t total = entries_.capacity() * sizeof(Entry);
  for (const Entry& e : entries_) total += e.bytes;
  return total;
}

}  // namespace snnft::breaker::detail
