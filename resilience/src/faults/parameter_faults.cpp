// SPDX-License-Identifier: MIT
// drift, refractory_corrupt and simd_off: faults on per-neuron parameters and on the engine.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <span>

#include "snnft/resilience/faults/fault_models.hpp"
#include "snnft/resilience/faults/fault_targets.hpp"
#include "snnft/snn/lif_population.hpp"

namespace snnft::faults {
namespace {

bool same_bits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }

/// Holds selected entries of one per-neuron variable at transformed values. The owner of the
/// variable may rewrite it (a column sets thresholds at every trial): then the owner's value
/// becomes the new original and is transformed again, so the fault persists across trials
/// and clearing it gives back what the owner last wrote, bit for bit.
class VariableOverride {
 public:
  using Transform = std::function<float(NeuronIndex id, float original)>;

  VariableOverride(const NeuronTargets& targets, std::string name, Transform transform)
      : targets_(&targets),
        name_(std::move(name)),
        transform_(std::move(transform)),
        original_(targets.ids.size()),
        written_(targets.ids.size()) {}

  void apply(NetworkControl& control) { update(control, true); }
  void enforce(NetworkControl& control) { update(control, false); }
  void restore(NetworkControl& control) {
    const auto x = control.neuron_variable(targets_->population, name_);
    for (std::size_t r = 0; r < targets_->ids.size(); ++r) {
      float& value = x[targets_->ids[r]];
      if (same_bits(value, written_[r])) value = original_[r];
    }
  }

 private:
  void update(NetworkControl& control, bool all) {
    const auto x = control.neuron_variable(targets_->population, name_);
    for (std::size_t r = 0; r < targets_->ids.size(); ++r) {
      const NeuronIndex id = targets_->ids[r];
      if (!all && same_bits(x[id], written_[r])) continue;
      original_[r] = x[id];
      x[id] = transform_(id, original_[r]);
      written_[r] = x[id];
    }
  }

  const NeuronTargets* targets_;
  std::string name_;
  Transform transform_;
  std::vector<float> original_, written_;
};

/// The per-step constants of a LIF neuron that follow from tau_m, re-derived for a scaled
/// leak exactly as LifPopulation derives them. They change together, so they are overridden
/// together.
class LeakOverride {
 public:
  LeakOverride(const NeuronTargets& targets, const Network& network, double leak_scale)
      : targets_(&targets), scale_(leak_scale), dt_(network.dt_ms()) {
    const auto* lif = dynamic_cast<const LifPopulation*>(&network.population(targets.population));
    conductance_ = lif != nullptr && lif->synapse_model() == SynapseModel::kConductanceBased;
    if (lif != nullptr) {
      tau_e_ = lif->params().tau_e_ms;
      tau_i_ = lif->params().tau_i_ms;
    }
    for (auto& o : original_) o.resize(targets.ids.size());
    for (auto& w : written_) w.resize(targets.ids.size());
  }

  void apply(NetworkControl& control) { update(control, true); }
  void enforce(NetworkControl& control) { update(control, false); }
  void restore(NetworkControl& control) {
    auto vars = spans(control);
    for (std::size_t r = 0; r < targets_->ids.size(); ++r) {
      for (int k = 0; k < 3; ++k) {
        float& value = vars[k][targets_->ids[r]];
        if (same_bits(value, written_[k][r])) value = original_[k][r];
      }
    }
  }

 private:
  std::array<std::span<float>, 3> spans(NetworkControl& control) const {
    return {control.neuron_variable(targets_->population, "decay_m"),
            control.neuron_variable(targets_->population, "p_e"),
            control.neuron_variable(targets_->population, "p_i")};
  }

  void update(NetworkControl& control, bool all) {
    auto vars = spans(control);
    for (std::size_t r = 0; r < targets_->ids.size(); ++r) {
      const NeuronIndex id = targets_->ids[r];
      const bool changed = !same_bits(vars[0][id], written_[0][r]) || !same_bits(vars[1][id], written_[1][r]) ||
                           !same_bits(vars[2][id], written_[2][r]);
      if (!all && !changed) continue;
      for (int k = 0; k < 3; ++k) original_[k][r] = vars[k][id];
      derive(original_[0][r], original_[1][r], original_[2][r], vars[0][id], vars[1][id], vars[2][id]);
      for (int k = 0; k < 3; ++k) written_[k][r] = vars[k][id];
    }
  }

