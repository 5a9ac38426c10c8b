// SPDX-License-Identifier: MIT
#include "snnft/core/interrupt.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

namespace snnft {
namespace {

std::atomic<int> g_signal{0};  // the first signal received; 0: none

// Files to delete on a second signal. The handler may only use async-signal-safe calls, so
// the paths live in fixed buffers; a slot's state says whether its path may be read.
enum SlotState : int { kFree, kWriting, kReady };
constexpr std::size_t kPathBytes = 4096;
struct PartialFile {
  std::atomic<int> state{kFree};
  std::array<char, kPathBytes> path{};
};
std::array<PartialFile, 16> g_partial_files;

void say(const char* text) {
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

extern "C" void on_signal(int sig) {
  int none = 0;
  if (g_signal.compare_exchange_strong(none, sig)) {
    say("\nsnnft: stopping after the current step; the output is being written (signal again to quit at once)\n");
    return;
  }
  for (PartialFile& f : g_partial_files) {
    if (f.state.load(std::memory_order_acquire) == kReady) ::unlink(f.path.data());
  }
  say("snnft: stopped at once; no output written\n");
  ::_exit(128 + sig);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action{};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() { return g_signal.load(std::memory_order_relaxed) != 0; }

int interrupt_exit_code() {
  const int sig = g_signal.load(std::memory_order_relaxed);
  return 128 + (sig == 0 ? SIGINT : sig);
}

void reset_interrupt() { g_signal.store(0); }
void request_interrupt() { g_signal.store(SIGINT); }

void register_partial_file(const std::string& path) {
  if (path.size() >= kPathBytes) return;
  for (PartialFile& f : g_partial_files) {
    int expected = kFree;
    if (!f.state.compare_exchange_strong(expected, kWriting)) continue;
    std::memcpy(f.path.data(), path.c_str(), path.size() + 1);
    f.state.store(kReady, std::memory_order_release);
    return;
  }
}

void unregister_partial_file(const std::string& path) {
  for (PartialFile& f : g_partial_files) {
    int expected = kReady;
    if (f.state.load(std::memory_order_acquire) != kReady || std::strcmp(f.path.data(), path.c_str()) != 0) continue;
    if (f.state.compare_exchange_strong(expected, kWriting)) {
      f.path[0] = '\0';
      f.state.store(kFree, std::memory_order_release);
      return;
    }
  }
}

}  // namespace snnft
