// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <atomic>
#include <cstdint>

namespace snnft::apps {

/// Hands the latest value from one writer thread to one reader thread without either ever
/// waiting: three slots, one being written, one being read and one holding the newest
/// finished value, swapped through a single atomic. The writer fills back(), then publish();
/// the reader calls fetch() and reads front() until its next fetch(). A value the reader
/// never fetched is simply overwritten by a newer one.
///
/// Assigning into back() reuses the slot's storage, so a writer whose values keep their
/// sizes (vectors of a fixed length) publishes without allocating.
template <class T>
class TripleBuffer {
 public:
  /// Sets every slot to `value` (so vectors get their sizes up front). Neither side may be
  /// using the buffer meanwhile.
  void reset(const T& value) { slots_.fill(value); }

  /// The writer's slot.
  T& back() { return slots_[back_]; }
  /// Makes back() the newest value; back() is then another slot, holding an older value.
  void publish() {
    const std::uint8_t old_middle = middle_.exchange(static_cast<std::uint8_t>(back_ | kFresh), std::memory_order_acq_rel);
    back_ = old_middle & kIndex;
  }

  /// Takes the newest published value, if there is one the reader has not seen; returns
  /// whether front() changed.
  bool fetch() {
    if ((middle_.load(std::memory_order_relaxed) & kFresh) == 0) return false;
    const std::uint8_t old_middle = middle_.exchange(front_, std::memory_order_acq_rel);
    front_ = old_middle & kIndex;
    return true;
  }
  /// The reader's slot: the value taken by the last fetch().
  [[nodiscard]] const T& front() const { return slots_[front_]; }

 private:
  static constexpr std::uint8_t kIndex = 0x3, kFresh = 0x4;
  std::array<T, 3> slots_{};
  std::uint8_t back_ = 0;               // the writer's own
  std::atomic<std::uint8_t> middle_{1};  // shared: index, plus kFresh when not yet fetched
  std::uint8_t front_ = 2;              // the reader's own
};

}  // namespace snnft::apps
