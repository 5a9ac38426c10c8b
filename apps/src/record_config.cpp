// SPDX-License-Identifier: MIT
#include "snnft/apps/record_config.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "snnft/snn/state_recorder.hpp"

namespace snnft::apps {

Step read_steps(ObjectReader& r, const std::string& key, double dt_ms) {
  const double ms = r.positive(key);
  const double steps = ms / dt_ms;
  const double whole = std::round(steps);
  if (whole < 1 || std::abs(steps - whole) > 1e-9 * std::max(1.0, steps)) {
    r.fail(key, "must be a positive multiple of dt_ms (" + describe_json(dt_ms) + "), got " + describe_json(ms));
  }
  return static_cast<Step>(whole);
}

std::vector<std::string> state_variable_names(const PopulationSpec& population) {
  // Build a one-neuron population of the same kind and ask it: the list then cannot drift
  // from what the population really offers.
  NetworkSpec one;
  PopulationSpec p = population;
  p.size = 1;
  if (p.kind == PopulationSpec::Kind::kPoisson) p.rates_hz = {0.0};
  one.populations.push_back(p);
  std::vector<std::string> names;
  try {
    const Network net = Network::build(one, 1);
    for (const auto& v : net.population(0).state_variables()) names.emplace_back(v.name);
  } catch (const std::exception&) {
    // A population that cannot be built alone has its own error reported elsewhere.
  }
  return names;
}

namespace {

const PopulationSpec* find(const NetworkSpec& network, const std::string& name) {
  for (const auto& p : network.populations) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string> read_names(ObjectReader& r, const std::string& key, const char* what) {
  const nlohmann::json& v = r.raw(key);
  if (!v.is_array() || v.empty()) throw ConfigError(r.path_of(key), std::string("expected a non-empty array of ") + what);
  std::vector<std::string> out;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (!v[k].is_string()) throw ConfigError(r.path_of(key) + "/" + std::to_string(k), std::string("expected ") + what + ", got " + describe_json(v[k]));
    out.push_back(v[k].get<std::string>());
  }
  return out;
}

// "ids": [..] | "ids": "all" | "fraction": f — exactly one of them.
std::vector<NeuronIndex> read_ids(ObjectReader& s, std::size_t size) {
  const bool has_ids = s.has("ids"), has_fraction = s.has("fraction");
  if (has_ids == has_fraction) s.fail("ids", "give exactly one of \"ids\" (a list or \"all\") and \"fraction\"");
  if (has_fraction) {
    const double f = s.number("fraction");
    if (!(f > 0 && f <= 1)) s.fail("fraction", "expected a number in (0, 1], got " + describe_json(s.raw("fraction")));
    return spread_ids(size, f);
  }
  const nlohmann::json& v = s.raw("ids");
  if (v.is_string() && v.get<std::string>() == "all") return {};
  if (!v.is_array() || v.empty()) throw ConfigError(s.path_of("ids"), "expected \"all\" or a non-empty array of neuron indices, got " + describe_json(v));
  std::vector<NeuronIndex> ids;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const std::string path = s.path_of("ids") + "/" + std::to_string(k);
    if (!v[k].is_number_integer() || v[k].get<std::int64_t>() < 0 || v[k].get<std::int64_t>() >= static_cast<std::int64_t>(size)) {
      throw ConfigError(path, "expected a neuron index below the population size " + std::to_string(size) + ", got " + describe_json(v[k]));
    }
    ids.push_back(static_cast<NeuronIndex>(v[k].get<std::int64_t>()));
  }
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) s.fail("ids", "lists a neuron twice");
  return ids;
}

}  // namespace

RecordConfig read_record_config(ObjectReader& rec, const NetworkSpec& network) {
  RecordConfig out;
  if (rec.has("state")) {
    std::set<std::pair<std::string, std::string>> seen;
    rec.objects("state", [&](ObjectReader& s) {
      StateRecordConfig sc;
      sc.population = s.string("population");
      const PopulationSpec* pop = find(network, sc.population);
      if (!pop) s.fail("population", "no population named \"" + sc.population + "\"");
      const std::vector<std::string> known = state_variable_names(*pop);
      sc.variables = read_names(s, "variables", "state variable names");
      for (std::size_t k = 0; k < sc.variables.size(); ++k) {
        const std::string& v = sc.variables[k];
        if (std::find(known.begin(), known.end(), v) == known.end()) {
          std::string list;
          for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
          throw ConfigError(s.path_of("variables") + "/" + std::to_string(k),
                            "population \"" + sc.population + "\" has no state variable \"" + v + "\" (it has: " +
                                (list.empty() ? "none" : list) + ")");
        }
        // One report group per (population, variable): a second recording would collide.
        if (!seen.insert({sc.population, v}).second) {
          throw ConfigError(s.path_of("variables") + "/" + std::to_string(k), "\"" + v + "\" of \"" + sc.population + "\" is already recorded");
        }
      }
      sc.ids = read_ids(s, pop->size);
      sc.interval_steps = s.has("interval_ms") ? read_steps(s, "interval_ms", network.dt_ms) : 1;
      sc.deflate_level = static_cast<int>(s.integer("deflate", sc.deflate_level));
      if (sc.deflate_level < 0 || sc.deflate_level > 9) {
        s.fail("deflate", "expected a level from 0 (off) to 9, got " + describe_json(s.raw("deflate")));
      }
      s.finish();
      out.state.push_back(std::move(sc));
    });
  }
  if (rec.has("rates")) {
    ObjectReader r = rec.object("rates");
    out.rate_populations = read_names(r, "populations", "population names");
    for (std::size_t k = 0; k < out.rate_populations.size(); ++k) {
      if (!find(network, out.rate_populations[k])) {
        throw ConfigError(r.path_of("populations") + "/" + std::to_string(k), "no population named \"" + out.rate_populations[k] + "\"");
      }
    }
    out.rate_bin_steps = r.has("bin_ms") ? read_steps(r, "bin_ms", network.dt_ms) : std::max<Step>(1, std::llround(1.0 / network.dt_ms));
    r.finish();
  }
  if (rec.has("weights")) {
    std::set<std::string> seen;
    rec.objects("weights", [&](ObjectReader& w) {
      WeightRecordConfig wc;
      wc.projection = w.string("projection");
      const bool exists = std::any_of(network.projections.begin(), network.projections.end(),
                                      [&](const ProjectionSpec& p) { return p.name == wc.projection; });
      if (!exists) w.fail("projection", "no projection named \"" + wc.projection + "\"");
      if (!seen.insert(wc.projection).second) w.fail("projection", "\"" + wc.projection + "\" is already recorded");
      wc.interval_steps = read_steps(w, "interval_ms", network.dt_ms);
      w.finish();
      out.weights.push_back(wc);
    });
  }
  return out;
}

}  // namespace snnft::apps
