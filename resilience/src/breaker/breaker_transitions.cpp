// SPDX-License-Identifier: MIT
// The state machine: admission outside the closed fast path, recording of outcomes, rule
// evaluation and transitions.
//
// Concurrency model. Every change of state or generation happens under mutex_, in
// transition_locked(). Outside the mutex only two kinds of compare-exchange touch the word:
// half-open admission (permits issued) and half-open reports (trial counts, and the move to a
// "deciding" code by the one report that settles the trials). Neither changes the generation,
// so a thread holding the mutex knows that the generation it read stays valid.
// The timing word is set to INT64_MAX before a new state is published and to its real value
// after, so a reader that sees the new state never pairs it with the previous state's deadline.
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

Permit CircuitBreaker::admitted(const Runtime& rt, Permit::Kind kind, std::uint32_t gen) const noexcept {
  if (rt.needs_time) return {kind, gen, clock_->now_ns(), true};
  return {kind, gen};
}

Permit CircuitBreaker::acquire_slow(const Runtime& rt, std::uint64_t w) noexcept {
  for (;;) {
    switch (code(w)) {
      case kCodeClosed:
        return admitted(rt, Permit::Kind::kClosed, generation(w));
      case kCodeDisabled:
        return admitted(rt, Permit::Kind::kPassThrough, generation(w));
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
        const std::uint32_t issued = field(w, kIssuedShift);
        if (issued >= rt.config.permitted_calls_in_half_open) {
          reject(w);
          return {};
        }
        if (word_.compare_exchange_weak(w, with_field(w, kIssuedShift, issued + 1), std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
          return admitted(rt, Permit::Kind::kTrial, generation(w));
        }
        continue;  // the failed exchange reloaded w
      }
      default:  // forced open, or a half-open decision being applied
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

void CircuitBreaker::finish(const Runtime& rt, const Permit& p, Outcome outcome, std::int64_t latency_ns) noexcept {
  if (outcome == Outcome::kIgnore) {
    ignored_.fetch_add(1, std::memory_order_relaxed);
    release(p);
    if (has_listeners()) emit_call_event(EventKind::kIgnoredError, Nanos(std::max<std::int64_t>(latency_ns, 0)));
    return;
  }
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
    case Permit::Kind::kClosed: record_closed(rt, p, failure, slow, now); break;
    case Permit::Kind::kTrial: record_trial(rt, p.generation, failure); break;
    default: break;  // disabled: counted only
  }

  if (has_listeners()) {
    const Nanos latency(std::max<std::int64_t>(latency_ns, 0));
    emit_call_event(failure ? EventKind::kFailure : EventKind::kSuccess, latency);
    if (outcome == Outcome::kTimeout) emit_call_event(EventKind::kTimeout, latency);
  }
}

CallStatus CircuitBreaker::finish_exception(const Runtime& rt, const Permit& p, const std::exception_ptr& e,
                                            std::int64_t latency_ns) noexcept {
  ErrorKind kind = ErrorKind::kFailure;
  if (rt.config.classify_error) {
    try {
      kind = rt.config.classify_error(e);
    } catch (...) {
      kind = ErrorKind::kFailure;  // a broken classifier must not hide failures
    }
  }
  finish(rt, p, kind == ErrorKind::kIgnore ? Outcome::kIgnore : Outcome::kFailure, latency_ns);
  return kind == ErrorKind::kIgnore ? CallStatus::kIgnoredError : CallStatus::kFailure;
}

void CircuitBreaker::record_closed(const Runtime& rt, const Permit& p, bool failure, bool slow,
                                   std::int64_t now_ns) noexcept {
  // A call admitted before the last transition only counts; the window belongs to the new state.
  if (generation(word_.load(std::memory_order_acquire)) != p.generation) return;
  std::uint32_t in_a_row = 0;
  if (failure) {
    in_a_row = consecutive_failures_.fetch_add(1, std::memory_order_relaxed) + 1;
  } else if (consecutive_failures_.load(std::memory_order_relaxed) != 0) {
    consecutive_failures_.store(0, std::memory_order_relaxed);
  }
  const WindowTotals t = rt.count_window ? rt.count_window->record(failure, slow)
                                         : rt.time_window->record(now_ns, failure, slow);
  if (failure && rt.config.consecutive_failures > 0 && in_a_row >= rt.config.consecutive_failures) {
    transition(kCodeClosed, p.generation, BreakerState::kOpen, TransitionReason::kConsecutiveFailures);
    return;
  }
  if (rt.rate_rules && (t.failures | t.slow) != 0) evaluate_rates(rt, p.generation, t);
}

void CircuitBreaker::evaluate_rates(const Runtime& rt, std::uint32_t gen, const WindowTotals& t) noexcept {
  if (t.calls < rt.config.minimum_calls || t.calls == 0) return;
  const double calls = static_cast<double>(t.calls);
  if (rt.config.failure_rate_threshold > 0.0 && t.failures / calls >= rt.config.failure_rate_threshold) {
    transition(kCodeClosed, gen, BreakerState::kOpen, TransitionReason::kFailureRate);
  } else if (rt.slow_threshold_ns > 0 && t.slow / calls >= rt.config.slow_call_rate_threshold) {
    transition(kCodeClosed, gen, BreakerState::kOpen, TransitionReason::kSlowCallRate);
  }
}

void CircuitBreaker::evaluate_count_window(const Runtime& rt, std::uint32_t gen) noexcept {
  evaluate_rates(rt, gen, rt.count_window->totals());
}

void CircuitBreaker::record_trial(const Runtime& rt, std::uint32_t gen, bool failure) noexcept {
  const std::uint32_t permitted = rt.config.permitted_calls_in_half_open;
  const bool consecutive_rule = rt.config.half_open_success_rule == HalfOpenSuccessRule::kConsecutiveSuccesses;
  std::uint64_t w = word_.load(std::memory_order_acquire);
  for (;;) {
    if (code(w) != kCodeHalfOpen || generation(w) != gen) return;  // decided already: a late trial
    std::uint32_t succ = field(w, kSuccShift);
    std::uint32_t fail = field(w, kFailShift);
    std::uint32_t run = field(w, kRunShift);
    if (failure) {
      ++fail;
      run = 0;
    } else {
      ++succ;
      ++run;
    }
    std::uint64_t next = with_field(with_field(with_field(w, kSuccShift, succ), kFailShift, fail), kRunShift, run);
    std::uint8_t decision = 0;
    if (failure && fail >= rt.open_after_failures) {
      decision = kCodeOpening;
    } else if (!failure && (consecutive_rule ? run : succ) >= rt.close_after) {
      decision = kCodeClosing;
    } else if (succ + fail >= permitted) {
      decision = kCodeOpening;  // every trial reported and the success rule was not met
    }
    if (decision != 0) next = with_code(next, decision);
    if (word_.compare_exchange_weak(w, next, std::memory_order_acq_rel, std::memory_order_acquire)) {
      // Only the report whose exchange set the deciding code gets here with a decision, so
      // exactly one thread completes the transition.
      if (decision == kCodeClosing) {
        transition(kCodeClosing, gen, BreakerState::kClosed, TransitionReason::kTrialsSucceeded);
      } else if (decision == kCodeOpening) {
        transition(kCodeOpening, gen, BreakerState::kOpen, TransitionReason::kTrialsFailed);
      }
      return;
    }
  }
}

bool CircuitBreaker::transition(std::uint8_t from, std::uint32_t gen, BreakerState to, TransitionReason reason,
                                std::string_view detail) {
  TransitionRecord rec;
  {
    std::lock_guard lock(mutex_);
    const std::uint64_t w = word_.load(std::memory_order_acquire);
    if (code(w) != from || generation(w) != gen) return false;
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
    const std::int64_t now = clock_->now_ns();
    for (;;) {
      const std::uint64_t w = word_.load(std::memory_order_acquire);
      if (reason == TransitionReason::kOperator && public_state(code(w)) == to) return;
      rec = transition_locked(w, to, reason, now);
      if (rec.happened) break;  // otherwise a half-open report changed the word; try again
    }
  }
  emit(rec.event);
}

CircuitBreaker::TransitionRecord CircuitBreaker::transition_locked(std::uint64_t w, BreakerState to,
                                                                   TransitionReason reason, std::int64_t now) {
  const Runtime& rt = runtime();
  const std::int64_t old_timing = timing_ns_.load(std::memory_order_relaxed);
  timing_ns_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
  const std::uint64_t next = make_word(static_cast<std::uint8_t>(to), generation(w) + 1);
  std::uint64_t expected = w;
  while (!word_.compare_exchange_weak(expected, next, std::memory_order_acq_rel, std::memory_order_acquire)) {
    if (code(expected) != code(w) || generation(expected) != generation(w)) {
      timing_ns_.store(old_timing, std::memory_order_relaxed);
      return {};
    }
  }

  const BreakerState from = public_state(code(w));
  if (from == BreakerState::kOpen || from == BreakerState::kForcedOpen) {
    open_accumulated_ns_ += now - std::max(state_entered_ns_, metrics_since_ns_);
  }
  state_entered_ns_ = now;
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
      if (rt.count_window) rt.count_window->clear();
      if (rt.time_window) rt.time_window->clear();
      consecutive_failures_.store(0, std::memory_order_relaxed);
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
  const ListenerList* list = listeners_.load(std::memory_order_acquire);
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
