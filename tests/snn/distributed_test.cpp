// SPDX-License-Identifier: MIT
// A distributed run split between ranks gives the spikes of one process, bit for bit. The
// ranks here are threads of this test with an in-process communicator, so the split, the
// per-rank synapse tables and the spike exchange are tested without MPI; tests/apps/mpi_test.sh
// runs the same contract under mpirun.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <thread>

#include "snnft/core/communicator.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

/// `ranks` communicators that exchange through shared memory; rank r is used by thread r.
class InProcessRanks {
 public:
  explicit InProcessRanks(int ranks) : parts_(static_cast<std::size_t>(ranks)), sums_(static_cast<std::size_t>(ranks)),
        maxes_(static_cast<std::size_t>(ranks)),
        sync_(ranks) {
    for (int r = 0; r < ranks; ++r) members_.push_back(std::make_unique<Member>(*this, r));
  }
  Communicator& rank(int r) { return *members_[static_cast<std::size_t>(r)]; }

 private:
  class Member final : public Communicator {
   public:
    Member(InProcessRanks& all, int rank) : all_(all), rank_(rank) {}
    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return static_cast<int>(all_.parts_.size()); }
    void all_gather(std::span<const std::uint32_t> local, std::vector<std::uint32_t>& all,
                    std::vector<int>& counts) override {
      all_.parts_[static_cast<std::size_t>(rank_)].assign(local.begin(), local.end());
      all_.sync_.arrive_and_wait();
      all.clear();
      counts.clear();
      for (const auto& part : all_.parts_) {
        all.insert(all.end(), part.begin(), part.end());
        counts.push_back(static_cast<int>(part.size()));
      }
      all_.sync_.arrive_and_wait();  // nobody overwrites a part before everyone has read it
    }
    void sum(std::span<std::uint64_t> values) override {
      all_.sums_[static_cast<std::size_t>(rank_)].assign(values.begin(), values.end());
      all_.sync_.arrive_and_wait();
      for (std::size_t k = 0; k < values.size(); ++k) {
        values[k] = 0;
        for (const auto& s : all_.sums_) values[k] += s[k];
      }
      all_.sync_.arrive_and_wait();
    }
    [[nodiscard]] double max(double value) override {
      all_.maxes_[static_cast<std::size_t>(rank_)] = value;
      all_.sync_.arrive_and_wait();
      for (double v : all_.maxes_) value = std::max(value, v);
      all_.sync_.arrive_and_wait();
      return value;
    }
    void barrier() override { all_.sync_.arrive_and_wait(); }

   private:
    InProcessRanks& all_;
    int rank_;
  };

  std::vector<std::vector<std::uint32_t>> parts_;
  std::vector<std::vector<std::uint64_t>> sums_;
  std::vector<double> maxes_;
  std::barrier<> sync_;
  std::vector<std::unique_ptr<Member>> members_;
};

using Spikes = std::vector<test::MemorySink::Spike>;

/// Runs `spec` on `ranks` in-process ranks with `threads` each; returns rank 0's spikes (every
/// rank holds all of them after each exchange) and checks that all ranks recorded the same.
/// Counts population 0's spikes in the Record phase, which in a distributed run needs every
/// rank's spikes of its own step.
class CountsSpikesWhenRecording final : public StepActor {
 public:
  [[nodiscard]] PhaseMask phases() const override { return phase_bit(Phase::kRecord); }
  void act(Phase, const StepView&, NetworkControl& control) override { seen += control.spikes(0).size(); }
  std::size_t seen = 0;
};

/// What rank 0 saw of its run's spike exchange.
struct ExchangeCount {
  Step interval = 0;
  std::uint64_t exchanges = 0;
  std::size_t actor_seen = 0;  // with_actor: spikes CountsSpikesWhenRecording saw
};

Spikes run_distributed(const NetworkSpec& spec, std::uint64_t seed, Step steps, int ranks, std::size_t threads,
                       std::size_t* synapses = nullptr, ExchangeCount* exchange = nullptr, bool with_actor = false) {
  InProcessRanks world(ranks);
  std::vector<Spikes> recorded(static_cast<std::size_t>(ranks));
  std::vector<std::size_t> local_synapses(static_cast<std::size_t>(ranks));
  std::vector<std::thread> workers;
  for (int r = 0; r < ranks; ++r) {
    workers.emplace_back([&, r] {
      Network net = Network::build(spec, seed, r, ranks);
      local_synapses[static_cast<std::size_t>(r)] = net.synapse_count();
      SimulationOptions options{best_simd_isa(), threads, 64, 0};
      options.communicator = &world.rank(r);
      Simulation sim(net, options);
      test::MemorySink sink;
      std::vector<PopulationIndex> all;
      for (PopulationIndex p = 0; p < net.population_count(); ++p) all.push_back(p);
      SpikeRecorder recorder(net, all, sink, 4096);
      sim.add_observer(recorder);
      CountsSpikesWhenRecording actor;
      if (with_actor) sim.add_actor(actor);
      sim.run(steps);
      recorded[static_cast<std::size_t>(r)] = std::move(sink.spikes);
      if (exchange != nullptr && r == 0) *exchange = {sim.exchange_interval(), sim.exchanges(), actor.seen};
    });
  }
  for (auto& w : workers) w.join();
  for (int r = 1; r < ranks; ++r) EXPECT_EQ(recorded[static_cast<std::size_t>(r)], recorded[0]) << "rank " << r;
  if (synapses != nullptr) {
    *synapses = 0;
    for (std::size_t n : local_synapses) *synapses += n;
  }
  return recorded[0];
}

