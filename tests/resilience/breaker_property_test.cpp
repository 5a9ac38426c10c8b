// SPDX-License-Identifier: MIT
// Property test: random sequences of calls, held permits, clock jumps and operator actions
// (fixed seeds, random configurations) must drive the breaker exactly like a deliberately
// naive sequential model of the state machine written here from the specification.
#include <gtest/gtest.h>

#include <deque>
#include <iostream>
#include <optional>
#include <sstream>

#include "breaker_test_util.hpp"
#include "snnft/core/counter_rng.hpp"

namespace snnft::breaker {
namespace {

using namespace testing;

/// The specification as a plain state machine: a deque for the window, integers for time.
class ReferenceModel {
 public:
  struct Permit {
    bool granted = false;
    bool trial = false;
    bool pass_through = false;
    std::uint64_t generation = 0;
    std::int64_t acquired_ns = 0;
  };

  ReferenceModel(BreakerConfig c, std::int64_t now) : c_(std::move(c)), now_(now) {}

  void advance(std::int64_t ns) { now_ += ns; }
  [[nodiscard]] std::int64_t now() const { return now_; }
  [[nodiscard]] BreakerState raw_state() const { return state_; }

  BreakerState poll() {
    if (state_ == BreakerState::kHalfOpen && now_ >= deadline_) {
      enter(BreakerState::kOpen);
    } else if (state_ == BreakerState::kOpen && c_.automatic_half_open && now_ >= open_until_) {
      enter(BreakerState::kHalfOpen);
    }
    return state_;
  }

  Permit acquire() {
    for (;;) {
      switch (state_) {
        case BreakerState::kClosed: return {true, false, false, generation_, now_};
        case BreakerState::kDisabled: return {true, false, true, generation_, now_};
        case BreakerState::kMetricsOnly: return {true, false, false, generation_, now_};
        case BreakerState::kForcedOpen: ++rejected; return {};
        case BreakerState::kOpen:
          if (now_ < open_until_) {
            ++rejected;
            return {};
          }
          enter(BreakerState::kHalfOpen);
          break;
        case BreakerState::kHalfOpen:
          if (now_ >= deadline_) {
            enter(BreakerState::kOpen);
            break;
          }
          if (issued_ >= c_.permitted_calls_in_half_open || settled_) {
            ++rejected;
            return {};
          }
          ++issued_;
          return {true, true, false, generation_, now_};
      }
    }
  }

  void release(const Permit& p) {
    if (!p.trial || state_ != BreakerState::kHalfOpen || p.generation != generation_ || issued_ == 0) return;
    --issued_;
    if (settled_ && issued_ == trial_successes_ + trial_failures_) enter(BreakerState::kOpen);
  }

  void report(const Permit& p, bool failure) {
    const std::int64_t latency = now_ - p.acquired_ns;
    const bool slow = c_.slow_call_threshold.count() > 0 && latency >= c_.slow_call_threshold.count();
    if (failure) {
      ++failed;
    } else {
      ++successful;
    }
    if (slow) ++slow_calls;
    if (!p.granted || p.pass_through || p.generation != generation_) return;
    if (p.trial) {
      report_trial(failure, slow);
    } else {
      report_closed(failure, slow);
    }
  }

  void force(BreakerState to) {
    if (state_ != to) {
      enter(to);
    } else if (to == BreakerState::kClosed) {  // closed again: a new generation, empty windows
      ++generation_;
      window.clear();
      consecutive_failures = 0;
    }
  }
  void reset() { enter(BreakerState::kClosed); }

  std::uint64_t successful = 0, failed = 0, rejected = 0, slow_calls = 0, trips = 0;
  std::array<std::uint64_t, kStateCount> transitions_to{};
  std::uint32_t consecutive_trips = 0;
  std::uint32_t consecutive_failures = 0;
  std::deque<std::pair<bool, bool>> window;  // (failure, slow), newest at the back

