// SPDX-License-Identifier: MIT
#include "snnft/apps/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "snnft/core/config_reader.hpp"

namespace snnft::apps {

void configure_logging(const std::optional<std::string>& level, bool quiet, bool terminal) {
  spdlog::level::level_enum chosen = quiet || !terminal ? spdlog::level::warn : spdlog::level::info;
  if (level) {
    chosen = spdlog::level::from_str(*level);
    // from_str answers "off" for any name it does not know.
    if (chosen == spdlog::level::off && *level != "off") {
      throw ConfigError("--log-level", "\"" + *level + "\": expected trace, debug, info, warn, error, critical or off");
    }
  }
  spdlog::drop("snnft");  // configured again (tests)
  auto logger = spdlog::stderr_color_mt("snnft");
  logger->set_pattern("%^%l%$: %v");
  logger->set_level(chosen);
  spdlog::set_default_logger(std::move(logger));
}

bool attached_to_terminal() { return ::isatty(STDOUT_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

}  // namespace snnft::apps
