// SPDX-License-Identifier: MIT
// drift, refractory_corrupt and simd_off: faults on per-neuron parameters and on the engine.
#include <span>

#include "snnft/resilience/faults/fault_models.hpp"
#include "snnft/resilience/faults/fault_targets.hpp"
#include "snnft/resilience/faults/parameter_scales.hpp"

namespace snnft::faults {
namespace {

/// drift and refractory_corrupt: scales registered with the network's ParameterScales, so
/// that faults overlapping on a neuron compose. refractory_corrupt is a refractory scale of 0
/// (ref_steps = 0) plus ref_left cleared when it appears.
class ParameterFault final : public BoundFault {
 public:
  ParameterFault(const FaultSpec& spec, const BindContext& context)
      : corrupt_refractory_(spec.kind == FaultKind::kRefractoryCorrupt),
        network_(context.network),
        scales_(*context.parameters),
        targets_(choose_neurons(spec, context, true)) {
    const ParameterScale scale = corrupt_refractory_
                                     ? ParameterScale{1.0, 1.0, 0.0}
                                     : ParameterScale{spec.threshold_scale, spec.leak_scale, spec.refractory_scale};
    for (const auto& t : targets_) {
      handles_.push_back(scales_.add(t.population, t.ids, scale));
      ref_left_.push_back(context.control.neuron_variable(t.population, "ref_left"));
    }
  }

  [[nodiscard]] PhaseMask phases() const override { return 0; }  // ParameterScales::enforce runs each step

  void activate(NetworkControl&) override {
    for (std::size_t h : handles_) scales_.set_active(h, true);
    if (!corrupt_refractory_) return;
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      for (NeuronIndex id : targets_[k].ids) ref_left_[k][id] = 0.0f;
    }
  }
  void deactivate(NetworkControl&) override {
    for (std::size_t h : handles_) scales_.set_active(h, false);
  }
  [[nodiscard]] std::string describe() const override { return describe_neurons(targets_, network_); }

 private:
  bool corrupt_refractory_;
  const Network& network_;
  ParameterScales& scales_;
  std::vector<NeuronTargets> targets_;
  std::vector<std::size_t> handles_;
  std::vector<std::span<float>> ref_left_;
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
