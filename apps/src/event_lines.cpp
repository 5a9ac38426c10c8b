// SPDX-License-Identifier: MIT
#include "snnft/apps/event_lines.hpp"

namespace snnft::apps {

EventLines::~EventLines() {
  for (auto& s : segments_) delete s.load(std::memory_order_relaxed);
}

void EventLines::append(std::string line) {
  const std::size_t n = size_.load(std::memory_order_relaxed);
  if (n >= kMaxLines) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  Segment* segment = segments_[n / kSegmentLines].load(std::memory_order_relaxed);
  if (segment == nullptr) {
    segment = new Segment();
    segments_[n / kSegmentLines].store(segment, std::memory_order_release);
  }
  (*segment)[n % kSegmentLines] = std::move(line);
  size_.store(n + 1, std::memory_order_release);  // publishes the line (and its segment)
}

std::string EventLines::text(std::size_t from, std::size_t limit) const {
  const std::size_t n = size();
  std::string out;
  for (std::size_t i = from; i < n && i - from < limit; ++i) {
    const Segment* segment = segments_[i / kSegmentLines].load(std::memory_order_acquire);
    out += (*segment)[i % kSegmentLines];
    out += '\n';
  }
  return out;
}

}  // namespace snnft::apps
