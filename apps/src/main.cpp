// SPDX-License-Identifier: MIT
// The `snnft` command line: parses flags, dispatches to a subcommand, and turns every
// error into one line on stderr and exit code 2.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "exit_code.hpp"
#include "snnft/apps/commands.hpp"
#include "snnft/core/build_info.hpp"
#include "snnft/core/communicator.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/core/output_error.hpp"

namespace snnft::apps {
int& command_exit_code() {
  static int code = 0;
  return code;
}
}  // namespace snnft::apps

namespace {
// Bad input is the same on every rank of a distributed run: rank 0 alone says so.
void report_input_error(const std::exception& e) {
  if (snnft::world_communicator().rank() == 0) std::cerr << "error: " << e.what() << '\n';
}
}  // namespace

int main(int argc, char** argv) {
  using namespace snnft::apps;
  // A file growing past `ulimit -f` must fail its write (EFBIG), reported like a full disk,
  // not kill the process and leave a partial file.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"snnft: spiking neural network simulation with run-time fault tolerance"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(snnft::build_info().version));
  add_run_command(app);
  add_validate_command(app);
  add_breaker_demo_command(app);
  add_faults_command(app);
  add_campaign_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    report_input_error(e);
    return 2;
  } catch (const snnft::ConfigError& e) {
    report_input_error(e);
    return 2;
  } catch (const snnft::OutputError& e) {  // the partial output is already removed
    std::cerr << "error: " << e.what() << '\n';
    // HDF5 (1.10) crashes at exit while closing a file whose close failed (disk full), so
    // its exit handlers are skipped; unwinding has already removed the temporary files.
    std::cout.flush();
    std::_Exit(2);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return command_exit_code();
}
