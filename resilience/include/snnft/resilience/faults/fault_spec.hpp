// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace snnft::faults {

/// Every fault model the injector knows. The CLI names are in fault_kind_name().
enum class FaultKind : std::uint8_t {
  kDead,
  kSaturated,
  kStuckV,
  kDrift,
  kSynStuck0,
  kSynStuckMax,
  kBitflip,
  kJitter,
  kDrop,
  kColumnCrash,
  kColumnHang,
  kColumnGarbage,
  kRefractoryCorrupt,
  kSimdOff,
  kCascorNan,
};

/// What a fault hits, which decides the keys it accepts and how it is bound to a run.
enum class FaultTarget : std::uint8_t {
  kNeurons,   ///< neurons of populations (spike lists or per-neuron variables)
  kSynapses,  ///< synapses of projections (stored weights)
  kColumn,    ///< a whole column's call in a classification run
  kEngine,    ///< the engine itself (kernels)
};

/// A point on a run's time line: a test trial (classification runs) or simulated time.
struct FaultTime {
  enum class Unit : std::uint8_t { kTrials, kMs };
  Unit unit = Unit::kTrials;
  double value = 0.0;  ///< whole trials, or ms
  friend bool operator==(const FaultTime&, const FaultTime&) = default;
};

/// How a garbage column corrupts its answer.
enum class GarbageMode : std::uint8_t {
  kNan,    ///< confidence and first-spike time become NaN
  kClass,  ///< the class index is out of range (class_count)
};

/// One fault as the user wrote it (`--fault dead:fraction=0.3,column=2,at=200` or a JSON
/// object), after validation. Which neurons or synapses it hits is decided when it is bound
/// to a network, from `seed` (the run's seed unless given).
struct FaultSpec {
  FaultKind kind = FaultKind::kDead;
  std::optional<FaultTime> at;     ///< becomes active here (absent: from the start)
  std::optional<FaultTime> until;  ///< clears here (absent: permanent)

  // Targeting. At most one of fraction / count / ids; none of them means every target.
  std::string population;             ///< "" = the run's default populations
  std::string projection;             ///< synapse faults: "" = every projection onto the populations
  std::optional<std::size_t> column;  ///< classification runs: absent = every column
  std::optional<double> fraction;
  std::optional<std::size_t> count;
  std::vector<std::uint32_t> ids;     ///< neuron indices, or synapse indices in CSR order
  std::optional<std::uint64_t> seed;

  // Kind-specific parameters (defaults as listed by `snnft faults`).
  double value_mv = 0.0;          ///< stuck_v
  double threshold_scale = 1.0;   ///< drift: distance from reset to threshold scaled
  double leak_scale = 1.0;        ///< drift: leak rate 1/tau_m scaled
  double refractory_scale = 1.0;  ///< drift: refractory period scaled
  double rate = 1e-3;             ///< bitflip: probability that each stored bit flips
  double sigma_ms = 1.0;          ///< jitter
  double p = 0.5;                 ///< drop
  double latency_ms = 60000.0;    ///< column_hang: delay added to the column's answer
  GarbageMode mode = GarbageMode::kNan;  ///< column_garbage

  /// Where the spec came from, for error messages: "--fault dead:fraction=2" or "/faults/0".
  std::string origin;
  bool origin_is_json = false;

  [[nodiscard]] bool permanent() const { return !until.has_value(); }
};

/// A bad value for one key of a spec; what() is the problem without the location, e.g.
/// "fraction must be in [0, 1]". The caller adds the flag or JSON path.
class FaultParameterError : public std::invalid_argument {
 public:
  FaultParameterError(std::string key, const std::string& problem)
      : std::invalid_argument(problem), key_(std::move(key)) {}
  [[nodiscard]] const std::string& key() const { return key_; }

 private:
  std::string key_;
};

/// One parameter of a fault kind, for `snnft faults` and for the JSON reader.
struct FaultParameterInfo {
  std::string_view name;
  std::string_view default_text;
  std::string_view description;
};

/// A fault kind: its CLI name, a one-line description and the keys it accepts (common
/// timing and targeting keys first, then its own).
struct FaultKindInfo {
  FaultKind kind;
  std::string_view name;
  FaultTarget target;
  std::string_view description;
  std::span<const FaultParameterInfo> parameters;
};

/// Every kind, in the order `snnft faults` lists them.
std::span<const FaultKindInfo> fault_kinds();
const FaultKindInfo& fault_kind_info(FaultKind kind);
std::string_view fault_kind_name(FaultKind kind);
std::optional<FaultKind> parse_fault_kind(std::string_view name);

/// Sets `key` of `spec` from its text form (the CLI text, or a JSON value rendered as text:
/// numbers as numbers, id lists as "1;2;3", times as "200" or "250ms"). Throws
/// FaultParameterError if the kind takes no such key or the value is out of range.
void set_fault_parameter(FaultSpec& spec, std::string_view key, std::string_view value);

/// Cross-key checks once every key is set (one of fraction/count/ids; until after at).
/// Throws FaultParameterError naming the offending key.
void validate_fault_spec(const FaultSpec& spec);

/// Parses the CLI form `KIND:key=value,key=value` (`KIND` alone is fine). Throws
/// snnft::ConfigError reading "--fault TEXT: problem", e.g.
/// `--fault deadd: unknown fault kind "deadd" (see snnft faults)`.
FaultSpec parse_fault_flag(std::string_view text);

/// The location to name in an error about `key` of `spec`: the flag for a CLI spec, the
/// key's JSON path for a config spec.
std::string fault_error_location(const FaultSpec& spec, std::string_view key);

/// "dead:fraction=0.3,column=2,at=200": the spec in its CLI form (for events and logs).
std::string to_string(const FaultSpec& spec);
std::string to_string(const FaultTime& time);

}  // namespace snnft::faults