 private:
  void report_closed(bool failure, bool slow) {
    consecutive_failures = failure ? consecutive_failures + 1 : 0;
    window.emplace_back(failure, slow);
    if (window.size() > c_.window_size) window.pop_front();
    if (state_ == BreakerState::kMetricsOnly) return;  // recorded, never judged
    if (failure && c_.consecutive_failures > 0 && consecutive_failures >= c_.consecutive_failures) {
      enter(BreakerState::kOpen);
      return;
    }
    if (window.size() < c_.minimum_calls) return;
    double f = 0, s = 0;
    for (const auto& [wf, ws] : window) {
      f += wf;
      s += ws;
    }
    const double n = static_cast<double>(window.size());
    if (c_.failure_rate_threshold > 0 && f / n >= c_.failure_rate_threshold) {
      enter(BreakerState::kOpen);
    } else if (c_.slow_call_threshold.count() > 0 && s / n >= c_.slow_call_rate_threshold) {
      enter(BreakerState::kOpen);
    }
  }

  void report_trial(bool failure, bool slow) {
    const std::uint32_t permitted = c_.permitted_calls_in_half_open;
    if (failure) {
      ++trial_failures_;
      run_ = 0;
    } else {
      ++trial_successes_;
      ++run_;
      best_run_ = std::max(best_run_, run_);
    }
    trial_slow_ += slow;
    const std::uint32_t reported = trial_successes_ + trial_failures_;
    const bool failed_enough = trial_failures_ >= open_after();
    const bool too_slow = c_.slow_call_threshold.count() > 0 && trial_slow_ >= needed(c_.slow_call_rate_threshold);
    if (reported < permitted) {
      // Settled to reopen: no more trials; reopens once none is running.
      if (failed_enough || too_slow) {
        settled_ = true;
        if (issued_ == reported) enter(BreakerState::kOpen);
      }
      return;
    }
    const bool closes = c_.half_open_success_rule == HalfOpenSuccessRule::kConsecutiveSuccesses
                            ? best_run_ >= c_.half_open_consecutive_successes
                            : trial_successes_ >= needed(c_.half_open_success_rate);
    enter(closes && !failed_enough && !too_slow ? BreakerState::kClosed : BreakerState::kOpen);
  }

  /// Counts needed, from the rates: the smallest n with n / permitted >= rate.
  [[nodiscard]] std::uint32_t needed(double rate) const {
    const std::uint32_t permitted = c_.permitted_calls_in_half_open;
    std::uint32_t n = 1;
    while (n < permitted && static_cast<double>(n) / permitted < rate - 1e-12) ++n;
    return n;
  }
  [[nodiscard]] std::uint32_t open_after() const {
    return c_.half_open_failure_rule == HalfOpenFailureRule::kAnyFailure ? 1 : needed(c_.half_open_failure_rate);
  }

  void enter(BreakerState to) {
    ++generation_;
    ++transitions_to[static_cast<int>(to)];
    state_ = to;
    issued_ = trial_successes_ = trial_failures_ = run_ = best_run_ = trial_slow_ = 0;
    settled_ = false;
    if (to == BreakerState::kOpen) {
      ++trips;
      ++consecutive_trips;
      std::int64_t d = c_.break_duration.count();
      for (std::uint32_t i = 1; i < consecutive_trips; ++i) {
        if (c_.backoff == Backoff::kExponential) d = static_cast<std::int64_t>(static_cast<double>(d) * c_.backoff_multiplier);
        if (d >= c_.max_break_duration.count()) break;
      }
      open_until_ = now_ + std::min(d, c_.max_break_duration.count());
    } else if (to == BreakerState::kHalfOpen) {
      deadline_ = now_ + c_.max_wait_in_half_open.count();
    } else if (to == BreakerState::kClosed) {
      window.clear();
      consecutive_failures = 0;
      consecutive_trips = 0;
    } else if (to == BreakerState::kMetricsOnly) {
      window.clear();
      consecutive_failures = 0;
    }
  }

