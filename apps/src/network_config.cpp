// SPDX-License-Identifier: MIT
#include "snnft/apps/network_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <set>

#include "config_helpers.hpp"
#include "snnft/apps/cli_values.hpp"
#include "snnft/apps/fault_options.hpp"
#include "snnft/apps/input_config.hpp"
#include "snnft/apps/model_config.hpp"
#include "snnft/apps/network_checks.hpp"

namespace snnft::apps {

InitialValue read_value(ObjectReader& parent, const std::string& key, const InitialValue& fallback) {
  if (!parent.has(key)) {
    parent.number(key, 0.0);  // marks the key as read
    return fallback;
  }
  const nlohmann::json& v = parent.raw(key);
  const std::string path = parent.path_of(key);
  if (v.is_number()) {
    check_config_number(path, v.get<double>(), is_time_key(key));
    return {InitialValue::Kind::kConstant, v.get<double>(), 0.0};
  }
  if (v.is_object() && v.size() == 1) {
    const std::string kind = v.begin().key();
    const auto& args = v.begin().value();
    if ((kind == "uniform" || kind == "normal") && args.is_array() && args.size() == 2 && args[0].is_number() &&
        args[1].is_number()) {
      const double a = args[0].get<double>(), b = args[1].get<double>();
      check_config_number(path + "/" + kind + "/0", a, is_time_key(key));
      check_config_number(path + "/" + kind + "/1", b, is_time_key(key));
      if (kind == "uniform") {
        if (!(a <= b)) throw ConfigError(path + "/uniform", "expected [low, high] with low <= high");
        return {InitialValue::Kind::kUniform, a, b};
      }
      if (!(b >= 0)) throw ConfigError(path + "/normal", "expected [mean, sd] with sd >= 0");
      return {InitialValue::Kind::kNormal, a, b};
    }
  }
  throw ConfigError(path, "expected a number, {\"uniform\": [low, high]} or {\"normal\": [mean, sd]}, got " +
                              describe_json(v));
}

namespace {

/// Delays are whole steps. A delay that is not a multiple of dt would be rounded (0.15 ms at
/// dt = 0.1 ms to 0.2 ms, 0.04 ms to 0), so it is an error; drawn delays (uniform, normal) are
/// rounded to the nearest step, as documented. Delays are stored in 16 bits.
void check_delay(const std::string& path, double delay_ms, double dt_ms) {
  const double steps = delay_ms / dt_ms;
  if (steps > kMaxDelaySteps) {
    throw ConfigError(path, "a delay of " + number_text(delay_ms) + " ms is " + number_text(steps) +
                                " steps; at most " + std::to_string(kMaxDelaySteps) + " steps of dt_ms = " + number_text(dt_ms));
  }
  if (std::abs(steps - std::round(steps)) > 1e-6 * std::max(1.0, steps)) {
    throw ConfigError(path, number_text(delay_ms) + " ms is not a multiple of dt_ms = " + number_text(dt_ms) +
                                " (delays are whole steps)");
  }
}

void check_delays(const ProjectionSpec& js, const std::string& path, double dt_ms) {
  const InitialValue& d = js.delay_ms;
  switch (d.kind) {
    case InitialValue::Kind::kConstant: check_delay(path, d.a, dt_ms); break;
    case InitialValue::Kind::kUniform:
      if (d.a < 0) throw ConfigError(path + "/uniform", "delays must be non-negative");
      if (d.b / dt_ms > kMaxDelaySteps) check_delay(path + "/uniform/1", d.b, dt_ms);
      break;
    case InitialValue::Kind::kNormal:
      // Draws below 0 become 0; the tail beyond 6 sd (p < 1e-9) is not considered.
      if ((d.a + 6 * d.b) / dt_ms > kMaxDelaySteps) {
        throw ConfigError(path + "/normal", "delays up to mean + 6 sd = " + number_text(d.a + 6 * d.b) +
                                                " ms exceed " + std::to_string(kMaxDelaySteps) + " steps of dt_ms = " + number_text(dt_ms));
      }
      break;
  }
  for (std::size_t k = 0; k < js.rule.pair_delays_ms.size(); ++k) {
    check_delay(path.substr(0, path.rfind('/')) + "/connectivity/pairs/" + std::to_string(k) + "/3", js.rule.pair_delays_ms[k], dt_ms);
  }
}

/// Initial weights of a plastic projection against the rule's bounds. A fixed or uniform
/// weight outside them is an error. A normal distribution is an error if its mean is outside;
/// if only its tail is, the share of draws outside is stated in a warning: the first STDP
/// update clips them to the bounds.
void check_plastic_weights(ObjectReader& j, const ProjectionSpec& js, const StdpParams& stdp) {
  const auto& w = js.weight;
  const bool fixed = w.kind == InitialValue::Kind::kConstant && js.rule.pair_weights.empty();
  const bool uniform = w.kind == InitialValue::Kind::kUniform;
  const std::string bounds = "[" + number_text(stdp.w_min) + ", " + number_text(stdp.w_max) + "]";
  if ((fixed || uniform) && (w.a < stdp.w_min || (uniform ? w.b : w.a) > stdp.w_max)) {
    j.fail("weight", "initial weights must lie within the plasticity bounds [w_min, w_max] = " + bounds);
  }
  for (std::size_t k = 0; k < js.rule.pair_weights.size(); ++k) {
    const double x = js.rule.pair_weights[k];
    if (x < stdp.w_min || x > stdp.w_max) {
      throw ConfigError(j.path_of("connectivity") + "/pairs/" + std::to_string(k) + "/2",
                        "initial weights must lie within the plasticity bounds [w_min, w_max] = " + bounds);
    }
  }
  if (w.kind != InitialValue::Kind::kNormal || !js.rule.pair_weights.empty()) return;
  if (w.a < stdp.w_min || w.a > stdp.w_max) {
    j.fail("weight", "the mean of the normal initial weights must lie within the plasticity bounds [w_min, w_max] = " + bounds);
  }
  if (w.b == 0) return;
  const double outside = 0.5 * std::erfc((w.a - stdp.w_min) / (w.b * std::sqrt(2.0))) +
                         0.5 * std::erfc((stdp.w_max - w.a) / (w.b * std::sqrt(2.0)));
  if (outside > 1e-3) {
    warn(j.path_of("weight") + ": " + number_text(100.0 * outside) + " % of the normal initial weights fall outside " +
         bounds + "; the first STDP update of each clips it to the bounds");
  }
}

// "poisson_input": n independent Poisson trains per neuron (Brian2's PoissonInput).
PoissonInputParams read_poisson_input(ObjectReader& r, double dt_ms) {
  PoissonInputParams p;
  p.n = count_at_least(r, "n", 1);
  p.rate_hz = r.non_negative("rate_hz");
  if (p.rate_hz * dt_ms * 1e-3 > 1) r.fail("rate_hz", "must be at most 1/dt_ms (each train fires at most once per step)");
  p.weight = r.number("weight");
  p.receptor = r.choice("receptor", {"excitatory", "inhibitory"}, "excitatory") == "excitatory"
                   ? Receptor::kExcitatory
                   : Receptor::kInhibitory;
  return p;
}

PopulationSpec read_population(ObjectReader& r, double dt_ms, const std::string& config_dir) {
  PopulationSpec ps;
  ps.name = r.string("name");
  if (ps.name.empty() || ps.name.find('/') != std::string::npos) r.fail("name", "must be non-empty and contain no '/'");
  ps.size = count_at_least(r, "size", 1);
  // Neurons are numbered with 32 bits.
  if (ps.size > std::numeric_limits<NeuronIndex>::max()) {
    r.fail("size", "at most " + std::to_string(std::numeric_limits<NeuronIndex>::max()) + " neurons, got " + std::to_string(ps.size));
  }
  const std::string model = r.choice("model", {"lif", "poisson", "spike_source", "izhikevich", "adex"}, "lif");
  if (model == "lif") {
    ps.kind = PopulationSpec::Kind::kLif;
    ps.synapse_model = r.choice("synapse", {"current", "conductance"}, "current") == "current"
                           ? SynapseModel::kCurrentBased
                           : SynapseModel::kConductanceBased;
    read_lif_parameters(r, ps);
    ps.lif.synapse_shape = read_synapse_shape(r);
    const bool alpha = ps.lif.synapse_shape == SynapseShape::kAlpha;
    if (ps.synapse_model == SynapseModel::kConductanceBased || alpha) {
      for (const char* key : {"tau_e_ms", "tau_i_ms"}) {
        if (r.has(key) && r.raw(key).is_number() && r.raw(key).get<double>() == 0) {
          r.fail(key, alpha ? "0 (delta synapses) cannot be alpha-shaped: \"synapse_shape\": \"alpha\" needs a positive time constant"
                            : "0 (delta synapses) needs \"synapse\": \"current\"");
        }
      }
    }
    ps.initial.v_mv = {InitialValue::Kind::kConstant, ps.lif.v_rest_mv, 0.0};
    if (r.has("poisson_input")) {
      ObjectReader pi = r.object("poisson_input");
      ps.poisson_input = read_poisson_input(pi, dt_ms);
      pi.finish();
    }
    if (r.has("initial")) {
      ObjectReader init = r.object("initial");
      ps.initial.v_mv = read_value(init, "v_mv", ps.initial.v_mv);
      ps.initial.ge = read_value(init, "ge", ps.initial.ge);
      ps.initial.gi = read_value(init, "gi", ps.initial.gi);
      init.finish();
    }
  } else if (model == "izhikevich") {
    ps.kind = PopulationSpec::Kind::kIzhikevich;
    read_izhikevich(r, ps);
  } else if (model == "adex") {
    ps.kind = PopulationSpec::Kind::kAdex;
    read_adex(r, ps);
  } else if (model == "poisson") {
    ps.kind = PopulationSpec::Kind::kPoisson;
    read_poisson(r, ps, dt_ms);
  } else {
    ps.kind = PopulationSpec::Kind::kSpikeSource;
    read_spike_source(r, ps, config_dir);
  }
  return ps;
}

ConnectivityRule read_connectivity(ObjectReader& c, std::size_t pre_size, std::size_t post_size) {
  ConnectivityRule rule;
  const std::string kind =
      c.choice("rule", {"fixed_probability", "fixed_indegree", "one_to_one", "all_to_all", "explicit"});
  rule.allow_autapses = c.boolean("allow_autapses", true);
  if (kind == "fixed_probability") {
    rule.kind = ConnectivityRule::Kind::kFixedProbability;
    rule.probability = c.in_range("p", 0.0, 1.0);
  } else if (kind == "fixed_indegree") {
    rule.kind = ConnectivityRule::Kind::kFixedIndegree;
    rule.indegree = count_at_least(c, "indegree", 0);
    if (rule.indegree > pre_size) c.fail("indegree", "exceeds the presynaptic population size " + std::to_string(pre_size));
  } else if (kind == "one_to_one") {
    rule.kind = ConnectivityRule::Kind::kOneToOne;
    if (pre_size != post_size) c.fail("rule", "one_to_one needs populations of equal size");
  } else if (kind == "all_to_all") {
    rule.kind = ConnectivityRule::Kind::kAllToAll;
  } else {
    rule.kind = ConnectivityRule::Kind::kExplicit;
    const nlohmann::json& pairs = c.raw("pairs");
    const std::string path = c.path_of("pairs");
    if (!pairs.is_array()) throw ConfigError(path, "expected an array of [pre, post] or [pre, post, weight, delay_ms]");
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const auto& e = pairs[k];
      const std::string ep = path + "/" + std::to_string(k);
      if (!e.is_array() || (e.size() != 2 && e.size() != 4)) throw ConfigError(ep, "expected [pre, post] or [pre, post, weight, delay_ms]");
      for (const auto& x : e) {
        if (!x.is_number()) throw ConfigError(ep, "expected numbers, got " + describe_json(x));
      }
      const double i = e[0].get<double>(), j = e[1].get<double>();
      if (i < 0 || i >= static_cast<double>(pre_size) || i != std::floor(i)) throw ConfigError(ep + "/0", "not a presynaptic neuron index");
      if (j < 0 || j >= static_cast<double>(post_size) || j != std::floor(j)) throw ConfigError(ep + "/1", "not a postsynaptic neuron index");
      rule.pairs.emplace_back(static_cast<NeuronIndex>(i), static_cast<NeuronIndex>(j));
      if (e.size() == 4) {
        if (k > 0 && rule.pair_weights.empty()) throw ConfigError(ep, "all pairs must have the same form");
        if (e[3].get<double>() < 0) throw ConfigError(ep + "/3", "delay must be non-negative");
        rule.pair_weights.push_back(e[2].get<double>());
        rule.pair_delays_ms.push_back(e[3].get<double>());
      } else if (!rule.pair_weights.empty()) {
        throw ConfigError(ep, "all pairs must have the same form");
      }
    }
  }
  return rule;
}

// A "plasticity" block. Amplitudes are in the projection's weight units, signed as they are
// added: a_plus >= 0 potentiates, a_minus <= 0 depresses (Brian2's dApre / dApost).
PlasticitySpec read_plasticity(ObjectReader& r) {
  PlasticitySpec ps;
  StdpParams& p = ps.stdp;
  r.choice("rule", {"stdp"});
  p.tau_plus_ms = r.positive("tau_plus_ms", p.tau_plus_ms);
  p.tau_minus_ms = r.positive("tau_minus_ms", p.tau_minus_ms);
  p.a_plus = r.non_negative("a_plus");
  p.a_minus = r.number("a_minus");
  if (!(p.a_minus <= 0)) {
    r.fail("a_minus", "expected a non-positive number (the depression added on a pre-after-post pair), got " +
                          describe_json(r.raw("a_minus")));
  }
  p.w_min = r.number("w_min", p.w_min);
  p.w_max = r.number("w_max");
  if (!(p.w_max > p.w_min)) r.fail("w_max", "must be above w_min");
  p.update = r.choice("update", {"additive", "multiplicative"}, "additive") == "additive" ? StdpUpdate::kAdditive
                                                                                          : StdpUpdate::kMultiplicative;
  p.pairing = r.choice("pairing", {"all_to_all", "nearest"}, "all_to_all") == "all_to_all" ? StdpPairing::kAllToAll
                                                                                           : StdpPairing::kNearest;
  if (r.has("triplet")) {
    ObjectReader t = r.object("triplet");
    p.a3_plus = t.non_negative("a3_plus");
    p.tau_y_ms = t.positive("tau_y_ms", p.tau_y_ms);
    t.finish();
  }
  ps.histogram_interval_ms = r.positive("histogram_interval_ms", ps.histogram_interval_ms);
  ps.histogram_bins = count_at_least(r, "histogram_bins", 1, 20);
  return ps;
}

}  // namespace

