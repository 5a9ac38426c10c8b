// SPDX-License-Identifier: MIT
// Whole-column faults through the gate, and faults in a multi-column classification run.
#include <gtest/gtest.h>

#include <cmath>

#include "config_error_of.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_schedule.hpp"
#include "snnft/resilience/faults/fault_trial_hook.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"

namespace snnft::faults {
namespace {

using columns::ColumnAnswer;
using columns::ColumnStatus;

std::vector<FaultSpec> specs_of(const std::vector<std::string>& flags) {
  std::vector<FaultSpec> out;
  for (const auto& f : flags) out.push_back(parse_fault_flag(f));
  return out;
}

ColumnAnswer good_answer(int cls) { return {cls, 0.8, 3.5, true}; }

/// Four classes of eight features: class c is bright on features 2c and 2c+1.
LabelledDataset four_bars(std::size_t per_class, std::uint64_t seed) {
  LabelledDataset d;
  d.name = "bars";
  d.feature_count = 8;
  d.class_count = 4;
  const CounterRng rng(seed);
  RngStream s(rng, {RngPurpose::kUser, 0, 0});
  for (std::size_t i = 0; i < per_class; ++i) {
    for (int c = 0; c < 4; ++c) {
      std::vector<float> x(8);
      for (std::size_t f = 0; f < 8; ++f) x[f] = static_cast<float>(0.15 * s.uniform());
      x[2 * c] = x[2 * c + 1] = static_cast<float>(0.8 + 0.2 * s.uniform());
      d.add(x, c);
    }
  }
  return d;
}

/// Three small trained and labelled columns (deterministic: same arguments, same columns).
std::unique_ptr<columns::MultiColumnProcessor> trained_columns(std::size_t threads) {
  std::vector<columns::ColumnSpec> specs(3);
  for (std::size_t k = 0; k < 3; ++k) {
    specs[k].params.neurons = 16;
    specs[k].params.seed = 40 + k;
  }
  auto p = std::make_unique<columns::MultiColumnProcessor>(specs, 8, 4, threads);
  const LabelledDataset train = four_bars(10, 1);
  p->train(train, 1);
  p->label(train);
  return p;
}

bool same(const ColumnAnswer& a, const ColumnAnswer& b) {
  auto eq = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return a.predicted_class == b.predicted_class && eq(a.confidence, b.confidence) &&
         eq(a.first_spike_ms, b.first_spike_ms) && a.valid == b.valid;
}

}  // namespace

TEST(ColumnFaultGate, CrashThrowsAfterTheWorkInsideItsTrialWindow) {
  ColumnFaultGate gate(specs_of({"column_crash:column=1,at=2,until=4"}), 3, 10, 1000.0);
  int work_done = 0;
  auto work = [&] {
    ++work_done;
    return good_answer(4);
  };
  for (std::int64_t trial = 0; trial < 6; ++trial) {
    for (std::size_t k = 0; k < 3; ++k) {
      gate.begin_trial(k, trial, 25.0 * static_cast<double>(trial), 1000.0 + 25.0 * static_cast<double>(trial));
      if (k == 1 && trial >= 2 && trial < 4) {
        EXPECT_TRUE(gate.crashed(1));
        try {
          gate.call(k, work);
          ADD_FAILURE() << "crashed column answered at trial " << trial;
        } catch (const ColumnCrashed& e) {
          EXPECT_EQ(e.column(), 1u);
        }
      } else {
        EXPECT_EQ(gate.call(k, work).answer.predicted_class, 4);
      }
    }
  }
  EXPECT_EQ(work_done, 18) << "a crashed column still runs its trial: its clock stays on the shared time base";
  EXPECT_EQ(gate.faults_injected(), 1u);
  const auto events = gate.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, kFaultInjected);
  EXPECT_EQ(events[0].trial, 2);
  EXPECT_DOUBLE_EQ(events[0].time_ms, 1050.0);
  EXPECT_EQ(events[0].target, "column 1");
  EXPECT_EQ(events[1].kind, kFaultCleared);
  EXPECT_EQ(events[1].trial, 4);
}

