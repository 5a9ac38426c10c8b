// SPDX-License-Identifier: MIT
#include "snnft/snn/adaptive_population.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace snnft {

AdaptivePopulation::AdaptivePopulation(std::string name, std::size_t size, const AdaptiveSynapses& syn, double dt_ms,
                                       float drive, std::string_view w_name,
                                       std::span<const StateVariableInfo> state_info)
    : Population(std::move(name), size),
      v_(padded_size<float>(size)),
      w_(padded_size<float>(size)),
      v_view_(size),
      w_view_(size),
      ge_(size),
      gi_(size),
      drive_(size, drive),
      he_(syn.shape == SynapseShape::kAlpha ? size : 0),
      hi_(syn.shape == SynapseShape::kAlpha ? size : 0),
      ref_left_(size),
      syn_(syn),
      step_ms_(dt_ms),
      w_name_(w_name),
      state_info_(state_info) {
  set_synapses(syn);
}

void AdaptivePopulation::set_synapses(const AdaptiveSynapses& syn) {
  if (!(syn.tau_e_ms >= 0) || !(syn.tau_i_ms >= 0)) throw std::invalid_argument("synaptic time constants must not be negative");
  if (syn.model == SynapseModel::kConductanceBased && (syn.tau_e_ms == 0 || syn.tau_i_ms == 0)) {
    throw std::invalid_argument("delta synapses (time constant 0) need current-based synapses");
  }
  if (syn.shape == SynapseShape::kAlpha && (syn.tau_e_ms == 0 || syn.tau_i_ms == 0)) {
    throw std::invalid_argument("alpha synapses need positive time constants");
  }
  if (syn.model != syn_.model) throw std::invalid_argument("the synapse model (current or conductance) cannot change");
  if (syn.shape != syn_.shape) throw std::invalid_argument("the synapse shape (exponential or alpha) cannot change");
  syn_ = syn;
  // A delta receptor (tau 0) forgets its input within the step that applies it.
  decay_e_ = syn.tau_e_ms > 0 ? static_cast<float>(std::exp(-step_ms_ / syn.tau_e_ms)) : 0.0f;
  decay_i_ = syn.tau_i_ms > 0 ? static_cast<float>(std::exp(-step_ms_ / syn.tau_i_ms)) : 0.0f;
  rise_e_ = syn.tau_e_ms > 0 ? static_cast<float>(alpha_step(step_ms_, syn.tau_e_ms).rise) : 0.0f;
  rise_i_ = syn.tau_i_ms > 0 ? static_cast<float>(alpha_step(step_ms_, syn.tau_i_ms).rise) : 0.0f;
}

void AdaptivePopulation::set_spike_rule(double v_peak, double v_reset, double jump, bool inclusive) {
  v_peak_ = v_peak;
  v_reset_ = v_reset;
  jump_ = jump;
  inclusive_ = inclusive;
}

void AdaptivePopulation::set_refractory(double t_ref_ms) {
  if (!(t_ref_ms >= 0)) throw std::invalid_argument("the refractory period must not be negative");
  ref_steps_ = static_cast<double>(std::llround(t_ref_ms / step_ms_));
  // Without a refractory period no neuron stays refractory.
  if (!refractory()) std::fill(ref_left_.data(), ref_left_.data() + ref_left_.padded(), 0.0f);
}

void AdaptivePopulation::set_state(std::span<const double> v, std::span<const double> w) {
  if (v.size() != size() || w.size() != size()) throw std::invalid_argument("set_state: one value per neuron is needed");
  // Padding lanes copy neuron 0, so they integrate like a real neuron and stay finite.
  for (std::size_t i = 0; i < v_view_.padded(); ++i) {
    v_[i] = i < size() ? v[i] : (size() ? v[0] : 0.0);
    w_[i] = i < size() ? w[i] : (size() ? w[0] : 0.0);
    v_view_[i] = static_cast<float>(v_[i]);
    w_view_[i] = static_cast<float>(w_[i]);
  }
}

