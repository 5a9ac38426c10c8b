// SPDX-License-Identifier: MIT
// State, rate and weight recorders: recorded numbers against closed forms and the engine's
// own counts.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "snnft/snn/rate_recorder.hpp"
#include "snnft/snn/simulation.hpp"
#include "snnft/snn/state_recorder.hpp"
#include "snnft/snn/stdp_rule.hpp"
#include "snnft/snn/weight_recorder.hpp"
#include "test_networks.hpp"

namespace snnft {
namespace {

// Ten LIF neurons with a constant drive below threshold, v0 spread over [-80, -60].
NetworkSpec subthreshold(double bias_mv) {
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  PopulationSpec p;
  p.name = "n";
  p.size = 10;
  p.lif.tau_m_ms = 20;
  p.lif.v_rest_mv = -70;
  p.lif.v_reset_mv = -70;
  p.lif.v_th_mv = -40;
  p.lif.bias_mv = bias_mv;
  p.initial.v_mv = {InitialValue::Kind::kUniform, -80, -60};
  spec.populations.push_back(p);
  return spec;
}

// STDP strong enough to move the weights visibly within a short run, bounded at 2.
StdpParams symmetric_stdp() {
  StdpParams p;
  p.a_plus = 0.05;
  p.a_minus = -0.05;
  p.w_max = 2.0;
  return p;
}

}  // namespace

// v(t) = V∞ + (v0 − V∞) e^{−t/τ} with V∞ = v_rest + bias: the frame taken after step s
// holds v((s + 1)·dt).
TEST(StateRecorder, VoltageTraceFollowsTheClosedForm) {
  for (SimdIsa isa : available_simd_isas()) {
    Network net = Network::build(subthreshold(15), 7);
    const auto v = net.population(0).state("v_mv");
    const std::vector<float> v0(v.begin(), v.end());
    Simulation sim(net, {isa, 1, 1024});
    MemoryFrameSink sink;
    StateRecorder rec(net, {0, {"v_mv", "ge"}, {1, 4, 9}, 10}, sink, 7);  // 1 ms, buffer not a divisor
    sim.add_observer(rec);
    sim.run(1000);
    ASSERT_EQ(sink.frames(0), 100u);
    ASSERT_EQ(rec.first_sample_step(), 9);
    const std::vector<float>& data = sink.data(0);
    for (std::size_t f = 0; f < 100; ++f) {
      const double t = static_cast<double>(f + 1) * 1.0;
      for (std::size_t k = 0; k < 3; ++k) {
        const NeuronIndex id = rec.ids()[k];
        const double expected = -55.0 + (v0[id] + 55.0) * std::exp(-t / 20.0);
        EXPECT_NEAR(data[f * 3 + k], expected, 2e-4) << "t " << t << " neuron " << id << " " << to_string(isa);
      }
    }
    for (float ge : sink.data(1)) EXPECT_EQ(ge, 0.0f);  // no input
  }
}

TEST(StateRecorder, AllNeuronsEveryStepCopiesTheState) {
  Network net = Network::build(subthreshold(15), 3);
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  MemoryFrameSink sink;
  StateRecorder rec(net, {0, {"v_mv"}, {}, 1}, sink);
  sim.add_observer(rec);
  sim.run(5);
  ASSERT_EQ(sink.frames(0), 5u);
  const auto v = net.population(0).state("v_mv");
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(sink.data(0)[4 * 10 + i], v[i]);
}

TEST(StateRecorder, RejectsUnknownVariablesAndIds) {
  Network net = Network::build(subthreshold(0), 1);
  MemoryFrameSink sink;
  try {
    StateRecorder rec(net, {0, {"w"}, {}, 1}, sink);
    FAIL() << "an unknown variable must be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("v_mv, ge, gi"), std::string::npos) << e.what();
  }
  EXPECT_THROW(StateRecorder(net, {0, {"v_mv"}, {3, 10}, 1}, sink), std::invalid_argument);
  EXPECT_THROW(StateRecorder(net, {0, {"v_mv"}, {3, 3}, 1}, sink), std::invalid_argument);
  EXPECT_THROW(StateRecorder(net, {0, {"v_mv"}, {}, 0}, sink), std::invalid_argument);
}

TEST(StateRecorder, SpreadIdsAreEvenAndDeterministic) {
  EXPECT_EQ(spread_ids(3200, 0.01).size(), 32u);
  EXPECT_EQ(spread_ids(3200, 0.01)[1], 100u);
  EXPECT_EQ(spread_ids(10, 0.001), std::vector<NeuronIndex>{0});
  EXPECT_EQ(spread_ids(4, 1.0), (std::vector<NeuronIndex>{0, 1, 2, 3}));
}

// Every spike lands in exactly one bin: the bins of each population sum to its spike count.
TEST(RateRecorder, BinsSumToSpikeCounts) {
  Network net = Network::build(test::mixed_network(SynapseModel::kCurrentBased, 500), 11);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  SpikeStatistics stats(net);
  std::vector<PopulationIndex> all;
  for (PopulationIndex p = 0; p < net.population_count(); ++p) all.push_back(p);
  RateRecorder rates(net, all, 10);
  rates.reserve_steps(2005);
  sim.add_observer(stats);
  sim.add_observer(rates);
  sim.run(2005);
  EXPECT_EQ(rates.bins(), 201u);
  EXPECT_EQ(rates.complete_bins(), 200u);
  for (std::size_t k = 0; k < all.size(); ++k) {
    std::uint64_t sum = 0;
    for (auto c : rates.counts(k)) sum += c;
    EXPECT_EQ(sum, stats.spikes(all[k])) << net.population(all[k]).name();
    EXPECT_GT(sum, 0u);
    const auto hz = rates.rates_hz(k, 0.1, net.population(all[k]).size());
    EXPECT_DOUBLE_EQ(hz[3], rates.counts(k)[3] / (static_cast<double>(net.population(all[k]).size()) * 1e-3));
  }
}

// Without plasticity every snapshot is the initial weights; with STDP the last snapshot of
// a run ending on an interval boundary is the final weights.
TEST(WeightRecorder, SnapshotsAreTheWeightsAtTheirTimes) {
  NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased, 200);
  Network net = Network::build(spec, 5);
  const std::vector<float> initial(net.projection(0).weight.begin(), net.projection(0).weight.end());
  StdpRule rule(net, 0, symmetric_stdp());
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  MemoryFrameSink fixed_sink, plastic_sink;
  WeightRecorder fixed(net, 1, 100, fixed_sink, 3);
  WeightRecorder plastic(net, 0, 100, plastic_sink);
  sim.add_plasticity(rule);
  sim.add_observer(fixed);
  sim.add_observer(plastic);
  sim.run(1000);
  ASSERT_EQ(fixed_sink.frames(0), 10u);
  ASSERT_EQ(plastic_sink.frames(0), 10u);
  const auto& w1 = net.projection(1).weight;
  for (std::size_t f = 0; f < 10; ++f) {
    for (std::size_t k = 0; k < w1.size(); ++k) ASSERT_EQ(fixed_sink.data(0)[f * w1.size() + k], w1[k]);
  }
  const auto& w0 = net.projection(0).weight;
  const std::vector<float>& d = plastic_sink.data(0);
  EXPECT_TRUE(std::equal(w0.begin(), w0.end(), d.end() - static_cast<std::ptrdiff_t>(w0.size())));
  EXPECT_FALSE(std::equal(initial.begin(), initial.end(), d.end() - static_cast<std::ptrdiff_t>(w0.size())))
      << "STDP changed no weight: the test shows nothing";
}

