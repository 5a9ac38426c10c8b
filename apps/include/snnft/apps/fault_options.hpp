// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "snnft/apps/summary.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"

namespace snnft {
class H5Output;
}

namespace snnft::apps {

/// Reads a config's optional "faults" list: objects such as
/// {"kind": "dead", "fraction": 0.3, "column": 2, "at": 200} with the keys `snnft faults`
/// lists. Throws ConfigError at the key's path, e.g. "/faults/0/fraction: fraction must be in [0, 1]".
std::vector<faults::FaultSpec> read_fault_list(ObjectReader& config);

/// The faults of a run: the config's list, then one per --fault flag. A malformed flag throws
/// ConfigError "--fault TEXT: problem".
std::vector<faults::FaultSpec> run_faults(const std::vector<faults::FaultSpec>& from_config,
                                          const std::vector<std::string>& flags);

/// Adds `faults_injected` to the summary and, with an output file and faults, the `/events`
/// datasets (time_ms, trial, kind, source, target, detail).
void report_faults(const faults::FaultSchedule& schedule, Summary& summary, H5Output* out);

}  // namespace snnft::apps
