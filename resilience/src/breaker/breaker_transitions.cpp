// SPDX-License-Identifier: MIT
// The state machine: admission outside the closed fast path, recording of outcomes, rule
// evaluation and transitions.
//
// Concurrency model. Every change of state or generation happens under mutex_, in
// transition_locked(). Outside the mutex only half-open admission (permits issued) and
// release touch the word by compare-exchange; neither changes the state or the generation,
// so a thread holding the mutex knows that what it read stays valid.
// A transition publishes what the new state judges by before the state itself: the timing
// word is set to INT64_MAX first and to its real value after; a period that counts calls gets
// a fresh ledger (windows, failure run) and a half-open period a fresh trial tally before the
// word changes. A caller that sees the new state therefore never sees the previous state's
// deadline or data. Outcomes are recorded only into the ledger of the generation that
// admitted the call, and a rule trips only if the ledger it judged is still the current one.
#include <algorithm>
#include <limits>

#include "snnft/resilience/breaker/backoff.hpp"
#include "snnft/resilience/breaker/circuit_breaker.hpp"

namespace snnft::breaker {

using namespace detail;

namespace {
std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) return std::numeric_limits<std::int64_t>::max();
  return a + b;
}
}  // namespace

Permit CircuitBreaker::admitted(Permit::Kind kind, std::uint32_t gen) const noexcept {
  if (flags_.load(std::memory_order_relaxed) & kNeedsTime) return {kind, gen, clock_->now_ns(), true};
  return {kind, gen};
}

Permit CircuitBreaker::acquire_slow(std::uint64_t w) noexcept {
  for (;;) {
    switch (code(w)) {
      case kCodeClosed:
        return admitted(Permit::Kind::kClosed, generation(w));
      case kCodeDisabled:
        return admitted(Permit::Kind::kPassThrough, generation(w));
      case kCodeMetricsOnly:
        return admitted(Permit::Kind::kMetricsOnly, generation(w));
      case kCodeOpen:
        if (coarse_now() < timing_ns_.load(std::memory_order_acquire)) {
          reject(w);
          return {};
        }
        transition(kCodeOpen, generation(w), BreakerState::kHalfOpen, TransitionReason::kBreakElapsed);
        break;
      case kCodeHalfOpen: {
        if (coarse_now() >= timing_ns_.load(std::memory_order_acquire)) {
          transition(kCodeHalfOpen, generation(w), BreakerState::kOpen, TransitionReason::kHalfOpenMaxWait);
          break;
        }
        std::uint32_t permitted = 0;
        {
          ReadGuard guard;
          permitted = ledger().runtime->config.permitted_calls_in_half_open;
        }
        const std::uint32_t n = issued(w);
        if (n >= permitted || (w & kAdmissionClosed) != 0) {
          reject(w);
          return {};
        }
        if (word_.compare_exchange_weak(w, with_issued(w, n + 1), std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
          return admitted(Permit::Kind::kTrial, generation(w));
        }
        continue;  // the failed exchange reloaded w
      }
      default:  // forced open
        reject(w);
        return {};
    }
    w = word_.load(std::memory_order_acquire);
  }
}

void CircuitBreaker::reject(std::uint64_t w) noexcept {
  rejected_.add();
  if (has_listeners()) {
    BreakerEvent e{EventKind::kRejected, name_, clock_->now_ns()};
    e.to = public_state(code(w));
    emit(e);
  }
}

void CircuitBreaker::finish(const Permit& p, Outcome outcome, std::int64_t latency_ns) noexcept {
  if (outcome == Outcome::kIgnore) {
    ignored_.fetch_add(1, std::memory_order_relaxed);
    release(p);
    if (has_listeners()) emit_call_event(EventKind::kIgnoredError, Nanos(std::max<std::int64_t>(latency_ns, 0)));
    return;
  }
  ReadGuard guard;
  Ledger& l = ledger();
  const Runtime& rt = *l.runtime;
  const bool failure = outcome != Outcome::kSuccess;
  const std::int64_t now = rt.needs_time ? clock_->now_ns() : -1;
  if (latency_ns < 0 && p.timed && now >= 0) latency_ns = now - p.start_ns;
  bool slow = false;
  if (latency_ns >= 0) {
    if (rt.measure_latency) latency_.record(Nanos(latency_ns));
    slow = rt.slow_threshold_ns > 0 && latency_ns >= rt.slow_threshold_ns;
  }
  if (slow) slow_.fetch_add(1, std::memory_order_relaxed);
  if (failure) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    if (outcome == Outcome::kTimeout) timed_out_.fetch_add(1, std::memory_order_relaxed);
    last_failure_ns_.store(now >= 0 ? now : coarse_now(), std::memory_order_relaxed);
  } else {
    successful_.add();
  }

  switch (p.kind) {
    case Permit::Kind::kClosed:
    case Permit::Kind::kMetricsOnly: record_closed(l, p, failure, slow, now); break;
    case Permit::Kind::kTrial: record_trial(rt, p.generation, failure, slow); break;
    default: break;  // disabled: counted only
  }

  if (has_listeners()) {
    const Nanos latency(std::max<std::int64_t>(latency_ns, 0));
    emit_call_event(failure ? EventKind::kFailure : EventKind::kSuccess, latency);
    if (outcome == Outcome::kTimeout) emit_call_event(EventKind::kTimeout, latency);
  }
}

