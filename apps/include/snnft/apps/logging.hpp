// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

namespace snnft::apps {

/// Sets up the process's log (spdlog, on stderr) for a run command: `level` as given with
/// --log-level (trace, debug, info, warn, error, critical, off); without it, info when stdout
/// is a terminal and warn otherwise, so scripts and pipes see only what went wrong. --quiet
/// also means warn. Throws ConfigError naming --log-level for an unknown level.
void configure_logging(const std::optional<std::string>& level, bool quiet, bool terminal);

/// Whether stdout and stderr are both terminals (a person is watching).
bool attached_to_terminal();

}  // namespace snnft::apps