namespace {

/// A sink that reads each buffer late, as a writer thread does: at the next write on the same
/// channel (or at finish()), so `late` receives what the buffer holds then, and `direct` what
/// it held when handed over. They differ if a recorder refilled a buffer still being read.
class LateReadingSink final : public FrameSink {
 public:
  void write_frames(std::size_t channel, std::span<const float> data, std::size_t frames) override {
    if (channel >= pending_.size()) pending_.resize(channel + 1);
    read(channel);
    pending_[channel] = {data, frames};
    direct.write_frames(channel, data, frames);
  }
  [[nodiscard]] bool reads_after_return() const override { return true; }
  void finish() {
    for (std::size_t c = 0; c < pending_.size(); ++c) read(c);
  }
  MemoryFrameSink direct, late;

 private:
  void read(std::size_t channel) {
    auto& [data, frames] = pending_[channel];
    if (frames != 0) late.write_frames(channel, data, frames);
    frames = 0;
  }
  std::vector<std::pair<std::span<const float>, std::size_t>> pending_;
};

}  // namespace

TEST(Recorders, ASinkThatReadsAfterReturningGetsBuffersNothingRefillsMeanwhile) {
  NetworkSpec spec = test::mixed_network(SynapseModel::kCurrentBased, 200);
  Network net = Network::build(spec, 5);
  StdpRule rule(net, 0, symmetric_stdp());
  Simulation sim(net, {SimdIsa::kScalar, 1, 1024});
  LateReadingSink state_sink, weight_sink;
  StateRecorder state(net, {0, {"v_mv", "ge"}, {}, 1}, state_sink, 3);
  WeightRecorder weights(net, 0, 10, weight_sink, 3);
  sim.add_plasticity(rule);
  sim.add_observer(state);
  sim.add_observer(weights);
  sim.run(1000);
  state_sink.finish();
  weight_sink.finish();
  for (std::size_t c = 0; c < 2; ++c) {
    ASSERT_EQ(state_sink.late.frames(c), 1000u);
    EXPECT_EQ(state_sink.late.data(c), state_sink.direct.data(c)) << "channel " << c;
  }
  ASSERT_EQ(weight_sink.late.frames(0), 100u);
  EXPECT_EQ(weight_sink.late.data(0), weight_sink.direct.data(0));
}

}  // namespace snnft