TEST(ColumnFaultGate, HangReportsTheDeadlineExceededOnAnInjectedClock) {
  double now = 0;
  ColumnFaultGate gate(specs_of({"column_hang:column=0,latency_ms=5000"}), 2, 10, 1000.0, [&] { return now; });
  auto work = [&] {
    now += 0.25;  // each call takes 0.25 ms on the fake clock
    return good_answer(1);
  };
  gate.begin_trial(0, 0, 0, 0);
  gate.begin_trial(1, 0, 0, 0);
  const ColumnCall hung = gate.call(0, work), healthy = gate.call(1, work);
  EXPECT_DOUBLE_EQ(hung.latency_ms, 5000.25);
  EXPECT_DOUBLE_EQ(hung.injected_latency_ms, 5000.0);
  EXPECT_TRUE(hung.deadline_exceeded);
  EXPECT_EQ(hung.answer.predicted_class, 1) << "the answer comes, but late";
  EXPECT_DOUBLE_EQ(healthy.latency_ms, 0.25);
  EXPECT_FALSE(healthy.deadline_exceeded);
}

// Garbage answers are malformed, so the vote rejects them and counts the others.
TEST(ColumnFaultGate, GarbageAnswersAreRejectedAsInvalidByTheVote) {
  ColumnFaultGate gate(specs_of({"column_garbage:column=0", "column_garbage:column=2,mode=class"}), 4, 10, 1000.0);
  std::vector<ColumnAnswer> answers(4);
  for (std::size_t k = 0; k < 4; ++k) {
    gate.begin_trial(k, 0, 0, 0);
    answers[k] = gate.call(k, [] { return good_answer(3); }).answer;
  }
  EXPECT_TRUE(std::isnan(answers[0].confidence));
  EXPECT_TRUE(std::isnan(answers[0].first_spike_ms));
  EXPECT_EQ(answers[2].predicted_class, 10);
  columns::ConsensusRecord record(4, 10);
  columns::vote_into(record, answers, columns::VoteRule::kMajority);
  EXPECT_EQ(record.status[0], ColumnStatus::kInvalid);
  EXPECT_EQ(record.status[2], ColumnStatus::kInvalid);
  EXPECT_EQ(record.status[1], ColumnStatus::kVoted);
  EXPECT_EQ(record.invalid, 2);
  EXPECT_EQ(record.winning_class, 3);
}

TEST(ColumnFaultGate, TimesInMsCountFromTheStartOfTheTestPhase) {
  ColumnFaultGate gate(specs_of({"column_garbage:at=50ms,until=100ms"}), 1, 10, 1000.0);
  for (int trial = 0; trial < 6; ++trial) {
    gate.begin_trial(0, trial, 25.0 * trial, 9999.0);
    const bool garbage = std::isnan(gate.call(0, [] { return good_answer(1); }).answer.confidence);
    EXPECT_EQ(garbage, trial == 2 || trial == 3) << "trial " << trial;
  }
}

TEST(ColumnFaultGate, ColumnsThatDoNotExistAreNamed) {
  EXPECT_EQ(snnft::test::config_error_of([] { ColumnFaultGate gate(specs_of({"column_crash:column=5"}), 3, 10, 1000.0); }),
            "--fault column_crash:column=5: column 5 does not exist (the run has 3 columns)");
}

