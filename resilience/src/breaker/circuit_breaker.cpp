// SPDX-License-Identifier: MIT
// CircuitBreaker: construction, manual API, triggers, operator controls and observation.
// The state machine itself is in breaker_transitions.cpp.
#include "snnft/resilience/breaker/circuit_breaker.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "snnft/resilience/breaker/backoff.hpp"

namespace snnft::breaker {

using namespace detail;

CircuitBreaker::CircuitBreaker(std::string name, BreakerConfig config, std::shared_ptr<const Clock> clock)
    : word_(make_word(kCodeClosed, 0)),
      clock_(clock.get()),
      system_clock_(dynamic_cast<const SystemClock*>(clock.get()) != nullptr),
      jitter_stream_(jitter_stream_for(name)),
      name_(std::move(name)),
      clock_owner_(std::move(clock)) {
  if (clock_ == nullptr) throw std::invalid_argument("circuit breaker \"" + name_ + "\": clock must not be null");
  validate(config);
  trigger_violations_.assign(config.triggers.size(), 0);
  auto rt = std::make_shared<const Runtime>(std::move(config));
  flags_.store(flags_for(*rt), std::memory_order_relaxed);
  start_ledger_locked(std::move(rt), 0);
  state_entered_ns_ = clock_->now_ns();
  metrics_since_ns_ = state_entered_ns_;
}

CircuitBreaker::~CircuitBreaker() {
  // Nobody may use a breaker that is being destroyed, so no reader can hold these.
  delete ledger_.load(std::memory_order_relaxed);
  delete listeners_.load(std::memory_order_relaxed);
}

namespace {
/// make_shared puts the control block (two counts and a vtable pointer) before the object.
constexpr std::size_t kControlBlockBytes = 16;

std::size_t listener_list_bytes(const ListenerList& list) {
  return sizeof(list) + list.entries.capacity() * sizeof(list.entries[0]);
}
}  // namespace

BreakerConfig CircuitBreaker::config() const {
  ReadGuard guard;
  return ledger().runtime->config;
}

bool CircuitBreaker::result_is_failure(const ResultView& value) const noexcept {
  ReadGuard guard;
  const ResultClassifier& classify = ledger().runtime->config.classify_result;
  if (!classify) return false;  // replaced meanwhile by a configuration without one
  try {
    return classify(value);
  } catch (...) {
    return true;  // a classifier that cannot judge the value does not vouch for it
  }
}

BreakerState CircuitBreaker::state() {
  poll();
  return peek_state();
}

void CircuitBreaker::poll() {
  const std::uint64_t w = word_.load(std::memory_order_acquire);
  const std::int64_t due = timing_ns_.load(std::memory_order_acquire);
  bool automatic_half_open = false;
  {
    ReadGuard guard;
    automatic_half_open = ledger().runtime->config.automatic_half_open;
  }
  if (code(w) == kCodeHalfOpen && clock_->now_ns() >= due) {
    transition(kCodeHalfOpen, generation(w), BreakerState::kOpen, TransitionReason::kHalfOpenMaxWait);
  } else if (code(w) == kCodeOpen && automatic_half_open && clock_->now_ns() >= due) {
    transition(kCodeOpen, generation(w), BreakerState::kHalfOpen, TransitionReason::kBreakElapsed);
  }
}

void CircuitBreaker::update_config(const BreakerConfig& config) {
  validate(config);
  auto rt = std::make_shared<const Runtime>(config);
  std::lock_guard lock(mutex_);
  flags_.store(flags_for(*rt), std::memory_order_relaxed);
  // The generation stays: calls in flight report into the new, empty windows. A decision
  // taken on the old ledger is refused (see transition()).
  start_ledger_locked(std::move(rt), generation(word_.load(std::memory_order_acquire)));
  trigger_violations_.assign(config.triggers.size(), 0);
}

// ---- Manual API ---------------------------------------------------------------------------

void CircuitBreaker::on_success(const Permit& permit, Nanos latency) {
  if (!permit) return;
  finish(permit, Outcome::kSuccess, latency.count() > 0 ? latency.count() : -1);
}

void CircuitBreaker::on_failure(const Permit& permit, Nanos latency) {
  if (!permit) return;
  finish(permit, Outcome::kFailure, latency.count() > 0 ? latency.count() : -1);
}

void CircuitBreaker::on_timeout(const Permit& permit, Nanos latency) {
  if (!permit) return;
  finish(permit, Outcome::kTimeout, latency.count() > 0 ? latency.count() : -1);
}

void CircuitBreaker::release(const Permit& permit) {
  if (permit.kind != Permit::Kind::kTrial) return;
  std::uint64_t w = word_.load(std::memory_order_acquire);
  for (;;) {
    if (code(w) != kCodeHalfOpen || generation(w) != permit.generation) return;
    const std::uint32_t n = issued(w);
    if (n == 0) return;
    if (word_.compare_exchange_weak(w, with_issued(w, n - 1), std::memory_order_acq_rel,
                                    std::memory_order_acquire)) {
      break;
    }
  }
  // A settled period may have been waiting for just this trial.
  if ((w & kAdmissionClosed) != 0) {
    ReadGuard guard;
    settle_open(*ledger().runtime, permit.generation);
  }
}

namespace {
/// A permit standing for "whatever the breaker is doing now", for reports without one.
Permit current_permit(std::uint64_t w) {
  Permit p;
  p.generation = generation(w);
  switch (code(w)) {
    case kCodeClosed: p.kind = Permit::Kind::kClosed; break;
    case kCodeHalfOpen: p.kind = Permit::Kind::kTrial; break;
    case kCodeDisabled: p.kind = Permit::Kind::kPassThrough; break;
    case kCodeMetricsOnly: p.kind = Permit::Kind::kMetricsOnly; break;
    default: p.kind = Permit::Kind::kRejected; break;  // counted, but no rule sees it
  }
  return p;
}
}  // namespace

void CircuitBreaker::on_success(Nanos latency) {
  finish(current_permit(word_.load(std::memory_order_acquire)), Outcome::kSuccess,
         latency.count() > 0 ? latency.count() : -1);
}

void CircuitBreaker::on_failure(Nanos latency) {
  finish(current_permit(word_.load(std::memory_order_acquire)), Outcome::kFailure,
         latency.count() > 0 ? latency.count() : -1);
}

void CircuitBreaker::record_fallback(std::string_view fallback_name) {
  fallbacks_.fetch_add(1, std::memory_order_relaxed);
  if (has_listeners()) {
    BreakerEvent e{EventKind::kFallback, name_, clock_->now_ns()};
    e.to = peek_state();
    e.detail = fallback_name;
    emit(e);
  }
}

// ---- Triggers -----------------------------------------------------------------------------

bool CircuitBreaker::report_signal(std::string_view trigger, double value) {
  // The event carries the trigger's name, which lives in the configuration: the guard keeps
  // it alive until the listeners have run, even if the configuration is replaced meanwhile.
  ReadGuard guard;
  TransitionRecord rec;
  BreakerEvent fired{EventKind::kTriggerFired, name_};
  {
    // Under the mutex the configuration cannot change: update_config() swaps it under it too.
    std::lock_guard lock(mutex_);
    const auto& triggers = ledger_.load(std::memory_order_relaxed)->runtime->config.triggers;
    const auto it =
        std::find_if(triggers.begin(), triggers.end(), [&](const TriggerSpec& t) { return t.name == trigger; });
    if (it == triggers.end()) {
      throw std::out_of_range("circuit breaker \"" + name_ + "\": no trigger named \"" + std::string(trigger) + "\"");
    }
    std::uint32_t& violations = trigger_violations_[static_cast<std::size_t>(it - triggers.begin())];
    if (!it->violated_by(value)) {
      violations = 0;
      return false;
    }
    if (++violations < it->consecutive_samples) return false;
    violations = 0;
    fired.time_ns = clock_->now_ns();
    fired.detail = it->name;
    for (;;) {
      const std::uint64_t w = word_.load(std::memory_order_acquire);
      const BreakerState s = public_state(code(w));
      if (s != BreakerState::kClosed && s != BreakerState::kHalfOpen) break;
      rec = transition_locked(w, BreakerState::kOpen, TransitionReason::kTrigger, fired.time_ns);
      if (rec.happened) break;
    }
  }
  fired.to = rec.happened ? BreakerState::kOpen : peek_state();
  emit(fired);
  if (rec.happened) {
    rec.event.detail = fired.detail;
    emit(rec.event);
  }
  return rec.happened;
}

// ---- Operator controls --------------------------------------------------------------------

void CircuitBreaker::force_open() { force(BreakerState::kForcedOpen, TransitionReason::kOperator); }
void CircuitBreaker::force_close() { force(BreakerState::kClosed, TransitionReason::kOperator); }
void CircuitBreaker::disable() { force(BreakerState::kDisabled, TransitionReason::kOperator); }
void CircuitBreaker::metrics_only() { force(BreakerState::kMetricsOnly, TransitionReason::kOperator); }
void CircuitBreaker::reset() { force(BreakerState::kClosed, TransitionReason::kReset); }

// ---- Observation --------------------------------------------------------------------------

BreakerMetrics CircuitBreaker::metrics() const {
  BreakerMetrics m;
  std::lock_guard lock(mutex_);
  const Ledger& l = *ledger_.load(std::memory_order_relaxed);
  const Runtime& rt = *l.runtime;
  const std::int64_t now = clock_->now_ns();
  const std::uint64_t w = word_.load(std::memory_order_acquire);
  m.state = public_state(code(w));
  auto& c = m.counters;
  c.successful = successful_.load();
  c.failed = failed_.load(std::memory_order_relaxed);
  c.rejected = rejected_.load();
  c.timed_out = timed_out_.load(std::memory_order_relaxed);
  c.slow = slow_.load(std::memory_order_relaxed);
  c.ignored = ignored_.load(std::memory_order_relaxed);
  c.fallbacks = fallbacks_.load(std::memory_order_relaxed);
  c.trips = trips_.load(std::memory_order_relaxed);
  for (int i = 0; i < kStateCount; ++i) c.transitions_to[i] = transitions_to_[i].load(std::memory_order_relaxed);
  m.times_opened = c.transitions_to[static_cast<int>(BreakerState::kOpen)];
  m.times_half_opened = c.transitions_to[static_cast<int>(BreakerState::kHalfOpen)];
  std::int64_t open_ns = open_accumulated_ns_;
  if (m.state == BreakerState::kOpen || m.state == BreakerState::kForcedOpen) {
    open_ns += std::max<std::int64_t>(0, now - std::max(state_entered_ns_, metrics_since_ns_));
  }
  m.time_open_total = Nanos(open_ns);
  m.time_in_state = Nanos(std::max<std::int64_t>(0, now - state_entered_ns_));
  m.last_transition_ns = state_entered_ns_;
  m.last_transition_from = last_from_;
  m.last_transition_reason = last_reason_;
  const double recorded = static_cast<double>(c.successful + c.failed);
  m.success_rate = recorded > 0 ? static_cast<double>(c.successful) / recorded : 0.0;
  m.failure_rate = recorded > 0 ? static_cast<double>(c.failed) / recorded : 0.0;
  m.window = l.totals(now);
  m.consecutive_failures = l.consecutive_failures.load(std::memory_order_relaxed);
  m.consecutive_trips = trip_streak(m.state, now, rt);
  m.last_failure_ns = last_failure_ns_.load(std::memory_order_relaxed);
  m.latency = latency_.snapshot();
  return m;
}

void CircuitBreaker::reset_metrics() {
  std::lock_guard lock(mutex_);
  successful_.store(0);
  rejected_.store(0);
  for (auto* counter : {&failed_, &timed_out_, &slow_, &ignored_, &fallbacks_, &trips_}) {
    counter->store(0, std::memory_order_relaxed);
  }
  for (auto& t : transitions_to_) t.store(0, std::memory_order_relaxed);
  latency_.reset();
  last_failure_ns_.store(-1, std::memory_order_relaxed);
  open_accumulated_ns_ = 0;
  metrics_since_ns_ = clock_->now_ns();
}

void CircuitBreaker::publish_listeners_locked(std::unique_ptr<ListenerList> next) {
  // No listeners means a null pointer, which keeps the closed fast path free of them.
  if (next && next->entries.empty()) next.reset();
  const ListenerList* old = listeners_.exchange(next.release(), std::memory_order_seq_cst);
  if (old != nullptr) {
    const std::size_t bytes = listener_list_bytes(*old);
    retired_.retire(std::shared_ptr<const ListenerList>(old), bytes);
  }
}

ListenerId CircuitBreaker::add_listener(Listener listener) {
  std::lock_guard lock(mutex_);
  auto next = std::make_unique<ListenerList>();
  if (const ListenerList* cur = listeners_.load(std::memory_order_relaxed)) {
    next->entries.reserve(cur->entries.size() + 1);
    next->entries = cur->entries;
  }
  const ListenerId id = next_listener_id_++;
  next->entries.emplace_back(id, std::move(listener));
  publish_listeners_locked(std::move(next));
  return id;
}

bool CircuitBreaker::remove_listener(ListenerId id) {
  std::lock_guard lock(mutex_);
  const ListenerList* list = listeners_.load(std::memory_order_relaxed);
  if (list == nullptr) return false;
  const auto& cur = list->entries;
  const auto it = std::find_if(cur.begin(), cur.end(), [id](const auto& e) { return e.first == id; });
  if (it == cur.end()) return false;
  auto next = std::make_unique<ListenerList>();
  next->entries.reserve(cur.size() - 1);
  for (const auto& e : cur) {
    if (e.first != id) next->entries.push_back(e);
  }
  publish_listeners_locked(std::move(next));
  return true;
}

// ---- Snapshots ----------------------------------------------------------------------------

BreakerSnapshot CircuitBreaker::snapshot() const {
  const BreakerMetrics m = metrics();
  BreakerSnapshot s;
  std::lock_guard lock(mutex_);
  const Ledger& l = *ledger_.load(std::memory_order_relaxed);
  const Runtime& rt = *l.runtime;
  const std::int64_t now = clock_->now_ns();
  const std::uint64_t w = word_.load(std::memory_order_acquire);
  s.state = public_state(code(w));
  if (s.state == BreakerState::kOpen) {
    s.remaining_break = Nanos(std::max<std::int64_t>(0, timing_ns_.load(std::memory_order_acquire) - now));
  } else if (s.state == BreakerState::kHalfOpen) {
    s.state = BreakerState::kOpen;  // the trials die with the process; probe again at once
  }
  s.consecutive_trips = trip_streak(public_state(code(w)), now, rt);
  s.consecutive_failures = l.consecutive_failures.load(std::memory_order_relaxed);
  if (l.count_window) s.count_window = l.count_window->outcomes();
  if (l.time_window) s.time_window = l.time_window->buckets(now);
  s.counters = m.counters;
  s.time_open_total = m.time_open_total;
  s.latency = m.latency;
  return s;
}

void CircuitBreaker::restore(const BreakerSnapshot& s) {
  TransitionRecord rec;
  {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_->now_ns();
    std::uint64_t w = word_.load(std::memory_order_acquire);
    const auto to_code = static_cast<std::uint8_t>(s.state == BreakerState::kHalfOpen ? BreakerState::kOpen : s.state);
    timing_ns_.store(std::numeric_limits<std::int64_t>::max(), std::memory_order_relaxed);
    // The restored windows go into a fresh ledger, published with the new state.
    start_ledger_locked(ledger_.load(std::memory_order_relaxed)->runtime, generation(w) + 1);
    Ledger& l = *ledger_.load(std::memory_order_relaxed);
    l.consecutive_failures.store(s.consecutive_failures, std::memory_order_relaxed);
    if (l.count_window) l.count_window->load(s.count_window);
    if (l.time_window) l.time_window->load(now, s.time_window);
    while (!word_.compare_exchange_weak(w, make_word(to_code, generation(w) + 1), std::memory_order_acq_rel,
                                        std::memory_order_acquire)) {
    }
    if (to_code == kCodeOpen) {
      timing_ns_.store(now + std::max<std::int64_t>(0, s.remaining_break.count()), std::memory_order_release);
    }
    rec.happened = true;
    rec.event.breaker = name_;
    rec.event.time_ns = now;
    rec.event.from = public_state(code(w));
    rec.event.to = public_state(to_code);
    rec.event.reason = TransitionReason::kRestore;

    state_entered_ns_ = now;
    last_from_ = rec.event.from;
    last_reason_ = TransitionReason::kRestore;
    metrics_since_ns_ = now;
    open_accumulated_ns_ = s.time_open_total.count();
    consecutive_trips_ = s.consecutive_trips;
    closed_at_ns_ = now;  // a restored streak is remembered for backoff_memory from now
    std::fill(trigger_violations_.begin(), trigger_violations_.end(), 0u);
    const auto& c = s.counters;
    successful_.store(c.successful);
    failed_.store(c.failed, std::memory_order_relaxed);
    rejected_.store(c.rejected);
    timed_out_.store(c.timed_out, std::memory_order_relaxed);
    slow_.store(c.slow, std::memory_order_relaxed);
    ignored_.store(c.ignored, std::memory_order_relaxed);
    fallbacks_.store(c.fallbacks, std::memory_order_relaxed);
    trips_.store(c.trips, std::memory_order_relaxed);
    for (int i = 0; i < kStateCount; ++i) transitions_to_[i].store(c.transitions_to[i], std::memory_order_relaxed);
    latency_.load(s.latency);
  }
  emit(rec.event);
}

std::size_t CircuitBreaker::memory_bytes() const {
  std::lock_guard lock(mutex_);
  std::size_t bytes = sizeof(*this);
  if (name_.capacity() > 15) bytes += name_.capacity() + 1;  // beyond the small-string buffer
  bytes += trigger_violations_.capacity() * sizeof(std::uint32_t);
  // The ledger and the configuration it shares (each behind a make_shared control block).
  const Ledger& l = *ledger_.load(std::memory_order_relaxed);
  bytes += l.memory_bytes() + kControlBlockBytes + l.runtime->memory_bytes();
  if (const ListenerList* list = listeners_.load(std::memory_order_relaxed)) bytes += listener_list_bytes(*list);
  bytes += retired_.bytes();
  // The two per-thread counters hold a cell in every thread that counts.
  bytes += 2 * sizeof(std::uint64_t) * PerThreadCounter::threads_counting();
  return bytes;
}

}  // namespace snnft::breaker
