// SPDX-License-Identifier: MIT
// libFuzzer target: any text as a saved breaker registry (the JSON written by
// save_registry_state). Restoring is either refused with a ConfigError or gives breakers that
// work: each then takes calls, and saving them again gives a document that restores to the
// same snapshot.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/breaker/registry.hpp"
#include "snnft/resilience/breaker/serialization.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace snnft::breaker;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto clock = std::make_shared<ManualClock>(1'000'000'000);
  BreakerRegistry registry(BreakerConfig{}, clock);
  try {
    restore_registry_state(registry, snnft::parse_json_text(text, "fuzz.json"));
  } catch (const snnft::ConfigError&) {
    return 0;
  }
  const nlohmann::json saved = save_registry_state(registry);
  BreakerRegistry again(BreakerConfig{}, clock);
  restore_registry_state(again, saved);
  if (save_registry_state(again) != saved) std::abort();
  for (const std::string& name : registry.list()) {
    auto breaker = registry.get(name);
    for (int i = 0; i < 4; ++i) {
      clock->advance(Nanos{250'000'000});
      const Permit permit = breaker->try_acquire();
      if (permit) (i % 2 ? breaker->on_failure(permit) : breaker->on_success(permit));
    }
    (void)breaker->metrics();
  }
  return 0;
}
