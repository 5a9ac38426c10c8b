// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snnft::apps {

class RunMonitor;

/// Command-line options shared by every `snnft run` application. Values given here
/// override the corresponding config entries.
struct RunOptions {
  std::string config_path;
  std::optional<std::string> out_path;    ///< --out FILE.h5
  std::optional<std::uint64_t> seed;      ///< --seed N
  std::optional<std::int64_t> threads;    ///< --threads N (0 = all cores), as typed; checked by the run
  std::optional<double> duration_ms;      ///< --duration MS
  std::optional<bool> simd;               ///< --simd on|off
  bool json_summary = false;              ///< --json-summary
  std::vector<std::string> faults;        ///< --fault SPEC (repeatable)
  std::optional<bool> protection;         ///< --protection on|off (columns runs)
  std::optional<double> trial_rate_hz;    ///< --trial-rate HZ: test samples per wall-clock second (columns runs)
  RunMonitor* monitor = nullptr;          ///< reports progress and protection state to it, if set (--serve)
};

}  // namespace snnft::apps
