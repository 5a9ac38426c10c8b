// SPDX-License-Identifier: MIT
#include "snnft/core/memory_info.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace snnft {
namespace {

constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

/// "MemAvailable:  123456 kB" from /proc/meminfo, in bytes.
std::uint64_t mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  std::uint64_t kb = 0;
  while (in >> key >> kb >> unit) {
    if (key == "MemAvailable:") return kb * 1024;
  }
  return kUnlimited;
}

/// Room left under a limit on this process's address space or data segment, given what it
/// already maps (/proc/self/statm: total pages, ..., data pages).
std::uint64_t rlimit_room(int resource) {
  rlimit r{};
  if (getrlimit(resource, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return kUnlimited;
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0;
  statm >> size >> resident >> shared >> text >> lib >> data;
  const std::uint64_t used = (resource == RLIMIT_AS ? size : data) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  const auto limit = static_cast<std::uint64_t>(r.rlim_cur);
  return used >= limit ? 0 : limit - used;
}

/// A number from a cgroup v2 file ("max" = no limit).
std::uint64_t cgroup_value(const std::string& file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text) || text == "max") return kUnlimited;
  try {
    return std::stoull(text);
  } catch (...) {
    return kUnlimited;
  }
}

/// Room left under this process's cgroup v2 memory.max.
std::uint64_t cgroup_room() {
  std::ifstream self("/proc/self/cgroup");
  std::string line;
  while (std::getline(self, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    const std::string dir = "/sys/fs/cgroup" + line.substr(3);
    const std::uint64_t max = cgroup_value(dir + "/memory.max");
    if (max == kUnlimited) return kUnlimited;
    const std::uint64_t used = cgroup_value(dir + "/memory.current");
    return used == kUnlimited || used >= max ? 0 : max - used;
  }
  return kUnlimited;
}

}  // namespace

std::uint64_t available_memory_bytes() {
  return std::min({mem_available(), rlimit_room(RLIMIT_AS), rlimit_room(RLIMIT_DATA), cgroup_room()});
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 6) {
    bytes /= 1024.0;
    ++u;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.1f %s", bytes, units[u]);
  return text;
}

}  // namespace snnft