CallStatus CircuitBreaker::finish_exception(const Permit& p, const std::exception_ptr& e,
                                            std::int64_t latency_ns) noexcept {
  ErrorKind kind = ErrorKind::kFailure;
  {
    ReadGuard guard;
    const ErrorClassifier& classify = ledger().runtime->config.classify_error;
    if (classify) {
      try {
        kind = classify(e);
      } catch (...) {
        kind = ErrorKind::kFailure;  // a broken classifier must not hide failures
      }
    }
  }
  finish(p, kind == ErrorKind::kIgnore ? Outcome::kIgnore : Outcome::kFailure, latency_ns);
  return kind == ErrorKind::kIgnore ? CallStatus::kIgnoredError : CallStatus::kFailure;
}

void CircuitBreaker::record_closed(Ledger& l, const Permit& p, bool failure, bool slow, std::int64_t now_ns) noexcept {
  // A call admitted in another period only counts; the window belongs to the current one.
  if (l.generation != p.generation || generation(word_.load(std::memory_order_acquire)) != p.generation) return;
  const Runtime& rt = *l.runtime;
  std::uint32_t in_a_row = 0;
  if (failure) {
    in_a_row = l.consecutive_failures.fetch_add(1, std::memory_order_relaxed) + 1;
  } else if (l.consecutive_failures.load(std::memory_order_relaxed) != 0) {
    l.consecutive_failures.store(0, std::memory_order_relaxed);
  }
  const WindowTotals t = l.count_window ? l.count_window->record(failure, slow)
                                        : l.time_window->record(now_ns, failure, slow);
  WindowTotals in_period;
  if (l.failure_count_window) in_period = l.failure_count_window->record(now_ns, failure, slow);
  if (p.kind == Permit::Kind::kMetricsOnly) return;  // counted and windowed, never judged
  const BreakerConfig& c = rt.config;
  if (failure && c.consecutive_failures > 0 && in_a_row >= c.consecutive_failures) {
    transition(kCodeClosed, p.generation, BreakerState::kOpen, TransitionReason::kConsecutiveFailures, &l);
    return;
  }
  if (failure && l.failure_count_window && in_period.failures >= c.failure_count_threshold &&
      in_period.calls >= c.failure_count_minimum_calls) {
    transition(kCodeClosed, p.generation, BreakerState::kOpen, TransitionReason::kFailureCount, &l);
    return;
  }
  if (rt.rate_rules && (t.failures | t.slow) != 0) evaluate_rates(l, t);
}

void CircuitBreaker::evaluate_rates(Ledger& l, const WindowTotals& t) noexcept {
  const BreakerConfig& c = l.runtime->config;
  if (t.calls < c.minimum_calls || t.calls == 0) return;
  const double calls = static_cast<double>(t.calls);
  if (c.failure_rate_threshold > 0.0 && t.failures / calls >= c.failure_rate_threshold) {
    transition(kCodeClosed, l.generation, BreakerState::kOpen, TransitionReason::kFailureRate, &l);
  } else if (l.runtime->slow_threshold_ns > 0 && t.slow / calls >= c.slow_call_rate_threshold) {
    transition(kCodeClosed, l.generation, BreakerState::kOpen, TransitionReason::kSlowCallRate, &l);
  }
}

void CircuitBreaker::evaluate_count_window(Ledger& l) noexcept { evaluate_rates(l, l.count_window->totals()); }

