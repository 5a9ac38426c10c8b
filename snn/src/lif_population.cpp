// SPDX-License-Identifier: MIT
#include "snnft/snn/lif_population.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace snnft {

std::string to_string(SynapseModel model) {
  return model == SynapseModel::kCurrentBased ? "current" : "conductance";
}

std::string to_string(SynapseShape shape) { return shape == SynapseShape::kAlpha ? "alpha" : "exponential"; }

AlphaStep alpha_step(double dt_ms, double tau_ms) {
  const double decay = std::exp(-dt_ms / tau_ms);
  return {decay, std::exp(1.0) * dt_ms / tau_ms * decay};
}

namespace {
/// (1 − e^{−x}(1 + x)) / x², which tends to 1/2 as x → 0; a series where the direct form
/// would lose digits to cancellation.
double alpha_membrane_factor(double x) {
  if (std::abs(x) < 1e-3) return 0.5 - x / 3 + x * x / 8 - x * x * x / 30;
  return (-std::expm1(-x) - x * std::exp(-x)) / (x * x);
}
}  // namespace

LifPopulation::LifPopulation(std::string name, std::size_t size, SynapseModel model, const LifParams& params,
                             double dt_ms)
    : Population(std::move(name), size),
      model_(model),
      params_(params),
      dt_ms_(dt_ms),
      // A delta receptor (tau 0) forgets its input within the step that applies it.
      decay_e_(params.tau_e_ms > 0 ? static_cast<float>(std::exp(-dt_ms / params.tau_e_ms)) : 0.0f),
      decay_i_(params.tau_i_ms > 0 ? static_cast<float>(std::exp(-dt_ms / params.tau_i_ms)) : 0.0f),
      alpha_(params.synapse_shape == SynapseShape::kAlpha),
      v_(size, static_cast<float>(params.v_rest_mv)),
      ge_(size),
      gi_(size),
      he_(alpha_ ? size : 0),
      hi_(alpha_ ? size : 0),
      ref_left_(size),
      v_th_(size, static_cast<float>(params.v_th_mv)),
      v_reset_(size, static_cast<float>(params.v_reset_mv)),
      drive_(size, static_cast<float>(params.v_rest_mv + params.bias_mv)),
      decay_m_(size),
      p_e_(size),
      p_i_(size),
      q_e_(alpha_ ? size : 0),
      q_i_(alpha_ ? size : 0),
      // The spike step itself is the first step of the refractory period (as in Brian2 and
      // NEST), so v is held for t_ref/dt − 1 further steps.
      ref_steps_(size, static_cast<float>(std::max<long long>(std::llround(params.t_ref_ms / dt_ms) - 1, 0))) {
  if (alpha_) {
    if (!(params.tau_e_ms > 0) || !(params.tau_i_ms > 0)) {
      throw std::invalid_argument("alpha synapses need positive time constants");
    }
    rise_e_ = static_cast<float>(alpha_step(dt_ms, params.tau_e_ms).rise);
    rise_i_ = static_cast<float>(alpha_step(dt_ms, params.tau_i_ms).rise);
  }
  tau_m_ms_.resize(size);
  for (std::size_t i = 0; i < size; ++i) derive_neuron(i, params.tau_m_ms);
  // Padding lanes must never look like neurons about to spike: an infinite threshold, and,
  // for kernels that broadcast a shared threshold, an endless refractory period (which also
  // holds their v still). Nothing writes padding lanes, so this lasts.
  for (std::size_t i = size; i < v_th_.padded(); ++i) {
    v_th_[i] = INFINITY;
    ref_left_[i] = INFINITY;
  }
  refresh_shared_constants();
}

void LifPopulation::refresh_shared_constants() {
  // Bitwise equality: broadcasting element 0 must give exactly what each load would.
  auto uniform = [&](const AlignedArray<float>& a) {
    const auto first = std::bit_cast<std::uint32_t>(a[0]);
    return std::all_of(a.data(), a.data() + size(), [&](float x) { return std::bit_cast<std::uint32_t>(x) == first; });
  };
  shared_constants_ = !constants_exposed_ && size() > 0 && uniform(decay_m_) && uniform(drive_) && uniform(p_e_) &&
                      uniform(p_i_) && (!alpha_ || (uniform(q_e_) && uniform(q_i_)));
  shared_threshold_ = !threshold_exposed_ && size() > 0 && uniform(v_th_);
}