// A schedule whose faults never become active gives exactly the fault-free votes, trial by
// trial; active faults change only the columns they hit, only in their window.
TEST(FaultSchedule, ClassificationRunTrialByTrial) {
  const LabelledDataset test = four_bars(5, 2);
  auto reference = trained_columns(1);
  const auto healthy = reference->evaluate(test);

  auto check = [&](const std::vector<std::string>& flags, auto&& expect) {
    auto proc = trained_columns(1);
    FaultSchedule schedule(specs_of(flags), 1);
    schedule.attach(*proc);
    const auto votes = schedule.evaluate(*proc, test);
    for (std::size_t k = 0; k < 3; ++k) {
      for (std::size_t s = 0; s < test.size(); ++s) expect(k, s, votes[k][s], healthy[k][s]);
    }
    return schedule.faults_injected();
  };
  EXPECT_EQ(check({"column_hang:column=0,at=1000"},
                  [](auto, auto, const ColumnAnswer& v, const ColumnAnswer& h) { EXPECT_TRUE(same(v, h)); }),
            0u);
  EXPECT_EQ(check({"column_crash:column=1"},
                  [](std::size_t k, auto, const ColumnAnswer& v, const ColumnAnswer& h) {
                    if (k == 1) {
                      EXPECT_FALSE(v.valid);
                      EXPECT_EQ(v.predicted_class, -1);
                    } else {
                      EXPECT_TRUE(same(v, h));
                    }
                  }),
            1u);
  // Every excitatory neuron of column 2 dead for trials 5..9: it never spikes there.
  EXPECT_EQ(check({"dead:column=2,at=5,until=10"},
                  [](std::size_t k, std::size_t s, const ColumnAnswer& v, const ColumnAnswer& h) {
                    if (k == 2 && s >= 5 && s < 10) {
                      EXPECT_TRUE(std::isinf(v.first_spike_ms)) << "trial " << s;
                    } else {
                      EXPECT_TRUE(same(v, h)) << "column " << k << " trial " << s;
                    }
                  }),
            1u);
  // A neuron fault without a column hits every column: one injection each.
  EXPECT_EQ(check({"saturated:count=2,at=50ms"},
                  [](auto, std::size_t s, const ColumnAnswer& v, const ColumnAnswer& h) {
                    if (s < 2) {
                      EXPECT_TRUE(same(v, h)) << "before 50 ms (two 25 ms trials)";
                    }
                  }),
            3u);
}

TEST(FaultSchedule, ColumnRunsAreThreadIndependentAndLogEveryColumn) {
  const LabelledDataset test = four_bars(3, 3);
  const std::vector<std::string> flags = {"drop:p=0.3", "jitter:sigma_ms=1,column=1", "column_garbage:column=2,at=4"};
  std::vector<std::vector<ColumnAnswer>> votes[2];
  std::vector<Event> events[2];
  for (int run = 0; run < 2; ++run) {
    auto proc = trained_columns(run == 0 ? 1 : 3);
    FaultSchedule schedule(specs_of(flags), 11);
    schedule.attach(*proc);
    votes[run] = schedule.evaluate(*proc, test);
    events[run] = schedule.events();
    EXPECT_EQ(schedule.faults_injected(), 5u) << "drop on 3 columns, jitter on 1, garbage on 1";
  }
  for (std::size_t k = 0; k < 3; ++k) {
    for (std::size_t s = 0; s < test.size(); ++s) EXPECT_TRUE(same(votes[0][k][s], votes[1][k][s]));
  }
  ASSERT_EQ(events[0].size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(events[0][i].target, events[1][i].target);
    EXPECT_EQ(events[0][i].time_ms, events[1][i].time_ms);
  }
}

TEST(FaultSchedule, BadSpecsFailBeforeTheRun) {
  auto proc = trained_columns(1);
  auto error = [&](const std::string& flag) {
    return snnft::test::config_error_of([&] { FaultSchedule(specs_of({flag}), 1).check(*proc); });
  };
  EXPECT_EQ(error("dead:column=3"), "--fault dead:column=3: column 3 does not exist (the run has 3 columns)");
  EXPECT_EQ(error("dead:population=hidden"), "--fault dead:population=hidden: no population named \"hidden\"");
  EXPECT_EQ(error("stuck_v:population=input"),
            "--fault stuck_v:population=input: population \"input\" has no membrane (stuck_v needs LIF neurons)");
  EXPECT_EQ(error("dead:ids=16"), "--fault dead:ids=16: id 16 is out of range (exc has 16 neurons)");
  EXPECT_EQ(error("drop:population=input,p=0.5"), "no error");
  // Attached once: the columns' simulations keep pointers to the injectors.
  FaultSchedule schedule(specs_of({"dead:count=1"}), 1);
  schedule.attach(*proc);
  EXPECT_THROW(schedule.attach(*proc), std::logic_error);
  auto other = trained_columns(1);
  EXPECT_THROW(schedule.present(*other, four_bars(1, 1).row(0), 0), std::logic_error);
}