void CircuitBreaker::record_trial(const Runtime& rt, std::uint32_t gen, bool failure, bool slow) noexcept {
  const std::uint32_t permitted = rt.config.permitted_calls_in_half_open;
  std::uint64_t t = trials_.load(std::memory_order_acquire);
  for (;;) {
    if (!tally::belongs_to(t, gen)) return;  // a trial of an earlier half-open period
    std::uint32_t succ = tally::get(t, tally::kSucc);
    std::uint32_t fail = tally::get(t, tally::kFail);
    if (succ + fail >= permitted) return;  // decided already (a report without a permit)
    std::uint32_t run = tally::get(t, tally::kRun);
    std::uint32_t best = tally::get(t, tally::kBest);
    std::uint32_t slow_trials = tally::get(t, tally::kSlow) + (slow ? 1 : 0);
    if (failure) {
      ++fail;
      run = 0;
    } else {
      ++succ;
      best = std::max(best, ++run);
    }
    std::uint64_t next = tally::set(t, tally::kSucc, succ);
    next = tally::set(next, tally::kFail, fail);
    next = tally::set(next, tally::kSlow, slow_trials);
    next = tally::set(next, tally::kRun, run);
    next = tally::set(next, tally::kBest, best);
    if (!trials_.compare_exchange_weak(t, next, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    const bool too_many_failed = fail >= rt.open_after_failures;
    // Working, but as slow as the closed state would not accept.
    const bool too_slow = rt.slow_threshold_ns > 0 && slow_trials >= rt.open_after_slow;
    if (succ + fail < permitted) {
      // Trials are still to come. The outcome is already settled if the failure or slow rule
      // is met: admission stops, and the breaker reopens once no admitted trial is still
      // running, so that no trial's result is ever discarded.
      if (too_many_failed || too_slow) settle_open(rt, gen);
      return;
    }
    // The report that completes the permitted trials decides, so exactly one thread does.
    const bool consecutive_rule = rt.config.half_open_success_rule == HalfOpenSuccessRule::kConsecutiveSuccesses;
    const bool succeeded = (consecutive_rule ? best : succ) >= rt.close_after;
    TransitionReason reason = TransitionReason::kTrialsSucceeded;
    if (too_many_failed || !succeeded) {
      reason = TransitionReason::kTrialsFailed;
    } else if (too_slow) {
      reason = TransitionReason::kSlowCallRate;
    }
    const BreakerState to =
        reason == TransitionReason::kTrialsSucceeded ? BreakerState::kClosed : BreakerState::kOpen;
    transition(kCodeHalfOpen, gen, to, reason);
    return;
  }
}

void CircuitBreaker::settle_open(const Runtime& rt, std::uint32_t gen) noexcept {
  std::uint64_t w = word_.load(std::memory_order_acquire);
  while ((w & kAdmissionClosed) == 0) {
    if (code(w) != kCodeHalfOpen || generation(w) != gen) return;
    if (word_.compare_exchange_weak(w, w | kAdmissionClosed, std::memory_order_acq_rel, std::memory_order_acquire)) {
      w |= kAdmissionClosed;
    }
  }
  if (code(w) != kCodeHalfOpen || generation(w) != gen) return;
  // Every trial admitted has reported (or was released): nothing is left to wait for. Several
  // threads may get here; the transition happens once.
  const std::uint64_t t = trials_.load(std::memory_order_acquire);
  if (!tally::belongs_to(t, gen)) return;
  if (issued(w) != tally::get(t, tally::kSucc) + tally::get(t, tally::kFail)) return;
  const bool too_many_failed = tally::get(t, tally::kFail) >= rt.open_after_failures;
  transition(kCodeHalfOpen, gen, BreakerState::kOpen,
             too_many_failed ? TransitionReason::kTrialsFailed : TransitionReason::kSlowCallRate);
}

bool CircuitBreaker::transition(std::uint8_t from, std::uint32_t gen, BreakerState to, TransitionReason reason,
                                const Ledger* judged_by, std::string_view detail) {
  TransitionRecord rec;
  {
    std::lock_guard lock(mutex_);
    const std::uint64_t w = word_.load(std::memory_order_acquire);
    if (code(w) != from || generation(w) != gen) return false;
    if (judged_by != nullptr && ledger_.load(std::memory_order_relaxed) != judged_by) return false;
    rec = transition_locked(w, to, reason, clock_->now_ns());
  }
  if (rec.happened) {
    rec.event.detail = detail;
    emit(rec.event);
  }
  return rec.happened;
}

void CircuitBreaker::force(BreakerState to, TransitionReason reason) {
  TransitionRecord rec;
  {
    std::lock_guard lock(mutex_);
    const std::uint64_t w = word_.load(std::memory_order_acquire);
    if (reason == TransitionReason::kOperator && public_state(code(w)) == to) {
      // Already there; a closed breaker still starts over with empty windows.
      if (to == BreakerState::kClosed) restart_closed_locked(w);
      return;
    }
    rec = transition_locked(w, to, reason, clock_->now_ns());
  }
  emit(rec.event);
}

void CircuitBreaker::start_ledger_locked(std::shared_ptr<const Runtime> runtime, std::uint32_t gen) {
  auto next = std::make_unique<Ledger>(std::move(runtime), gen);
  Ledger* old = ledger_.exchange(next.release(), std::memory_order_seq_cst);
  if (old != nullptr) {
    const std::size_t bytes = old->memory_bytes();
    retired_.retire(std::shared_ptr<const Ledger>(old), bytes);
  }
}

void CircuitBreaker::restart_closed_locked(std::uint64_t w) {
  // A new generation without a transition: calls admitted before it are reported into the
  // ledger they were admitted under, which nothing judges by any more.
  const std::uint32_t gen = generation(w) + 1;
  start_ledger_locked(ledger_.load(std::memory_order_relaxed)->runtime, gen);
  std::uint64_t expected = w;
  while (!word_.compare_exchange_weak(expected, make_word(kCodeClosed, gen), std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
  }
  std::fill(trigger_violations_.begin(), trigger_violations_.end(), 0u);
}

CircuitBreaker::TransitionRecord CircuitBreaker::transition_locked(std::uint64_t w, BreakerState to,
                                                                   TransitionReason reason, std::int64_t now) {
  // Kept alive here: the ledger holding it may be replaced (and reclaimed) just below.
  const std::shared_ptr<const Runtime> runtime = ledger_.load(std::memory_order_relaxed)->runtime;
  const Runtime& rt = *runtime;
  const std::uint32_t gen = generation(w) + 1;
  timing_ns_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
  // What the new state judges by is in place before the state is published.
  if (counts_calls(to)) start_ledger_locked(runtime, gen);
  if (to == BreakerState::kHalfOpen) trials_.store(tally::fresh(gen), std::memory_order_relaxed);
  // Under the mutex only admission and release change the word, and only its issued count.
  std::uint64_t expected = w;
  while (!word_.compare_exchange_weak(expected, make_word(static_cast<std::uint8_t>(to), gen),
                                      std::memory_order_acq_rel, std::memory_order_acquire)) {
  }

  const BreakerState from = public_state(code(w));
  if (from == BreakerState::kOpen || from == BreakerState::kForcedOpen) {
    open_accumulated_ns_ += now - std::max(state_entered_ns_, metrics_since_ns_);
  }
  state_entered_ns_ = now;
  last_from_ = from;
  last_reason_ = reason;
  transitions_to_[static_cast<std::size_t>(to)].fetch_add(1, std::memory_order_relaxed);
  switch (to) {
    case BreakerState::kOpen: {
      // A trip from Closed continues the streak only within backoff_memory of the close.
      if (from == BreakerState::kClosed && streak_forgotten(now, rt)) consecutive_trips_ = 0;
      ++consecutive_trips_;
      trips_.fetch_add(1, std::memory_order_relaxed);
      const double u = rt.config.jitter > 0.0
                           ? jitter_uniform(rt.config.jitter_seed, jitter_stream_, breaks_started_)
                           : 0.5;
      ++breaks_started_;
      const Nanos d = break_duration_for(rt.config, consecutive_trips_, u);
      timing_ns_.store(saturating_add(now, d.count()), std::memory_order_release);
      break;
    }
    case BreakerState::kHalfOpen:
      timing_ns_.store(saturating_add(now, rt.config.max_wait_in_half_open.count()), std::memory_order_release);
      break;
    case BreakerState::kClosed:
      // The backoff streak ends here, or (with a backoff memory) unless it trips again soon;
      // an operator's reset always starts afresh.
      closed_at_ns_ = now;
      if (rt.config.backoff_memory.count() == 0 || reason == TransitionReason::kReset) consecutive_trips_ = 0;
      std::fill(trigger_violations_.begin(), trigger_violations_.end(), 0u);
      break;
    default:
      break;
  }
  TransitionRecord rec;
  rec.happened = true;
  rec.event.breaker = name_;
  rec.event.time_ns = now;
  rec.event.from = from;
  rec.event.to = to;
  rec.event.reason = reason;
  return rec;
}

void CircuitBreaker::emit(const BreakerEvent& event) const noexcept {
  ReadGuard guard;
  const ListenerList* list = listeners_.load(std::memory_order_seq_cst);
  if (list == nullptr) return;
  for (const auto& entry : list->entries) {
    try {
      entry.second(event);
    } catch (...) {
      // A failing listener must not turn a successful call into an error.
    }
  }
}

void CircuitBreaker::emit_call_event(EventKind kind, Nanos latency) const noexcept {
  BreakerEvent e{kind, name_, clock_->now_ns()};
  e.to = peek_state();
  e.latency = latency;
  emit(e);
}

}  // namespace snnft::breaker
