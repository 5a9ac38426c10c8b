// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/protection_config.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace snnft::neuromorphic {

void validate(const ProtectionConfig& c) {
  auto nested = [](const char* group, auto&& check) {
    try {
      check();
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string(group) + "/" + e.what());
    }
  };
  nested("health", [&] { validate(c.health); });
  nested("column_breaker", [&] { validate(c.column_breaker); });
  nested("ladder", [&] { validate(c.ladder); });
  if (c.quantization_bits < 1 || c.quantization_bits > 16) {
    throw std::invalid_argument("quantization_bits: expected an integer in [1, 16]");
  }
  if (c.checkpoint_interval_trials < 1) throw std::invalid_argument("checkpoint_interval_trials: expected an integer >= 1");
  if (c.emergency_probe_interval_trials < 1) {
    throw std::invalid_argument("emergency_probe_interval_trials: expected an integer >= 1");
  }
  if (!(c.hot_factor >= 1.0) || !std::isfinite(c.hot_factor)) throw std::invalid_argument("hot_factor: expected a number >= 1");
  if (c.probation.quarantine_trials < 1 || c.probation.max_quarantine_trials < c.probation.quarantine_trials) {
    throw std::invalid_argument("probation/max_quarantine_trials: must be at least quarantine_trials (>= 1)");
  }
  if (!(c.max_quarantined_fraction >= 0.0 && c.max_quarantined_fraction <= 1.0)) {
    throw std::invalid_argument("max_quarantined_fraction: expected a number in [0, 1]");
  }
}

}  // namespace snnft::neuromorphic
