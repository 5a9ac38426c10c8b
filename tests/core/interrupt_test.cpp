// SPDX-License-Identifier: MIT
// The signal handlers, in a child process: the first signal only sets the flag and records
// which signal it was; the second deletes the registered partial files and exits at once.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "snnft/core/interrupt.hpp"

namespace snnft {
namespace {

/// Runs `body` in a forked child and returns its exit status (-1 if it did not exit).
template <class F>
int in_child(F body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string scratch(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("snnft-interrupt-" + std::to_string(getpid()) + "-" + name)).string();
}

}  // namespace

TEST(Interrupt, FirstSignalSetsTheFlagAndTheExitCode) {
  EXPECT_EQ(in_child([] {
              install_interrupt_handler();
              if (interrupt_requested()) return 1;
              raise(SIGTERM);
              return interrupt_requested() ? interrupt_exit_code() : 2;
            }),
            143);
  EXPECT_EQ(in_child([] {
              install_interrupt_handler();
              raise(SIGINT);
              return interrupt_exit_code();
            }),
            130);
}

TEST(Interrupt, SecondSignalDeletesPartialFilesAndExitsAtOnce) {
  const std::string partial = scratch("partial.h5.tmp"), done = scratch("done.h5.tmp"), kept = scratch("kept.txt");
  for (const auto& p : {partial, done, kept}) std::ofstream(p) << "x";
  EXPECT_EQ(in_child([&] {
              install_interrupt_handler();
              register_partial_file(partial);
              register_partial_file(done);
              unregister_partial_file(done);  // completed: a second signal leaves it alone
              raise(SIGINT);
              raise(SIGTERM);
              return 0;  // not reached
            }),
            143);
  EXPECT_FALSE(std::filesystem::exists(partial));
  EXPECT_TRUE(std::filesystem::exists(done));
  EXPECT_TRUE(std::filesystem::exists(kept));
  std::filesystem::remove(done);
  std::filesystem::remove(kept);
}

}  // namespace snnft