// The protected classifier runs its columns itself; the hook puts the schedule's faults on
// them, with protection on or off.
TEST(FaultTrialHook, InjectsIntoTheProtectedClassifierWithProtectionOnOrOff) {
  const LabelledDataset test = four_bars(3, 4);
  for (bool protection : {false, true}) {
    auto proc = trained_columns(1);
    neuromorphic::ProtectionConfig config;
    config.enabled = protection;
    neuromorphic::ProtectedClassifier classifier(*proc, config, columns::VoteRule::kMajority);
    FaultSchedule schedule(specs_of({"column_garbage:column=1", "dead:column=0", "column_crash:column=2,at=6",
                                     "column_hang:column=1,latency_ms=250"}),
                           1);
    schedule.attach(*proc);
    FaultTrialHook hook(schedule);
    classifier.set_hook(&hook);
    for (std::size_t s = 0; s < test.size(); ++s) {
      classifier.classify(test.row(s), test.labels[s]);
      const auto& vote = classifier.last_vote();
      if (!protection) {
        EXPECT_EQ(vote.status[1], ColumnStatus::kInvalid) << "garbage, trial " << s;
        EXPECT_TRUE(std::isinf(vote.latencies_ms[0])) << "dead layer, trial " << s;
        EXPECT_EQ(vote.status[2], s >= 6 ? ColumnStatus::kInvalid : ColumnStatus::kVoted) << "crash, trial " << s;
      }
    }
    if (protection) {
      // An isolated column is not run, so a fault timed for its later trials may never appear.
      EXPECT_GE(schedule.faults_injected(), 3u);
    } else {
      EXPECT_EQ(schedule.faults_injected(), 4u);
    }
  }
}

/// Each column's answer (class, confidence, first-spike time) in every test trial of a run of
/// `test` through the protected classifier with `faults`; invalid where the column did not run. Protection on calibrates first, which runs the columns on their own.
std::vector<ColumnAnswer> answers_under_faults(bool protection, std::size_t threads, const LabelledDataset& test,
                                             const std::vector<std::string>& faults) {
  auto proc = trained_columns(threads);
  neuromorphic::ProtectionConfig config;
  config.enabled = protection;
  neuromorphic::ProtectedClassifier classifier(*proc, config, columns::VoteRule::kMajority);
  classifier.calibrate(four_bars(4, 9));
  FaultSchedule schedule(specs_of(faults), 3);
  schedule.attach(*proc);
  FaultTrialHook hook(schedule);
  classifier.set_hook(&hook);
  std::vector<ColumnAnswer> out;
  for (std::size_t s = 0; s < test.size(); ++s) {
    const auto& row = classifier.classify(test.row(s), test.labels[s]);
    const auto& vote = classifier.last_vote();
    for (std::size_t k = 0; k < proc->column_count(); ++k) {
      const double nan = std::nan("");
      out.push_back(row.columns[k].ran || !protection
                        ? ColumnAnswer{vote.votes[k], vote.confidences[k], vote.latencies_ms[k], true}
                        : ColumnAnswer{-1, nan, nan, false});
    }
  }
  return out;
}

// A scored trial meets the same dropped spikes with protection on as with it off, although
// protection runs the columns on calibration samples first (and on any thread count): the
// draws are keyed by the test trial and the step within it, not by the column's clock.
TEST(FaultTrialHook, DropFaultDrawsTheSameSpikesWithProtectionOnOrOff) {
  const LabelledDataset test = four_bars(4, 6);
  const std::vector<std::string> drop = {"drop:p=0.3"};
  const auto off = answers_under_faults(false, 1, test, drop);
  const auto on = answers_under_faults(true, 2, test, drop);
  const auto fault_free = answers_under_faults(false, 1, test, {});
  ASSERT_EQ(on.size(), off.size());
  std::size_t compared = 0, changed_by_fault = 0;
  for (std::size_t i = 0; i < on.size(); ++i) {
    changed_by_fault += !same(off[i], fault_free[i]);
    if (!on[i].valid) continue;
    ++compared;
    EXPECT_TRUE(same(on[i], off[i])) << "trial " << i / 3 << ", column " << i % 3;
  }
  EXPECT_GE(compared, on.size() / 2) << "protection isolated most columns: too little to compare";
  EXPECT_GT(changed_by_fault, 0u) << "the drop fault changed no answer: the test would prove nothing";
}