void LifPopulation::derive_neuron(std::size_t i, double tau_m) {
  tau_m_ms_[i] = tau_m;
  const double dt = dt_ms_;
  const double dm = std::exp(-dt / tau_m);
  decay_m_[i] = static_cast<float>(dm);
  if (model_ == SynapseModel::kConductanceBased) {
    p_e_[i] = static_cast<float>(dt / tau_m);
    p_i_[i] = 0.0f;
    return;
  }
  // Exact propagator of a synaptic current decaying with tau_s into a membrane with tau_m:
  // the response after one step to a unit current at the start of the step.
  auto propagator = [&](double tau_s) {
    if (tau_s == 0) return dm;  // delta synapse: the jump enters v at the start of the step
    const double ds = std::exp(-dt / tau_s);
    if (std::abs(tau_s - tau_m) < 1e-9 * tau_m) return dt / tau_m * dm;  // limit tau_s -> tau_m
    return tau_s / (tau_s - tau_m) * (ds - dm);
  };
  p_e_[i] = static_cast<float>(propagator(params_.tau_e_ms));
  p_i_[i] = static_cast<float>(propagator(params_.tau_i_ms));
  if (!alpha_) return;
  // Alpha synapses: the response of v after one step to h = 1 (and g = 0) at its start,
  // where g(t) = (e/τs)·t·e^{−t/τs}: (e/(τs·τm))·e^{−dt/τm}·∫₀^dt s·e^{−(1/τs − 1/τm)s} ds.
  auto alpha_propagator = [&](double tau_s) {
    const double x = (1 / tau_s - 1 / tau_m) * dt;
    return std::exp(1.0) / (tau_s * tau_m) * dm * dt * dt * alpha_membrane_factor(x);
  };
  q_e_[i] = static_cast<float>(alpha_propagator(params_.tau_e_ms));
  q_i_[i] = static_cast<float>(alpha_propagator(params_.tau_i_ms));
}

void LifPopulation::set_poisson_input(const PoissonInputParams& params, const CounterRng& rng, PopulationIndex index) {
  poisson_input_.emplace(params, dt_ms_, rng, index);
}

void LifPopulation::set_tau_m(std::size_t i, double tau_m_ms) {
  derive_neuron(i, tau_m_ms);
  refresh_shared_constants();
}

void LifPopulation::set_neuron_params(std::span<const LifParams> per_neuron) {
  if (per_neuron.size() != size()) throw std::invalid_argument("set_neuron_params: one LifParams per neuron is needed");
  for (std::size_t i = 0; i < size(); ++i) {
    const LifParams& p = per_neuron[i];
    v_th_[i] = static_cast<float>(p.v_th_mv);
    v_reset_[i] = static_cast<float>(p.v_reset_mv);
    drive_[i] = static_cast<float>(p.v_rest_mv + p.bias_mv);
    ref_steps_[i] = static_cast<float>(std::max<long long>(std::llround(p.t_ref_ms / dt_ms_) - 1, 0));
    derive_neuron(i, p.tau_m_ms);
  }
  refresh_shared_constants();
}

void LifPopulation::set_synapses(double tau_e_ms, double tau_i_ms, double e_exc_mv, double e_inh_mv) {
  if (!(tau_e_ms >= 0) || !(tau_i_ms >= 0)) throw std::invalid_argument("synaptic time constants must not be negative");
  if (model_ == SynapseModel::kConductanceBased && (tau_e_ms == 0 || tau_i_ms == 0)) {
    throw std::invalid_argument("delta synapses (time constant 0) need current-based synapses");
  }
  if (alpha_ && (tau_e_ms == 0 || tau_i_ms == 0)) throw std::invalid_argument("alpha synapses need positive time constants");
  params_.tau_e_ms = tau_e_ms;
  params_.tau_i_ms = tau_i_ms;
  params_.e_exc_mv = e_exc_mv;
  params_.e_inh_mv = e_inh_mv;
  decay_e_ = tau_e_ms > 0 ? static_cast<float>(std::exp(-dt_ms_ / tau_e_ms)) : 0.0f;
  decay_i_ = tau_i_ms > 0 ? static_cast<float>(std::exp(-dt_ms_ / tau_i_ms)) : 0.0f;
  if (alpha_) {
    rise_e_ = static_cast<float>(alpha_step(dt_ms_, tau_e_ms).rise);
    rise_i_ = static_cast<float>(alpha_step(dt_ms_, tau_i_ms).rise);
  }
  for (std::size_t i = 0; i < size(); ++i) derive_neuron(i, tau_m_ms_[i]);
  refresh_shared_constants();
}

