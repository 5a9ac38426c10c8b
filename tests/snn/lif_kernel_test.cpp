// SPDX-License-Identifier: MIT
// The fused integrate-and-detect kernels against integrate followed by detect, bit for bit,
// for every instruction set, with per-neuron and shared constants and thresholds.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "snnft/core/aligned_array.hpp"
#include "snnft/core/counter_rng.hpp"
#include "snnft/snn/lif_kernels.hpp"

namespace snnft {
namespace {

/// One chunk of LIF state near threshold: about a tenth of the neurons refractory, a few
/// per cent above threshold after the step.
struct Chunk {
  explicit Chunk(std::size_t n, bool cuba, bool shared)
      : v(n), ge(n), gi(n), he(n), hi(n), ref_left(n), decay_m(n), drive(n), p_e(n), p_i(n), q_e(n), q_i(n), v_th(n),
        v_reset(n), ref_steps(n), out(n) {
    const CounterRng seed(42);
    RngStream rng(seed, {RngPurpose::kInitialState, 0, 0});
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = static_cast<float>(rng.uniform(-60.0, -49.0));
      ge[i] = static_cast<float>(rng.uniform(0.0, cuba ? 3.0 : 6.0));
      gi[i] = static_cast<float>(rng.uniform(cuba ? -10.0 : 0.0, cuba ? 0.0 : 5.0));
      he[i] = static_cast<float>(rng.uniform(0.0, cuba ? 1.0 : 2.0));
      hi[i] = static_cast<float>(rng.uniform(cuba ? -3.0 : 0.0, cuba ? 0.0 : 2.0));
      ref_left[i] = rng.uniform(0.0, 1.0) < 0.1 ? static_cast<float>(std::floor(rng.uniform(1.0, 40.0))) : 0.0f;
      const double tau_m = shared ? 20.0 : rng.uniform(15.0, 25.0);
      decay_m[i] = static_cast<float>(std::exp(-0.1 / tau_m));
      drive[i] = shared ? -49.0f : static_cast<float>(rng.uniform(-52.0, -48.0));
      p_e[i] = shared ? 0.0045f : static_cast<float>(0.1 / tau_m);
      p_i[i] = shared ? 0.0042f : static_cast<float>(rng.uniform(0.003, 0.005));
      q_e[i] = shared ? 0.00025f : static_cast<float>(rng.uniform(0.0002, 0.0003));
      q_i[i] = shared ? 0.00024f : static_cast<float>(rng.uniform(0.0002, 0.0003));
      v_th[i] = shared ? -50.0f : static_cast<float>(rng.uniform(-50.5, -49.5));
      v_reset[i] = -60.0f;
      ref_steps[i] = 49.0f;
    }
  }
  LifKernelArgs integrate(bool cuba, bool shared, bool delta = false, bool alpha = false) {
    // Reversal potentials (COBA only): 0 and -80 mV. Delta receptors forget their input
    // within the step (decay 0) and drop jumps while refractory. Alpha synapses feed he, hi
    // into ge, gi and (current-based) into v.
    LifKernelArgs a{v.data(), ge.data(), gi.data(), ref_left.data(), decay_m.data(), drive.data(), p_e.data(), p_i.data(),
                    0.95f,    0.99f,     0.0f,      cuba ? 0.0f : -80.0f, v.padded(), shared};
    if (delta) a.decay_e = a.decay_i = 0.0f;
    if (alpha) {
      a.he = he.data();
      a.hi = hi.data();
      a.rise_e = 0.05f;
      a.rise_i = 0.027f;
      a.q_e = q_e.data();
      a.q_i = q_i.data();
    }
    return a;
  }
  LifDetectArgs detect(bool shared = false) {
    return {v.data(), ref_left.data(), v_th.data(), v_reset.data(), ref_steps.data(), v.padded(), 32, out.data(),
            shared};
  }
  AlignedArray<float> v, ge, gi, he, hi, ref_left, decay_m, drive, p_e, p_i, q_e, q_i, v_th, v_reset, ref_steps;
  std::vector<std::uint32_t> out;
};

bool same_bits(const AlignedArray<float>& a, const AlignedArray<float>& b) {
  for (std::size_t i = 0; i < a.padded(); ++i) {
    if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
  }
  return true;
}

struct Case {
  bool cuba;
  bool shared;
  bool delta = false;  ///< current-based with delta synapses
  bool alpha = false;  ///< alpha synapses
};

class FusedKernel : public ::testing::TestWithParam<Case> {};

TEST_P(FusedKernel, MatchesIntegrateThenDetectBitForBitOnEveryIsa) {
  const auto [cuba, shared, delta, alpha] = GetParam();
  constexpr std::size_t n = 1024;
  // The reference: the scalar kernels, in two passes.
  Chunk ref(n, cuba, shared);
  cuba ? lif_integrate_cuba(SimdIsa::kScalar, ref.integrate(cuba, false, delta, alpha))
       : lif_integrate_coba(SimdIsa::kScalar, ref.integrate(cuba, false, delta, alpha));
  const std::size_t ref_spikes = lif_detect(SimdIsa::kScalar, ref.detect());
  ASSERT_GT(ref_spikes, 10u) << "the chunk must spike for the comparison to mean anything";
  ASSERT_LT(ref_spikes, n / 2);
  for (SimdIsa isa : available_simd_isas()) {
    Chunk c(n, cuba, shared);
    const std::size_t spikes = cuba ? lif_update_cuba(isa, c.integrate(cuba, shared, delta, alpha), c.detect(shared))
                                    : lif_update_coba(isa, c.integrate(cuba, shared, delta, alpha), c.detect(shared));
    ASSERT_EQ(spikes, ref_spikes) << to_string(isa);
    for (std::size_t k = 0; k < spikes; ++k) ASSERT_EQ(c.out[k], ref.out[k]) << to_string(isa) << " spike " << k;
    EXPECT_TRUE(same_bits(c.v, ref.v)) << to_string(isa);
    EXPECT_TRUE(same_bits(c.ge, ref.ge)) << to_string(isa);
    EXPECT_TRUE(same_bits(c.gi, ref.gi)) << to_string(isa);
    EXPECT_TRUE(same_bits(c.he, ref.he)) << to_string(isa);
    EXPECT_TRUE(same_bits(c.hi, ref.hi)) << to_string(isa);
    EXPECT_TRUE(same_bits(c.ref_left, ref.ref_left)) << to_string(isa);
    // The split kernels with shared constants too (used when the Integrate phase is watched).
    Chunk s(n, cuba, shared);
    cuba ? lif_integrate_cuba(isa, s.integrate(cuba, shared, delta, alpha))
         : lif_integrate_coba(isa, s.integrate(cuba, shared, delta, alpha));
    EXPECT_EQ(lif_detect(isa, s.detect(shared)), ref_spikes) << to_string(isa);
    EXPECT_TRUE(same_bits(s.v, ref.v)) << to_string(isa);
    EXPECT_TRUE(same_bits(s.ge, ref.ge)) << to_string(isa);
    EXPECT_TRUE(same_bits(s.he, ref.he)) << to_string(isa);
  }
}

INSTANTIATE_TEST_SUITE_P(ModelsAndConstants, FusedKernel,
                         ::testing::Values(Case{true, false}, Case{true, true}, Case{false, false}, Case{false, true},
                                           Case{true, false, true}, Case{true, true, true}, Case{true, false, false, true},
                                           Case{true, true, false, true}, Case{false, false, false, true},
                                           Case{false, true, false, true}),
                         [](const ::testing::TestParamInfo<Case>& c) {
                           return std::string(c.param.delta ? "delta" : c.param.cuba ? "cuba" : "coba") +
                                  (c.param.alpha ? "_alpha" : "") +
                                  (c.param.shared ? "_shared" : "_per_neuron");
                         });

TEST(FusedKernel, ResetNeuronsAreRefractoryAndIndexedFromTheChunkStart) {
  Chunk c(64, true, true);
  const std::size_t spikes = lif_update_cuba(best_simd_isa(), c.integrate(true, true), c.detect(true));
  ASSERT_GT(spikes, 0u);
  for (std::size_t k = 0; k < spikes; ++k) {
    const std::size_t i = c.out[k] - 32;  // first_index = 32
    ASSERT_LT(i, 64u);
    EXPECT_EQ(c.v[i], -60.0f);
    EXPECT_EQ(c.ref_left[i], 49.0f);
    if (k > 0) {
      EXPECT_LT(c.out[k - 1], c.out[k]);
    }
  }
}

TEST(FusedKernel, EndlesslyRefractoryLanesNeverSpikeUnderASharedThreshold) {
  // Lanes 40..63 stand for padding: far above the broadcast threshold, but refractory for ever.
  Chunk c(64, true, true);
  for (std::size_t i = 40; i < 64; ++i) {
    c.v[i] = 0.0f;
    c.ref_left[i] = INFINITY;
  }
  for (SimdIsa isa : available_simd_isas()) {
    for (int step = 0; step < 200; ++step) {
      const std::size_t spikes = lif_update_cuba(isa, c.integrate(true, true), c.detect(true));
      for (std::size_t k = 0; k < spikes; ++k) ASSERT_LT(c.out[k] - 32, 40u) << to_string(isa) << " step " << step;
    }
    for (std::size_t i = 40; i < 64; ++i) {
      EXPECT_EQ(c.v[i], 0.0f) << "held";
      EXPECT_EQ(c.ref_left[i], INFINITY);
    }
  }
}

}  // namespace
}  // namespace snnft
