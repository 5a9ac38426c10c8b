// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace snnft::apps {

/// An append-only list of text lines with one writer and any number of readers that never
/// block each other: lines live in fixed-size segments that never move, and a line becomes
/// visible to readers only once the count published after it covers it. Holds up to
/// kMaxLines lines; later ones are counted in dropped() and not kept.
class EventLines {
 public:
  static constexpr std::size_t kSegmentLines = 1024;
  static constexpr std::size_t kSegments = 1024;
  static constexpr std::size_t kMaxLines = kSegmentLines * kSegments;

  EventLines() = default;
  ~EventLines();
  EventLines(const EventLines&) = delete;
  EventLines& operator=(const EventLines&) = delete;

  /// Writer only.
  void append(std::string line);
  /// Lines visible to readers.
  [[nodiscard]] std::size_t size() const { return size_.load(std::memory_order_acquire); }
  [[nodiscard]] std::size_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  /// Lines [from, min(size(), from + limit)), each followed by '\n'.
  [[nodiscard]] std::string text(std::size_t from, std::size_t limit = kMaxLines) const;

 private:
  using Segment = std::array<std::string, kSegmentLines>;
  std::array<std::atomic<Segment*>, kSegments> segments_{};
  std::atomic<std::size_t> size_{0};
  std::atomic<std::size_t> dropped_{0};
};

}  // namespace snnft::apps
