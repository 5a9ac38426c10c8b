// SPDX-License-Identifier: MIT
#pragma once
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "snnft/snn/frame_sink.hpp"
#include "snnft/snn/spike_recorder.hpp"

namespace snnft::apps {

/// One thread that performs a recording's writes (HDF5 appends and their deflate), so the
/// simulating thread hands a copy of a full buffer over and goes on stepping instead of
/// waiting for the file. Jobs run one at a time in submission order, so the file receives
/// the same calls in the same order as when written in place: the output is the same.
///
/// A sink below waits when all of its buffers are still queued: memory stays bounded, and a
/// writer that cannot keep up sets the pace. A job that throws stops the writing; the error is rethrown on the simulating
/// thread by the next write or by drain().
///
/// While jobs are queued the writer thread owns the file: call drain() before touching the
/// file from another thread.
class BackgroundWriter {
 public:
  /// A write to run on the writer thread; it stays alive until it has run.
  class Job {
   public:
    virtual ~Job() = default;
    virtual void run() = 0;

   private:
    friend class BackgroundWriter;
    bool queued_ = false;  // guarded by the writer's mutex
  };

  BackgroundWriter();
  /// Runs what is still queued (dropping errors) and stops the thread.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  /// Makes room in the queue for `jobs` more jobs; only while nothing is queued (sinks call
  /// it when they are made, so queueing never allocates).
  void reserve(std::size_t jobs);
  /// Waits until one of `jobs` is neither queued nor running and returns it.
  Job& wait_for_free(std::span<Job* const> jobs);
  /// Queues a job returned by wait_for_free.
  void submit(Job& job);
  /// Waits until every queued job has run; rethrows the first error of any.
  void drain();
  /// Waits until every queued job has run, keeping any error for drain().
  void wait_idle();

 private:
  void loop();
  void throw_if_failed();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Job*> ring_;  // queued jobs: ring_[(head_ + k) % size], k < count_
  std::size_t head_ = 0, count_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts after the members above exist
};

/// A FrameSink that has a BackgroundWriter pass each buffer to `inner`, without copying it:
/// its recorders fill a second buffer meanwhile (reads_after_return), and a write waits until
/// the previous buffer of its channel is written.
class BackgroundFrameSink final : public FrameSink {
 public:
  BackgroundFrameSink(FrameSink& inner, BackgroundWriter& writer, std::size_t channels);
  /// Waits for its queued writes.
  ~BackgroundFrameSink() override;
  void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) override;
  [[nodiscard]] bool reads_after_return() const override { return true; }

 private:
  struct Write final : BackgroundWriter::Job {
    FrameSink* inner = nullptr;
    std::span<const float> data;
    std::size_t channel = 0, frames = 0;
    void run() override { inner->write_frames(channel, data, frames); }
  };
  BackgroundWriter& writer_;
  std::vector<Write> writes_;  // one per channel
};

/// A SpikeSink that copies each buffer into a free block of its own (allocated when it is
/// made) and has a BackgroundWriter pass it to `inner`.
class BackgroundSpikeSink final : public SpikeSink {
 public:
  /// `max_spikes`: the largest write (a SpikeRecorder's buffer); `blocks`: buffers in flight.
  BackgroundSpikeSink(SpikeSink& inner, BackgroundWriter& writer, std::size_t max_spikes, std::size_t blocks);
  ~BackgroundSpikeSink() override;
  void write_spikes(PopulationIndex population, std::span<const Step> steps, std::span<const NeuronIndex> neurons) override;

 private:
  struct Block final : BackgroundWriter::Job {
    SpikeSink* inner = nullptr;
    std::vector<Step> steps;
    std::vector<NeuronIndex> neurons;
    std::size_t used = 0;
    PopulationIndex population = 0;
    void run() override {
      inner->write_spikes(population, std::span<const Step>(steps.data(), used),
                          std::span<const NeuronIndex>(neurons.data(), used));
    }
  };
  BackgroundWriter& writer_;
  std::vector<Block> blocks_;
  std::vector<BackgroundWriter::Job*> jobs_;
};

}  // namespace snnft::apps
