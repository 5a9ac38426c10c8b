// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/event.hpp"

#include <algorithm>

#include "snnft/core/hdf5_output.hpp"

namespace snnft::faults {

void sort_events(std::vector<Event>& events) {
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    return a.trial < b.trial;
  });
}

void write_events(H5Output& out, const std::string& group, std::span<const Event> events) {
  std::vector<double> time(events.size());
  std::vector<std::int64_t> trial(events.size());
  std::vector<std::string> kind(events.size()), source(events.size()), target(events.size()), detail(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    time[i] = events[i].time_ms;
    trial[i] = events[i].trial;
    kind[i] = events[i].kind;
    source[i] = events[i].source;
    target[i] = events[i].target;
    detail[i] = events[i].detail;
  }
  out.write<double>(group + "/time_ms", time);
  out.write<std::int64_t>(group + "/trial", trial);
  out.write_strings(group + "/kind", kind);
  out.write_strings(group + "/source", source);
  out.write_strings(group + "/target", target);
  out.write_strings(group + "/detail", detail);
  out.set_attribute(group + "/time_ms", "units", std::string("ms"));
}

}  // namespace snnft::faults