namespace {
float draw(const InitialValue& init, RngStream& s) {
  switch (init.kind) {
    case InitialValue::Kind::kConstant: return static_cast<float>(init.a);
    case InitialValue::Kind::kUniform: return static_cast<float>(s.uniform(init.a, init.b));
    case InitialValue::Kind::kNormal: return static_cast<float>(s.normal(init.a, init.b));
  }
  return 0.0f;
}
}  // namespace

void LifPopulation::initialise(const LifInitialState& init, const CounterRng& rng, PopulationIndex index) {
  for (std::size_t i = 0; i < size(); ++i) {
    RngStream s(rng, {RngPurpose::kInitialState, index, static_cast<std::uint32_t>(i)});
    v_[i] = draw(init.v_mv, s);
    ge_[i] = draw(init.ge, s);
    gi_[i] = draw(init.gi, s);
    if (alpha_) he_[i] = hi_[i] = 0.0f;
    ref_left_[i] = 0.0f;
  }
}

std::size_t LifPopulation::chunk_stop(std::size_t end) const {
  // Chunks end on a register boundary, or at the padded end of the arrays.
  return std::min(end + (Population::kChunkAlign - 1), v_.padded()) / Population::kChunkAlign * Population::kChunkAlign;
}

LifKernelArgs LifPopulation::integrate_args(std::size_t begin, std::size_t end) {
  LifKernelArgs a{v_.data() + begin,       ge_.data() + begin,    gi_.data() + begin,  ref_left_.data() + begin,
                  decay_m_.data() + begin, drive_.data() + begin, p_e_.data() + begin, p_i_.data() + begin,
                  decay_e_,                decay_i_,              static_cast<float>(params_.e_exc_mv),
                  static_cast<float>(params_.e_inh_mv),           chunk_stop(end) - begin, shared_constants_};
  if (alpha_) {
    a.he = he_.data() + begin;
    a.hi = hi_.data() + begin;
    a.rise_e = rise_e_;
    a.rise_i = rise_i_;
    a.q_e = q_e_.data() + begin;
    a.q_i = q_i_.data() + begin;
  }
  return a;
}

LifDetectArgs LifPopulation::detect_args(std::size_t begin, std::size_t end, NeuronIndex* out) {
  return {v_.data() + begin,       ref_left_.data() + begin,  v_th_.data() + begin,
          v_reset_.data() + begin, ref_steps_.data() + begin, chunk_stop(end) - begin,
          static_cast<std::uint32_t>(begin), out,        shared_threshold_};
}

void LifPopulation::add_external_input(Step step, std::size_t begin, std::size_t end) {
  if (!poisson_input_) return;
  poisson_input_->add(step, begin, std::min(end, size()), receptor_input(poisson_input_->params().receptor));
}

void LifPopulation::integrate(Step step, std::size_t begin, std::size_t end, SimdIsa isa) {
  add_external_input(step, begin, end);
  const LifKernelArgs args = integrate_args(begin, end);
  if (model_ == SynapseModel::kCurrentBased) {
    lif_integrate_cuba(isa, args);
  } else {
    lif_integrate_coba(isa, args);
  }
}

std::size_t LifPopulation::detect(Step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) {
  return lif_detect(isa, detect_args(begin, end, out));
}

std::size_t LifPopulation::update(Step step, std::size_t begin, std::size_t end, SimdIsa isa, NeuronIndex* out) {
  add_external_input(step, begin, end);
  const LifKernelArgs integrate = integrate_args(begin, end);
  const LifDetectArgs detect = detect_args(begin, end, out);
  return model_ == SynapseModel::kCurrentBased ? lif_update_cuba(isa, integrate, detect)
                                               : lif_update_coba(isa, integrate, detect);
}

