// SPDX-License-Identifier: MIT
#include "snnft/core/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace snnft {
namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted.store(true, std::memory_order_relaxed); }
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}
bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void reset_interrupt() { g_interrupted.store(false); }
void request_interrupt() { g_interrupted.store(true); }

}  // namespace snnft
