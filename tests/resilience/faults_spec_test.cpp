// SPDX-License-Identifier: MIT
// The --fault grammar: every kind, every key, and every way a spec can be wrong.
#include <gtest/gtest.h>

#include <set>

#include "config_error_of.hpp"
#include "snnft/core/config_reader.hpp"
#include "snnft/resilience/faults/fault_spec.hpp"

namespace snnft::faults {
namespace {

std::string error_of(const std::string& flag) {
  return snnft::test::config_error_of([&] { parse_fault_flag(flag); });
}

}  // namespace

TEST(FaultSpec, EveryKindHasItsCliName) {
  const std::vector<std::string> names = {"dead",         "saturated",    "stuck_v",        "drift",     "syn_stuck0",
                                          "syn_stuckmax", "bitflip",      "jitter",         "drop",      "column_crash",
                                          "column_hang",  "column_garbage", "refractory_corrupt", "simd_off",  "cascor_nan"};
  ASSERT_EQ(fault_kinds().size(), names.size());
  std::set<FaultKind> kinds;
  for (const auto& name : names) {
    const FaultSpec spec = parse_fault_flag(name);
    EXPECT_EQ(fault_kind_name(spec.kind), name);
    kinds.insert(spec.kind);
    EXPECT_TRUE(spec.permanent());
    EXPECT_FALSE(spec.at.has_value());
  }
  EXPECT_EQ(kinds.size(), names.size());
  for (const auto& info : fault_kinds()) {
    EXPECT_FALSE(info.description.empty());
    EXPECT_GE(info.parameters.size(), 3u) << info.name << ": at, until and column at least";
  }
}

TEST(FaultSpec, ParsesTheIssueExample) {
  const FaultSpec s = parse_fault_flag("dead:fraction=0.3,column=2,at=200");
  EXPECT_EQ(s.kind, FaultKind::kDead);
  EXPECT_DOUBLE_EQ(*s.fraction, 0.3);
  EXPECT_EQ(*s.column, 2u);
  EXPECT_EQ(*s.at, (FaultTime{FaultTime::Unit::kTrials, 200}));
  EXPECT_TRUE(s.permanent());
  EXPECT_EQ(s.origin, "--fault dead:fraction=0.3,column=2,at=200");
}

TEST(FaultSpec, ParsesTimesTargetsAndKindParameters) {
  const FaultSpec j = parse_fault_flag("jitter:sigma_ms=0.5,at=250ms,until=1000ms,population=exc,seed=7");
  EXPECT_DOUBLE_EQ(j.sigma_ms, 0.5);
  EXPECT_EQ(*j.at, (FaultTime{FaultTime::Unit::kMs, 250}));
  EXPECT_EQ(*j.until, (FaultTime{FaultTime::Unit::kMs, 1000}));
  EXPECT_EQ(j.population, "exc");
  EXPECT_EQ(*j.seed, 7u);
  EXPECT_FALSE(j.permanent());

  EXPECT_EQ(parse_fault_flag("dead:ids=3;1;2").ids, (std::vector<std::uint32_t>{3, 1, 2}));
  EXPECT_EQ(*parse_fault_flag("drop:p=0.25,count=3").count, 3u);
  EXPECT_DOUBLE_EQ(parse_fault_flag("drop:p=0.25").p, 0.25);
  EXPECT_DOUBLE_EQ(parse_fault_flag("stuck_v:value_mv=-55.5").value_mv, -55.5);
  const FaultSpec d = parse_fault_flag("drift:threshold_scale=1.5,leak_scale=0.5,refractory_scale=2");
  EXPECT_DOUBLE_EQ(d.threshold_scale, 1.5);
  EXPECT_DOUBLE_EQ(d.leak_scale, 0.5);
  EXPECT_DOUBLE_EQ(d.refractory_scale, 2.0);
  const FaultSpec b = parse_fault_flag("bitflip:rate=0.01,projection=input_to_exc");
  EXPECT_DOUBLE_EQ(b.rate, 0.01);
  EXPECT_EQ(b.projection, "input_to_exc");
  EXPECT_EQ(parse_fault_flag("column_garbage:mode=class").mode, GarbageMode::kClass);
  EXPECT_DOUBLE_EQ(parse_fault_flag("column_hang:latency_ms=5000").latency_ms, 5000.0);
  // Units may differ between at and until (trials, then simulated time).
  EXPECT_NO_THROW(parse_fault_flag("dead:at=5,until=100ms"));
  EXPECT_NO_THROW(parse_fault_flag("simd_off:"));
}

TEST(FaultSpec, DefaultsAreTheListedOnes) {
  const FaultSpec s = parse_fault_flag("bitflip");
  EXPECT_DOUBLE_EQ(s.rate, 1e-3);
  EXPECT_DOUBLE_EQ(parse_fault_flag("jitter").sigma_ms, 1.0);
  EXPECT_DOUBLE_EQ(parse_fault_flag("drop").p, 0.5);
  EXPECT_EQ(parse_fault_flag("column_garbage").mode, GarbageMode::kNan);
  for (const auto& info : fault_kinds()) {
    for (const auto& p : info.parameters) {
      if (p.name == "rate") {
        EXPECT_EQ(p.default_text, "0.001");
      } else if (p.name == "sigma_ms") {
        EXPECT_EQ(p.default_text, "1");
      } else if (p.name == "p") {
        EXPECT_EQ(p.default_text, "0.5");
      }
    }
  }
}

TEST(FaultSpec, CliFormRoundTrips) {
  for (const char* flag : {"dead:fraction=0.3,column=2,at=200", "jitter:at=250ms,until=1000ms,sigma_ms=0.5",
                           "drift:ids=1;2;3,seed=9,threshold_scale=1.5,leak_scale=1,refractory_scale=2",
                           "bitflip:population=exc,projection=p,count=4,rate=0.01", "column_garbage:column=1,mode=class"}) {
    const FaultSpec a = parse_fault_flag(flag);
    const FaultSpec b = parse_fault_flag(to_string(a));
    EXPECT_EQ(to_string(a), to_string(b)) << flag;
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.at, b.at);
    EXPECT_EQ(a.until, b.until);
    EXPECT_EQ(a.ids, b.ids);
    EXPECT_EQ(a.fraction, b.fraction);
    EXPECT_EQ(a.count, b.count);
  }
}