namespace {
// Names and arrays of the variables, in one order; the arrays as member pointers so the
// table is a constant and a lookup allocates nothing.
constexpr std::array<std::string_view, 15> kVariableNames = {
    "v", "ge", "gi", "ref_left", "v_th", "v_reset", "drive", "decay_m", "p_e", "p_i", "q_e", "q_i", "ref_steps", "he", "hi"};
constexpr std::size_t kThreshold = 4;            // v_th
constexpr std::size_t kFirstKernelConstant = 6;  // drive, decay_m, p_e, p_i, q_e, q_i
constexpr std::size_t kLastKernelConstant = 11;
// Arrays only populations with alpha synapses have (they are empty otherwise).
bool alpha_only(std::string_view name) { return name == "q_e" || name == "q_i" || name == "he" || name == "hi"; }
}  // namespace

std::vector<std::string> LifPopulation::variable_names() const {
  std::vector<std::string> names;
  for (std::string_view n : kVariableNames) {
    if (alpha_ || !alpha_only(n)) names.emplace_back(n);
  }
  return names;
}

std::span<float> LifPopulation::variable(std::string_view name) {
  using Member = AlignedArray<float> LifPopulation::*;
  static constexpr std::array<Member, kVariableNames.size()> kArrays = {
      &LifPopulation::v_,       &LifPopulation::ge_,      &LifPopulation::gi_,     &LifPopulation::ref_left_,
      &LifPopulation::v_th_,    &LifPopulation::v_reset_, &LifPopulation::drive_,  &LifPopulation::decay_m_,
      &LifPopulation::p_e_,     &LifPopulation::p_i_,     &LifPopulation::q_e_,    &LifPopulation::q_i_,
      &LifPopulation::ref_steps_, &LifPopulation::he_,    &LifPopulation::hi_};
  for (std::size_t k = 0; k < kVariableNames.size(); ++k) {
    if (kVariableNames[k] != name) continue;
    if (!alpha_ && alpha_only(name)) return {};
    if (k >= kFirstKernelConstant && k <= kLastKernelConstant) {
      constants_exposed_ = true;
      shared_constants_ = false;
    }
    if (k == kThreshold) {
      threshold_exposed_ = true;
      shared_threshold_ = false;
    }
    return (this->*kArrays[k]).span();
  }
  return {};
}

namespace {
constexpr std::array<StateVariableInfo, 4> kCubaState = {
    {{"v_mv", "mV"}, {"ge", "mV"}, {"gi", "mV"}, {"v_th_mv", "mV"}}};
constexpr std::array<StateVariableInfo, 4> kCobaState = {
    {{"v_mv", "mV"}, {"ge", "g_leak"}, {"gi", "g_leak"}, {"v_th_mv", "mV"}}};
}  // namespace

std::span<const StateVariableInfo> LifPopulation::state_variables() const {
  return model_ == SynapseModel::kCurrentBased ? std::span<const StateVariableInfo>(kCubaState)
                                               : std::span<const StateVariableInfo>(kCobaState);
}

std::span<const float> LifPopulation::state(std::string_view name) const {
  const AlignedArray<float>* a = name == "v_mv"      ? &v_
                                 : name == "ge"      ? &ge_
                                 : name == "gi"      ? &gi_
                                 : name == "v_th_mv" ? &v_th_
                                                     : nullptr;
  return a ? std::span<const float>(a->data(), size()) : std::span<const float>{};
}

std::span<const float> LifPopulation::variable(std::string_view name) const {
  using Member = const AlignedArray<float> LifPopulation::*;
  static constexpr std::array<Member, kVariableNames.size()> kArrays = {
      &LifPopulation::v_,       &LifPopulation::ge_,      &LifPopulation::gi_,     &LifPopulation::ref_left_,
      &LifPopulation::v_th_,    &LifPopulation::v_reset_, &LifPopulation::drive_,  &LifPopulation::decay_m_,
      &LifPopulation::p_e_,     &LifPopulation::p_i_,     &LifPopulation::q_e_,    &LifPopulation::q_i_,
      &LifPopulation::ref_steps_, &LifPopulation::he_,    &LifPopulation::hi_};
  for (std::size_t k = 0; k < kVariableNames.size(); ++k) {
    if (kVariableNames[k] == name) return (this->*kArrays[k]).span();  // empty when not allocated
  }
  return {};
}

}  // namespace snnft
