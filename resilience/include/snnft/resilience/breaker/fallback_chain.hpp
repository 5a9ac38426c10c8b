// SPDX-License-Identifier: MIT
#pragma once
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::breaker {

/// What happened at one step of a fallback chain.
struct StepOutcome {
  std::string name;
  CallStatus status;
};

/// The result of FallbackChain::execute(): the value of the first step that succeeded, which
/// step that was, and what happened at every step tried.
template <class T>
struct ChainResult {
  std::optional<T> value;
  std::size_t served_by = 0;  ///< index of the step that produced `value`
  std::vector<StepOutcome> attempts;
  std::exception_ptr last_error;  ///< the last exception thrown by a step, if any

  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
  [[nodiscard]] const std::string& served_by_name() const { return attempts.at(served_by).name; }
};

/// An ordered list of ways to get a value: primary -> fallback 1 -> ... -> ultimate. Each step
/// may have its own breaker, so a broken fallback is skipped cheaply too. Build it once, then
/// call execute() from any number of threads.
template <class T>
class FallbackChain {
 public:
  /// Appends a step. With a breaker, the step runs through breaker->call() and a rejection
  /// moves on to the next step at once.
  FallbackChain& then(std::string name, std::function<T()> fn, std::shared_ptr<CircuitBreaker> breaker = nullptr) {
    steps_.push_back({std::move(name), std::move(fn), std::move(breaker)});
    return *this;
  }
  /// Appends a last step that cannot fail: a constant.
  FallbackChain& ultimately(std::string name, T value) {
    return then(std::move(name), [v = std::move(value)] { return v; });
  }

  [[nodiscard]] std::size_t size() const noexcept { return steps_.size(); }

  ChainResult<T> execute() const {
    ChainResult<T> r;
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      const Step& s = steps_[i];
      if (i > 0 && !r.attempts.empty()) note_fallback(i - 1, s.name);
      if (s.breaker) {
        auto result = s.breaker->call(s.fn);
        r.attempts.push_back({s.name, result.status()});
        if (result.succeeded()) {
          r.value.emplace(std::move(result).value());
          r.served_by = i;
          return r;
        }
        if (result.error()) r.last_error = result.error();
      } else {
        try {
          r.value.emplace(s.fn());
          r.attempts.push_back({s.name, CallStatus::kSuccess});
          r.served_by = i;
          return r;
        } catch (...) {
          r.attempts.push_back({s.name, CallStatus::kFailure});
          r.last_error = std::current_exception();
        }
      }
    }
    return r;
  }

 private:
  struct Step {
    std::string name;
    std::function<T()> fn;
    std::shared_ptr<CircuitBreaker> breaker;
  };

  /// Tells the breaker of the step that just failed that `fallback` is taking over.
  void note_fallback(std::size_t failed_step, const std::string& fallback) const {
    if (const auto& b = steps_[failed_step].breaker) b->record_fallback(fallback);
  }

  std::vector<Step> steps_;
};

}  // namespace snnft::breaker
