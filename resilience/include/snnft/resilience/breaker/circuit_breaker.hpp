// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "snnft/resilience/breaker/breaker_config.hpp"
#include "snnft/resilience/breaker/breaker_detail.hpp"
#include "snnft/resilience/breaker/breaker_metrics.hpp"
#include "snnft/resilience/breaker/call_result.hpp"
#include "snnft/resilience/breaker/clock.hpp"
#include "snnft/resilience/breaker/events.hpp"
#include "snnft/resilience/breaker/latency_histogram.hpp"
#include "snnft/resilience/breaker/per_thread_counter.hpp"
#include "snnft/resilience/breaker/reclaim.hpp"
#include "snnft/resilience/breaker/state.hpp"
#include "snnft/resilience/breaker/timed_call.hpp"
#include "snnft/resilience/breaker/timeout_executor.hpp"

namespace snnft::breaker {

/// The value type a protected call returns: the callable's result without reference or
/// const, since the result is stored in a CallResult.
template <class F, class... Args>
using call_value_t = std::remove_cvref_t<std::invoke_result_t<F&, Args...>>;

/// Everything needed to bring a breaker back after a restart: its state, backoff streak,
/// remaining break, windows and counters. Times are relative, since the clock of the next
/// process starts elsewhere. A half-open breaker is saved as open with no break left: its
/// trials are lost with the process.
struct BreakerSnapshot {
  BreakerState state = BreakerState::kClosed;
  std::uint32_t consecutive_trips = 0;
  Nanos remaining_break{0};
  std::uint32_t consecutive_failures = 0;
  std::vector<WindowOutcome> count_window;           ///< oldest first
  std::vector<TimeWindow::BucketRecord> time_window;
  BreakerCounters counters;
  Nanos time_open_total{0};
  LatencySnapshot latency;
};

/// A thread-safe circuit breaker.
///
/// Closed: calls pass and their outcomes feed the trip rules (consecutive failures,
/// failure rate and slow-call rate over a count or time window, external triggers).
/// Open: calls are rejected until the break duration (fixed or exponential backoff) has
/// elapsed; the next call then moves the breaker to HalfOpen. HalfOpen: at most
/// `permitted_calls_in_half_open` trial calls are admitted. The breaker closes once all of
/// them have reported and the success rule is met; it reopens once the failure (or slow-call)
/// rule is met and no admitted trial is still running, or if the trials have not decided
/// within `max_wait_in_half_open`.
///
/// Every transition is atomic for every caller: what a state judges calls by (the windows and
/// failure run of a closed period, the tally of a half-open one) is published before the
/// state itself, so no call is ever judged by the previous state's data.
///
/// Cost: a closed-state call with the default configuration does one atomic increment (the
/// slot of its count window) and no clock read, allocation, lock or indirect call; a rejection
/// reads the coarse clock and writes nothing shared. Call counters live in per-thread cells
/// (PerThreadCounter) summed by metrics(). Replaced configurations, windows and listener
/// lists are reclaimed by epochs (reclaim.hpp): a reader publishes its epoch with thread-local
/// stores only. State changes take a mutex, but listeners are always invoked after it has
/// been released.
class CircuitBreaker {
 public:
  /// Throws std::invalid_argument if `config` is invalid.
  explicit CircuitBreaker(std::string name, BreakerConfig config = {},
                          std::shared_ptr<const Clock> clock = SystemClock::shared());
  ~CircuitBreaker();
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const Clock& clock() const noexcept { return *clock_; }

  /// The state after applying any timed transition that is due (so a breaker is never
  /// reported half-open past its max wait).
  BreakerState state();
  /// The state word as it is, without applying timed transitions.
  [[nodiscard]] BreakerState peek_state() const noexcept {
    return detail::public_state(detail::code(word_.load(std::memory_order_acquire)));
  }
  /// Applies due timed transitions: HalfOpen -> Open after the max wait, and Open -> HalfOpen
  /// after the break when `automatic_half_open` is set. A Ticker calls this periodically.
  void poll();

  [[nodiscard]] BreakerConfig config() const;
  /// Validates and installs a new configuration atomically (throws std::invalid_argument).
  /// The state is kept; the windows start empty since their shape may have changed. The old
  /// configuration is freed as soon as no thread is still reading it.
  void update_config(const BreakerConfig& config);