// Replays of calibration samples before a trial draw their own spikes: the trial's sample
// meets the same faults with or without them, and a replay of that very sample meets other ones.
TEST(FaultTrialHook, ReplaysDrawTheirOwnSpikes) {
  class Present final : public neuromorphic::ColumnWork {
   public:
    Present(columns::CorticalColumn& c, std::span<const float> x) : c_(c), x_(x) {}
    ColumnAnswer operator()() override {
      c_.present(x_, 0.0);
      return c_.vote();
    }

   private:
    columns::CorticalColumn& c_;
    std::span<const float> x_;
  };
  const LabelledDataset test = four_bars(3, 7);
  auto run = [&](bool replays, std::vector<ColumnAnswer>* replayed) {
    auto proc = trained_columns(1);
    FaultSchedule schedule(specs_of({"drop:p=0.4", "jitter:sigma_ms=2"}), 5);
    schedule.attach(*proc);
    FaultTrialHook hook(schedule);
    std::vector<ColumnAnswer> out;
    for (std::size_t s = 0; s < test.size(); ++s) {
      for (std::size_t k = 0; k < proc->column_count(); ++k) {
        for (std::uint32_t r = 0; replays && r < 2; ++r) {
          Present again(proc->column(k), test.row(s));
          replayed->push_back(hook.run_replay(k, s, r, again).answer);
        }
        Present work(proc->column(k), test.row(s));
        out.push_back(hook.run(k, s, work).answer);
      }
    }
    return out;
  };
  std::vector<ColumnAnswer> replayed;
  const auto plain = run(false, nullptr);
  const auto with_replays = run(true, &replayed);
  ASSERT_EQ(plain.size(), with_replays.size());
  std::size_t replay_differs = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_TRUE(same(plain[i], with_replays[i])) << "trial " << i / 3 << ", column " << i % 3;
    for (std::size_t r = 0; r < 2; ++r) replay_differs += !same(replayed[2 * i + r], plain[i]);
  }
  EXPECT_GT(replay_differs, 0u) << "replays met exactly the trial's faults";
}

// The hook reports a hang's delay on top of the column's own latency, and a crash as a throw.
TEST(FaultTrialHook, ReportsHangAndCrash) {
  class Present final : public neuromorphic::ColumnWork {
   public:
    Present(columns::CorticalColumn& c, std::span<const float> x) : c_(c), x_(x) {}
    ColumnAnswer operator()() override {
      ++calls;
      c_.present(x_, 0.0);
      return c_.vote();
    }
    int calls = 0;

   private:
    columns::CorticalColumn& c_;
    std::span<const float> x_;
  };
  auto proc = trained_columns(1);
  const LabelledDataset test = four_bars(1, 5);
  FaultSchedule schedule(specs_of({"column_hang:column=0,latency_ms=4000", "column_crash:column=1"}), 1);
  schedule.attach(*proc);
  FaultTrialHook hook(schedule);
  Present w0(proc->column(0), test.row(0)), w1(proc->column(1), test.row(0)), w2(proc->column(2), test.row(0));
  const auto hung = hook.run(0, 0, w0);
  EXPECT_DOUBLE_EQ(hung.extra_latency_ms, 4000.0);
  EXPECT_TRUE(hung.deadline_exceeded);
  EXPECT_THROW(hook.run(1, 0, w1), ColumnCrashed);
  const auto fine = hook.run(2, 0, w2);
  EXPECT_EQ(fine.extra_latency_ms, 0.0);
  EXPECT_FALSE(fine.deadline_exceeded);
  EXPECT_EQ(w0.calls + w1.calls + w2.calls, 3);
}

}  // namespace snnft::faults