void AdaptivePopulation::initialise(const InitialValue& v, const std::optional<InitialValue>& w, double w_per_v,
                                    const CounterRng& rng, PopulationIndex index) {
  auto draw = [](const InitialValue& x, RngStream& s) {
    switch (x.kind) {
      case InitialValue::Kind::kUniform: return s.uniform(x.a, x.b);
      case InitialValue::Kind::kNormal: return s.normal(x.a, x.b);
      case InitialValue::Kind::kConstant: break;
    }
    return x.a;
  };
  std::vector<double> vs(size()), ws(size());
  for (std::size_t i = 0; i < size(); ++i) {
    RngStream s(rng, {RngPurpose::kInitialState, index, static_cast<std::uint32_t>(i)});
    vs[i] = draw(v, s);
    ws[i] = w ? draw(*w, s) : w_per_v * vs[i];
  }
  set_state(vs, ws);
  std::fill(ref_left_.data(), ref_left_.data() + ref_left_.padded(), 0.0f);
}

SynapticInputArgs AdaptivePopulation::synaptic_args(std::size_t begin) {
  SynapticInputArgs a{ge_.data() + begin,
                      gi_.data() + begin,
                      decay_e_,
                      decay_i_,
                      syn_.e_exc_mv,
                      syn_.e_inh_mv,
                      syn_.model == SynapseModel::kConductanceBased,
                      syn_.tau_e_ms == 0 ? 1.0f : 0.0f,
                      syn_.tau_i_ms == 0 ? 1.0f : 0.0f};
  if (alpha()) {
    a.he = he_.data() + begin;
    a.hi = hi_.data() + begin;
    a.rise_e = rise_e_;
    a.rise_i = rise_i_;
  }
  return a;
}

std::size_t AdaptivePopulation::chunk_count(std::size_t begin, std::size_t end) const {
  const std::size_t stop = std::min(end + (kChunkAlign - 1), v_view_.padded()) / kChunkAlign * kChunkAlign;
  return stop - begin;
}

std::size_t AdaptivePopulation::detect(Step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) {
  const AdaptiveDetectArgs args{precise_v(begin),
                                precise_w(begin),
                                chunk_count(begin, end),
                                std::min(end, size()) - begin,
                                static_cast<std::uint32_t>(begin),
                                out,
                                v_peak_,
                                v_reset_,
                                jump_,
                                inclusive_,
                                ref_left(begin),
                                ref_steps_};
  return adaptive_detect(isa, args);
}

std::vector<std::string> AdaptivePopulation::variable_names() const {
  std::vector<std::string> names{"v", std::string(w_name_), "ge", "gi", "drive"};
  if (alpha()) names.insert(names.end(), {"he", "hi"});
  if (refractory()) names.emplace_back("ref_left");
  return names;
}

std::span<float> AdaptivePopulation::variable(std::string_view name) {
  AlignedArray<float>* a = name == "v"       ? &v_view_
                           : name == w_name_ ? &w_view_
                           : name == "ge"    ? &ge_
                           : name == "gi"    ? &gi_
                           : name == "drive" ? &drive_
                           : name == "he" && alpha() ? &he_
                           : name == "hi" && alpha() ? &hi_
                           : name == "ref_left" && refractory() ? &ref_left_
                                             : nullptr;
  return a ? std::span<float>(a->data(), size()) : std::span<float>();
}

std::span<const float> AdaptivePopulation::variable(std::string_view name) const {
  return const_cast<AdaptivePopulation*>(this)->variable(name);
}

std::span<const float> AdaptivePopulation::state(std::string_view name) const {
  if (name == "v_mv") return variable("v");
  for (const StateVariableInfo& s : state_info_) {
    if (s.name == name) return variable(name);
  }
  return {};
}

}  // namespace snnft
