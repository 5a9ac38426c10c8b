// SPDX-License-Identifier: MIT
// Fault specs from a config's "faults" list and from --fault flags; the run apps hand them
// to faults::FaultSchedule, which does the rest.
#include "snnft/apps/fault_options.hpp"

#include "snnft/core/hdf5_output.hpp"

namespace snnft::apps {
namespace {

/// Keys whose JSON value is a name or a word, not a number.
bool is_text_key(const std::string& key) { return key == "population" || key == "projection" || key == "mode"; }

/// The text form of a JSON value, as a --fault flag would give it.
std::string value_text(ObjectReader& r, const std::string& key) {
  if (is_text_key(key)) return r.string(key);
  const nlohmann::json& v = r.raw(key);
  // Times may carry a unit ("250ms") and id lists may use the flag form ("1;2;3").
  if ((key == "at" || key == "until" || key == "ids") && v.is_string()) return v.get<std::string>();
  if (key == "ids" && v.is_array()) {
    std::string text;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer() || v[i].get<std::int64_t>() < 0) {
        throw ConfigError(r.path_of(key) + "/" + std::to_string(i), "expected an index, got " + describe_json(v[i]));
      }
      if (i > 0) text.push_back(';');
      text += v[i].dump();
    }
    return text;
  }
  if (!v.is_number()) {
    const char* expected = key == "ids"                     ? "an array of indices"
                           : key == "at" || key == "until" ? "a trial number or a time such as \"250ms\""
                                                           : "a number";
    r.fail(key, std::string("expected ") + expected + ", got " + describe_json(v));
  }
  return v.dump();
}

faults::FaultSpec read_fault(ObjectReader& r) {
  const std::string name = r.string("kind");
  const auto kind = faults::parse_fault_kind(name);
  if (!kind) r.fail("kind", "unknown fault kind \"" + name + "\" (see snnft faults)");
  faults::FaultSpec spec;
  spec.kind = *kind;
  spec.origin = r.path();
  spec.origin_is_json = true;
  for (const faults::FaultParameterInfo& p : faults::fault_kind_info(*kind).parameters) {
    const std::string key(p.name);
    if (!r.has(key)) continue;
    const std::string text = value_text(r, key);
    try {
      faults::set_fault_parameter(spec, key, text);
    } catch (const faults::FaultParameterError& e) {
      r.fail(key, e.what());
    }
  }
  try {
    faults::validate_fault_spec(spec);
  } catch (const faults::FaultParameterError& e) {
    r.fail(e.key(), e.what());
  }
  return spec;  // objects() calls finish(): keys the kind does not take are "unknown key"
}

}  // namespace

std::vector<faults::FaultSpec> read_fault_list(ObjectReader& config) {
  std::vector<faults::FaultSpec> out;
  if (!config.has("faults")) return out;
  config.objects("faults", [&](ObjectReader& f) { out.push_back(read_fault(f)); });
  return out;
}

std::vector<faults::FaultSpec> run_faults(const std::vector<faults::FaultSpec>& from_config,
                                          const std::vector<std::string>& flags) {
  std::vector<faults::FaultSpec> out = from_config;
  for (const std::string& flag : flags) out.push_back(faults::parse_fault_flag(flag));
  return out;
}

void report_faults(const faults::FaultSchedule& schedule, Summary& summary, H5Output* out) {
  summary.set("faults_injected", schedule.faults_injected());
  if (out != nullptr && !schedule.empty()) faults::write_events(*out, "/events", schedule.events());
}

}  // namespace snnft::apps