  // ---- Protected calls ----------------------------------------------------------------

  /// Runs `fn` if the breaker permits it. Exceptions are caught and recorded as failures
  /// unless the classifier ignores them; they are available from the result. A returned value
  /// the result classifier counts as a failure gives status kFailure, with the value kept.
  template <class F>
  auto call(F&& fn) -> CallResult<call_value_t<F>>;
  /// As call(fn), then runs `fallback` (with no argument or a FallbackCause) if the call
  /// did not succeed; its value is returned in the result.
  template <class F, class G>
  auto call(F&& fn, G&& fallback) -> CallResult<call_value_t<F>>;
  /// Runs `fn` (taking a Deadline, or nothing) with a timeout measured on the breaker's clock.
  /// A call that ends after its deadline is a timeout, counted as a failure; its value is
  /// discarded. `fn` runs on the calling thread, so this cannot stop a call that blocks: `fn`
  /// should poll Deadline::expired() to stop early, or use the overload with an executor.
  template <class F>
  auto call_with_timeout(F&& fn, Nanos timeout);
  /// A real timeout: runs `fn` (taking a Deadline, or nothing) on `executor` and waits at most
  /// `timeout` of real time. A call that has not returned by then is a timeout failure and is
  /// abandoned: it runs on to its end on its worker and its result is discarded (see
  /// TimeoutExecutor for the bounds). `fn` is moved to the worker. If the executor is
  /// saturated the call is not made: status kRejected (counted as rejected) with an
  /// ExecutorSaturatedError.
  template <class F>
  auto call_with_timeout(TimeoutExecutor& executor, F&& fn, Nanos timeout);
  /// Starts an asynchronous call (`start()` returns a std::future) and waits for it at most
  /// `timeout` of real time. On timeout the future is abandoned: use futures from a promise or
  /// packaged_task, since a std::async future would block in its destructor.
  template <class F>
  auto call_future(F&& start, Nanos timeout);

  // ---- Manual API, for code that cannot be wrapped --------------------------------------

  /// Asks for permission to make one call; a granted permit must be reported back.
  Permit try_acquire() { return acquire(); }
  void on_success(const Permit& permit, Nanos latency = Nanos{0});
  void on_failure(const Permit& permit, Nanos latency = Nanos{0});
  void on_timeout(const Permit& permit, Nanos latency);
  /// Gives a permit back without recording an outcome (the call was not made, or its error
  /// is not the service's fault). A half-open trial permit becomes available again.
  void release(const Permit& permit);
  /// Reports for the current state without a permit (in half-open, as a trial outcome).
  void on_success(Nanos latency = Nanos{0});
  void on_failure(Nanos latency = Nanos{0});

  /// Records that a fallback served a call (counted, and a kFallback event).
  void record_fallback(std::string_view fallback_name = {});

  // ---- External triggers --------------------------------------------------------------

  /// Reports a value for the trigger named `trigger` (from the config's `triggers`). Once it
  /// has violated the bound `consecutive_samples` times in a row, a closed or half-open breaker
  /// opens. Returns true if this report opened it. Throws std::out_of_range for an unknown name.
  bool report_signal(std::string_view trigger, double value);

  // ---- Operator controls --------------------------------------------------------------

  void force_open();   ///< ForcedOpen until force_close(), disable() or reset()
  void force_close();  ///< Closed now, with empty windows (also when it was closed already)
  void disable();      ///< Disabled: everything passes, nothing trips
  /// MetricsOnly: everything passes and fills empty windows and the metrics; nothing trips.
  void metrics_only();
  void reset();        ///< Closed, empty windows, backoff streak and trigger counts cleared

  // ---- Observation --------------------------------------------------------------------

  [[nodiscard]] BreakerMetrics metrics() const;
  void reset_metrics();
  ListenerId add_listener(Listener listener);
  bool remove_listener(ListenerId id);

  [[nodiscard]] BreakerSnapshot snapshot() const;
  void restore(const BreakerSnapshot& snapshot);