class Distributed : public ::testing::TestWithParam<SynapseModel> {};

TEST_P(Distributed, AnyRanksTimesThreadsGiveTheSpikesOfOneProcess) {
  const NetworkSpec spec = test::mixed_network(GetParam());
  const Spikes reference = test::run_and_record(spec, 21, 1500, {best_simd_isa(), 1, 1024});
  ASSERT_GT(reference.size(), 1000u);
  const std::size_t all_synapses = Network::build(spec, 21).synapse_count();
  for (int ranks : {2, 3}) {
    for (std::size_t threads : {1, 2}) {
      std::size_t synapses = 0;
      EXPECT_EQ(run_distributed(spec, 21, 1500, ranks, threads, &synapses), reference)
          << ranks << " ranks x " << threads << " threads";
      EXPECT_EQ(synapses, all_synapses) << "every synapse is kept by exactly one rank";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, Distributed,
                         ::testing::Values(SynapseModel::kCurrentBased, SynapseModel::kConductanceBased));

/// The mixed network with no delay below 0.7 ms (7 steps): recurrent excitation at 1 ms,
/// inhibition uniform in [0.7, 2] ms, the drive at 2 ms.
NetworkSpec delayed_network() {
  NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased);
  for (ProjectionSpec& j : spec.projections) {
    if (j.pre == "exc") j.delay_ms = {InitialValue::Kind::kConstant, 1.0, 0};
    if (j.pre == "inh") j.delay_ms = {InitialValue::Kind::kUniform, 0.7, 2.0};
  }
  return spec;
}

TEST(Distributed, SpikesAreExchangedOncePerMinimumDelay) {
  const NetworkSpec spec = delayed_network();
  const Spikes reference = test::run_and_record(spec, 5, 1003, {best_simd_isa(), 1, 1024});
  ASSERT_GT(reference.size(), 500u);
  for (int ranks : {2, 3}) {
    for (std::size_t threads : {1, 2}) {
      ExchangeCount exchange;
      EXPECT_EQ(run_distributed(spec, 5, 1003, ranks, threads, nullptr, &exchange), reference)
          << ranks << " ranks x " << threads << " threads";
      EXPECT_EQ(exchange.interval, 7);
      EXPECT_EQ(exchange.exchanges, 144u) << "1003 steps in batches of 7: 143 full ones and one of 2";
    }
  }
}

TEST(Distributed, ZeroDelayExchangesEveryStep) {
  ExchangeCount exchange;
  run_distributed(test::mixed_network(SynapseModel::kCurrentBased), 5, 100, 2, 1, nullptr, &exchange);
  EXPECT_EQ(exchange.interval, 1);
  EXPECT_EQ(exchange.exchanges, 100u);
}

TEST(Distributed, AnActorAfterDetectionMakesTheExchangeEveryStep) {
  const NetworkSpec spec = delayed_network();
  const Spikes reference = test::run_and_record(spec, 5, 300, {best_simd_isa(), 1, 1024});
  ExchangeCount exchange;
  EXPECT_EQ(run_distributed(spec, 5, 300, 2, 1, nullptr, &exchange, true), reference);
  EXPECT_EQ(exchange.interval, 1);
  EXPECT_EQ(exchange.exchanges, 300u);
  std::size_t exc_spikes = 0;
  for (const auto& spike : reference) exc_spikes += spike.population == 0;
  EXPECT_EQ(exchange.actor_seen, exc_spikes) << "rank 0's actor sees both ranks' spikes";
}

TEST(Distributed, EachRankKeepsOnlyTheSynapsesOntoItsOwnNeurons) {
  const NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased);
  const Network whole = Network::build(spec, 4);
  for (int rank = 0; rank < 3; ++rank) {
    const Network part = Network::build(spec, 4, rank, 3);
    for (std::size_t j = 0; j < part.projection_count(); ++j) {
      const Projection& p = part.projection(j);
      const Projection& w = whole.projection(j);
      const NeuronBlock own = rank_block(part.population(p.post).size(), rank, 3);
      std::size_t expected = 0;
      for (NeuronIndex t : w.target) expected += t >= own.begin && t < own.end;
      EXPECT_EQ(p.synapse_count(), expected) << p.name << " on rank " << rank;
      for (NeuronIndex t : p.target) ASSERT_TRUE(t >= own.begin && t < own.end) << p.name;
      EXPECT_EQ(p.max_delay_steps, w.max_delay_steps) << "the delay rings are sized the same on every rank";
    }
  }
}

}  // namespace
}  // namespace snnft
