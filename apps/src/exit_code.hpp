// SPDX-License-Identifier: MIT
#pragma once

namespace snnft::apps {

/// Exit code chosen by the command that ran (set from a CLI11 callback).
int& command_exit_code();

}  // namespace snnft::apps
