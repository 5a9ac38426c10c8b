// SPDX-License-Identifier: MIT
#include "snnft/core/config_reader.hpp"

#include <gtest/gtest.h>

#include "config_error_of.hpp"

namespace snnft {
namespace {

using snnft::test::config_error_of;

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
  const auto msg = config_error_of([&] {
    root.objects("populations", [](ObjectReader& pop) { pop.positive("tau_m_ms"); });
  });
  EXPECT_EQ(msg, "/populations/0/tau_m_ms: expected a positive number, got -5");
}

TEST(ObjectReader, RejectsUnknownKeyMissingFieldAndWrongType) {
  const auto j = nlohmann::json::parse(R"({"tau_m": 20, "name": 3})");
  ObjectReader r(j, "/populations/1");
  EXPECT_EQ(config_error_of([&] { r.positive("tau_m_ms"); }), "/populations/1/tau_m_ms: missing required field");
  EXPECT_EQ(config_error_of([&] { r.string("name"); }), "/populations/1/name: expected a string, got 3");
  EXPECT_EQ(config_error_of([&] { r.finish(); }), "/populations/1/tau_m: unknown key");
}

TEST(ObjectReader, ChoiceListsAllowedValues) {
  const auto j = nlohmann::json::parse(R"({"model": "izh"})");
  ObjectReader r(j, "");
  EXPECT_EQ(config_error_of([&] { r.choice("model", {"cuba", "coba"}); }),
            "/model: expected one of cuba, coba, got \"izh\"");
}

TEST(ObjectReader, IntegerRejectsFractions) {
  const auto j = nlohmann::json::parse(R"({"n": 2.5, "m": 4.0})");
  ObjectReader r(j, "");
  EXPECT_EQ(r.integer("m"), 4);
  EXPECT_EQ(config_error_of([&] { r.integer("n"); }), "/n: expected an integer, got 2.5");
}

TEST(ParseJsonText, SyntaxErrorNamesLineAndColumn) {
  // The '}' that cannot start a value is the 9th character of line 2.
  EXPECT_EQ(config_error_of([] { parse_json_text("{\"a\":\n  [1, 2,}", "cfg.json"); }),
            "cfg.json: invalid JSON at line 2, column 9: syntax error while parsing value - unexpected '}'; "
            "expected '[', '{', or a literal");
  EXPECT_EQ(config_error_of([] { parse_json_text("{\"a\": }", "cfg.json"); }).substr(0, 40),
            "cfg.json: invalid JSON at line 1, column");
  EXPECT_EQ(config_error_of([] { parse_json_text("", "cfg.json"); }).substr(0, 44),
            "cfg.json: invalid JSON at line 1, column 1: ");
}

TEST(ParseJsonText, OverflowingNumberIsAnErrorWithItsPosition) {
  // JSON has no NaN or infinity; a literal past the double range is the only way to write one.
  EXPECT_EQ(config_error_of([] { parse_json_text("{\"x\": 1,\n \"dt_ms\": 1e400}", "cfg.json"); }),
            "cfg.json: invalid JSON at line 2, column 11: number 1e400 is out of range (not a finite double)");
  EXPECT_EQ(config_error_of([] { parse_json_text("[-1e999]", "c.json"); }),
            "c.json: invalid JSON at line 1, column 2: number -1e999 is out of range (not a finite double)");
}

TEST(ObjectReader, IntegerAbove63BitsIsAnError) {
  const auto j = nlohmann::json::parse(R"({"seed": 18446744073709551615, "big": 1e24})");
  ObjectReader r(j, "");
  EXPECT_EQ(config_error_of([&] { r.integer("seed"); }), "/seed: expected an integer below 2^63, got 18446744073709551615");
  EXPECT_EQ(config_error_of([&] { r.integer("big"); }), "/big: expected an integer, got 1e+24");
}

}  // namespace snnft
