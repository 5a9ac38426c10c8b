// SPDX-License-Identifier: MIT
#include "snnft/apps/spike_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "snnft/core/hdf5_input.hpp"

namespace snnft::apps {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void add_spike(std::vector<std::vector<double>>& out, double id, double t, const std::string& where) {
  if (!(id >= 0) || id != std::floor(id) || id >= static_cast<double>(out.size())) {
    throw std::runtime_error(where + ": node id " + std::to_string(static_cast<long long>(id)) +
                             " is not a neuron of a population of " + std::to_string(out.size()));
  }
  if (!(t >= 0) || !std::isfinite(t)) throw std::runtime_error(where + ": spike times must be finite and non-negative");
  out[static_cast<std::size_t>(id)].push_back(t);
}

// Two numbers separated by a comma (spaces allowed), or nothing.
bool parse_row(const std::string& line, double& a, double& b) {
  const auto comma = line.find(',');
  if (comma == std::string::npos) return false;
  try {
    std::size_t used = 0;
    a = std::stod(line.substr(0, comma), &used);
    if (line.substr(0, comma).find_first_not_of(" \t", used) != std::string::npos) return false;
    const std::string rest = line.substr(comma + 1);
    b = std::stod(rest, &used);
    return rest.find_first_not_of(" \t\r", used) == std::string::npos;
  } catch (const std::exception&) {
    return false;
  }
}

void read_csv(const std::string& path, std::vector<std::vector<double>>& out) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the file");
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    double id = 0, t = 0;
    if (!parse_row(line, id, t)) {
      if (number == 1) continue;  // a header
      throw std::runtime_error(path + " line " + std::to_string(number) + ": expected node_id,time_ms");
    }
    add_spike(out, id, t, path + " line " + std::to_string(number));
  }
}

void read_sonata(const std::string& path, const std::string& population, std::vector<std::vector<double>>& out) {
  if (!std::filesystem::exists(path)) throw std::runtime_error(path + ": no such file");
  const H5Input in(path);
  const std::string group = "/spikes/" + population;
  if (!in.has(group + "/timestamps") || !in.has(group + "/node_ids")) {
    throw std::runtime_error(path + ": no SONATA spikes " + group + "/{timestamps, node_ids}");
  }
  std::vector<double> times = in.read<double>(group + "/timestamps");
  const std::vector<std::uint64_t> ids = in.read<std::uint64_t>(group + "/node_ids");
  if (times.size() != ids.size()) throw std::runtime_error(path + ": " + group + " has different numbers of timestamps and node_ids");
  // Without a units attribute the times are in ms, SONATA's default.
  double scale = 1.0;
  if (in.has_attribute(group + "/timestamps", "units")) {
    const std::string units = in.string_attribute(group + "/timestamps", "units");
    if (units == "s") {
      scale = 1000.0;
    } else if (units != "ms") {
      throw std::runtime_error(path + ": " + group + "/timestamps has units \"" + units + "\" (expected ms or s)");
    }
  }
  for (std::size_t k = 0; k < ids.size(); ++k) add_spike(out, static_cast<double>(ids[k]), times[k] * scale, path + ": " + group);
}

}  // namespace

std::vector<std::vector<double>> read_spike_file(const std::string& path, const std::string& file_population,
                                                 std::size_t size) {
  std::vector<std::vector<double>> out(size);
  const std::string name = lower(path);
  if (ends_with(name, ".h5") || ends_with(name, ".hdf5") || ends_with(name, ".sonata")) {
    read_sonata(path, file_population, out);
  } else if (ends_with(name, ".csv") || ends_with(name, ".txt")) {
    read_csv(path, out);
  } else {
    throw std::runtime_error(path + ": unknown format (expected a SONATA .h5 file or a .csv file)");
  }
  for (auto& times : out) std::sort(times.begin(), times.end());
  return out;
}

}  // namespace snnft::apps
