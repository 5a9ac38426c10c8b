// SPDX-License-Identifier: MIT
// dead, drop, saturated, jitter and stuck_v: faults on a neuron's output spikes or membrane.
#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "snnft/resilience/faults/fault_models.hpp"
#include "snnft/resilience/faults/fault_targets.hpp"
#include "snnft/snn/population.hpp"

namespace snnft::faults {
namespace {

/// Rewrites spike lists through SpikeList's public clear/push. The scratch buffer is sized
/// once at bind time (a list never holds more than its population), so editing in the step
/// loop allocates nothing.
class SpikeEditor {
 public:
  explicit SpikeEditor(const std::vector<NeuronTargets>& targets) {
    std::size_t n = 0;
    for (const auto& t : targets) n = std::max(n, t.population_size);
    scratch_.resize(n);
  }

  /// Keeps the spikes for which keep(id) is true, in order; keep is called once per spike.
  template <class Keep>
  void filter(SpikeList& list, Keep&& keep) {
    const std::size_t n = copy_out(list);
    list.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (keep(scratch_[i])) list.push(scratch_[i]);
    }
  }

  /// Adds the sorted, distinct ids add[0, m) that are not in the list yet, keeping it sorted.
  void merge(SpikeList& list, const NeuronIndex* add, std::size_t m) {
    const std::size_t n = copy_out(list);
    list.clear();
    std::size_t i = 0, k = 0;
    while (i < n || k < m) {
      if (k == m || (i < n && scratch_[i] < add[k])) {
        list.push(scratch_[i++]);
      } else if (i == n || add[k] < scratch_[i]) {
        list.push(add[k++]);
      } else {
        list.push(scratch_[i++]);
        ++k;
      }
    }
  }

 private:
  std::size_t copy_out(const SpikeList& list) {
    const auto ids = list.ids();
    std::copy(ids.begin(), ids.end(), scratch_.begin());
    return ids.size();
  }
  std::vector<NeuronIndex> scratch_;
};

bool any_hit(const SpikeList& list, const NeuronTargets& t) {
  for (NeuronIndex id : list.ids()) {
    if (t.hit[id]) return true;
  }
  return false;
}

bool contains(const SpikeList& list, NeuronIndex id) {
  const auto ids = list.ids();
  return std::binary_search(ids.begin(), ids.end(), id);
}

/// The per-neuron variables a fault writes, fetched once by name through NetworkControl when
/// it is bound: a lookup by name is not free, and a population's arrays never move.
struct NeuronVariables {
  std::span<float> v, v_reset, ref_left, ref_steps;
  NeuronVariables(NetworkControl& control, PopulationIndex p)
      : v(control.neuron_variable(p, "v")),
        v_reset(control.neuron_variable(p, "v_reset")),
        ref_left(control.neuron_variable(p, "ref_left")),
        ref_steps(control.neuron_variable(p, "ref_steps")) {}
};

/// Shared by the spike faults: targets, their per-spike random draws and the editor.
class SpikeFaultBase : public BoundFault {
 public:
  SpikeFaultBase(const FaultSpec& spec, const BindContext& context, bool needs_membrane)
      : spec_(spec),
        network_(context.network),
        rng_(context.seed),
        fault_index_(context.fault_index),
        column_(context.column),
        draw_key_(context.draw_key),
        presentation_rng_(context.seed),
        targets_(choose_neurons(spec, context, needs_membrane)),
        editor_(targets_) {
    for (const auto& t : targets_) vars_.emplace_back(context.control, t.population);
  }
  void activate(NetworkControl&) override {}
  void deactivate(NetworkControl&) override {}
  [[nodiscard]] std::string describe() const override { return describe_neurons(targets_, network_); }

 protected:
  /// The random draws for the spike of target population k's neuron `id` at `step`: keyed by
  /// the simulation step in a network run, by the presentation and the step within it in a
  /// classification run (see DrawKey).
  [[nodiscard]] RngStream draw(std::size_t k, Step step, NeuronIndex id) {
    if (draw_key_ == nullptr || draw_key_->space == DrawKey::Space::kSimulationStep) {
      return spike_draw(rng_, fault_index_, column_, targets_[k].population, step, id);
    }
    if (draw_key_->generation != presentation_seen_) {
      presentation_rng_ = presentation_rng(rng_, fault_index_, column_, *draw_key_);
      presentation_seen_ = draw_key_->generation;
    }
    return spike_draw(presentation_rng_, fault_index_, column_, targets_[k].population, step - draw_key_->first_step, id);
  }

