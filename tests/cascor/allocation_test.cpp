// SPDX-License-Identifier: MIT
// Training epochs must not allocate: the cache, buffers and learning curve are sized up front.
// glibc lets a program interpose malloc, which counts Eigen's allocations as well as new's.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "snnft/snn/cascor/cascor_learner.hpp"

// A sanitizer brings its own malloc, which this interposer would bypass (its free would then
// get blocks it never handed out): the count is taken in ordinary builds only.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define SNNFT_COUNT_MALLOC 1
#endif

#ifdef SNNFT_COUNT_MALLOC
extern "C" void* __libc_malloc(std::size_t size);

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_mallocs{0};
}  // namespace

extern "C" void* malloc(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
#endif

namespace snnft::cascor {
namespace {

#ifdef SNNFT_COUNT_MALLOC
template <class F>
std::size_t mallocs_during(F&& f) {
  g_mallocs = 0;
  g_counting = true;
  f();
  g_counting = false;
  return g_mallocs.load();
}
#endif

CascorParams fixed_length_phases(std::size_t epochs) {
  CascorParams p;
  p.output.quickprop.epsilon = 1.0;
  p.candidate.quickprop.epsilon = 100.0;
  p.score_threshold = 0.4;
  p.output.patience = 0;  // run exactly max_epochs (two-spirals is not solved by a phase)
  p.candidate.patience = 0;
  p.output.max_epochs = epochs;
  p.candidate.max_epochs = epochs;
  return p;
}

TEST(CascorAllocations, EpochsAllocateNothing) {
#ifndef SNNFT_COUNT_MALLOC
  GTEST_SKIP() << "needs glibc and no sanitizer to count allocations";
#else
  // The counter works: building a learner allocates its cache.
  ASSERT_GT(mallocs_during([] { CascorLearner l(make_parity(3), CascorParams{}, 1); }), 0U);

  std::size_t outputs[2], candidates[2];
  const std::size_t lengths[2] = {5, 60};
  for (int i = 0; i < 2; ++i) {
    CascorLearner learner(make_two_spirals(), fixed_length_phases(lengths[i]), 1);
    learner.train_outputs();
    learner.train_candidates();
    learner.install_best_candidate();  // measure with a hidden unit in the cascade
    const std::uint64_t before = learner.epochs();
    outputs[i] = mallocs_during([&] { learner.train_outputs(); });
    candidates[i] = mallocs_during([&] { learner.train_candidates(); });
    ASSERT_EQ(learner.epochs() - before, 2 * lengths[i] + 1);  // the phases really ran
  }
  EXPECT_EQ(outputs[0], 0U);
  EXPECT_EQ(outputs[1], 0U);
  // A candidate phase may allocate a fixed amount when it starts, but nothing per epoch.
  EXPECT_EQ(candidates[1], candidates[0]);
#endif
}

// The column readouts' codes are mostly zero and kept sparse (UnitValues): those products
// allocate nothing either.
TEST(CascorAllocations, EpochsOnSparseInputsAllocateNothing) {
#ifndef SNNFT_COUNT_MALLOC
  GTEST_SKIP() << "needs glibc and no sanitizer to count allocations";
#else
  Dataset spiral = make_two_spirals();
  Dataset sparse;
  sparse.targets = spiral.targets;
  sparse.inputs.setZero(spiral.inputs.rows(), 8);
  // Two dense inputs and six that are zero on all but every eighth pattern.
  sparse.inputs.leftCols(2) = spiral.inputs;
  for (Eigen::Index p = 0; p < sparse.inputs.rows(); p += 8) sparse.inputs.row(p).tail(6).setConstant(0.5);
  CascorLearner learner(sparse, fixed_length_phases(20), 1);
  learner.train_outputs();
  learner.train_candidates();
  learner.install_best_candidate();
  const std::size_t outputs = mallocs_during([&] { learner.train_outputs(); });
  learner.train_candidates();
  learner.install_best_candidate();
  const std::size_t candidates = mallocs_during([&] { learner.train_candidates(); });
  EXPECT_EQ(outputs, 0U);
  CascorLearner shorter(sparse, fixed_length_phases(5), 1);
  shorter.train_outputs();
  shorter.train_candidates();
  shorter.install_best_candidate();
  shorter.train_outputs();
  shorter.train_candidates();
  shorter.install_best_candidate();
  EXPECT_EQ(mallocs_during([&] { shorter.train_candidates(); }), candidates) << "nothing per epoch";
#endif
}

}  // namespace
}  // namespace snnft::cascor
