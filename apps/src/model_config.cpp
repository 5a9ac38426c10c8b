// SPDX-License-Identifier: MIT
#include "snnft/apps/model_config.hpp"

#include <string>

#include "snnft/apps/network_config.hpp"

namespace snnft::apps {
namespace {

/// `delta_allowed`: whether a time constant of 0 (delta synapses, current-based only) is taken.
AdaptiveSynapses read_synapses(ObjectReader& r, bool delta_allowed) {
  AdaptiveSynapses s;
  s.model = r.choice("synapse", {"current", "conductance"}, "current") == "current" ? SynapseModel::kCurrentBased
                                                                                    : SynapseModel::kConductanceBased;
  s.shape = read_synapse_shape(r);
  // Delta synapses (tau 0) only where allowed, and never alpha-shaped.
  if (!delta_allowed || s.shape == SynapseShape::kAlpha) {
    s.tau_e_ms = r.positive("tau_e_ms", s.tau_e_ms);
    s.tau_i_ms = r.positive("tau_i_ms", s.tau_i_ms);
  } else {
    s.tau_e_ms = r.non_negative("tau_e_ms", s.tau_e_ms);
    s.tau_i_ms = r.non_negative("tau_i_ms", s.tau_i_ms);
    const std::string why = "0 (delta synapses) needs \"synapse\": \"current\"";
    if (s.model == SynapseModel::kConductanceBased && s.tau_e_ms == 0) r.fail("tau_e_ms", why);
    if (s.model == SynapseModel::kConductanceBased && s.tau_i_ms == 0) r.fail("tau_i_ms", why);
  }
  s.e_exc_mv = r.number("e_exc_mv", s.e_exc_mv);
  s.e_inh_mv = r.number("e_inh_mv", s.e_inh_mv);
  return s;
}

void read_initial(ObjectReader& r, PopulationSpec& ps, const std::string& w_key, double v_default) {
  ps.initial.v_mv = {InitialValue::Kind::kConstant, v_default, 0.0};
  if (!r.has("initial")) return;
  ObjectReader init = r.object("initial");
  ps.initial.v_mv = read_value(init, "v_mv", ps.initial.v_mv);
  if (init.has(w_key)) ps.initial_w = read_value(init, w_key, {});
  init.finish();
}

}  // namespace

SynapseShape read_synapse_shape(ObjectReader& r) {
  return r.choice("synapse_shape", {"exponential", "alpha"}, "exponential") == "alpha" ? SynapseShape::kAlpha
                                                                                      : SynapseShape::kExponential;
}

void read_izhikevich(ObjectReader& r, PopulationSpec& ps) {
  IzhikevichParams& p = ps.izhikevich;
  p.a = r.positive("a", p.a);
  p.b = r.number("b", p.b);
  p.c_mv = r.number("c", p.c_mv);
  p.d = r.number("d", p.d);
  p.v_peak_mv = r.number("v_peak_mv", p.v_peak_mv);
  p.bias = r.number("bias", p.bias);
  if (p.c_mv >= p.v_peak_mv) r.fail("c", "the reset must lie below v_peak_mv");
  p.synapses = read_synapses(r, true);
  read_initial(r, ps, "u", -65.0);
}

void read_adex(ObjectReader& r, PopulationSpec& ps) {
  AdexParams& p = ps.adex;
  p.c_pf = r.positive("c_pf", p.c_pf);
  p.g_l_ns = r.positive("g_l_ns", p.g_l_ns);
  p.e_l_mv = r.number("e_l_mv", p.e_l_mv);
  p.v_t_mv = r.number("v_t_mv", p.v_t_mv);
  p.delta_t_mv = r.non_negative("delta_t_mv", p.delta_t_mv);
  p.tau_w_ms = r.positive("tau_w_ms", p.tau_w_ms);
  p.a_ns = r.number("a_ns", p.a_ns);
  p.b_pa = r.number("b_pa", p.b_pa);
  p.v_reset_mv = r.number("v_reset_mv", p.v_reset_mv);
  p.v_peak_mv = r.number("v_peak_mv", p.v_t_mv + 5 * p.delta_t_mv);
  p.bias_pa = r.number("bias_pa", p.bias_pa);
  p.t_ref_ms = r.non_negative("t_ref_ms", p.t_ref_ms);
  if (p.v_reset_mv >= p.v_peak_mv) r.fail("v_reset_mv", "must lie below v_peak_mv");
  // exp((v − V_T)/Δ_T) is evaluated up to v_peak: past ~80 Δ_T it would overflow.
  if (p.delta_t_mv > 0 && (p.v_peak_mv - p.v_t_mv) / p.delta_t_mv > 60) {
    r.fail("v_peak_mv", "must lie within 60 delta_t_mv above v_t_mv");
  }
  // Δ_T = 0 cuts spikes at V_T (see AdexParams::delta_t_mv).
  if (p.delta_t_mv == 0 && p.v_reset_mv >= p.v_t_mv) r.fail("v_reset_mv", "must lie below v_t_mv (delta_t_mv 0 cuts spikes at v_t_mv)");
  p.synapses = read_synapses(r, false);
  read_initial(r, ps, "w", p.e_l_mv);
}

}  // namespace snnft::apps