  FaultSpec spec_;
  const Network& network_;
  CounterRng rng_;
  std::uint32_t fault_index_, column_;
  const DrawKey* draw_key_;
  CounterRng presentation_rng_;  // the current presentation's, derived when it starts
  std::uint64_t presentation_seen_ = 0;
  std::vector<NeuronTargets> targets_;
  std::vector<NeuronVariables> vars_;  // per target population
  SpikeEditor editor_;
};

/// dead (p = 1, no randomness) and drop (each spike with probability p).
class SpikeRemoval final : public SpikeFaultBase {
 public:
  SpikeRemoval(const FaultSpec& spec, const BindContext& context, bool always)
      : SpikeFaultBase(spec, context, false), always_(always) {}
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }

  void act(Phase, const StepView& view, NetworkControl& control) override {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const NeuronTargets& t = targets_[k];
      SpikeList& list = control.spikes(t.population);
      if (!any_hit(list, t)) continue;
      if (always_) {
        editor_.filter(list, [&](NeuronIndex id) { return !t.hit[id]; });
      } else {
        editor_.filter(list, [&](NeuronIndex id) { return !t.hit[id] || draw(k, view.step, id).uniform() >= spec_.p; });
      }
    }
  }

 private:
  bool always_;
};

/// Fires whenever the refractory period since the neuron's previous spike has passed.
class Saturated final : public SpikeFaultBase {
 public:
  Saturated(const FaultSpec& spec, const BindContext& context) : SpikeFaultBase(spec, context, false) {
    std::size_t most = 0;
    for (const auto& t : targets_) {
      last_spike_.emplace_back(t.ids.size(), kLongAgo);
      most = std::max(most, t.ids.size());
    }
    add_.resize(most);
  }
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }
  void begin_trial() override {
    for (auto& l : last_spike_) std::fill(l.begin(), l.end(), kLongAgo);
  }
  void deactivate(NetworkControl&) override { begin_trial(); }

  void act(Phase, const StepView& view, NetworkControl& control) override {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const NeuronTargets& t = targets_[k];
      SpikeList& list = control.spikes(t.population);
      // Spike sources have no refractory state: they are allowed to fire every step.
      const auto& [v, v_reset, ref_left, ref_steps] = vars_[k];
      const auto ids = list.ids();
      // Only the neurons whose spikes this process detects (all of them in one process).
      const auto [first, last] = control.owned_neurons(t.population);
      std::size_t j = 0, m = 0;
      for (std::size_t r = 0; r < t.ids.size(); ++r) {
        const NeuronIndex id = t.ids[r];
        if (id < first || id >= last) continue;
        while (j < ids.size() && ids[j] < id) ++j;
        if (j < ids.size() && ids[j] == id) {
          last_spike_[k][r] = view.step;
          continue;
        }
        // A neuron that spiked at s is held for ref_steps steps and can integrate again at
        // s + ref_steps + 1: the earliest step a strongly driven neuron fires again.
        const Step gap = ref_steps.empty() ? 1 : static_cast<Step>(ref_steps[id]) + 1;
        if (view.step - last_spike_[k][r] < gap) continue;
        add_[m++] = id;
        last_spike_[k][r] = view.step;
        if (!v.empty()) v[id] = v_reset[id];
        if (!ref_left.empty()) ref_left[id] = ref_steps[id];
      }
      if (m > 0) editor_.merge(list, add_.data(), m);
    }
  }

 private:
  static constexpr Step kLongAgo = std::numeric_limits<Step>::min() / 2;
  std::vector<std::vector<Step>> last_spike_;  // per target population, per target
  std::vector<NeuronIndex> add_;
};

