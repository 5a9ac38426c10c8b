// SPDX-License-Identifier: MIT
#pragma once
#include <string>

namespace snnft {

/// Installs SIGINT/SIGTERM handlers. The first signal only sets a flag, so a long run can stop
/// at the end of the current step or trial and still close its output files properly. A
/// second signal deletes the output files still being written (see register_partial_file)
/// and ends the process at once with 128 + its number.
void install_interrupt_handler();
/// True once Ctrl-C (or SIGTERM) was received.
bool interrupt_requested();
/// The exit code of a run stopped by a signal: 128 + its number (130 for SIGINT, 143 for
/// SIGTERM); 130 when the flag was set by request_interrupt().
int interrupt_exit_code();
/// Clears the flag (tests).
void reset_interrupt();
/// Sets the flag as if a SIGINT had arrived (tests).
void request_interrupt();

/// A file being written that must not survive a second signal (an output's temporary file).
/// Up to 16 are kept; paths longer than 4095 bytes are not.
void register_partial_file(const std::string& path);
/// The file was completed (renamed into place) or removed.
void unregister_partial_file(const std::string& path);

}  // namespace snnft
