// SPDX-License-Identifier: MIT
#include "snnft/apps/input_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "config_helpers.hpp"
#include "snnft/apps/network_config.hpp"
#include "snnft/apps/spike_file.hpp"

namespace snnft::apps {
namespace {

// The range a parameter's values can take: [a, a], [lo, hi], or only the mean for a normal
// distribution (its tails are unbounded; callers check what they can).
struct Range {
  double lo, hi;
};
Range range_of(const InitialValue& v) {
  switch (v.kind) {
    case InitialValue::Kind::kConstant: return {v.a, v.a};
    case InitialValue::Kind::kUniform: return {v.a, v.b};
    case InitialValue::Kind::kNormal: return {v.a, v.a};
  }
  return {v.a, v.a};
}
double mean_of(const InitialValue& v) { return v.kind == InitialValue::Kind::kUniform ? 0.5 * (v.a + v.b) : v.a; }

enum class Bound { kAny, kPositive, kNonNegative };

// A parameter that may differ between neurons: returns the population value (the mean of a
// distribution) and records the distribution for the per-neuron draw.
double per_neuron(ObjectReader& r, PopulationSpec& ps, const std::string& key, double fallback, Bound bound) {
  if (!r.has(key) || !r.raw(key).is_object()) {
    // A plain number: the same value for every neuron.
    if (bound == Bound::kPositive) return r.positive(key, fallback);
    if (bound == Bound::kNonNegative) return r.non_negative(key, fallback);
    return r.number(key, fallback);
  }
  const InitialValue v = read_value(r, key, {InitialValue::Kind::kConstant, fallback, 0.0});
  const Range range = range_of(v);
  const std::string where = v.kind == InitialValue::Kind::kUniform ? key + "/uniform"
                            : v.kind == InitialValue::Kind::kNormal ? key + "/normal"
                                                                    : key;
  if (bound == Bound::kPositive && !(range.lo > 0)) {
    r.fail(where, v.kind == InitialValue::Kind::kNormal ? "the mean must be positive (draws are truncated to positive values)"
                                                        : "must be positive");
  }
  if (bound == Bound::kNonNegative && !(range.lo >= 0)) {
    r.fail(where, v.kind == InitialValue::Kind::kNormal ? "the mean must be non-negative (draws below 0 become 0)"
                                                        : "must be non-negative");
  }
  ps.lif_distributions.push_back({key, v});
  return mean_of(v);
}

// The synaptic constants are one value per population: the kernels hold them as scalars.
double shared(ObjectReader& r, const std::string& key, double fallback, Bound bound) {
  if (r.has(key) && r.raw(key).is_object()) {
    r.fail(key, "is one value for the whole population (the synaptic time constants and reversal potentials do not "
                "vary between neurons); give a number");
  }
  if (bound == Bound::kPositive) return r.positive(key, fallback);
  if (bound == Bound::kNonNegative) return r.non_negative(key, fallback);
  return r.number(key, fallback);
}

std::vector<NeuronIndex> read_target_ids(ObjectReader& s, std::size_t size) {
  if (!s.has("ids")) return {};
  const nlohmann::json& v = s.raw("ids");
  if (v.is_string() && v.get<std::string>() == "all") return {};
  if (!v.is_array() || v.empty()) {
    throw ConfigError(s.path_of("ids"), "expected \"all\" or a non-empty array of neuron indices, got " + describe_json(v));
  }
  std::vector<NeuronIndex> ids;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (!v[k].is_number_integer() || v[k].get<std::int64_t>() < 0 || v[k].get<std::int64_t>() >= static_cast<std::int64_t>(size)) {
      throw ConfigError(s.path_of("ids") + "/" + std::to_string(k),
                        "expected a neuron index below the population size " + std::to_string(size) + ", got " + describe_json(v[k]));
    }
    ids.push_back(static_cast<NeuronIndex>(v[k].get<std::int64_t>()));
  }
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) s.fail("ids", "lists a neuron twice");
  return ids;
}

// start_ms (default 0) and stop_ms (default never), stop after start.
void read_window(ObjectReader& s, double& start_ms, double& stop_ms) {
  start_ms = s.non_negative("start_ms", 0.0);
  if (s.has("stop_ms")) {
    stop_ms = s.number("stop_ms");
    if (!(stop_ms > start_ms)) s.fail("stop_ms", "must be after start_ms (" + number_text(start_ms) + "), got " + number_text(stop_ms));
  } else {
    stop_ms = std::numeric_limits<double>::infinity();
  }
}

}  // namespace

