// SPDX-License-Identifier: MIT
#include "snnft/apps/app_kind.hpp"

#include "snnft/apps/cascor_app.hpp"
#include "snnft/apps/columns_app.hpp"
#include "snnft/apps/network_app.hpp"
#include "snnft/apps/network_checks.hpp"
#include "snnft/core/config_reader.hpp"

namespace snnft::apps {

// Each kind lives in its own file and is listed here explicitly.

const std::vector<AppKind>& app_kinds() {
  static const std::vector<AppKind> kinds = {
      {"network", "a spiking network of LIF and input populations (CUBA, COBA, STDP)",
       [](const nlohmann::json& c, const std::string& dir) {
         const NetworkRunConfig cfg = parse_network_config(c, dir);
         check_network_memory(cfg, cfg.faults);
       },
       run_network},
      {"cascor", "cascade-correlation learning (Fahlman & Lebiere 1990) on XOR, parity or two-spirals",
       [](const nlohmann::json& c, const std::string&) { parse_cascor_config(c); }, run_cascor},
      {"columns", "cortical columns learning a data set with STDP and voting (digits, Yin-Yang)",
       validate_columns, run_columns},
  };
  return kinds;
}

const AppKind& app_kind_for(const nlohmann::json& config) {
  if (!config.is_object()) throw ConfigError("", "expected an object, got " + describe_json(config));
  if (!config.contains("kind")) throw ConfigError("/kind", "missing required field");
  const auto& kind = config.at("kind");
  if (!kind.is_string()) throw ConfigError("/kind", "expected a string, got " + describe_json(kind));
  std::string names;
  for (const auto& k : app_kinds()) {
    if (k.name == kind.get<std::string>()) return k;
    names += (names.empty() ? "" : ", ") + k.name;
  }
  throw ConfigError("/kind", "expected one of " + names + ", got " + describe_json(kind));
}

}  // namespace snnft::apps
