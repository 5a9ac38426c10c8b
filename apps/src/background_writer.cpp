// SPDX-License-Identifier: MIT
#include "snnft/apps/background_writer.hpp"

#include <algorithm>
#include <stdexcept>

namespace snnft::apps {

BackgroundWriter::BackgroundWriter() : thread_([this] { loop(); }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundWriter::reserve(std::size_t jobs) {
  const std::lock_guard lock(mutex_);
  if (count_ != 0) throw std::logic_error("BackgroundWriter::reserve while jobs are queued");
  ring_.resize(ring_.size() + jobs);
  head_ = 0;
}

void BackgroundWriter::throw_if_failed() {
  if (error_) std::rethrow_exception(error_);
}

BackgroundWriter::Job& BackgroundWriter::wait_for_free(std::span<Job* const> jobs) {
  std::unique_lock lock(mutex_);
  Job* free = nullptr;
  changed_.wait(lock, [&] {
    if (error_) return true;
    const auto it = std::find_if(jobs.begin(), jobs.end(), [](const Job* j) { return !j->queued_; });
    free = it == jobs.end() ? nullptr : *it;
    return free != nullptr;
  });
  throw_if_failed();
  return *free;
}

void BackgroundWriter::submit(Job& job) {
  {
    const std::lock_guard lock(mutex_);
    throw_if_failed();
    if (job.queued_ || count_ == ring_.size()) throw std::logic_error("BackgroundWriter::submit: job queued twice or not reserved");
    job.queued_ = true;
    ring_[(head_ + count_) % ring_.size()] = &job;
    ++count_;
  }
  changed_.notify_all();
}

void BackgroundWriter::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return count_ == 0; });
}

void BackgroundWriter::drain() {
  wait_idle();
  const std::lock_guard lock(mutex_);
  throw_if_failed();
}

void BackgroundWriter::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return count_ != 0 || stopping_; });
    if (count_ == 0) return;  // stopping, and nothing left to write
    Job& job = *ring_[head_];
    const bool skip = error_ != nullptr;  // after a failed write the file is not written further
    lock.unlock();
    std::exception_ptr error;
    if (!skip) {
      try {
        job.run();
      } catch (...) {
        error = std::current_exception();
      }
    }
    lock.lock();
    if (error && !error_) error_ = error;
    job.queued_ = false;
    head_ = (head_ + 1) % ring_.size();
    --count_;
    changed_.notify_all();
  }
}

BackgroundFrameSink::BackgroundFrameSink(FrameSink& inner, BackgroundWriter& writer, std::size_t channels)
    : writer_(writer), writes_(channels) {
  for (Write& w : writes_) {
    w.inner = &inner;
    w.channel = static_cast<std::size_t>(&w - writes_.data());
  }
  writer_.reserve(writes_.size());
}

BackgroundFrameSink::~BackgroundFrameSink() { writer_.wait_idle(); }

void BackgroundFrameSink::write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) {
  if (channel >= writes_.size()) throw std::logic_error("BackgroundFrameSink: no such channel");
  // The channel's previous buffer must be written before its recorder may refill it.
  BackgroundWriter::Job* previous[] = {&writes_[channel]};
  auto& write = static_cast<Write&>(writer_.wait_for_free(previous));
  write.data = data;
  write.frames = frames;
  writer_.submit(write);
}

BackgroundSpikeSink::BackgroundSpikeSink(SpikeSink& inner, BackgroundWriter& writer, std::size_t max_spikes,
                                         std::size_t blocks)
    : writer_(writer), blocks_(std::max<std::size_t>(blocks, 1)) {
  for (Block& b : blocks_) {
    b.inner = &inner;
    b.steps.resize(max_spikes);
    b.neurons.resize(max_spikes);
    jobs_.push_back(&b);
  }
  writer_.reserve(blocks_.size());
}

BackgroundSpikeSink::~BackgroundSpikeSink() { writer_.wait_idle(); }

void BackgroundSpikeSink::write_spikes(PopulationIndex population, std::span<const Step> steps,
                                       std::span<const NeuronIndex> neurons) {
  auto& block = static_cast<Block&>(writer_.wait_for_free(jobs_));
  if (steps.size() > block.steps.size()) throw std::logic_error("BackgroundSpikeSink: a write larger than its blocks");
  std::copy(steps.begin(), steps.end(), block.steps.begin());
  std::copy(neurons.begin(), neurons.end(), block.neurons.begin());
  block.used = steps.size();
  block.population = population;
  writer_.submit(block);
}

}  // namespace snnft::apps