void read_lif_parameters(ObjectReader& r, PopulationSpec& ps) {
  LifParams& p = ps.lif;
  p.tau_m_ms = per_neuron(r, ps, "tau_m_ms", p.tau_m_ms, Bound::kPositive);
  p.v_rest_mv = per_neuron(r, ps, "v_rest_mv", p.v_rest_mv, Bound::kAny);
  p.v_reset_mv = per_neuron(r, ps, "v_reset_mv", p.v_reset_mv, Bound::kAny);
  p.v_th_mv = per_neuron(r, ps, "v_th_mv", p.v_th_mv, Bound::kAny);
  p.t_ref_ms = per_neuron(r, ps, "t_ref_ms", p.t_ref_ms, Bound::kNonNegative);
  p.bias_mv = per_neuron(r, ps, "bias_mv", p.bias_mv, Bound::kAny);
  // 0 makes the receptor a delta synapse (current-based only; checked by the caller).
  p.tau_e_ms = shared(r, "tau_e_ms", p.tau_e_ms, Bound::kNonNegative);
  p.tau_i_ms = shared(r, "tau_i_ms", p.tau_i_ms, Bound::kNonNegative);
  p.e_exc_mv = shared(r, "e_exc_mv", p.e_exc_mv, Bound::kAny);
  p.e_inh_mv = shared(r, "e_inh_mv", p.e_inh_mv, Bound::kAny);
  // Every reset must lie below every threshold, as far as the distributions say.
  Range reset{p.v_reset_mv, p.v_reset_mv}, threshold{p.v_th_mv, p.v_th_mv};
  for (const LifParamDistribution& d : ps.lif_distributions) {
    if (d.name == "v_reset_mv") reset = range_of(d.value);
    if (d.name == "v_th_mv") threshold = range_of(d.value);
  }
  if (reset.hi >= threshold.lo) r.fail("v_reset_mv", "must be below v_th_mv");
}

void read_poisson(ObjectReader& r, PopulationSpec& ps, double dt_ms) {
  // A source draws at most one spike per step (probability rate * dt): a rate above 1/dt
  // would silently become one spike every step.
  const double max_rate_hz = 1000.0 / dt_ms;
  auto check_rate = [&](const std::string& key, double rate) {
    if (!(rate >= 0) || !std::isfinite(rate)) r.fail(key, "rates must be finite and non-negative");
    if (rate > max_rate_hz) {
      r.fail(key, number_text(rate) + " Hz is above 1/dt_ms = " + number_text(max_rate_hz) +
                      " Hz: a Poisson source fires at most once per step");
    }
  };
  const nlohmann::json* raw = r.has("rate_hz") ? &r.raw("rate_hz") : nullptr;
  if (raw && raw->is_array()) {
    ps.rates_hz = r.numbers("rate_hz");
    if (ps.rates_hz.size() != ps.size) r.fail("rate_hz", "expected " + std::to_string(ps.size) + " rates");
    for (std::size_t i = 0; i < ps.rates_hz.size(); ++i) check_rate("rate_hz/" + std::to_string(i), ps.rates_hz[i]);
  } else if (raw && raw->is_object()) {
    const InitialValue v = read_value(r, "rate_hz", {});
    ps.rate_distribution = v;
    const std::string where = v.kind == InitialValue::Kind::kUniform ? "rate_hz/uniform" : "rate_hz/normal";
    const Range range = range_of(v);
    if (v.kind == InitialValue::Kind::kUniform) check_rate(where, range.lo);
    check_rate(where, v.kind == InitialValue::Kind::kUniform ? range.hi : v.a + 6 * v.b);  // normal: draws below 0 are 0 Hz
  } else {
    ps.rates_hz = {r.non_negative("rate_hz")};
    check_rate("rate_hz", ps.rates_hz.front());
  }
  read_window(r, ps.start_ms, ps.stop_ms);
}

void read_spike_source(ObjectReader& r, PopulationSpec& ps, const std::string& config_dir) {
  const bool has_times = r.has("spike_times_ms"), has_file = r.has("from_file");
  if (has_times == has_file) {
    r.fail(has_file ? "from_file" : "spike_times_ms",
           "a spike_source takes exactly one of \"spike_times_ms\" (one list of times per neuron) and \"from_file\"");
  }
  if (has_times) {
    const nlohmann::json& lists = r.raw("spike_times_ms");
    const std::string path = r.path_of("spike_times_ms");
    if (!lists.is_array()) throw ConfigError(path, "expected a list of lists of spike times in ms, one per neuron");
    if (lists.size() > ps.size) {
      throw ConfigError(path, "has " + std::to_string(lists.size()) + " lists for " + std::to_string(ps.size) + " neurons");
    }
    ps.spike_times_ms.assign(lists.size(), {});
    for (std::size_t i = 0; i < lists.size(); ++i) {
      const std::string ip = path + "/" + std::to_string(i);
      if (!lists[i].is_array()) throw ConfigError(ip, "expected a list of spike times in ms, got " + describe_json(lists[i]));
      for (std::size_t k = 0; k < lists[i].size(); ++k) {
        const auto& t = lists[i][k];
        if (!t.is_number() || !(t.get<double>() >= 0) || !std::isfinite(t.get<double>())) {
          throw ConfigError(ip + "/" + std::to_string(k), "expected a non-negative time in ms, got " + describe_json(t));
        }
        check_config_number(ip + "/" + std::to_string(k), t.get<double>(), true);
        ps.spike_times_ms[i].push_back(t.get<double>());
      }
      std::sort(ps.spike_times_ms[i].begin(), ps.spike_times_ms[i].end());
    }
    return;
  }
  const std::string file = r.string("from_file");
  const std::string file_population = r.string("file_population", ps.name);
  const std::string resolved =
      std::filesystem::path(file).is_absolute() ? file : (std::filesystem::path(config_dir) / file).string();
  try {
    ps.spike_times_ms = read_spike_file(resolved, file_population, ps.size);
  } catch (const std::runtime_error& e) {
    throw ConfigError(r.path_of("from_file"), e.what());
  }
}