  BreakerConfig c_;
  std::int64_t now_;
  BreakerState state_ = BreakerState::kClosed;
  std::uint64_t generation_ = 0;
  std::int64_t open_until_ = 0;
  std::int64_t deadline_ = 0;
  std::uint32_t issued_ = 0, trial_successes_ = 0, trial_failures_ = 0, run_ = 0, best_run_ = 0, trial_slow_ = 0;
  bool settled_ = false;
};

BreakerConfig random_config(RngStream& rng) {
  BreakerConfig c;
  c.consecutive_failures = static_cast<std::uint32_t>(rng.below(5));  // 0 = off
  const double rates[] = {0.0, 0.3, 0.5, 1.0};
  c.failure_rate_threshold = rates[rng.below(4)];
  c.window_size = 1 + static_cast<std::uint32_t>(rng.below(12));
  c.minimum_calls = 1 + static_cast<std::uint32_t>(rng.below(c.window_size));
  if (rng.below(2)) {
    c.slow_call_threshold = 50ms;
    c.slow_call_rate_threshold = rates[1 + rng.below(3)];
  }
  c.permitted_calls_in_half_open = 1 + static_cast<std::uint32_t>(rng.below(4));
  if (rng.below(2)) {
    c.half_open_success_rule = HalfOpenSuccessRule::kConsecutiveSuccesses;
    c.half_open_consecutive_successes = 1 + static_cast<std::uint32_t>(rng.below(c.permitted_calls_in_half_open));
  } else {
    c.half_open_success_rule = HalfOpenSuccessRule::kSuccessRate;
    c.half_open_success_rate = rates[1 + rng.below(3)];
  }
  if (rng.below(2)) {
    c.half_open_failure_rule = HalfOpenFailureRule::kFailureRate;
    c.half_open_failure_rate = rates[1 + rng.below(3)];
  }
  c.break_duration = 1s;
  c.max_wait_in_half_open = 3s;
  if (rng.below(2)) {
    c.backoff = Backoff::kExponential;
    c.backoff_multiplier = 2.0;
    c.max_break_duration = 8s;
  }
  c.automatic_half_open = rng.below(2) == 1;
  return c;
}

std::string describe(const BreakerConfig& c) {
  std::ostringstream s;
  s << "consecutive=" << c.consecutive_failures << " rate=" << c.failure_rate_threshold << " window=" << c.window_size
    << " min=" << c.minimum_calls << " slow_ms=" << c.slow_call_threshold.count() / 1000000
    << " slow_rate=" << c.slow_call_rate_threshold << " permitted=" << c.permitted_calls_in_half_open
    << " success_rule=" << static_cast<int>(c.half_open_success_rule) << "/" << c.half_open_consecutive_successes << "/"
    << c.half_open_success_rate << " failure_rule=" << static_cast<int>(c.half_open_failure_rule) << "/"
    << c.half_open_failure_rate << " backoff=" << static_cast<int>(c.backoff) << " auto=" << c.automatic_half_open;
  return s.str();
}

void expect_same(CircuitBreaker& b, const ReferenceModel& m, const std::string& where) {
  const auto got = b.metrics();
  ASSERT_EQ(got.state, m.raw_state()) << where;
  ASSERT_EQ(got.counters.successful, m.successful) << where;
  ASSERT_EQ(got.counters.failed, m.failed) << where;
  ASSERT_EQ(got.counters.rejected, m.rejected) << where;
  ASSERT_EQ(got.counters.slow, m.slow_calls) << where;
  ASSERT_EQ(got.counters.trips, m.trips) << where;
  ASSERT_EQ(got.counters.transitions_to, m.transitions_to) << where;
  ASSERT_EQ(got.consecutive_trips, m.consecutive_trips) << where;
  ASSERT_EQ(got.consecutive_failures, m.consecutive_failures) << where;
  std::uint32_t failures = 0;
  for (const auto& entry : m.window) failures += entry.first;
  ASSERT_EQ(got.window.calls, m.window.size()) << where;
  ASSERT_EQ(got.window.failures, failures) << where;
}

TEST(BreakerProperty, RandomSequencesMatchReferenceModel) {
  const CounterRng rng(20240611);
  std::array<std::uint64_t, kStateCount> visited{};  // guards against a vacuous test
  std::uint64_t rejected = 0, slow = 0;
  for (std::uint32_t seed = 0; seed < 300; ++seed) {
    RngStream r(rng, StreamId{RngPurpose::kUser, 1, seed});
    const BreakerConfig config = random_config(r);
    Fixture f(config);
    CircuitBreaker& b = *f.breaker;
    ManualClock& clock = *f.clock;
    ReferenceModel model(config, clock.now_ns());
    std::vector<std::pair<breaker::Permit, ReferenceModel::Permit>> held;

    for (int step = 0; step < 400; ++step) {
      const std::string where = "seed " + std::to_string(seed) + " step " + std::to_string(step) + ": " + describe(config);
      const std::uint64_t op = r.below(100);
      if (op < 45) {  // a wrapped call taking 0-99 ms, failing with probability 1/3 to 1/2
        const bool failure = r.below(seed % 2 ? 3 : 2) == 0;
        const auto latency = Nanos(static_cast<std::int64_t>(r.below(100)) * 1'000'000);
        const auto status = b.call([&] {
          clock.advance(latency);
          if (failure) throw ServiceError();
        }).status();
        const auto p = model.acquire();
        if (p.granted) model.advance(latency.count());
        if (p.granted) model.report(p, failure);
        ASSERT_EQ(status, !p.granted ? CallStatus::kRejected : failure ? CallStatus::kFailure : CallStatus::kSuccess)
            << where;
      } else if (op < 60) {  // take a permit and keep it for a while
        const breaker::Permit real = b.try_acquire();
        const auto modelled = model.acquire();
        ASSERT_EQ(real.granted(), modelled.granted) << where;
        if (real) held.emplace_back(real, modelled);
      } else if (op < 75 && !held.empty()) {  // report or release a held permit
        const std::size_t i = r.below(held.size());
        const auto [real, modelled] = held[i];
        held.erase(held.begin() + static_cast<std::ptrdiff_t>(i));
        switch (r.below(3)) {
          case 0:
            b.release(real);
            model.release(modelled);
            break;
          case 1:
            b.on_success(real);
            model.report(modelled, false);
            break;
          default:
            b.on_failure(real);
            model.report(modelled, true);
            break;
        }
      } else if (op < 93) {  // time passes
        const std::int64_t dt = static_cast<std::int64_t>(r.below(2500)) * 1'000'000;
        clock.advance(Nanos(dt));
        model.advance(dt);
      } else if (op < 97) {  // observe: applies due timed transitions
        ASSERT_EQ(b.state(), model.poll()) << where;
      } else {  // operator action
        switch (r.below(5)) {
          case 0: b.force_open(); model.force(BreakerState::kForcedOpen); break;
          case 1: b.force_close(); model.force(BreakerState::kClosed); break;
          case 2: b.disable(); model.force(BreakerState::kDisabled); break;
          case 3: b.metrics_only(); model.force(BreakerState::kMetricsOnly); break;
          default: b.reset(); model.reset(); break;
        }
      }
      expect_same(b, model, where);
      if (::testing::Test::HasFatalFailure()) return;
    }
    for (int i = 0; i < kStateCount; ++i) visited[i] += model.transitions_to[i];
    rejected += model.rejected;
    slow += model.slow_calls;
  }
  for (int i = 0; i < kStateCount; ++i) EXPECT_GT(visited[i], 100u) << to_string(static_cast<BreakerState>(i));
  EXPECT_GT(rejected, 1000u);
  EXPECT_GT(slow, 1000u);
  std::cout << "transitions to closed/open/half_open/forced_open/disabled/metrics_only: " << visited[0] << "/"
            << visited[1] << "/" << visited[2] << "/" << visited[3] << "/" << visited[4] << "/" << visited[5]
            << ", rejected " << rejected << "\n";
}

}  // namespace
}  // namespace snnft::breaker
