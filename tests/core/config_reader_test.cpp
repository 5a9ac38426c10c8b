// SPDX-License-Identifier: MIT
#include "snnft/core/config_reader.hpp"

#include <gtest/gtest.h>

namespace snnft {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(ObjectReader, ReadsTypedValuesAndDefaults) {
  const auto j = nlohmann::json::parse(R"({"a": 2.5, "n": 3, "s": "x", "b": true})");
  ObjectReader r(j, "/cfg");
  EXPECT_EQ(r.positive("a"), 2.5);
  EXPECT_EQ(r.integer("n"), 3);
  EXPECT_EQ(r.string("s"), "x");
  EXPECT_TRUE(r.boolean("b"));
  EXPECT_EQ(r.number("missing", 4.0), 4.0);
  EXPECT_NO_THROW(r.finish());
}

TEST(ObjectReader, NamesPathAndValueOfOutOfRangeNumber) {
  const auto j = nlohmann::json::parse(R"({"populations": [{"tau_m_ms": -5}]})");
  ObjectReader root(j, "");
  const auto msg = error_of([&] {
    root.objects("populations", [](ObjectReader& pop) { pop.positive("tau_m_ms"); });
  });
  EXPECT_EQ(msg, "/populations/0/tau_m_ms: expected a positive number, got -5");
}

TEST(ObjectReader, RejectsUnknownKeyMissingFieldAndWrongType) {
  const auto j = nlohmann::json::parse(R"({"tau_m": 20, "name": 3})");
  ObjectReader r(j, "/populations/1");
  EXPECT_EQ(error_of([&] { r.positive("tau_m_ms"); }), "/populations/1/tau_m_ms: missing required field");
  EXPECT_EQ(error_of([&] { r.string("name"); }), "/populations/1/name: expected a string, got 3");
  EXPECT_EQ(error_of([&] { r.finish(); }), "/populations/1/tau_m: unknown key");
}

TEST(ObjectReader, ChoiceListsAllowedValues) {
  const auto j = nlohmann::json::parse(R"({"model": "izh"})");
  ObjectReader r(j, "");
  EXPECT_EQ(error_of([&] { r.choice("model", {"cuba", "coba"}); }),
            "/model: expected one of cuba, coba, got \"izh\"");
}

TEST(ObjectReader, IntegerRejectsFractions) {
  const auto j = nlohmann::json::parse(R"({"n": 2.5, "m": 4.0})");
  ObjectReader r(j, "");
  EXPECT_EQ(r.integer("m"), 4);
  EXPECT_EQ(error_of([&] { r.integer("n"); }), "/n: expected an integer, got 2.5");
}

TEST(ParseJsonText, SyntaxErrorNamesSourceAndOffset) {
  const auto msg = error_of([] { parse_json_text("{\"a\": }", "cfg.json"); });
  EXPECT_NE(msg.find("cfg.json: invalid JSON at byte"), std::string::npos) << msg;
}

}  // namespace snnft