/// Delays spikes by a half-normal number of steps through a fixed-capacity pending buffer.
class Jitter final : public SpikeFaultBase {
 public:
  Jitter(const FaultSpec& spec, const BindContext& context) : SpikeFaultBase(spec, context, false) {
    const double dt = context.network.dt_ms();
    // The normal tail beyond 6 sigma (p < 2e-9) is cut so the buffer has a fixed bound.
    max_shift_ = static_cast<Step>(std::ceil(6.0 * spec.sigma_ms / dt));
    sigma_steps_ = spec.sigma_ms / dt;
    for (const auto& t : targets_) {
      // Each neuron emits at most one spike per step, and each waits at most max_shift_
      // steps, plus a few steps after collisions: this bounds what can be pending.
      pending_.emplace_back();
      pending_.back().reserve(t.ids.size() * static_cast<std::size_t>(max_shift_ + 2));
      release_.emplace_back(t.ids.size() * static_cast<std::size_t>(max_shift_ + 2));
    }
  }
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDetect); }
  void begin_trial() override {
    for (auto& p : pending_) p.clear();
  }
  void deactivate(NetworkControl&) override { begin_trial(); }

  void act(Phase, const StepView& view, NetworkControl& control) override {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const NeuronTargets& t = targets_[k];
      SpikeList& list = control.spikes(t.population);
      auto& pending = pending_[k];
      if (any_hit(list, t)) {
        editor_.filter(list, [&](NeuronIndex id) {
          if (!t.hit[id]) return true;
          const double z = draw(k, view.step, id).normal();
          const Step shift = std::min(max_shift_, static_cast<Step>(std::llround(std::abs(z) * sigma_steps_)));
          if (shift == 0 || pending.size() == pending.capacity()) return true;
          pending.push_back({view.step + shift, id});
          return false;
        });
      }
      // Release what is due. A neuron that already spikes in this step, or is released twice,
      // waits one more step: one spike per neuron per step, and none is lost.
      auto& release = release_[k];
      std::size_t m = 0;
      for (std::size_t i = 0; i < pending.size();) {
        if (pending[i].due > view.step) {
          ++i;
          continue;
        }
        if (contains(list, pending[i].id)) {
          pending[i].due = view.step + 1;
          ++i;
          continue;
        }
        release[m++] = pending[i].id;
        pending[i] = pending.back();
        pending.pop_back();
      }
      if (m == 0) continue;
      std::sort(release.begin(), release.begin() + static_cast<std::ptrdiff_t>(m));
      std::size_t unique = 0;
      for (std::size_t i = 0; i < m; ++i) {
        if (unique > 0 && release[unique - 1] == release[i]) {
          pending.push_back({view.step + 1, release[i]});
        } else {
          release[unique++] = release[i];
        }
      }
      editor_.merge(list, release.data(), unique);
    }
  }

 private:
  struct Pending {
    Step due;
    NeuronIndex id;
  };
  Step max_shift_ = 0;
  double sigma_steps_ = 0;
  std::vector<std::vector<Pending>> pending_;
  std::vector<std::vector<NeuronIndex>> release_;
};

/// Holds v at a fixed value after Integrate (Detect sees it) and after Detect (observers see it).
class StuckV final : public SpikeFaultBase {
 public:
  StuckV(const FaultSpec& spec, const BindContext& context) : SpikeFaultBase(spec, context, true) {}
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kIntegrate) | phase_bit(Phase::kDetect); }
  void activate(NetworkControl&) override { hold(); }
  void act(Phase, const StepView&, NetworkControl&) override { hold(); }

 private:
  void hold() {
    const auto value = static_cast<float>(spec_.value_mv);
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      for (NeuronIndex id : targets_[k].ids) vars_[k].v[id] = value;
    }
  }
};

}  // namespace

std::unique_ptr<BoundFault> make_spike_fault(const FaultSpec& spec, const BindContext& context) {
  switch (spec.kind) {
    case FaultKind::kDead: return std::make_unique<SpikeRemoval>(spec, context, true);
    case FaultKind::kDrop: return std::make_unique<SpikeRemoval>(spec, context, false);
    case FaultKind::kSaturated: return std::make_unique<Saturated>(spec, context);
    case FaultKind::kJitter: return std::make_unique<Jitter>(spec, context);
    case FaultKind::kStuckV: return std::make_unique<StuckV>(spec, context);
    default: return nullptr;
  }
}

}  // namespace snnft::faults
