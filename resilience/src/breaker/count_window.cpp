// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/count_window.hpp"

#include <bit>

namespace snnft::breaker {

CountWindow::CountWindow(std::uint32_t size)
    : size_(size < 1 ? 1 : size),
      words_((size_ + 63) / 64),
      modulo_magic_(UINT64_C(0xFFFFFFFFFFFFFFFF) / size_ + 1),
      bits_(new std::atomic<std::uint64_t>[2 * std::size_t{words_}]) {
  for (std::uint32_t i = 0; i < 2 * words_; ++i) bits_[i].store(0, std::memory_order_relaxed);
}

void CountWindow::clear() noexcept {
  // exchange + subtract keeps count == popcount even if a record() races with the clear; such
  // a racing call may survive the clear as a leftover bit until its slot is reused, which is
  // the same as having been recorded just after it.
  for (std::uint32_t i = 0; i < words_; ++i) {
    failures_.fetch_sub(std::popcount(bits_[i].exchange(0, std::memory_order_relaxed)), std::memory_order_relaxed);
    slow_.fetch_sub(std::popcount(bits_[words_ + i].exchange(0, std::memory_order_relaxed)),
                    std::memory_order_relaxed);
  }
  base_.store(head_.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

std::vector<WindowOutcome> CountWindow::outcomes() const {
  const std::uint64_t head = head_.load(std::memory_order_relaxed);
  const std::uint64_t n = std::min<std::uint64_t>(head - base_.load(std::memory_order_relaxed), size_);
  std::vector<WindowOutcome> out;
  out.reserve(n);
  for (std::uint64_t index = head - n; index < head; ++index) {
    const std::uint32_t slot = slot_of(index);
    const std::uint64_t mask = std::uint64_t{1} << (slot & 63u);
    out.push_back({(failure_word(slot).load(std::memory_order_relaxed) & mask) != 0,
                   (slow_word_of(slot).load(std::memory_order_relaxed) & mask) != 0});
  }
  return out;
}

void CountWindow::load(const std::vector<WindowOutcome>& outcomes) noexcept {
  clear();
  const std::size_t first = outcomes.size() > size_ ? outcomes.size() - size_ : 0;
  for (std::size_t i = first; i < outcomes.size(); ++i) record(outcomes[i].failure, outcomes[i].slow);
}

}  // namespace snnft::breaker
