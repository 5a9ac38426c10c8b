// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/fault_spec.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "snnft/core/config_reader.hpp"

namespace snnft::faults {
namespace {

// Parameter tables. Common keys come first so `snnft faults` lists them in the same order
// for every kind.
constexpr FaultParameterInfo kAt{"at", "0", "test trial (e.g. 200) or simulated time (e.g. 250ms) when it appears, up to 1e12"};
constexpr FaultParameterInfo kUntil{"until", "never", "trial or time when it clears, up to 1e12; absent: permanent"};
constexpr FaultParameterInfo kColumn{"column", "all", "column index (classification runs), below 2^32"};
constexpr FaultParameterInfo kPopulation{"population", "run default", "population name (columns: exc; networks: every LIF population)"};
constexpr FaultParameterInfo kPostPopulation{"population", "run default", "postsynaptic population of the projections hit"};
constexpr FaultParameterInfo kProjection{"projection", "all", "projection name (default: every projection onto the population)"};
constexpr FaultParameterInfo kFraction{"fraction", "1", "fraction of the targets hit, in [0, 1]"};
constexpr FaultParameterInfo kCount{"count", "-", "number of targets hit (instead of fraction), below 2^32"};
constexpr FaultParameterInfo kIds{"ids", "-", "explicit target indices separated by ';', e.g. ids=1;2;3"};
constexpr FaultParameterInfo kSeed{"seed", "run seed", "seed of the draw of targets and of per-spike randomness"};

constexpr FaultParameterInfo kNeuronParams[] = {kAt, kUntil, kColumn, kPopulation, kFraction, kCount, kIds, kSeed};
constexpr FaultParameterInfo kStuckVParams[] = {kAt, kUntil, kColumn, kPopulation, kFraction, kCount, kIds, kSeed,
                                                {"value_mv", "0", "membrane potential the neuron is stuck at, in [-1000, 1000]"}};
constexpr FaultParameterInfo kDriftParams[] = {
    kAt, kUntil, kColumn, kPopulation, kFraction, kCount, kIds, kSeed,
    {"threshold_scale", "1", "distance from reset to threshold multiplied by this, in (0, 1000]"},
    {"leak_scale", "1", "leak rate 1/tau_m multiplied by this (synaptic coupling re-derived), in (0, 1000]"},
    {"refractory_scale", "1", "refractory period multiplied by this, in (0, 1000]"}};
constexpr FaultParameterInfo kSynapseParams[] = {kAt,       kUntil, kColumn, kPostPopulation, kProjection,
                                                 kFraction, kCount, kIds,    kSeed};
constexpr FaultParameterInfo kBitflipParams[] = {kAt,       kUntil, kColumn, kPostPopulation, kProjection,
                                                 kFraction, kCount, kIds,    kSeed,
                                                 {"rate", "0.001", "probability that each stored bit flips, in [0, 1]"}};
constexpr FaultParameterInfo kJitterParams[] = {kAt, kUntil, kColumn, kPopulation, kFraction, kCount, kIds, kSeed,
                                                {"sigma_ms", "1", "standard deviation of the spike-time shift, in (0, 100]"}};
constexpr FaultParameterInfo kDropParams[] = {kAt, kUntil, kColumn, kPopulation, kFraction, kCount, kIds, kSeed,
                                              {"p", "0.5", "probability that each spike is dropped, in [0, 1]"}};
constexpr FaultParameterInfo kColumnParams[] = {kAt, kUntil, kColumn};
constexpr FaultParameterInfo kHangParams[] = {kAt, kUntil, kColumn,
                                              {"latency_ms", "60000", "delay added to the column's answer, in (0, 1e9]"}};
constexpr FaultParameterInfo kGarbageParams[] = {
    kAt, kUntil, kColumn, {"mode", "nan", "nan: NaN confidence and time; class: class index out of range"}};
constexpr FaultParameterInfo kEngineParams[] = {kAt, kUntil, kColumn};

constexpr FaultKindInfo kKinds[] = {
    {FaultKind::kDead, "dead", FaultTarget::kNeurons,
     "dead neuron: never fires (its spikes are removed after detection)", kNeuronParams},
    {FaultKind::kSaturated, "saturated", FaultTarget::kNeurons,
     "saturated neuron: fires every step it is not refractory", kNeuronParams},
    {FaultKind::kStuckV, "stuck_v", FaultTarget::kNeurons, "membrane potential stuck at value_mv", kStuckVParams},
    {FaultKind::kDrift, "drift", FaultTarget::kNeurons,
     "parametric drift: threshold, leak and refractory period scaled", kDriftParams},
    {FaultKind::kSynStuck0, "syn_stuck0", FaultTarget::kSynapses, "synapse weight stuck at 0", kSynapseParams},
    {FaultKind::kSynStuckMax, "syn_stuckmax", FaultTarget::kSynapses,
     "synapse weight stuck at the projection's largest-magnitude weight", kSynapseParams},
    {FaultKind::kBitflip, "bitflip", FaultTarget::kSynapses,
     "bit flips in the stored float32 weights, once when the fault appears", kBitflipParams},
    {FaultKind::kJitter, "jitter", FaultTarget::kNeurons,
     "spike-timing jitter: each spike delayed by |N(0, sigma_ms)| (rms shift sigma_ms)", kJitterParams},
    {FaultKind::kDrop, "drop", FaultTarget::kNeurons, "spike drop: each spike lost with probability p", kDropParams},
    {FaultKind::kColumnCrash, "column_crash", FaultTarget::kColumn,
     "whole column crashes: its call throws ColumnCrashed", kColumnParams},
    {FaultKind::kColumnHang, "column_hang", FaultTarget::kColumn,
     "whole column hangs: its answer comes latency_ms late, past its deadline", kHangParams},
    {FaultKind::kColumnGarbage, "column_garbage", FaultTarget::kColumn,
     "whole column returns garbage: NaN or out-of-range answers", kGarbageParams},
    {FaultKind::kRefractoryCorrupt, "refractory_corrupt", FaultTarget::kNeurons,
     "refractory logic corrupted: the neuron ignores its refractory period", kNeuronParams},
    {FaultKind::kSimdOff, "simd_off", FaultTarget::kEngine,
     "SIMD unit unavailable: the engine switches to its scalar kernels", kEngineParams},
    {FaultKind::kCascorNan, "cascor_nan", FaultTarget::kColumn,
     "grown readout corrupted: NaN in one output weight, written again every trial while active", kColumnParams},
};

[[noreturn]] void bad(std::string_view key, const std::string& problem) {
  throw FaultParameterError(std::string(key), problem);
}

std::string quoted(std::string_view s) {
  std::string q(1, '"');
  q.append(s);
  q.push_back('"');
  return q;
}

std::optional<double> to_number(std::string_view text) {
  double x = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, x);
  if (ec != std::errc() || ptr != end || !std::isfinite(x)) return std::nullopt;
  return x;
}

std::optional<std::uint64_t> to_unsigned(std::string_view text) {
  std::uint64_t x = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, x);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return x;
}

