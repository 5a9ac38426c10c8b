// SPDX-License-Identifier: MIT
#include "snnft/snn/stdp_rule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snnft {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("STDP: " + what);
}

const StdpParams& checked(const StdpParams& p) {
  validate(p);
  return p;
}

}  // namespace

void validate(const StdpParams& p) {
  require(std::isfinite(p.tau_plus_ms) && p.tau_plus_ms > 0, "tau_plus_ms must be positive");
  require(std::isfinite(p.tau_minus_ms) && p.tau_minus_ms > 0, "tau_minus_ms must be positive");
  require(std::isfinite(p.a_plus) && p.a_plus >= 0, "a_plus must be non-negative (the potentiation amplitude)");
  require(std::isfinite(p.a_minus) && p.a_minus <= 0, "a_minus must be non-positive (the depression amplitude)");
  require(std::isfinite(p.w_min) && std::isfinite(p.w_max) && p.w_min < p.w_max, "w_min must be below w_max");
  require(std::isfinite(p.a3_plus) && p.a3_plus >= 0, "a3_plus must be non-negative");
  require(std::isfinite(p.tau_y_ms) && p.tau_y_ms > 0, "tau_y_ms must be positive");
}

std::string to_string(StdpUpdate update) {
  return update == StdpUpdate::kAdditive ? "additive" : "multiplicative";
}

std::string to_string(StdpPairing pairing) { return pairing == StdpPairing::kAllToAll ? "all_to_all" : "nearest"; }

TraceDecay::TraceDecay(double tau_ms, double dt_ms) : dt_over_tau_(dt_ms / tau_ms) {
  // Twelve time constants cover nearly every gap between spikes; beyond that the trace is
  // below 1e-5 of its value and std::exp is called directly.
  const auto n = static_cast<std::size_t>(std::min(std::ceil(12.0 / dt_over_tau_) + 1.0, 65536.0));
  table_.resize(n);
  for (std::size_t k = 0; k < n; ++k) table_[k] = far(static_cast<Step>(k));
}

double TraceDecay::far(Step steps) const {
  return std::exp(-static_cast<double>(std::max<Step>(steps, 0)) * dt_over_tau_);
}

StdpRule::StdpRule(const Network& network, std::size_t projection, const StdpParams& params)
    : projection_(projection),
      params_(checked(params)),
      triplet_(params.a3_plus > 0),
      decay_plus_(params.tau_plus_ms, network.dt_ms()),
      decay_minus_(params.tau_minus_ms, network.dt_ms()),
      decay_y_(params.tau_y_ms, network.dt_ms()) {
  if (projection >= network.projection_count()) {
    throw std::invalid_argument("STDP: no projection with index " + std::to_string(projection));
  }
  const Projection& proj = network.projection(projection);
  const std::size_t pre_size = network.population(proj.pre).size();
  const std::size_t post_size = network.population(proj.post).size();
  traces_.pre.assign(pre_size, 0.0);
  traces_.pre_last.assign(pre_size, 0);
  traces_.post.assign(post_size, 0.0);
  traces_.post_slow.assign(post_size, 0.0);
  traces_.post_last.assign(post_size, 0);

  col_start_.assign(post_size + 1, 0);
  for (NeuronIndex j : proj.target) ++col_start_[j + 1];
  for (std::size_t j = 0; j < post_size; ++j) col_start_[j + 1] += col_start_[j];
  col_synapse_.resize(proj.synapse_count());
  col_pre_.resize(proj.synapse_count());
  std::vector<std::uint32_t> next(col_start_.begin(), col_start_.end() - 1);
  for (std::size_t i = 0; i < proj.pre_size(); ++i) {
    for (std::uint32_t k = proj.row_start[i]; k < proj.row_start[i + 1]; ++k) {
      const std::uint32_t c = next[proj.target[k]]++;
      col_synapse_[c] = k;
      col_pre_[c] = static_cast<NeuronIndex>(i);
    }
  }
}

double StdpRule::pre_trace(NeuronIndex i, Step now) const {
  return traces_.pre[i] * decay_plus_(now - traces_.pre_last[i]);
}

double StdpRule::post_trace(NeuronIndex j, Step now) const {
  return traces_.post[j] * decay_minus_(now - traces_.post_last[j]);
}

double StdpRule::post_slow_trace(NeuronIndex j, Step now) const {
  return traces_.post_slow[j] * decay_y_(now - traces_.post_last[j]);
}

float StdpRule::potentiate(float w, double dw) const {
  double x = w;
  if (params_.update == StdpUpdate::kMultiplicative) dw *= (params_.w_max - x) / (params_.w_max - params_.w_min);
  x = std::clamp(x + dw, params_.w_min, params_.w_max);
  return static_cast<float>(x);
}

float StdpRule::depress(float w, double dw) const {
  double x = w;
  if (params_.update == StdpUpdate::kMultiplicative) dw *= (x - params_.w_min) / (params_.w_max - params_.w_min);
  x = std::clamp(x + dw, params_.w_min, params_.w_max);
  return static_cast<float>(x);
}

