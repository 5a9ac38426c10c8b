// SPDX-License-Identifier: MIT
// `snnft faults`: every fault kind with a one-line description and its parameters.
#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>

#include "snnft/apps/commands.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"

namespace snnft::apps {

void add_faults_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("faults", "List the fault kinds --fault and a config's \"faults\" list accept");
  cmd->callback([] {
    std::ostream& out = std::cout;
    out << "Fault kinds, for  snnft run CONFIG --fault KIND:key=value,...  or a \"faults\" list in the config\n"
           "({\"kind\": \"dead\", \"fraction\": 0.3, \"at\": 200}). In a classification run a bare at=/until=\n"
           "counts test trials; 250ms is simulated time. Targets are drawn from the fault's seed, so a\n"
           "fault is replayable.\n";
    for (const faults::FaultKindInfo& kind : faults::fault_kinds()) {
      out << '\n' << std::left << std::setw(20) << kind.name << kind.description << '\n';
      for (const faults::FaultParameterInfo& p : kind.parameters) {
        const std::string key = std::string(p.name) + "=" + std::string(p.default_text);
        out << "    " << std::left << std::setw(26) << key << p.description << '\n';
      }
    }
  });
}

}  // namespace snnft::apps