// Each malformed spec is one line naming the flag and the bad part.
TEST(FaultSpec, EveryMalformedSpecIsOneClearError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"deadd", "--fault deadd: unknown fault kind \"deadd\" (see snnft faults)"},
      {"", "--fault : unknown fault kind \"\" (see snnft faults)"},
      {"dead:fraction=1.5", "--fault dead:fraction=1.5: fraction must be a number in [0, 1]"},
      {"dead:fraction=-0.1", "--fault dead:fraction=-0.1: fraction must be a number in [0, 1]"},
      {"dead:fraction=abc", "--fault dead:fraction=abc: fraction must be a number in [0, 1]"},
      {"dead:fraction", "--fault dead:fraction: expected key=value, got \"fraction\""},
      {"dead:=3", "--fault dead:=3: expected key=value, got \"=3\""},
      {"dead:fraction=0.1,fraction=0.2", "--fault dead:fraction=0.1,fraction=0.2: \"fraction\" given twice"},
      {"dead:sigma_ms=1", "--fault dead:sigma_ms=1: dead takes no parameter \"sigma_ms\" (see snnft faults)"},
      {"dead:colour=red", "--fault dead:colour=red: dead takes no parameter \"colour\" (see snnft faults)"},
      {"column_crash:fraction=0.5", "--fault column_crash:fraction=0.5: column_crash takes no parameter \"fraction\" (see snnft faults)"},
      {"dead:count=2.5", "--fault dead:count=2.5: count must be a whole number in [0, 4294967295]"},
      {"dead:count=-1", "--fault dead:count=-1: count must be a whole number in [0, 4294967295]"},
      {"dead:column=x", "--fault dead:column=x: column must be a whole number in [0, 4294967295]"},
      {"dead:seed=-4", "--fault dead:seed=-4: seed must be a non-negative integer"},
      {"dead:ids=1;;2", "--fault dead:ids=1;;2: ids must be indices separated by ';' (e.g. ids=1;2;3)"},
      {"dead:ids=", "--fault dead:ids=: ids must be indices separated by ';' (e.g. ids=1;2;3)"},
      {"dead:ids=a", "--fault dead:ids=a: ids must be indices separated by ';' (e.g. ids=1;2;3)"},
      {"dead:at=1.5", "--fault dead:at=1.5: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {"dead:at=-1", "--fault dead:at=-1: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {"dead:at=5s", "--fault dead:at=5s: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {"dead:until=ms", "--fault dead:until=ms: until must be a whole number of test trials (e.g. until=200) or a simulated time (e.g. until=250ms), at most 1e12"},
      {"dead:at=5,until=5", "--fault dead:at=5,until=5: until must come after at"},
      {"dead:at=300ms,until=200ms", "--fault dead:at=300ms,until=200ms: until must come after at"},
      {"dead:until=0", "--fault dead:until=0: until must come after at"},
      {"dead:fraction=0.1,count=3", "--fault dead:fraction=0.1,count=3: give only one of fraction, count and ids"},
      {"dead:count=3,ids=1;2", "--fault dead:count=3,ids=1;2: give only one of fraction, count and ids"},
      {"dead:population=", "--fault dead:population=: population must name a population"},
      {"syn_stuck0:projection=", "--fault syn_stuck0:projection=: projection must name a projection"},
      {"stuck_v:value_mv=high", "--fault stuck_v:value_mv=high: value_mv must be a number in [-1000, 1000]"},
      {"drift:threshold_scale=0", "--fault drift:threshold_scale=0: threshold_scale must be a number in (0, 1000]"},
      {"drift:leak_scale=-2", "--fault drift:leak_scale=-2: leak_scale must be a number in (0, 1000]"},
      {"drift:refractory_scale=x", "--fault drift:refractory_scale=x: refractory_scale must be a number in (0, 1000]"},
      {"bitflip:rate=2", "--fault bitflip:rate=2: rate must be a number in [0, 1]"},
      {"jitter:sigma_ms=0", "--fault jitter:sigma_ms=0: sigma_ms must be a number in (0, 100]"},
      {"drop:p=1.01", "--fault drop:p=1.01: p must be a number in [0, 1]"},
      {"column_hang:latency_ms=0", "--fault column_hang:latency_ms=0: latency_ms must be a number in (0, 1e9]"},
      {"column_garbage:mode=zero", "--fault column_garbage:mode=zero: mode must be \"nan\" or \"class\""},
      {"dead:fraction=nan", "--fault dead:fraction=nan: fraction must be a number in [0, 1]"},
      {"stuck_v:value_mv=inf", "--fault stuck_v:value_mv=inf: value_mv must be a number in [-1000, 1000]"},
      // Values that once overflowed, allocated without bound or made a fault inert.
      {"jitter:sigma_ms=1e7", "--fault jitter:sigma_ms=1e7: sigma_ms must be a number in (0, 100]"},
      {"jitter:sigma_ms=1e300", "--fault jitter:sigma_ms=1e300: sigma_ms must be a number in (0, 100]"},
      {"saturated:at=1e19ms", "--fault saturated:at=1e19ms: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {"dead:until=1e300ms", "--fault dead:until=1e300ms: until must be a whole number of test trials (e.g. until=200) or a simulated time (e.g. until=250ms), at most 1e12"},
      {"dead:at=1000000000001", "--fault dead:at=1000000000001: at must be a whole number of test trials (e.g. at=200) or a simulated time (e.g. at=250ms), at most 1e12"},
      {"dead:count=4294967296", "--fault dead:count=4294967296: count must be a whole number in [0, 4294967295]"},
      {"dead:column=99999999999999999999", "--fault dead:column=99999999999999999999: column must be a whole number in [0, 4294967295]"},
      {"drift:leak_scale=1001", "--fault drift:leak_scale=1001: leak_scale must be a number in (0, 1000]"},
      {"stuck_v:value_mv=-1e6", "--fault stuck_v:value_mv=-1e6: value_mv must be a number in [-1000, 1000]"},
      {"column_hang:latency_ms=1e10", "--fault column_hang:latency_ms=1e10: latency_ms must be a number in (0, 1e9]"},
  };
  for (const auto& [flag, message] : cases) EXPECT_EQ(error_of(flag), message) << flag;
}

// The documented upper limits are themselves accepted.
TEST(FaultSpec, LimitsAreInclusive) {
  EXPECT_DOUBLE_EQ(parse_fault_flag("jitter:sigma_ms=100").sigma_ms, 100.0);
  EXPECT_EQ(*parse_fault_flag("dead:at=1e12ms").at, (FaultTime{FaultTime::Unit::kMs, 1e12}));
  EXPECT_EQ(*parse_fault_flag("dead:until=1000000000000").until, (FaultTime{FaultTime::Unit::kTrials, 1e12}));
  EXPECT_EQ(*parse_fault_flag("dead:count=4294967295").count, 4294967295u);
  EXPECT_DOUBLE_EQ(parse_fault_flag("stuck_v:value_mv=-1000").value_mv, -1000.0);
  EXPECT_DOUBLE_EQ(parse_fault_flag("drift:refractory_scale=1000").refractory_scale, 1000.0);
}

TEST(FaultSpec, ParameterErrorsNameTheKeyForJsonPaths) {
  FaultSpec spec;
  spec.kind = FaultKind::kDrop;
  try {
    set_fault_parameter(spec, "p", "3");
    FAIL() << "p=3 accepted";
  } catch (const FaultParameterError& e) {
    EXPECT_EQ(e.key(), "p");
    EXPECT_STREQ(e.what(), "p must be a number in [0, 1]");
  }
  spec.origin = "/faults/4";
  spec.origin_is_json = true;
  EXPECT_EQ(fault_error_location(spec, "p"), "/faults/4/p");
  spec.origin = "--fault drop";
  spec.origin_is_json = false;
  EXPECT_EQ(fault_error_location(spec, "p"), "--fault drop");
}

}  // namespace snnft::faults
