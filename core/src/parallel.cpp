// SPDX-License-Identifier: MIT
#include "snnft/core/parallel.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

namespace snnft {

// The global_control is built in place: a temporary one, copied, would lift the limit again
// when it is destroyed, at the end of the constructor.
struct ThreadLimit::Impl {
  tbb::global_control control;
  explicit Impl(std::size_t threads) : control(tbb::global_control::max_allowed_parallelism, threads) {}
};

ThreadLimit::ThreadLimit(std::size_t threads)
    : threads_(threads == 0 ? static_cast<std::size_t>(tbb::info::default_concurrency()) : threads) {
  impl_ = std::make_unique<Impl>(threads_);
}

ThreadLimit::~ThreadLimit() = default;

std::size_t active_thread_count() {
  return tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
}

}  // namespace snnft