  /// Bytes owned by this breaker (object, configuration, windows, listeners, and its counters'
  /// cells in the threads that count).
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  enum class Outcome : std::uint8_t { kSuccess, kFailure, kTimeout, kIgnore };
  struct TransitionRecord {
    bool happened = false;
    BreakerEvent event{};
  };
  /// flags_ bits: what the inline paths need to know without reaching the configuration.
  static constexpr std::uint8_t kNeedsTime = 1, kClassifiesResults = 2;
  static std::uint8_t flags_for(const detail::Runtime& rt) noexcept {
    return static_cast<std::uint8_t>((rt.needs_time ? kNeedsTime : 0) | (rt.classifies_results ? kClassifiesResults : 0));
  }
  [[nodiscard]] bool classifies_results() const noexcept {
    return (flags_.load(std::memory_order_relaxed) & kClassifiesResults) != 0;
  }
  /// Whether the configuration's result classifier counts `value` as a failure.
  bool result_is_failure(const ResultView& value) const noexcept;

  /// The current ledger (and through it the configuration); valid while a ReadGuard is held.
  /// seq_cst (a plain load on x86) pairs with the reclaimer's scan where membarrier is missing.
  [[nodiscard]] detail::Ledger& ledger() const noexcept { return *ledger_.load(std::memory_order_seq_cst); }
  [[nodiscard]] bool has_listeners() const noexcept {
    return listeners_.load(std::memory_order_relaxed) != nullptr;
  }

  [[nodiscard]] std::int64_t coarse_now() const noexcept {
    return system_clock_ ? SystemClock::read_coarse_ns() : clock_->coarse_now_ns();
  }

  // Backoff streak (under mutex_).
  /// The trip streak the next trip would continue (0 once a close has outlived backoff_memory).
  [[nodiscard]] std::uint32_t trip_streak(BreakerState state, std::int64_t now, const detail::Runtime& rt) const {
    return state == BreakerState::kClosed && streak_forgotten(now, rt) ? 0 : consecutive_trips_;
  }
  /// The last close has outlived backoff_memory.
  [[nodiscard]] bool streak_forgotten(std::int64_t now, const detail::Runtime& rt) const {
    return now - closed_at_ns_ >= rt.config.backoff_memory.count();
  }

  // The two hot paths stay inline and small (everything else is out of line), so that call()
  // itself can be inlined into the caller's loop.
  Permit acquire() noexcept {
    const std::uint64_t w = word_.load(std::memory_order_acquire);
    if (detail::code(w) == detail::kCodeClosed && (flags_.load(std::memory_order_relaxed) & kNeedsTime) == 0)
        [[likely]] {
      return {Permit::Kind::kClosed, detail::generation(w)};
    }
    // The common open-state rejection: one clock read, one per-thread increment.
    if (detail::code(w) == detail::kCodeOpen && !has_listeners() &&
        coarse_now() < timing_ns_.load(std::memory_order_acquire)) {
      rejected_.add();
      return {};
    }
    return acquire_slow(w);  // also a closed breaker whose rules need the call's start time
  }
  Permit acquire_slow(std::uint64_t w) noexcept;
  Permit admitted(Permit::Kind kind, std::uint32_t gen) const noexcept;

  /// Records a successful call whose latency was not measured by the caller.
  void complete_success(const Permit& p) noexcept {
    if (p.kind == Permit::Kind::kClosed && !has_listeners()) [[likely]] {
      detail::ReadGuard guard;
      detail::Ledger& l = ledger();
      if (l.fast_success) [[likely]] {
        successful_.add();
        // A report of another period only counts: its window is not this one.
        if (l.generation != p.generation || detail::generation(word_.load(std::memory_order_relaxed)) != p.generation) {
          return;
        }
        if (l.consecutive_failures.load(std::memory_order_relaxed) != 0) {
          l.consecutive_failures.store(0, std::memory_order_relaxed);
        }
        // Only a window holding failures or slow calls can trip (once minimum_calls is reached).
        if (l.count_window->record_success() && l.runtime->rate_rules) [[unlikely]] evaluate_count_window(l);
        return;
      }
    }
    finish(p, Outcome::kSuccess, -1);
  }

