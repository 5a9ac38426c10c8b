// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace snnft::breaker {

/// Calls, failures and slow calls currently in a window.
struct WindowTotals {
  std::uint32_t calls = 0;
  std::uint32_t failures = 0;
  std::uint32_t slow = 0;
};

/// One remembered call, oldest first in CountWindow::outcomes().
struct WindowOutcome {
  bool failure = false;
  bool slow = false;
};

/// The last N call outcomes as two rings of bits (failure, slow), updated lock-free.
/// Each slot is claimed with one fetch_add on the head; a bit is changed only with an atomic
/// read-modify-write whose old value tells whether the count must move, so at rest the failure
/// count always equals the number of set failure bits, however threads interleave.
/// A window of 100 calls takes 32 bytes of bits.
class CountWindow {
 public:
  explicit CountWindow(std::uint32_t size);

  [[nodiscard]] std::uint32_t size() const noexcept { return size_; }

  /// Records one call and returns the totals including it.
  WindowTotals record(bool failure, bool slow) noexcept {
    const std::uint64_t index = head_.fetch_add(1, std::memory_order_relaxed);
    const std::uint32_t slot = slot_of(index);
    const std::uint64_t mask = std::uint64_t{1} << (slot & 63u);
    std::atomic<std::uint64_t>& fail_word = failure_word(slot);
    std::atomic<std::uint64_t>& slow_word = slow_word_of(slot);
    update_bit(fail_word, mask, failure, failures_);
    update_bit(slow_word, mask, slow, slow_);
    const std::uint64_t recorded = index + 1 - base_.load(std::memory_order_relaxed);
    return totals_for(recorded);
  }

  /// Records a successful call that was not slow, the common case: the same as
  /// record(false, false) without computing totals. Returns whether the window still holds
  /// failures or slow calls, since only then can a rate rule trip.
  bool record_success() noexcept {
    const std::uint32_t slot = slot_of(head_.fetch_add(1, std::memory_order_relaxed));
    const std::uint64_t mask = std::uint64_t{1} << (slot & 63u);
    update_bit(failure_word(slot), mask, false, failures_);
    update_bit(slow_word_of(slot), mask, false, slow_);
    return (failures_.load(std::memory_order_relaxed) | slow_.load(std::memory_order_relaxed)) != 0;
  }

  [[nodiscard]] WindowTotals totals() const noexcept {
    return totals_for(head_.load(std::memory_order_relaxed) - base_.load(std::memory_order_relaxed));
  }

  /// Forgets every call.
  void clear() noexcept;

  /// The remembered calls, oldest first (exact when no call is being recorded).
  [[nodiscard]] std::vector<WindowOutcome> outcomes() const;
  /// Replaces the contents with `outcomes` (oldest first; only the newest size() are kept).
  void load(const std::vector<WindowOutcome>& outcomes) noexcept;

  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return sizeof(*this) + 2 * words_ * sizeof(std::atomic<std::uint64_t>);
  }

 private:
  // One allocation: the failure bits, then the slow bits.
  [[nodiscard]] std::atomic<std::uint64_t>& failure_word(std::uint32_t slot) const noexcept { return bits_[slot >> 6]; }
  [[nodiscard]] std::atomic<std::uint64_t>& slow_word_of(std::uint32_t slot) const noexcept {
    return bits_[words_ + (slot >> 6)];
  }

  static void update_bit(std::atomic<std::uint64_t>& word, std::uint64_t mask, bool set,
                         std::atomic<std::int32_t>& count) noexcept {
    if (set) {
      if (!(word.fetch_or(mask, std::memory_order_relaxed) & mask)) count.fetch_add(1, std::memory_order_relaxed);
    } else if (word.load(std::memory_order_relaxed) & mask) {
      // Only pay for a read-modify-write when the bit is set: the common success path
      // overwrites a success and touches no shared counter at all.
      if (word.fetch_and(~mask, std::memory_order_relaxed) & mask) count.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  /// index mod size with Lemire's multiply-shift instead of a division (which would be the
  /// slowest instruction of a closed-state call). Only the low 32 bits of the index are used:
  /// when the head passes 2^32 one slot is reused early, which is harmless, since the counts
  /// follow the bits.
  [[nodiscard]] std::uint32_t slot_of(std::uint64_t index) const noexcept {
    __extension__ using u128 = unsigned __int128;
    const std::uint64_t low = modulo_magic_ * static_cast<std::uint32_t>(index);
    return static_cast<std::uint32_t>((static_cast<u128>(low) * size_) >> 64);
  }

  [[nodiscard]] WindowTotals totals_for(std::uint64_t recorded) const noexcept {
    const auto calls = static_cast<std::uint32_t>(std::min<std::uint64_t>(recorded, size_));
    // A count can be briefly negative or above `calls` while another thread is between its
    // bit update and its count update; clamp so rates stay within [0, 1].
    auto clamp = [calls](std::int32_t n) {
      return static_cast<std::uint32_t>(std::clamp<std::int64_t>(n, 0, calls));
    };
    return {calls, clamp(failures_.load(std::memory_order_relaxed)), clamp(slow_.load(std::memory_order_relaxed))};
  }

  std::atomic<std::uint64_t> head_{0};  ///< total calls ever recorded
  std::atomic<std::uint64_t> base_{0};  ///< head_ at the last clear()
  std::atomic<std::int32_t> failures_{0};
  std::atomic<std::int32_t> slow_{0};
  std::uint32_t size_;
  std::uint32_t words_;
  std::uint64_t modulo_magic_;  ///< 2^64 / size_, rounded up
  std::unique_ptr<std::atomic<std::uint64_t>[]> bits_;
};

}  // namespace snnft::breaker
