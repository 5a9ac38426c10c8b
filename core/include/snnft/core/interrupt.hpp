// SPDX-License-Identifier: MIT
#pragma once

namespace snnft {

/// Installs SIGINT/SIGTERM handlers that only set a flag, so a long run can stop at the
/// end of the current step and still close its output files properly.
void install_interrupt_handler();
/// True once Ctrl-C (or SIGTERM) was received.
bool interrupt_requested();
/// Clears the flag (tests).
void reset_interrupt();
/// Sets the flag as if a signal had arrived (tests).
void request_interrupt();

}  // namespace snnft
