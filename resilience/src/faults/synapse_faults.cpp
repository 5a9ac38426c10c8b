// SPDX-License-Identifier: MIT
// syn_stuck0, syn_stuckmax and bitflip: faults on the stored weights of projections.
#include <bit>
#include <cmath>

#include "snnft/resilience/faults/fault_models.hpp"
#include "snnft/resilience/faults/fault_targets.hpp"

namespace snnft::faults {
namespace {

bool same_bits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

/// The projection's largest-magnitude weight, sign kept (inhibitory projections store
/// negative weights); NaN entries are skipped.
float largest_magnitude(std::span<const float> w) {
  float best = 0.0f;
  for (float x : w) {
    if (std::abs(x) > std::abs(best)) best = x;
  }
  return best;
}

/// Holds the selected weights at one value: after every Plasticity phase (learning within a
/// run) and at the first step of every trial (learning or checkpoint restores between
/// trials), so nothing moves them while the fault lasts.
class SynapseStuck final : public BoundFault {
 public:
  SynapseStuck(const FaultSpec& spec, const BindContext& context)
      : network_(context.network), to_max_(spec.kind == FaultKind::kSynStuckMax), targets_(choose_synapses(spec, context)) {
    for (const auto& t : targets_) original_.emplace_back(t.ids.size());
    value_.assign(targets_.size(), 0.0f);
  }
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver) | phase_bit(Phase::kPlasticity); }

  void activate(NetworkControl& control) override {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const auto w = control.weights(targets_[k].projection);
      value_[k] = to_max_ ? largest_magnitude(w) : 0.0f;
      for (std::size_t r = 0; r < targets_[k].ids.size(); ++r) original_[k][r] = w[targets_[k].ids[r]];
    }
    hold(control);
  }
  void deactivate(NetworkControl& control) override {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const auto w = control.weights(targets_[k].projection);
      for (std::size_t r = 0; r < targets_[k].ids.size(); ++r) w[targets_[k].ids[r]] = original_[k][r];
    }
  }
  void begin_trial() override { hold_next_step_ = true; }
  void act(Phase phase, const StepView&, NetworkControl& control) override {
    if (phase == Phase::kDeliver && !hold_next_step_) return;
    hold_next_step_ = false;
    hold(control);
  }
  [[nodiscard]] std::string describe() const override {
    std::string s = describe_synapses(targets_, network_) + " held at ";
    for (std::size_t k = 0; k < value_.size(); ++k) s += (k ? ", " : "") + std::to_string(value_[k]);
    return s;
  }

 private:
  void hold(NetworkControl& control) {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const auto w = control.weights(targets_[k].projection);
      for (std::uint32_t i : targets_[k].ids) w[i] = value_[k];
    }
  }

  const Network& network_;
  bool to_max_;
  std::vector<SynapseTargets> targets_;
  std::vector<std::vector<float>> original_;
  std::vector<float> value_;
  bool hold_next_step_ = false;
};

/// Single-event upsets in weight memory: each stored bit of the selected weights flips with
/// probability `rate`, once. Positions are drawn by geometric skipping, so the cost follows
/// the number of flips, not the number of bits.
class Bitflip final : public BoundFault {
 public:
  Bitflip(const FaultSpec& spec, const BindContext& context)
      : network_(context.network),
        rate_(spec.rate),
        rng_(context.seed),
        context_key_(context),
        targets_(choose_synapses(spec, context)) {}
  [[nodiscard]] PhaseMask phases() const override { return 0; }

  void activate(NetworkControl& control) override {
    flips_.clear();
    bits_flipped_ = 0;
    if (rate_ <= 0.0) return;
    const double log_keep = std::log1p(-rate_);  // -inf when rate == 1: every bit flips
    for (const auto& t : targets_) {
      const auto w = control.weights(t.projection);
      RngStream s = fault_stream(rng_, context_key_, t.projection, true, FaultStream::kBits);
      const std::uint64_t total = 32ull * t.ids.size();
      auto gap = [&]() -> std::uint64_t {
        if (rate_ >= 1.0) return 0;
        const double g = std::floor(std::log(s.uniform()) / log_keep);
        return g >= static_cast<double>(total) ? total : static_cast<std::uint64_t>(g);
      };
      for (std::uint64_t pos = gap(); pos < total; pos += 1 + gap()) {
        const std::uint32_t synapse = t.ids[pos / 32];
        const auto mask = std::uint32_t{1} << (pos % 32);
        if (flips_.empty() || flips_.back().projection != t.projection || flips_.back().synapse != synapse) {
          flips_.push_back({t.projection, synapse, w[synapse], w[synapse]});
        }
        w[synapse] = std::bit_cast<float>(std::bit_cast<std::uint32_t>(w[synapse]) ^ mask);
        flips_.back().flipped = w[synapse];
        ++bits_flipped_;
      }
    }
  }
  void deactivate(NetworkControl& control) override {
    for (const Flip& f : flips_) {
      const auto w = control.weights(f.projection);
      if (same_bits(w[f.synapse], f.flipped)) w[f.synapse] = f.original;
    }
  }
  [[nodiscard]] std::string describe() const override {
    return describe_synapses(targets_, network_) + ": " + std::to_string(bits_flipped_) + " bits flipped in " +
           std::to_string(flips_.size()) + " weights";
  }

 private:
  struct Flip {
    std::size_t projection;
    std::uint32_t synapse;
    float original, flipped;
  };
  const Network& network_;
  double rate_;
  CounterRng rng_;
  BindContext context_key_;
  std::vector<SynapseTargets> targets_;
  std::vector<Flip> flips_;
  std::uint64_t bits_flipped_ = 0;
};

}  // namespace

std::unique_ptr<BoundFault> make_synapse_fault(const FaultSpec& spec, const BindContext& context) {
  switch (spec.kind) {
    case FaultKind::kSynStuck0:
    case FaultKind::kSynStuckMax: return std::make_unique<SynapseStuck>(spec, context);
    case FaultKind::kBitflip: return std::make_unique<Bitflip>(spec, context);
    default: return nullptr;
  }
}

}  // namespace snnft::faults
