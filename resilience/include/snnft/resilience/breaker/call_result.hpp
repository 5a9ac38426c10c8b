// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "snnft/resilience/breaker/clock.hpp"

namespace snnft::breaker {

/// How a protected call ended.
enum class CallStatus : std::uint8_t {
  kSuccess,
  kFailure,       ///< the callable threw an exception, or returned a value, that counts as a failure
  kRejected,      ///< the breaker did not permit the call; the callable did not run
  kTimedOut,      ///< the call took longer than its timeout (also a failure for the breaker)
  kIgnoredError,  ///< the callable threw an exception the classifier ignores
};
std::string_view to_string(CallStatus status) noexcept;

/// Thrown by CallResult::value() for a call the breaker rejected.
class CallNotPermittedError : public std::runtime_error {
 public:
  CallNotPermittedError() : std::runtime_error("call not permitted: circuit breaker is open") {}
};
/// Thrown by CallResult::value() for a call that timed out.
class CallTimeoutError : public std::runtime_error {
 public:
  CallTimeoutError() : std::runtime_error("call timed out") {}
};

/// The outcome of CircuitBreaker::call: the status of the protected call, its value (or the
/// fallback's), and the exception it threw, if any.
template <class T>
class CallResult {
  using Stored = std::conditional_t<std::is_void_v<T>, bool, T>;

 public:
  static CallResult make(CallStatus status, std::exception_ptr error = nullptr) {
    CallResult r;
    r.status_ = status;
    r.error_ = std::move(error);
    return r;
  }
  static CallResult success(Stored value = Stored{}) {
    CallResult r;
    r.status_ = CallStatus::kSuccess;
    r.value_.emplace(std::move(value));
    return r;
  }

  [[nodiscard]] CallStatus status() const noexcept { return status_; }
  [[nodiscard]] bool succeeded() const noexcept { return status_ == CallStatus::kSuccess; }
  [[nodiscard]] bool rejected() const noexcept { return status_ == CallStatus::kRejected; }
  [[nodiscard]] bool timed_out() const noexcept { return status_ == CallStatus::kTimedOut; }
  [[nodiscard]] bool failed() const noexcept {
    return status_ == CallStatus::kFailure || status_ == CallStatus::kTimedOut;
  }
  /// True if a value is available, from the call or from a fallback.
  [[nodiscard]] bool has_value() const noexcept { return value_.has_value(); }
  [[nodiscard]] bool from_fallback() const noexcept { return from_fallback_; }
  /// The exception thrown by the call (null for success, rejection and plain timeouts).
  [[nodiscard]] const std::exception_ptr& error() const noexcept { return error_; }
  /// The exception thrown by the fallback, if it threw.
  [[nodiscard]] const std::exception_ptr& fallback_error() const noexcept { return fallback_error_; }

  /// The value; without one, rethrows the fallback's or the call's exception, or throws
  /// CallNotPermittedError / CallTimeoutError.
  decltype(auto) value() const& {
    if (!value_) throw_error();
    if constexpr (!std::is_void_v<T>) return static_cast<const T&>(*value_);
  }
  decltype(auto) value() && {
    if (!value_) throw_error();
    if constexpr (!std::is_void_v<T>) return static_cast<T&&>(std::move(*value_));
  }
  template <class U>
    requires(!std::is_void_v<T>)
  T value_or(U&& fallback) const& {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

  /// Records that a fallback produced `value` (or threw `error`).
  void set_fallback_value(Stored value) {
    value_.emplace(std::move(value));
    from_fallback_ = true;
  }
  void set_fallback_error(std::exception_ptr error) {
    fallback_error_ = std::move(error);
    from_fallback_ = true;
  }
  /// Records that the returned value counts as a failure (it stays available).
  void mark_failed_result() noexcept { status_ = CallStatus::kFailure; }

 private:
  [[noreturn]] void throw_error() const {
    if (fallback_error_) std::rethrow_exception(fallback_error_);
    if (error_) std::rethrow_exception(error_);
    if (status_ == CallStatus::kTimedOut) throw CallTimeoutError();
    throw CallNotPermittedError();
  }

  CallStatus status_ = CallStatus::kRejected;
  bool from_fallback_ = false;
  std::optional<Stored> value_;
  std::exception_ptr error_;
  std::exception_ptr fallback_error_;
};

/// Why a fallback runs; a fallback may take this as its only argument.
struct FallbackCause {
  CallStatus status;
  std::exception_ptr error;
};

/// Passed to callables run with a timeout so they can stop early: they poll expired()
/// (measured with the breaker's clock) and return or throw. A call that returns after its
/// deadline counts as timed out either way.
class Deadline {
 public:
  Deadline(const Clock& clock, std::int64_t deadline_ns) : clock_(&clock), deadline_ns_(deadline_ns) {}
  [[nodiscard]] bool expired() const noexcept { return clock_->now_ns() >= deadline_ns_; }
  [[nodiscard]] Nanos remaining() const noexcept {
    const std::int64_t left = deadline_ns_ - clock_->now_ns();
    return Nanos(left > 0 ? left : 0);
  }
  [[nodiscard]] std::int64_t deadline_ns() const noexcept { return deadline_ns_; }

 private:
  const Clock* clock_;
  std::int64_t deadline_ns_;
};

/// Permission to make one call, from CircuitBreaker::try_acquire(). Pass it back to
/// on_success / on_failure / release so the report is matched to the state that admitted it.
struct Permit {
  /// kMetricsOnly: recorded like a closed-state call, but no rule trips on it.
  enum class Kind : std::uint8_t { kRejected, kClosed, kTrial, kPassThrough, kMetricsOnly };
  Kind kind = Kind::kRejected;
  std::uint32_t generation = 0;  ///< state generation that admitted the call
  std::int64_t start_ns = 0;     ///< when admitted, if `timed`
  bool timed = false;            ///< the breaker read the clock on admission

  [[nodiscard]] bool granted() const noexcept { return kind != Kind::kRejected; }
  explicit operator bool() const noexcept { return granted(); }
};

}  // namespace snnft::breaker
