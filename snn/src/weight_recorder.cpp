// SPDX-License-Identifier: MIT
#include "snnft/snn/weight_recorder.hpp"

#include <algorithm>
#include <stdexcept>

namespace snnft {

WeightRecorder::WeightRecorder(const Network& network, std::size_t projection, Step interval_steps, FrameSink& sink,
                               std::size_t buffer_frames)
    : projection_(projection), interval_(interval_steps), sink_(sink) {
  if (projection >= network.projection_count()) throw std::invalid_argument("weight recorder: no such projection");
  if (interval_steps < 1) throw std::invalid_argument("weight recorder: interval below one step");
  synapses_ = network.projection(projection).synapse_count();
  buffer_frames_ = buffer_frames != 0 ? buffer_frames : std::max<std::size_t>(1, (std::size_t{1} << 18) / std::max<std::size_t>(1, synapses_));
  buffer_.resize((sink_.reads_after_return() ? 2 : 1) * buffer_frames_ * synapses_);
}

void WeightRecorder::on_phase_end(Phase, const StepView& view) {
  if ((view.step + 1) % interval_ != 0) return;
  if (first_step_ < 0) first_step_ = view.step;
  const auto& w = view.network.projection(projection_).weight;
  std::copy_n(w.data(), synapses_, buffer_.data() + half_ + used_ * synapses_);
  ++frames_;
  if (++used_ == buffer_frames_) flush();
}

void WeightRecorder::flush() {
  if (used_ == 0) return;
  sink_.write_frames(0, std::span<const float>(buffer_.data() + half_, used_ * synapses_), used_);
  half_ = half_ == 0 ? buffer_.size() - buffer_frames_ * synapses_ : 0;
  used_ = 0;
}

}  // namespace snnft