double number_in(std::string_view key, std::string_view text, double lo, double hi, const char* range) {
  const auto x = to_number(text);
  if (!x || *x < lo || *x > hi) bad(key, std::string(key) + " must be a number in " + range);
  return *x;
}

// Upper limits of the numeric parameters (documented in `snnft faults` and docs/errors.md).
// Each keeps the run's arithmetic exact and its memory bounded: a fault time of 1e12 ms is
// 1e18 steps at the smallest dt (1 ns), still inside the 64-bit step counter; a jitter of
// sigma_ms holds every spike for up to 6 sigma, so 100 ms bounds the pending-spike buffers.
constexpr double kMaxFaultTime = 1e12;
constexpr double kMaxScale = 1000.0;
constexpr double kMaxStuckMv = 1000.0;
constexpr double kMaxSigmaMs = 100.0;
constexpr double kMaxLatencyMs = 1e9;
constexpr std::uint64_t kMaxIndex = 0xffffffffu;

/// A number in (0, hi].
double positive_up_to(std::string_view key, std::string_view text, double hi, const char* range) {
  const auto x = to_number(text);
  if (!x || *x <= 0 || *x > hi) bad(key, std::string(key) + " must be a number in " + range);
  return *x;
}

std::uint64_t whole(std::string_view key, std::string_view text) {
  const auto x = to_unsigned(text);
  if (!x) bad(key, std::string(key) + " must be a non-negative integer");
  return *x;
}

/// A whole number that indexes neurons, synapses or columns (32-bit).
std::size_t index_count(std::string_view key, std::string_view text) {
  const auto x = to_unsigned(text);
  if (!x || *x > kMaxIndex) bad(key, std::string(key) + " must be a whole number in [0, 4294967295]");
  return static_cast<std::size_t>(*x);
}

