// SPDX-License-Identifier: MIT
#pragma once

#if defined(__SANITIZE_THREAD__)
#define SNNFT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SNNFT_TSAN 1
#endif
#endif

#ifdef SNNFT_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace snnft {

/// Tells ThreadSanitizer about the ordering a parallel loop guarantees: everything the caller
/// did before the loop happens before every task (the fork), and every task happens before
/// whatever the caller does after the loop (the join). oneTBB provides both, but through
/// atomics inside libtbb, which is not built with the sanitizer, so without these edges TSan
/// reports the caller reading a task's results as a race. Tasks get no ordering among
/// themselves, so a real race between two tasks is still reported. Outside TSan builds every
/// call compiles to nothing.
///
/// Use: one object per loop, on the caller's stack; task_begin() / task_end() around each
/// task body, join() after the loop has returned.
class ForkJoinAnnotation {
 public:
#ifdef SNNFT_TSAN
  ForkJoinAnnotation() { __tsan_release(&fork_); }
  void task_begin() { __tsan_acquire(&fork_); }
  void task_end() { __tsan_release(&join_); }
  void join() { __tsan_acquire(&join_); }

 private:
  // Two distinct addresses: TSan keys its synchronisation objects by address.
  char fork_ = 0;
  char join_ = 0;
#else
  void task_begin() {}
  void task_end() {}
  void join() {}
#endif
};

}  // namespace snnft
