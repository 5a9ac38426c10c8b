// SPDX-License-Identifier: MIT
// Active faults allocate nothing in the step loop: whatever they need (masks, saved values,
// the jitter buffer, scratch space for spike lists) is sized when they are bound or applied.
#include <gtest/gtest.h>

#include "allocation_counter.hpp"
#include "faults_test_util.hpp"

namespace snnft::faults {

TEST(FaultAllocation, ActiveFaultsAllocateNothingPerStep) {
  Network net = Network::build(snnft::test::mixed_network(SynapseModel::kCurrentBased, 1000), 1);
  Simulation sim(net, {best_simd_isa(), 1, 1024});
  std::vector<FaultSpec> specs;
  for (const char* flag : {"dead:fraction=0.1,population=exc", "saturated:count=5", "stuck_v:count=3,value_mv=-55",
                           "drift:fraction=0.2,threshold_scale=1.1,leak_scale=0.9,refractory_scale=1.5",
                           "refractory_corrupt:count=4", "drop:p=0.2,population=drive", "jitter:sigma_ms=1,population=inh",
                           "syn_stuck0:fraction=0.01", "syn_stuckmax:fraction=0.01", "bitflip:rate=0.0001", "simd_off"}) {
    specs.push_back(parse_fault_flag(flag));
  }
  FaultSchedule schedule(specs, 1);
  schedule.attach(sim);
  for (int i = 0; i < 10; ++i) sim.step();  // every fault is applied at step 0
  ASSERT_EQ(schedule.injector()->active_faults(), specs.size());
  const std::size_t before = snnft::test::allocation_count();
  for (int i = 0; i < 2000; ++i) sim.step();
  EXPECT_EQ(snnft::test::allocation_count() - before, 0u);
}

}  // namespace snnft::faults
