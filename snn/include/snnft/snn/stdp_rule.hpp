// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "snnft/snn/network.hpp"
#include "snnft/snn/step_hooks.hpp"

namespace snnft {

/// How a weight change depends on the weight itself.
enum class StdpUpdate {
  kAdditive,        ///< Δw independent of w, then clipped to [w_min, w_max] (Song et al. 2000)
  kMultiplicative,  ///< potentiation ∝ (w_max − w), depression ∝ (w − w_min) (van Rossum et al. 2000)
};

/// Which earlier spikes a spike pairs with.
enum class StdpPairing {
  kAllToAll,  ///< traces add up: every earlier spike counts
  kNearest,   ///< traces reset to 1: only the latest spike of the other side counts
};

/// Parameters of trace-based STDP (amplitudes in the projection's weight units, e.g. mV).
///
/// Unit traces: x_pre jumps on a presynaptic spike, y_post on a postsynaptic spike, each
/// decaying with its own time constant (and, for the triplet rule, a slow post trace y_slow
/// with tau_y). With Δt = t_post − t_pre:
///   presynaptic spike:  w ← w + a_minus · y_post                  (Δw = a_minus·e^{Δt/τ₋}, Δt < 0)
///   postsynaptic spike: w ← w + x_pre · (a_plus + a3_plus · y_slow) (Δw = a_plus·e^{−Δt/τ₊}, Δt > 0)
/// where y_slow is read before its own jump (Pfister & Gerstner 2006, minimal triplet model;
/// a3_plus = 0 gives the pair rule). With unit traces a_plus·x_pre is Brian2's Apre and
/// a_minus·y_post its Apost.
struct StdpParams {
  double tau_plus_ms = 20.0;   ///< decay of the presynaptic trace (potentiation window)
  double tau_minus_ms = 20.0;  ///< decay of the postsynaptic trace (depression window)
  double a_plus = 0.01;        ///< potentiation amplitude, >= 0
  double a_minus = -0.0105;    ///< depression amplitude, <= 0 (added as is, Brian2's dApost)
  double w_min = 0.0;
  double w_max = 1.0;
  StdpUpdate update = StdpUpdate::kAdditive;
  StdpPairing pairing = StdpPairing::kAllToAll;
  double a3_plus = 0.0;        ///< triplet potentiation amplitude, >= 0; 0 = pair rule
  double tau_y_ms = 114.0;     ///< slow postsynaptic trace of the triplet rule
};

/// Throws std::invalid_argument naming the first parameter that is out of range.
void validate(const StdpParams& params);
std::string to_string(StdpUpdate update);
std::string to_string(StdpPairing pairing);

/// exp(−k·dt/τ) for whole step counts k, tabulated for the common short gaps and computed
/// with std::exp beyond, so the value for a given k never depends on how it was reached.
class TraceDecay {
 public:
  TraceDecay(double tau_ms, double dt_ms);
  [[nodiscard]] double operator()(Step steps) const {
    return static_cast<std::size_t>(steps) < table_.size() ? table_[static_cast<std::size_t>(steps)] : far(steps);
  }

 private:
  [[nodiscard]] double far(Step steps) const;
  double dt_over_tau_;
  std::vector<double> table_;
};

/// Trace-based STDP on one projection, run in the Plasticity phase (Brian2's STDP example
/// semantics when additive, all-to-all and pair-based).
///
/// Order inside a step: the engine has already propagated this step's spikes with the old
/// weights; then presynaptic spikes are handled before postsynaptic ones (Brian2 runs the
/// pre pathway first), so a pre and a post spike in the same step count as Δt = 0, i.e.
/// potentiation by a_plus.
///
/// Delays: spikes pair at their emission times (the presynaptic spike's step, not its
/// arrival), so the window is the same for every delay.
///
/// Traces are stored per neuron (value at the last update and that step) and decayed
/// exactly and lazily when touched, so the cost is proportional to spikes × synapses of
/// the spiking neurons, never to synapses × steps. Synapses onto a postsynaptic neuron are
/// found through a transposed index built once. apply_parallel splits both passes by
/// postsynaptic neuron ranges; every synapse then sees the same updates in the same order as
/// in apply(), so the weights do not depend on the thread count.
class StdpRule final : public PlasticityRule {
 public:
  /// Per-neuron trace state; what a WeightCheckpoint saves next to the weights.
  struct Traces {
    std::vector<double> pre, post, post_slow;  ///< values at the last update
    std::vector<Step> pre_last, post_last;     ///< step of the last update
  };

  StdpRule(const Network& network, std::size_t projection, const StdpParams& params);

  void apply(const StepView& view, Network& network) override;
  void apply_parallel(const StepView& view, Network& network, TargetPartition& partition) override;

  /// Freezes (false) or resumes the weights. While frozen the traces keep following the
  /// spikes, so learning resumes as if it had never paused. Simulation::set_plasticity_enabled
  /// instead skips the rule entirely (traces included).
  void set_enabled(bool enabled) { enabled_ = enabled; }
  [[nodiscard]] bool enabled() const { return enabled_; }

  [[nodiscard]] std::size_t projection() const { return projection_; }
  [[nodiscard]] const StdpParams& params() const { return params_; }

  [[nodiscard]] const Traces& traces() const { return traces_; }
  /// Replaces the trace state (same sizes required; copies without allocating).
  void set_traces(const Traces& traces);
  /// Unit trace values at `now` (>= their last update), decayed exactly.
  [[nodiscard]] double pre_trace(NeuronIndex i, Step now) const;
  [[nodiscard]] double post_trace(NeuronIndex j, Step now) const;
  [[nodiscard]] double post_slow_trace(NeuronIndex j, Step now) const;

 private:
  [[nodiscard]] float potentiate(float w, double dw) const;
  [[nodiscard]] float depress(float w, double dw) const;
  // The three stages of a step; the first and last touch only postsynaptic neurons [begin, end).
  void depress_onto(Projection& proj, std::span<const NeuronIndex> pre_spikes, Step now, std::size_t begin,
                    std::size_t end);
  void update_pre_traces(std::span<const NeuronIndex> pre_spikes, Step now);
  void potentiate_onto(Projection& proj, std::span<const NeuronIndex> post_spikes, Step now, std::size_t begin,
                       std::size_t end);

  std::size_t projection_;
  StdpParams params_;
  bool enabled_ = true;
  bool triplet_;
  TraceDecay decay_plus_, decay_minus_, decay_y_;
  Traces traces_;
  // Transposed CSR: synapses onto post neuron j are col_synapse_[col_start_[j] .. col_start_[j+1]),
  // ascending by presynaptic neuron, whose index is in col_pre_.
  std::vector<std::uint32_t> col_start_;
  std::vector<std::uint32_t> col_synapse_;
  std::vector<NeuronIndex> col_pre_;
};

}  // namespace snnft