FaultTime time_point(std::string_view key, std::string_view text) {
  const std::string problem = std::string(key) + " must be a whole number of test trials (e.g. " + std::string(key) +
                              "=200) or a simulated time (e.g. " + std::string(key) + "=250ms), at most 1e12";
  if (text.size() > 2 && text.substr(text.size() - 2) == "ms") {
    const auto x = to_number(text.substr(0, text.size() - 2));
    if (!x || *x < 0 || *x > kMaxFaultTime) bad(key, problem);
    return {FaultTime::Unit::kMs, *x};
  }
  const auto x = to_number(text);
  if (!x || *x < 0 || *x != std::floor(*x) || *x > kMaxFaultTime) bad(key, problem);
  return {FaultTime::Unit::kTrials, *x};
}

std::vector<std::uint32_t> id_list(std::string_view key, std::string_view text) {
  std::vector<std::uint32_t> ids;
  const std::string problem = "ids must be indices separated by ';' (e.g. ids=1;2;3)";
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t stop = std::min(text.find(';', start), text.size());
    const auto x = to_unsigned(text.substr(start, stop - start));
    if (!x || *x > 0xffffffffu) bad(key, problem);
    ids.push_back(static_cast<std::uint32_t>(*x));
    start = stop + 1;
  }
  return ids;
}

bool accepts(const FaultKindInfo& info, std::string_view key) {
  for (const auto& p : info.parameters) {
    if (p.name == key) return true;
  }
  return false;
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

std::span<const FaultKindInfo> fault_kinds() { return kKinds; }

const FaultKindInfo& fault_kind_info(FaultKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k;
  }
  throw std::logic_error("fault kind missing from the table");
}

std::string_view fault_kind_name(FaultKind kind) { return fault_kind_info(kind).name; }

std::optional<FaultKind> parse_fault_kind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

void set_fault_parameter(FaultSpec& spec, std::string_view key, std::string_view value) {
  const FaultKindInfo& info = fault_kind_info(spec.kind);
  if (!accepts(info, key)) {
    bad(key, std::string(info.name) + " takes no parameter " + quoted(key) + " (see snnft faults)");
  }
  if (key == "at") {
    spec.at = time_point(key, value);
  } else if (key == "until") {
    spec.until = time_point(key, value);
  } else if (key == "column") {
    spec.column = index_count(key, value);
  } else if (key == "population" || key == "projection") {
    if (value.empty()) bad(key, std::string(key) + " must name a " + std::string(key));
    (key == "population" ? spec.population : spec.projection) = std::string(value);
  } else if (key == "fraction") {
    spec.fraction = number_in(key, value, 0.0, 1.0, "[0, 1]");
  } else if (key == "count") {
    spec.count = index_count(key, value);
  } else if (key == "ids") {
    spec.ids = id_list(key, value);
  } else if (key == "seed") {
    spec.seed = whole(key, value);
  } else if (key == "value_mv") {
    spec.value_mv = number_in(key, value, -kMaxStuckMv, kMaxStuckMv, "[-1000, 1000]");
  } else if (key == "threshold_scale") {
    spec.threshold_scale = positive_up_to(key, value, kMaxScale, "(0, 1000]");
  } else if (key == "leak_scale") {
    spec.leak_scale = positive_up_to(key, value, kMaxScale, "(0, 1000]");
  } else if (key == "refractory_scale") {
    spec.refractory_scale = positive_up_to(key, value, kMaxScale, "(0, 1000]");
  } else if (key == "rate") {
    spec.rate = number_in(key, value, 0.0, 1.0, "[0, 1]");
  } else if (key == "sigma_ms") {
    spec.sigma_ms = positive_up_to(key, value, kMaxSigmaMs, "(0, 100]");
  } else if (key == "p") {
    spec.p = number_in(key, value, 0.0, 1.0, "[0, 1]");
  } else if (key == "latency_ms") {
    spec.latency_ms = positive_up_to(key, value, kMaxLatencyMs, "(0, 1e9]");
  } else if (key == "mode") {
    if (value == "nan") {
      spec.mode = GarbageMode::kNan;
    } else if (value == "class") {
      spec.mode = GarbageMode::kClass;
    } else {
      bad(key, "mode must be \"nan\" or \"class\"");
    }
  } else {
    throw std::logic_error("fault parameter " + std::string(key) + " listed but not handled");
  }
}