  void derive(float dm, float pe, float pi, float& dm_out, float& pe_out, float& pi_out) const {
    if (conductance_) {
      // Forward Euler: p_e = dt/tau_m, decay_m = exp(-dt/tau_m); p_i is unused (0).
      pe_out = static_cast<float>(static_cast<double>(pe) * scale_);
      dm_out = static_cast<float>(std::pow(static_cast<double>(dm), scale_));
      pi_out = pi;
      return;
    }
    const double tau = -dt_ / std::log(static_cast<double>(dm)) / scale_;
    const double d = std::exp(-dt_ / tau);
    auto propagator = [&](double tau_s) {
      if (std::abs(tau_s - tau) < 1e-9 * tau) return dt_ / tau * d;
      return tau_s / (tau_s - tau) * (std::exp(-dt_ / tau_s) - d);
    };
    dm_out = static_cast<float>(d);
    pe_out = static_cast<float>(propagator(tau_e_));
    pi_out = static_cast<float>(propagator(tau_i_));
  }

  const NeuronTargets* targets_;
  double scale_, dt_;
  bool conductance_ = false;
  double tau_e_ = 5.0, tau_i_ = 10.0;
  std::array<std::vector<float>, 3> original_, written_;
};

/// Parametric drift and refractory corruption: overrides re-applied at the start of a step.
class ParameterFault final : public BoundFault {
 public:
  ParameterFault(const FaultSpec& spec, const BindContext& context)
      : spec_(spec), network_(context.network), targets_(choose_neurons(spec, context, true)) {
    NetworkControl& control = context.control;
    for (const auto& t : targets_) {
      if (spec.kind == FaultKind::kRefractoryCorrupt) {
        overrides_.emplace_back(t, "ref_steps", [](NeuronIndex, float) { return 0.0f; });
        continue;
      }
      if (spec.threshold_scale != 1.0) {
        const auto v_reset = control.neuron_variable(t.population, "v_reset");
        const double s = spec.threshold_scale;
        overrides_.emplace_back(t, "v_th", [v_reset, s](NeuronIndex id, float th) {
          return static_cast<float>(v_reset[id] + s * (static_cast<double>(th) - v_reset[id]));
        });
      }
      if (spec.refractory_scale != 1.0) {
        const double s = spec.refractory_scale;
        // ref_steps = t_ref/dt − 1 (the spike step is the first refractory step).
        overrides_.emplace_back(t, "ref_steps", [s](NeuronIndex, float steps) {
          return static_cast<float>(std::max<long long>(std::llround((steps + 1.0) * s) - 1, 0));
        });
      }
      if (spec.leak_scale != 1.0) leaks_.emplace_back(t, network_, spec.leak_scale);
    }
  }

  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver); }

  void activate(NetworkControl& control) override {
    for (auto& o : overrides_) o.apply(control);
    for (auto& l : leaks_) l.apply(control);
    if (spec_.kind == FaultKind::kRefractoryCorrupt) {
      for (const auto& t : targets_) {
        const auto ref_left = control.neuron_variable(t.population, "ref_left");
        for (NeuronIndex id : t.ids) ref_left[id] = 0.0f;
      }
    }
  }
  void deactivate(NetworkControl& control) override {
    for (auto& o : overrides_) o.restore(control);
    for (auto& l : leaks_) l.restore(control);
  }
  void act(Phase, const StepView&, NetworkControl& control) override {
    for (auto& o : overrides_) o.enforce(control);
    for (auto& l : leaks_) l.enforce(control);
  }
  [[nodiscard]] std::string describe() const override { return describe_neurons(targets_, network_); }

 private:
  FaultSpec spec_;
  const Network& network_;
  std::vector<NeuronTargets> targets_;  // never resized after construction: overrides point into it
  std::vector<VariableOverride> overrides_;
  std::vector<LeakOverride> leaks_;
};

/// The engine loses its SIMD unit: scalar kernels until the fault clears.
class SimdOff final : public BoundFault {
 public:
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kDeliver); }
  void activate(NetworkControl& control) override {
    previous_ = control.simd();
    control.set_simd(SimdIsa::kScalar);
  }
  void deactivate(NetworkControl& control) override { control.set_simd(previous_); }
  // Keeps the unit off even if something asks for it back while the fault lasts.
  void act(Phase, const StepView&, NetworkControl& control) override {
    if (control.simd() != SimdIsa::kScalar) control.set_simd(SimdIsa::kScalar);
  }
  [[nodiscard]] std::string describe() const override { return "engine kernels " + std::string(to_string(previous_)) + " -> scalar"; }

 private:
  SimdIsa previous_ = SimdIsa::kScalar;
};

}  // namespace

std::unique_ptr<BoundFault> make_parameter_fault(const FaultSpec& spec, const BindContext& context) {
  switch (spec.kind) {
    case FaultKind::kDrift:
    case FaultKind::kRefractoryCorrupt: return std::make_unique<ParameterFault>(spec, context);
    case FaultKind::kSimdOff: return std::make_unique<SimdOff>();
    default: return nullptr;
  }
}

}  // namespace snnft::faults