NetworkRunConfig parse_network_config(const nlohmann::json& config, const std::string& config_dir) {
  ObjectReader r(config, "");
  NetworkRunConfig out;
  r.choice("kind", {"network"});
  out.name = r.string("name", "network");
  r.string("description", "");
  out.network.dt_ms = r.positive("dt_ms", 0.1);
  // Below 1 ns, step counts of ordinary durations and fault times no longer fit the counter.
  if (out.network.dt_ms < kMinDtMs) r.fail("dt_ms", "expected at least " + number_text(kMinDtMs) + " ms, got " + number_text(out.network.dt_ms));
  out.duration_ms = r.positive("duration_ms", 1000.0);
  run_steps(out.duration_ms, out.network.dt_ms, "/duration_ms");
  out.seed = static_cast<std::uint64_t>(r.integer_at_least("seed", 0, 1));
  out.threads = read_thread_count(r);
  out.simd = r.boolean("simd", true);
  if (r.has("output")) out.output = r.file_name("output");

  std::set<std::string> names;
  r.objects("populations", [&](ObjectReader& p) {
    PopulationSpec ps = read_population(p, out.network.dt_ms, config_dir);
    if (!names.insert(ps.name).second) p.fail("name", "duplicate population name \"" + ps.name + "\"");
    out.network.populations.push_back(std::move(ps));
  });
  if (out.network.populations.empty()) r.fail("populations", "at least one population is required");

  auto size_of = [&](const std::string& name) -> std::optional<std::size_t> {
    for (const auto& p : out.network.populations) {
      if (p.name == name) return p.size;
    }
    return std::nullopt;
  };
  std::set<std::string> projection_names;
  if (r.has("projections")) {
    r.objects("projections", [&](ObjectReader& j) {
      ProjectionSpec js;
      js.pre = j.string("pre");
      js.post = j.string("post");
      const auto pre = size_of(js.pre), post = size_of(js.post);
      if (!pre) j.fail("pre", "no population named \"" + js.pre + "\"");
      if (!post) j.fail("post", "no population named \"" + js.post + "\"");
      for (const auto& p : out.network.populations) {
        const bool sink = p.kind == PopulationSpec::Kind::kPoisson || p.kind == PopulationSpec::Kind::kSpikeSource;
        if (p.name == js.post && sink) j.fail("post", "population \"" + js.post + "\" takes no synaptic input");
      }
      js.name = j.string("name", js.pre + "_to_" + js.post);
      if (!projection_names.insert(js.name).second) j.fail("name", "duplicate projection name \"" + js.name + "\"");
      js.receptor = j.choice("receptor", {"excitatory", "inhibitory"}) == "excitatory" ? Receptor::kExcitatory
                                                                                      : Receptor::kInhibitory;
      ObjectReader c = j.object("connectivity");
      js.rule = read_connectivity(c, *pre, *post);
      c.finish();
      js.weight = read_value(j, "weight", js.weight);
      if (!j.has("weight") && js.rule.pair_weights.empty()) j.fail("weight", "missing required field");
      js.delay_ms = read_value(j, "delay_ms", js.delay_ms);
      if (js.delay_ms.kind == InitialValue::Kind::kConstant && js.delay_ms.a < 0) j.fail("delay_ms", "must be non-negative");
      if (js.delay_ms.kind == InitialValue::Kind::kUniform && js.delay_ms.a < 0) j.fail("delay_ms", "must be non-negative");
      check_delays(js, j.path_of("delay_ms"), out.network.dt_ms);
      if (j.has("plasticity")) {
        ObjectReader pl = j.object("plasticity");
        PlasticitySpec ps = read_plasticity(pl);
        pl.finish();
        // Initial weights outside the bounds would be clipped on the first spike: almost
        // certainly a unit or sign mistake, so say so now.
        check_plastic_weights(j, js, ps.stdp);
        ps.projection = out.network.projections.size();
        out.plasticity.push_back(ps);
      }
      out.network.projections.push_back(std::move(js));
    });
  }

  if (r.has("current_sources")) out.current_sources = read_current_sources(r, out.network);

  if (r.has("record")) {
    ObjectReader rec = r.object("record");
    if (rec.has("spikes")) {
      const nlohmann::json& spikes = rec.raw("spikes");
      if (!spikes.is_array()) throw ConfigError(rec.path_of("spikes"), "expected an array of population names");
      for (std::size_t k = 0; k < spikes.size(); ++k) {
        if (!spikes[k].is_string() || !size_of(spikes[k].get<std::string>())) {
          throw ConfigError(rec.path_of("spikes") + "/" + std::to_string(k), "expected a population name, got " + describe_json(spikes[k]));
        }
        out.record_spikes.push_back(spikes[k].get<std::string>());
      }
    }
    out.record = read_record_config(rec, out.network);
    rec.finish();
  } else {
    for (const auto& p : out.network.populations) out.record_spikes.push_back(p.name);
  }
  out.faults = read_fault_list(r);
  r.finish();
  return out;
}

}  // namespace snnft::apps