void validate_fault_spec(const FaultSpec& spec) {
  const int chosen = int(spec.fraction.has_value()) + int(spec.count.has_value()) + int(!spec.ids.empty());
  if (chosen > 1) {
    const char* key = spec.ids.empty() ? "count" : "ids";
    bad(key, "give only one of fraction, count and ids");
  }
  if (spec.until) {
    const FaultTime at = spec.at.value_or(FaultTime{spec.until->unit, 0.0});
    if (at.unit == spec.until->unit && !(spec.until->value > at.value)) bad("until", "until must come after at");
  }
}

FaultSpec parse_fault_flag(std::string_view text) {
  const std::string where = "--fault " + std::string(text);
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const auto kind = parse_fault_kind(name);
  if (!kind) throw ConfigError(where, "unknown fault kind " + quoted(name) + " (see snnft faults)");
  FaultSpec spec;
  spec.kind = *kind;
  spec.origin = where;
  if (colon == std::string_view::npos) return spec;
  std::vector<std::string_view> seen;
  std::string_view rest = text.substr(colon + 1);
  try {
    // "KIND:" alone has no keys; otherwise every comma-separated item must be key=value, so a
    // stray comma is reported even at the end ("dead:fraction=0.3,") instead of being skipped.
    bool more = !rest.empty();
    while (more) {
      const std::size_t comma = rest.find(',');
      more = comma != std::string_view::npos;
      const std::string_view item = rest.substr(0, comma);
      rest = more ? rest.substr(comma + 1) : std::string_view{};
      const std::size_t eq = item.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        throw ConfigError(where, "expected key=value, got " + quoted(item));
      }
      const std::string_view key = item.substr(0, eq);
      for (std::string_view k : seen) {
        if (k == key) throw ConfigError(where, quoted(key) + " given twice");
      }
      seen.push_back(key);
      set_fault_parameter(spec, key, item.substr(eq + 1));
    }
    validate_fault_spec(spec);
  } catch (const FaultParameterError& e) {
    throw ConfigError(where, e.what());
  }
  return spec;
}

std::string fault_error_location(const FaultSpec& spec, std::string_view key) {
  if (spec.origin_is_json) return spec.origin + "/" + std::string(key);
  return spec.origin;
}

std::string to_string(const FaultTime& time) {
  return time.unit == FaultTime::Unit::kMs ? number_text(time.value) + "ms" : number_text(time.value);
}

std::string to_string(const FaultSpec& spec) {
  std::vector<std::string> parts;
  auto add = [&](std::string_view key, const std::string& value) { parts.push_back(std::string(key) + "=" + value); };
  if (spec.at) add("at", to_string(*spec.at));
  if (spec.until) add("until", to_string(*spec.until));
  if (spec.column) add("column", std::to_string(*spec.column));
  if (!spec.population.empty()) add("population", spec.population);
  if (!spec.projection.empty()) add("projection", spec.projection);
  if (spec.fraction) add("fraction", number_text(*spec.fraction));
  if (spec.count) add("count", std::to_string(*spec.count));
  if (!spec.ids.empty()) {
    std::string ids;
    for (std::uint32_t id : spec.ids) {
      if (!ids.empty()) ids.push_back(';');
      ids += std::to_string(id);
    }
    add("ids", ids);
  }
  if (spec.seed) add("seed", std::to_string(*spec.seed));
  switch (spec.kind) {
    case FaultKind::kStuckV: add("value_mv", number_text(spec.value_mv)); break;
    case FaultKind::kDrift:
      add("threshold_scale", number_text(spec.threshold_scale));
      add("leak_scale", number_text(spec.leak_scale));
      add("refractory_scale", number_text(spec.refractory_scale));
      break;
    case FaultKind::kBitflip: add("rate", number_text(spec.rate)); break;
    case FaultKind::kJitter: add("sigma_ms", number_text(spec.sigma_ms)); break;
    case FaultKind::kDrop: add("p", number_text(spec.p)); break;
    case FaultKind::kColumnHang: add("latency_ms", number_text(spec.latency_ms)); break;
    case FaultKind::kColumnGarbage: add("mode", spec.mode == GarbageMode::kNan ? "nan" : "class"); break;
    default: break;
  }
  std::string out(fault_kind_name(spec.kind));
  for (std::size_t k = 0; k < parts.size(); ++k) {
    out.push_back(k == 0 ? ':' : ',');
    out += parts[k];
  }
  return out;
}

}  // namespace snnft::faults
