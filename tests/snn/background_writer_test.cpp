// SPDX-License-Identifier: MIT
// The writer thread of a recording: every buffer reaches the file's sink unchanged and in
// order, on the writer's thread, and a failed write surfaces on the simulating thread.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

#include "snnft/apps/background_writer.hpp"

namespace snnft::apps {
namespace {

/// Keeps what it is given and the thread it was called on; throws on write `fail_at`.
class LoggingFrameSink final : public FrameSink {
 public:
  explicit LoggingFrameSink(std::size_t fail_at = SIZE_MAX) : fail_at_(fail_at) {}
  void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) override {
    if (calls_++ == fail_at_) throw std::runtime_error("disk full");
    memory.write_frames(channel, data, frames);
    threads.push_back(std::this_thread::get_id());
  }
  MemoryFrameSink memory;
  std::vector<std::thread::id> threads;

 private:
  std::size_t fail_at_;
  std::size_t calls_ = 0;
};

// Buffer k of channel c: frames of 3 values that name (c, k, i), so any mix-up shows.
std::vector<float> buffer(std::size_t channel, std::size_t k, std::size_t frames) {
  std::vector<float> data(frames * 3);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(channel * 100000 + k * 100 + i);
  return data;
}

TEST(BackgroundWriter, EveryBufferReachesTheSinkUnchangedInOrderOnTheWriterThread) {
  LoggingFrameSink direct, inner;
  {
    BackgroundWriter writer;
    BackgroundFrameSink sink(inner, writer, 2);
    ASSERT_TRUE(sink.reads_after_return());
    // As a recorder fills them: two buffers per channel, in turn.
    std::vector<std::vector<float>> buffers(4);
    for (std::size_t k = 0; k < 200; ++k) {
      for (std::size_t channel = 0; channel < 2; ++channel) {
        const std::size_t frames = 1 + (k + channel) % 4;  // full and partial buffers
        std::vector<float>& data = buffers[2 * channel + k % 2];
        data = buffer(channel, k, frames);
        sink.write_frames(channel, data, frames);
        direct.write_frames(channel, data, frames);
      }
    }
    writer.drain();
  }
  for (std::size_t channel = 0; channel < 2; ++channel) {
    EXPECT_EQ(inner.memory.data(channel), direct.memory.data(channel));
    EXPECT_EQ(inner.memory.frames(channel), direct.memory.frames(channel));
  }
  ASSERT_EQ(inner.threads.size(), 400u);
  for (const auto& id : inner.threads) EXPECT_NE(id, std::this_thread::get_id());
}

TEST(BackgroundWriter, SpikesReachTheSinkUnchangedInOrder) {
  struct Log final : SpikeSink {
    void write_spikes(PopulationIndex p, std::span<const Step> steps, std::span<const NeuronIndex> ids) override {
      for (std::size_t k = 0; k < steps.size(); ++k) spikes.push_back({steps[k], p, ids[k]});
    }
    std::vector<std::tuple<Step, PopulationIndex, NeuronIndex>> spikes;
  };
  Log direct, inner;
  {
    BackgroundWriter writer;
    BackgroundSpikeSink sink(inner, writer, 5, 2);
    for (Step s = 0; s < 100; ++s) {
      const std::size_t n = static_cast<std::size_t>(s) % 6;
      std::vector<Step> steps(n, s);
      std::vector<NeuronIndex> ids(n);
      for (std::size_t k = 0; k < n; ++k) ids[k] = static_cast<NeuronIndex>(k * 7 + static_cast<std::size_t>(s));
      const auto p = static_cast<PopulationIndex>(s % 3);
      sink.write_spikes(p, steps, ids);
      direct.write_spikes(p, steps, ids);
    }
    writer.drain();
  }
  EXPECT_EQ(inner.spikes, direct.spikes);
  EXPECT_EQ(inner.spikes.size(), 246u);
}

TEST(BackgroundWriter, AFailedWriteIsRethrownOnTheSubmittingThreadAndStopsTheWriting) {
  LoggingFrameSink inner(2);  // the third write fails
  BackgroundWriter writer;
  BackgroundFrameSink sink(inner, writer, 1);
  const auto data = buffer(0, 0, 1);
  bool thrown = false;
  try {
    for (int k = 0; k < 10; ++k) sink.write_frames(0, data, 1);
    writer.drain();
  } catch (const std::runtime_error& e) {
    thrown = true;
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_TRUE(thrown);
  EXPECT_THROW(writer.drain(), std::runtime_error) << "the error stays";
  writer.wait_idle();
  EXPECT_EQ(inner.memory.frames(0), 2u) << "nothing is written after the failed write";
}

TEST(BackgroundWriter, AWriteToAnUnknownChannelIsAProgrammingError) {
  LoggingFrameSink inner;
  BackgroundWriter writer;
  BackgroundFrameSink sink(inner, writer, 1);
  const auto data = buffer(0, 0, 1);
  EXPECT_THROW(sink.write_frames(1, data, 1), std::logic_error);
}

}  // namespace
}  // namespace snnft::apps
