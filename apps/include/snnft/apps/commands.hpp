// SPDX-License-Identifier: MIT
#pragma once

namespace CLI {
class App;
}

namespace snnft::apps {

/// Each `snnft` subcommand registers itself on the top-level CLI11 app.
/// A command's callback throws on error; main() turns that into "error: ..." and exit 2.
void add_run_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_breaker_demo_command(CLI::App& app);
void add_faults_command(CLI::App& app);
void add_campaign_command(CLI::App& app);

}  // namespace snnft::apps
