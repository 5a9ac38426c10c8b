// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace snnft {
class H5Output;
}

namespace snnft::faults {

/// Something that happened during a run, for the `/events` trace: a fault appearing or
/// clearing here; transitions and recoveries can use the same record. Plain strings keep it
/// usable by any writer (HDF5, logs, the failure report).
struct Event {
  double time_ms = 0.0;     ///< simulated time, on the same time base as the recorded spikes
  std::int64_t trial = -1;  ///< test trial, or -1 outside a classification run
  std::string kind;         ///< "fault_injected", "fault_cleared", ...
  std::string source;       ///< what caused it, e.g. the fault spec "dead:fraction=0.3"
  std::string target;       ///< what it hit, e.g. "column 2/exc"
  std::string detail;       ///< e.g. "30 of 100 neurons"
};

inline constexpr const char* kFaultInjected = "fault_injected";
inline constexpr const char* kFaultCleared = "fault_cleared";

/// Orders events by time, then trial; stable, so events at the same time keep their order.
void sort_events(std::vector<Event>& events);

/// Writes events as parallel datasets under `group`: time_ms (float64), trial (int64) and
/// kind, source, target, detail (variable-length UTF-8 strings). Readable with h5py.
void write_events(H5Output& out, const std::string& group, std::span<const Event> events);

}  // namespace snnft::faults
