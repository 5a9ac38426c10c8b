// SPDX-License-Identifier: MIT
// Internals of CircuitBreaker::call_with_timeout(executor, ...): the state a call run on a
// TimeoutExecutor shares with its caller, who may stop waiting at the deadline.
#pragma once
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "snnft/resilience/breaker/call_result.hpp"
#include "snnft/resilience/breaker/timeout_executor.hpp"

namespace snnft::breaker::detail {

template <class F>
decltype(auto) invoke_with_deadline(F& fn, const Deadline& d) {
  if constexpr (std::is_invocable_v<F&, const Deadline&>) {
    return std::invoke(fn, d);
  } else {
    return std::invoke(fn);
  }
}
template <class F>
using deadline_result_t = std::remove_cvref_t<typename std::conditional_t<
    std::is_invocable_v<F&, const Deadline&>, std::invoke_result<F&, const Deadline&>, std::invoke_result<F&>>::type>;

/// Shared by the caller and the worker. The worker writes the outcome, then sets `done` under
/// the mutex; the caller reads the outcome only after seeing `done`, or sets `abandoned` and
/// never reads it.
template <class R>
struct TimedCallState {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool abandoned = false;
  std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> value;
  std::exception_ptr error;
};

/// Runs `fn` on a worker unless its caller has already given up on it.
template <class R, class F>
class TimedCallTask final : public TimeoutExecutor::Task {
 public:
  TimedCallTask(std::shared_ptr<TimedCallState<R>> state, F fn, std::shared_ptr<const Clock> clock,
                std::int64_t deadline_ns, TimeoutExecutor& executor)
      : state_(std::move(state)),
        fn_(std::move(fn)),
        clock_(std::move(clock)),
        deadline_ns_(deadline_ns),
        executor_(executor) {}

  void run() noexcept override {
    bool start = false;
    {
      std::lock_guard lock(state_->mutex);
      start = !state_->abandoned;  // a call whose deadline passed in the queue is never started
    }
    if (start) {
      const Deadline deadline(*clock_, deadline_ns_);
      try {
        if constexpr (std::is_void_v<R>) {
          invoke_with_deadline(fn_, deadline);
          state_->value.emplace(true);
        } else {
          state_->value.emplace(invoke_with_deadline(fn_, deadline));
        }
      } catch (...) {
        state_->error = std::current_exception();
      }
    }
    std::lock_guard lock(state_->mutex);
    state_->done = true;
    if (state_->abandoned) executor_.note_abandoned_ended();
    state_->finished.notify_all();
  }

 private:
  std::shared_ptr<TimedCallState<R>> state_;
  F fn_;
  std::shared_ptr<const Clock> clock_;  ///< kept alive: the call may outlive its breaker
  std::int64_t deadline_ns_;
  TimeoutExecutor& executor_;
};

}  // namespace snnft::breaker::detail
