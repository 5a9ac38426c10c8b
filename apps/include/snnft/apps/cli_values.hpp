// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace snnft {
class ObjectReader;
}

namespace snnft::apps {

/// Numeric flag values read from their text, so that nothing wraps or saturates silently:
/// each throws ConfigError naming `flag` ("--seed: ...") when the text is not a number of
/// the expected kind or is out of range.

/// A seed: a whole number in [0, 2^64 - 1], decimal digits only.
std::uint64_t seed_value(std::string_view flag, std::string_view text);
/// A simulated duration in ms: finite and positive.
double duration_value(std::string_view flag, std::string_view text);
/// A rate: finite and positive.
double rate_value(std::string_view flag, std::string_view text);
/// A wall-clock time in seconds: finite and >= 0.
double seconds_value(std::string_view flag, std::string_view text);
/// A file name: not empty.
std::string file_value(std::string_view flag, std::string_view text);
/// A count of fault maps: a whole number in [1, kMaxMaps].
std::size_t maps_value(std::string_view flag, std::string_view text);
/// The most fault maps per level a campaign accepts (each is two runs of the columns).
inline constexpr std::size_t kMaxMaps = 1000000;
/// A thread count as typed (a whole number, 0 = every core); checked by resolve_threads().
std::int64_t thread_count_value(std::string_view flag, std::string_view text);

/// The most threads a run accepts: what oneTBB can run on this machine, max(4 x hardware
/// threads, 256).
std::size_t max_threads();
/// The thread count a run uses for the request `requested` (0 = every hardware thread).
/// Negative counts and counts above max_threads() are ConfigErrors at `where`; a count above
/// the hardware threads is used as asked, with a one-line warning (results do not depend on it).
std::size_t resolve_threads(std::int64_t requested, const std::string& where);

/// The config's "threads" (default 1): 0 or a count up to max_threads().
std::size_t read_thread_count(ObjectReader& config);

/// Threads for a run: --threads if given, else the config's, resolved by resolve_threads().
std::size_t run_threads(const std::optional<std::int64_t>& flag, std::size_t from_config);

/// A run kind that has no use for a flag the user gave: a ConfigError naming the flag.
void reject_flag(bool given, const std::string& flag, const std::string& why);

/// Prints "warning: <text>" on stderr: a rule the run applied that the user may not expect.
void warn(const std::string& text);

}  // namespace snnft::apps
