// SPDX-License-Identifier: MIT
#include "snnft/snn/stdp_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace snnft {

WeightFractions weight_fractions(std::span<const float> weights, double w_min, double w_max) {
  if (weights.empty()) return {};
  const double low = w_min + 0.1 * (w_max - w_min), high = w_min + 0.9 * (w_max - w_min);
  std::size_t n_low = 0, n_high = 0;
  for (float w : weights) {
    n_low += static_cast<double>(w) < low;
    n_high += static_cast<double>(w) > high;
  }
  const auto n = static_cast<double>(weights.size());
  return {static_cast<double>(n_low) / n, static_cast<double>(n_high) / n};
}

StdpMonitor::StdpMonitor(const Network& network, std::size_t projection, double w_min, double w_max,
                         const StdpMonitorOptions& options)
    : projection_(projection),
      w_min_(w_min),
      w_max_(w_max),
      dt_ms_(network.dt_ms()),
      bins_(options.bins),
      next_step_(options.start_step) {
  if (projection >= network.projection_count()) {
    throw std::invalid_argument("STDP monitor: no projection with index " + std::to_string(projection));
  }
  if (!(w_min < w_max)) throw std::invalid_argument("STDP monitor: w_min must be below w_max");
  if (bins_ == 0) throw std::invalid_argument("STDP monitor: at least one histogram bin is needed");
  if (!(options.histogram_interval_ms > 0) || !(options.rate_window_ms > 0)) {
    throw std::invalid_argument("STDP monitor: histogram interval and rate window must be positive");
  }
  post_ = network.projection(projection).post;
  post_size_ = network.population(post_).size();
  interval_steps_ = std::max<Step>(1, std::llround(options.histogram_interval_ms / dt_ms_));
  const Step expected = std::max<Step>(0, options.expected_steps);
  capacity_rows_ = static_cast<std::size_t>(expected / interval_steps_) + 1;  // + the initial one
  counts_.assign(capacity_rows_ * bins_, 0);
  times_ms_.assign(capacity_rows_, 0.0);
  window_.assign(static_cast<std::size_t>(std::max<Step>(1, std::llround(options.rate_window_ms / dt_ms_))), 0);
}

std::vector<double> StdpMonitor::bin_edges() const {
  std::vector<double> edges(bins_ + 1);
  for (std::size_t b = 0; b <= bins_; ++b) {
    edges[b] = w_min_ + (w_max_ - w_min_) * static_cast<double>(b) / static_cast<double>(bins_);
  }
  return edges;
}

void StdpMonitor::snapshot(const Network& network, double t_ms) {
  if (rows_ == capacity_rows_) {
    ++dropped_;
    return;
  }
  std::uint32_t* row = counts_.data() + rows_ * bins_;
  const double scale = static_cast<double>(bins_) / (w_max_ - w_min_);
  const auto last = static_cast<double>(bins_ - 1);
  for (float w : network.projection(projection_).weight) {
    // Weights at w_max fall into the last bin; anything outside the bounds into the end bins.
    const double b = std::clamp(std::floor((static_cast<double>(w) - w_min_) * scale), 0.0, last);
    ++row[static_cast<std::size_t>(b)];
  }
  times_ms_[rows_] = t_ms;
  ++rows_;
}

void StdpMonitor::on_run_begin(const Network& network) {
  if (rows_ == 0 && dropped_ == 0) snapshot(network, static_cast<double>(next_step_) * dt_ms_);
}

void StdpMonitor::on_phase_end(Phase, const StepView& view) {
  const auto spikes = static_cast<std::uint32_t>(view.network.population(post_).spikes().size());
  post_spikes_ += spikes;
  ++observed_;
  window_[window_pos_] = spikes;
  window_pos_ = window_pos_ + 1 == window_.size() ? 0 : window_pos_ + 1;
  next_step_ = view.step + 1;
  if (next_step_ % interval_steps_ == 0) snapshot(view.network, static_cast<double>(next_step_) * dt_ms_);
}

double StdpMonitor::output_rate_hz() const {
  if (observed_ == 0 || post_size_ == 0) return 0.0;
  return static_cast<double>(post_spikes_) /
         (static_cast<double>(post_size_) * static_cast<double>(observed_) * dt_ms_ * 1e-3);
}

double StdpMonitor::output_rate_window_hz() const {
  const auto steps = std::min<Step>(observed_, static_cast<Step>(window_.size()));
  if (steps == 0 || post_size_ == 0) return 0.0;
  // Slots not yet written hold zeros, so summing the whole ring is right in either case.
  const std::uint64_t n = std::accumulate(window_.begin(), window_.end(), std::uint64_t{0});
  return static_cast<double>(n) / (static_cast<double>(post_size_) * static_cast<double>(steps) * dt_ms_ * 1e-3);
}

}  // namespace snnft
