// SPDX-License-Identifier: MIT
#include "snnft/snn/rate_recorder.hpp"

#include <stdexcept>

namespace snnft {

RateRecorder::RateRecorder(const Network& network, std::vector<PopulationIndex> populations, Step bin_steps)
    : populations_(std::move(populations)), bin_steps_(bin_steps), counts_(populations_.size()) {
  if (bin_steps < 1) throw std::invalid_argument("rate recorder: bin below one step");
  for (PopulationIndex p : populations_) {
    if (p >= network.population_count()) throw std::invalid_argument("rate recorder: no such population");
  }
}

void RateRecorder::on_phase_end(Phase, const StepView& view) {
  if (first_step_ < 0) first_step_ = view.step;
  const bool new_bin = steps_seen_ % bin_steps_ == 0;
  for (std::size_t k = 0; k < populations_.size(); ++k) {
    // One push per bin; no allocation after reserve_steps().
    if (new_bin) counts_[k].push_back(0);
    counts_[k].back() += static_cast<std::uint32_t>(view.network.population(populations_[k]).spikes().size());
  }
  ++steps_seen_;
}

void RateRecorder::reserve_steps(Step steps) {
  const auto more = static_cast<std::size_t>((steps + bin_steps_ - 1) / bin_steps_);
  for (auto& c : counts_) c.reserve(c.size() + more);
}

std::size_t RateRecorder::bins() const { return counts_.empty() ? 0 : counts_.front().size(); }

std::vector<double> RateRecorder::rates_hz(std::size_t k, double dt_ms, std::size_t population_size) const {
  const double bin_s = static_cast<double>(bin_steps_) * dt_ms * 1e-3;
  std::vector<double> out;
  out.reserve(counts_[k].size());
  for (std::uint32_t c : counts_[k]) out.push_back(static_cast<double>(c) / (static_cast<double>(population_size) * bin_s));
  return out;
}

}  // namespace snnft