  /// Records the outcome of a call; `latency_ns` < 0 means "not measured yet".
  void finish(const Permit& p, Outcome outcome, std::int64_t latency_ns) noexcept;
  CallStatus finish_exception(const Permit& p, const std::exception_ptr& e, std::int64_t latency_ns) noexcept;
  /// Records a closed-state (or metrics-only) call into `l`, then applies the trip rules.
  void record_closed(detail::Ledger& l, const Permit& p, bool failure, bool slow, std::int64_t now_ns) noexcept;
  void record_trial(const detail::Runtime& rt, std::uint32_t generation, bool failure, bool slow) noexcept;
  /// The half-open period `gen` is settled to reopen: stops admission, and reopens the breaker
  /// once no admitted trial is still running.
  void settle_open(const detail::Runtime& rt, std::uint32_t gen) noexcept;
  void evaluate_rates(detail::Ledger& l, const WindowTotals& t) noexcept;
  void evaluate_count_window(detail::Ledger& l) noexcept;
  void reject(std::uint64_t w) noexcept;

  /// Moves from state code `from` of generation `gen` to `to`, unless the breaker has moved
  /// on already, or (with `judged_by`) a new ledger has replaced the one the decision was
  /// made on. Returns true if this call made the transition.
  bool transition(std::uint8_t from, std::uint32_t gen, BreakerState to, TransitionReason reason,
                  const detail::Ledger* judged_by = nullptr, std::string_view detail = {});
  /// Unconditional operator transition.
  void force(BreakerState to, TransitionReason reason);
  /// With mutex_ held: performs the transition from word `w` and returns the event to emit.
  TransitionRecord transition_locked(std::uint64_t w, BreakerState to, TransitionReason reason,
                                     std::int64_t now_ns);
  /// With mutex_ held: publishes a fresh ledger for generation `gen` on `runtime`, retiring
  /// the current one.
  void start_ledger_locked(std::shared_ptr<const detail::Runtime> runtime, std::uint32_t gen);
  /// With mutex_ held: a new generation of the same closed state, with a fresh ledger.
  void restart_closed_locked(std::uint64_t w);
  void emit(const BreakerEvent& event) const noexcept;
  void emit_call_event(EventKind kind, Nanos latency) const noexcept;
  /// With mutex_ held: publishes `next` (null: none) as the listener list, retiring the current one.
  void publish_listeners_locked(std::unique_ptr<detail::ListenerList> next);

  template <class R>
  CallResult<R> finish_call(const Permit& p, std::exception_ptr error, CallResult<R>&& ok, std::int64_t start_ns,
                            Nanos timeout);
  /// Records a call that returned `ok` (judging its value if results are classified).
  template <class R>
  CallResult<R> finish_value(const Permit& p, CallResult<R>&& ok, std::int64_t latency_ns);
  template <class R, class G>
  void apply_fallback(CallResult<R>& result, G& fallback);

  // Read on every call: state word, timing, ledger and flags share one cache line that is
  // written only by transitions and configuration changes.
  alignas(64) std::atomic<std::uint64_t> word_;
  /// Open: end of the break. HalfOpen: the max-wait deadline. INT64_MAX while a transition
  /// is being published and in the other states.
  std::atomic<std::int64_t> timing_ns_{INT64_MAX};
  /// Owned by the breaker (replaced ones go to retired_ until no reader can hold them).
  std::atomic<detail::Ledger*> ledger_{nullptr};
  /// Owned like ledger_; null when there are no listeners.
  std::atomic<const detail::ListenerList*> listeners_{nullptr};
  const Clock* clock_;
  /// Counted in per-thread cells, so the rejection path writes no shared line.
  PerThreadCounter rejected_;
  std::atomic<std::uint8_t> flags_{0};
  bool system_clock_;  ///< clock_ is a SystemClock: read the coarse time without a virtual call
  // The last transition (guarded by mutex_; written only when word_ is written anyway).
  std::optional<TransitionReason> last_reason_;
  BreakerState last_from_ = BreakerState::kClosed;

  // Read on every successful call (the counter's cell index); written only on failures and
  // rarer outcomes.
  alignas(64) PerThreadCounter successful_;
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> timed_out_{0};
  std::atomic<std::uint64_t> slow_{0};
  std::atomic<std::uint64_t> ignored_{0};
  std::atomic<std::uint64_t> fallbacks_{0};
  /// The trial tally of the current (or last) half-open period (see detail::tally).
  std::atomic<std::uint64_t> trials_{0};

  std::atomic<std::uint64_t> trips_{0};
  std::atomic<std::int64_t> last_failure_ns_{-1};
  std::array<std::atomic<std::uint64_t>, kStateCount> transitions_to_{};
  LatencyHistogram latency_;

