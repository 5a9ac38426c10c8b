// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace snnft {

/// Where sampled frames go (an HDF5 report, memory, ...). A frame is one row of values
/// sampled at one time: a state variable of some neurons (StateRecorder) or the weights of a
/// projection (WeightRecorder). Recorders call write_frames with whole buffers only, from the
/// Record phase and at the end of a run, so a sink may stream them to disk chunk by chunk.
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  /// `frames` consecutive frames of `channel` (a recorder's variable index), row-major:
  /// data.size() == frames × values per frame.
  virtual void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) = 0;
  /// A sink that reads `data` after write_frames has returned (on a writer thread) says so
  /// here. Its recorders then alternate between two buffers per channel: the data of a write
  /// stays untouched until the recorder's next write_frames on that channel has returned, and
  /// the sink must be done with it by then.
  [[nodiscard]] virtual bool reads_after_return() const { return false; }
};

/// Keeps every frame in memory, one row-major array per channel: for tests and for callers
/// that want the trace back as numbers (e.g. a Python binding).
class MemoryFrameSink final : public FrameSink {
 public:
  void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) override {
    if (channel >= data_.size()) {
      data_.resize(channel + 1);
      frames_.resize(channel + 1, 0);
    }
    data_[channel].insert(data_[channel].end(), data.begin(), data.end());
    frames_[channel] += frames;
  }
  /// All frames of a channel, row-major (frames(channel) rows).
  [[nodiscard]] const std::vector<float>& data(std::size_t channel) const { return data_.at(channel); }
  [[nodiscard]] std::size_t frames(std::size_t channel) const { return channel < frames_.size() ? frames_[channel] : 0; }

 private:
  std::vector<std::vector<float>> data_;
  std::vector<std::size_t> frames_;
};

}  // namespace snnft
