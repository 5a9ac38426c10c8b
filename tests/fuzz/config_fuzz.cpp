// SPDX-License-Identifier: MIT
// libFuzzer target: any text as a config file of every kind (network, columns, cascor,
// campaign, breaker profiles). The text is either accepted or rejected with a ConfigError —
// the one-line "error: <path>: ..." of the CLI; any other exception, crash or leak is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "snnft/apps/app_kind.hpp"
#include "snnft/apps/campaign.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/breaker/config_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json config = snnft::parse_json_text(text, "fuzz.json");
    const std::string kind = config.is_object() && config.contains("kind") && config["kind"].is_string()
                                 ? config["kind"].get<std::string>()
                                 : "";
    if (kind == "campaign") {
      (void)snnft::apps::parse_campaign_file(config, ".");
    } else if (kind.empty() && config.is_object() && config.contains("profiles")) {
      (void)snnft::breaker::parse_breaker_profiles(config);  // data/breaker/profiles.json
    } else {
      snnft::apps::app_kind_for(config).validate(config, ".");
    }
  } catch (const snnft::ConfigError&) {
  }
  return 0;
}