  // Guarded by mutex_.
  mutable std::mutex mutex_;
  std::int64_t state_entered_ns_ = 0;  ///< time of the last transition, or of the creation
  std::int64_t open_accumulated_ns_ = 0;
  std::int64_t metrics_since_ns_ = 0;  ///< last reset_metrics(); open time before it is not counted
  std::uint32_t consecutive_trips_ = 0;
  std::uint32_t jitter_stream_;  ///< stream element of this breaker's jitter, from its name
  std::int64_t closed_at_ns_ = 0;     ///< last close, for backoff_memory
  std::uint64_t breaks_started_ = 0;  ///< counter of the jitter random stream
  std::vector<std::uint32_t> trigger_violations_;
  ListenerId next_listener_id_ = 1;
  detail::RetiredObjects retired_;

  std::string name_;
  std::shared_ptr<const Clock> clock_owner_;
};

// ---- Template definitions -----------------------------------------------------------------

// Always inlined: the closed-state call and the open-state rejection then cost no function
// call or frame of their own (about 1.5 ns of a 15 ns closed call); everything rare is out of
// line, so what is inlined is a few dozen instructions plus the callable.
template <class F>
[[gnu::always_inline]] inline auto CircuitBreaker::call(F&& fn) -> CallResult<call_value_t<F>> {
  using R = call_value_t<F>;
  const Permit p = acquire();
  if (!p) return CallResult<R>::make(CallStatus::kRejected);
  if constexpr (std::is_void_v<R>) {
    try {
      std::invoke(fn);
    } catch (...) {
      const std::exception_ptr e = std::current_exception();
      return CallResult<R>::make(finish_exception(p, e, -1), e);
    }
    complete_success(p);
    return CallResult<R>::success();
  } else {
    std::exception_ptr e;
    try {
      CallResult<R> result = CallResult<R>::success(std::invoke(fn));
      if (classifies_results() && result_is_failure(ResultView(result.value()))) [[unlikely]] {
        finish(p, Outcome::kFailure, -1);
        result.mark_failed_result();
        return result;
      }
      complete_success(p);
      return result;
    } catch (...) {
      e = std::current_exception();
    }
    const CallStatus status = finish_exception(p, e, -1);  // before `e` is copied
    return CallResult<R>::make(status, std::move(e));
  }
}

template <class R, class G>
void CircuitBreaker::apply_fallback(CallResult<R>& result, G& fallback) {
  if (result.succeeded()) return;
  try {
    if constexpr (std::is_invocable_v<G&, const FallbackCause&>) {
      const FallbackCause cause{result.status(), result.error()};
      if constexpr (std::is_void_v<R>) {
        std::invoke(fallback, cause);
        result.set_fallback_value(true);
      } else {
        result.set_fallback_value(std::invoke(fallback, cause));
      }
    } else {
      if constexpr (std::is_void_v<R>) {
        std::invoke(fallback);
        result.set_fallback_value(true);
      } else {
        result.set_fallback_value(std::invoke(fallback));
      }
    }
  } catch (...) {
    result.set_fallback_error(std::current_exception());
    return;
  }
  record_fallback();
}

template <class F, class G>
auto CircuitBreaker::call(F&& fn, G&& fallback) -> CallResult<call_value_t<F>> {
  auto result = call(fn);
  apply_fallback(result, fallback);
  return result;
}

template <class R>
CallResult<R> CircuitBreaker::finish_call(const Permit& p, std::exception_ptr error, CallResult<R>&& ok,
                                          std::int64_t start_ns, Nanos timeout) {
  const std::int64_t latency = clock_->now_ns() - start_ns;
  if (latency >= timeout.count()) {
    finish(p, Outcome::kTimeout, latency);
    return CallResult<R>::make(CallStatus::kTimedOut, std::move(error));
  }
  if (error) {
    // Classify before the exception is moved into the result: the order in which function
    // arguments are evaluated is unspecified.
    const CallStatus status = finish_exception(p, error, latency);
    return CallResult<R>::make(status, std::move(error));
  }
  return finish_value(p, std::move(ok), latency);
}

template <class R>
CallResult<R> CircuitBreaker::finish_value(const Permit& p, CallResult<R>&& ok, std::int64_t latency_ns) {
  if constexpr (!std::is_void_v<R>) {
    if (classifies_results() && result_is_failure(ResultView(ok.value()))) {
      finish(p, Outcome::kFailure, latency_ns);
      ok.mark_failed_result();
      return std::move(ok);
    }
  }
  finish(p, Outcome::kSuccess, latency_ns);
  return std::move(ok);
}

template <class F>
auto CircuitBreaker::call_with_timeout(F&& fn, Nanos timeout) {
  using R = detail::deadline_result_t<F>;
  const Permit p = acquire();
  if (!p) return CallResult<R>::make(CallStatus::kRejected);
  const std::int64_t start = p.timed ? p.start_ns : clock_->now_ns();
  const Deadline deadline(*clock_, start + timeout.count());
  CallResult<R> ok = CallResult<R>::make(CallStatus::kSuccess);
  std::exception_ptr error;
  try {
    if constexpr (std::is_void_v<R>) {
      detail::invoke_with_deadline(fn, deadline);
      ok = CallResult<R>::success();
    } else {
      ok = CallResult<R>::success(detail::invoke_with_deadline(fn, deadline));
    }
  } catch (...) {
    error = std::current_exception();
  }
  return finish_call<R>(p, std::move(error), std::move(ok), start, timeout);
}

template <class F>
auto CircuitBreaker::call_future(F&& start_call, Nanos timeout) {
  using Future = std::invoke_result_t<F&>;
  using R = std::remove_cvref_t<decltype(std::declval<Future&>().get())>;
  const Permit p = acquire();
  if (!p) return CallResult<R>::make(CallStatus::kRejected);
  const std::int64_t start = p.timed ? p.start_ns : clock_->now_ns();
  CallResult<R> ok = CallResult<R>::make(CallStatus::kSuccess);
  std::exception_ptr error;
  bool ready = true;
  try {
    Future future = std::invoke(start_call);
    ready = future.wait_for(timeout) == std::future_status::ready;
    if (ready) {
      if constexpr (std::is_void_v<R>) {
        future.get();
        ok = CallResult<R>::success();
      } else {
        ok = CallResult<R>::success(future.get());
      }
    }
  } catch (...) {
    error = std::current_exception();
  }
  const std::int64_t latency = clock_->now_ns() - start;
  if (!ready) {
    finish(p, Outcome::kTimeout, latency);
    return CallResult<R>::make(CallStatus::kTimedOut);
  }
  if (error) {
    const CallStatus status = finish_exception(p, error, latency);  // before `error` is moved
    return CallResult<R>::make(status, std::move(error));
  }
  return finish_value(p, std::move(ok), latency);
}

template <class F>
auto CircuitBreaker::call_with_timeout(TimeoutExecutor& executor, F&& fn, Nanos timeout) {
  using R = detail::deadline_result_t<F>;
  const Permit p = acquire();
  if (!p) return CallResult<R>::make(CallStatus::kRejected);
  const std::int64_t start = p.timed ? p.start_ns : clock_->now_ns();
  auto state = std::make_shared<detail::TimedCallState<R>>();
  if (!executor.try_submit(std::make_unique<detail::TimedCallTask<R, std::decay_t<F>>>(
          state, std::forward<F>(fn), clock_owner_, start + timeout.count(), executor))) {
    release(p);  // the call was not made: nothing to judge
    rejected_.add();
    return CallResult<R>::make(CallStatus::kRejected, std::make_exception_ptr(ExecutorSaturatedError()));
  }
  std::unique_lock lock(state->mutex);
  if (!state->finished.wait_for(lock, timeout, [&] { return state->done; })) {
    state->abandoned = true;
    executor.note_abandoned();  // under the lock: the worker notes the end under it too
    lock.unlock();
    finish(p, Outcome::kTimeout, clock_->now_ns() - start);
    return CallResult<R>::make(CallStatus::kTimedOut);
  }
  lock.unlock();
  CallResult<R> ok = CallResult<R>::make(CallStatus::kSuccess);
  if (state->value) {
    if constexpr (std::is_void_v<R>) {
      ok = CallResult<R>::success();
    } else {
      ok = CallResult<R>::success(std::move(*state->value));
    }
  }
  return finish_call<R>(p, std::move(state->error), std::move(ok), start, timeout);
}

}  // namespace snnft::breaker