void StdpRule::apply(const StepView& view, Network& network) {
  Projection& proj = network.projection(projection_);
  const auto pre_spikes = network.population(proj.pre).spikes().ids();
  const auto post_spikes = network.population(proj.post).spikes().ids();
  const std::size_t post_size = network.population(proj.post).size();
  depress_onto(proj, pre_spikes, view.step, 0, post_size);
  update_pre_traces(pre_spikes, view.step);
  potentiate_onto(proj, post_spikes, view.step, 0, post_size);
}

void StdpRule::apply_parallel(const StepView& view, Network& network, TargetPartition& partition) {
  Projection& proj = network.projection(projection_);
  const auto pre_spikes = network.population(proj.pre).spikes().ids();
  const auto post_spikes = network.population(proj.post).spikes().ids();
  if (pre_spikes.empty() && post_spikes.empty()) return;
  if (!pre_spikes.empty() && enabled_) {
    partition.for_each_part([&](std::size_t r) {
      const auto [begin, end] = partition.part_range(proj.post, r);
      depress_onto(proj, pre_spikes, view.step, begin, end);
    });
  }
  update_pre_traces(pre_spikes, view.step);
  if (!post_spikes.empty()) {
    partition.for_each_part([&](std::size_t r) {
      const auto [begin, end] = partition.part_range(proj.post, r);
      potentiate_onto(proj, post_spikes, view.step, begin, end);
    });
  }
}

// Presynaptic spikes first: each outgoing synapse is depressed by the postsynaptic trace,
// which does not yet include a postsynaptic spike of this same step. Rows are sorted by
// target, so the synapses onto [begin, end) are one stretch of each row.
void StdpRule::depress_onto(Projection& proj, std::span<const NeuronIndex> pre_spikes, Step now, std::size_t begin,
                            std::size_t end) {
  if (!enabled_) return;
  float* w = proj.weight.data();
  const NeuronIndex* target = proj.target.data();
  const std::uint32_t* rows = proj.row_start.data();
  for (NeuronIndex i : pre_spikes) {
    const NeuronIndex* first = std::lower_bound(target + rows[i], target + rows[i + 1], begin);
    const NeuronIndex* last = std::lower_bound(first, target + rows[i + 1], end);
    for (auto k = static_cast<std::size_t>(first - target); k < static_cast<std::size_t>(last - target); ++k) {
      w[k] = depress(w[k], params_.a_minus * post_trace(target[k], now));
    }
  }
}

void StdpRule::update_pre_traces(std::span<const NeuronIndex> pre_spikes, Step now) {
  const bool nearest = params_.pairing == StdpPairing::kNearest;
  for (NeuronIndex i : pre_spikes) {
    traces_.pre[i] = nearest ? 1.0 : pre_trace(i, now) + 1.0;
    traces_.pre_last[i] = now;
  }
}

// Then postsynaptic spikes: each incoming synapse is potentiated by the presynaptic trace,
// which already includes this step's presynaptic spikes (Δt = 0 potentiates).
void StdpRule::potentiate_onto(Projection& proj, std::span<const NeuronIndex> post_spikes, Step now,
                               std::size_t begin, std::size_t end) {
  const bool nearest = params_.pairing == StdpPairing::kNearest;
  float* w = proj.weight.data();
  const auto first = std::lower_bound(post_spikes.begin(), post_spikes.end(), begin);
  const auto last = std::lower_bound(first, post_spikes.end(), end);
  for (auto it = first; it != last; ++it) {
    const NeuronIndex j = *it;
    const double slow = triplet_ ? post_slow_trace(j, now) : 0.0;  // before its own jump
    if (enabled_) {
      const double amplitude = params_.a_plus + params_.a3_plus * slow;
      for (std::uint32_t c = col_start_[j]; c < col_start_[j + 1]; ++c) {
        const std::uint32_t k = col_synapse_[c];
        w[k] = potentiate(w[k], amplitude * pre_trace(col_pre_[c], now));
      }
    }
    traces_.post[j] = nearest ? 1.0 : post_trace(j, now) + 1.0;
    if (triplet_) traces_.post_slow[j] = nearest ? 1.0 : slow + 1.0;
    traces_.post_last[j] = now;
  }
}

void StdpRule::set_traces(const Traces& t) {
  if (t.pre.size() != traces_.pre.size() || t.pre_last.size() != traces_.pre_last.size() ||
      t.post.size() != traces_.post.size() || t.post_slow.size() != traces_.post_slow.size() ||
      t.post_last.size() != traces_.post_last.size()) {
    throw std::invalid_argument("STDP: trace state of a different projection");
  }
  std::copy(t.pre.begin(), t.pre.end(), traces_.pre.begin());
  std::copy(t.pre_last.begin(), t.pre_last.end(), traces_.pre_last.begin());
  std::copy(t.post.begin(), t.post.end(), traces_.post.begin());
  std::copy(t.post_slow.begin(), t.post_slow.end(), traces_.post_slow.begin());
  std::copy(t.post_last.begin(), t.post_last.end(), traces_.post_last.begin());
}

}  // namespace snnft