std::vector<CurrentSourceSpec> read_current_sources(ObjectReader& r, const NetworkSpec& network) {
  std::vector<CurrentSourceSpec> out;
  r.objects("current_sources", [&](ObjectReader& s) {
    CurrentSourceSpec cs;
    const std::string type = s.choice("type", {"dc", "step", "ac", "noisy"});
    cs.population = s.string("population");
    const auto pop = std::find_if(network.populations.begin(), network.populations.end(),
                                  [&](const PopulationSpec& p) { return p.name == cs.population; });
    if (pop == network.populations.end()) s.fail("population", "no population named \"" + cs.population + "\"");
    if (pop->kind == PopulationSpec::Kind::kPoisson || pop->kind == PopulationSpec::Kind::kSpikeSource) {
      s.fail("population", "population \"" + cs.population + "\" takes no current (not lif, izhikevich or adex)");
    }
    cs.ids = read_target_ids(s, pop->size);
    if (type == "dc") {
      cs.kind = CurrentSourceSpec::Kind::kDc;
      cs.amplitude_mv = s.number("amplitude_mv");
      read_window(s, cs.start_ms, cs.stop_ms);
    } else if (type == "ac") {
      cs.kind = CurrentSourceSpec::Kind::kAc;
      cs.amplitude_mv = s.number("amplitude_mv");
      cs.offset_mv = s.number("offset_mv", 0.0);
      cs.frequency_hz = s.non_negative("frequency_hz");
      cs.phase_deg = s.number("phase_deg", 0.0);
      read_window(s, cs.start_ms, cs.stop_ms);
    } else if (type == "step") {
      cs.kind = CurrentSourceSpec::Kind::kStep;
      cs.times_ms = s.numbers("times_ms");
      cs.amplitudes_mv = s.numbers("amplitudes_mv");
      if (cs.times_ms.empty()) s.fail("times_ms", "expected at least one time");
      if (cs.amplitudes_mv.size() != cs.times_ms.size()) {
        s.fail("amplitudes_mv", "expected one amplitude per time (" + std::to_string(cs.times_ms.size()) + "), got " +
                                    std::to_string(cs.amplitudes_mv.size()));
      }
      for (std::size_t k = 0; k < cs.times_ms.size(); ++k) {
        const std::string key = "times_ms/" + std::to_string(k);
        if (!(cs.times_ms[k] >= 0) || !std::isfinite(cs.times_ms[k])) s.fail(key, "expected a non-negative time in ms");
        if (k > 0 && !(cs.times_ms[k] > cs.times_ms[k - 1])) s.fail(key, "times must increase");
        // Changes take effect at whole steps: two in one step would lose the first.
        if (k > 0 && std::llround(cs.times_ms[k] / network.dt_ms) == std::llround(cs.times_ms[k - 1] / network.dt_ms)) {
          s.fail(key, "falls in the same step of dt_ms = " + number_text(network.dt_ms) + " as the time before it");
        }
      }
    } else {
      cs.kind = CurrentSourceSpec::Kind::kNoisy;
      cs.mean_mv = s.number("mean_mv");
      cs.stdev_mv = s.non_negative("stdev_mv");
      cs.dt_ms = s.positive("dt_ms", network.dt_ms);
      const double steps = cs.dt_ms / network.dt_ms;
      if (std::abs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps) || std::round(steps) < 1) {
        s.fail("dt_ms", "must be a multiple of dt_ms = " + number_text(network.dt_ms) + ", got " + number_text(cs.dt_ms));
      }
      read_window(s, cs.start_ms, cs.stop_ms);
    }
    s.finish();
    out.push_back(std::move(cs));
  });
  return out;
}

}  // namespace snnft::apps
