// RiskConfig: defaults trace to EVIDENCE.md; the key = value parser names the failing line.
#include <gtest/gtest.h>

#include "runload/core/risk_config.h"

namespace runload::core {
namespace {

TEST(RiskConfigTest, DefaultsAreTheEvidenceNumbers) {
  const RiskConfig c;
  EXPECT_DOUBLE_EQ(c.spike_caution_ratio, 1.10);  // EVIDENCE §3.1 Frandsen 2025
  EXPECT_DOUBLE_EQ(c.spike_elevated_ratio, 1.30);
  EXPECT_DOUBLE_EQ(c.spike_high_ratio, 2.00);
  EXPECT_DOUBLE_EQ(c.progression_two_week_pct, 30.0);  // Nielsen 2014
  EXPECT_DOUBLE_EQ(c.progression_weekly_pct, 20.0);    // Damsted 2019
  EXPECT_DOUBLE_EQ(c.monotony_max, 2.0);               // Foster 1998
  EXPECT_DOUBLE_EQ(c.pta_screen_g, 8.0);               // Crowell & Davis 2011
  EXPECT_DOUBLE_EQ(c.novice_bmi, 30.0);                // Nielsen IJSPT 2014
  EXPECT_EQ(c.load.spike_window_days, 30);
  EXPECT_EQ(c.load.min_covered_days_chronic, 14);
}

TEST(RiskConfigTest, ParsesOverridesCommentsAndRuleSettings) {
  const auto r = parse_risk_config(
      "# my thresholds\n"
      "spike.caution_ratio = 1.3   # stricter\n"
      "spike.elevated_ratio=1.5\n"
      "\n"
      "load.spike_window_days = 28\n"
      "rule.footwear.rotation.enabled = false\n"
      "rule.overuse.monotony.severity = caution\n");
  ASSERT_TRUE(r.config.has_value()) << r.error->to_string();
  EXPECT_DOUBLE_EQ(r.config->spike_caution_ratio, 1.3);
  EXPECT_DOUBLE_EQ(r.config->spike_elevated_ratio, 1.5);
  EXPECT_EQ(r.config->load.spike_window_days, 28);
  EXPECT_FALSE(r.config->rules.at("footwear.rotation").enabled);
  EXPECT_EQ(r.config->rules.at("overuse.monotony").severity, Severity::kCaution);
}

TEST(RiskConfigTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    int line;
    const char* contains;
  };
  const Case cases[] = {
      {"spike.caution_ratio = 1.2\nspike.cauton_ratio = 1.3\n", 2, "unknown key 'spike.cauton_ratio'"},
      {"\n\nmonotony.max = lots\n", 3, "needs a number"},
      {"monotony.max\n", 1, "expected 'key = value'"},
      {"load.spike_window_days = 2.5\n", 1, "whole number"},
      {"footwear.rotation_max_share = 1.5\n", 1, "outside [0, 1]"},
      {"rule.overuse.nope.enabled = false\n", 1, "unknown rule"},
      {"rule.overuse.monotony.severity = red\n", 1, "info, caution or high"},
      {"spike.caution_ratio = 1.2\nspike.elevated_ratio = 1.1\n", 2, "spike.caution_ratio < spike.elevated_ratio"},
      {"monotony.max = \n", 1, "missing value"},
  };
  for (const Case& c : cases) {
    const auto r = parse_risk_config(c.text);
    ASSERT_TRUE(r.error.has_value()) << c.text;
    EXPECT_FALSE(r.config.has_value());
    EXPECT_EQ(r.error->line, c.line) << c.text;
    EXPECT_NE(r.error->to_string().find(c.contains), std::string::npos) << r.error->to_string();
    EXPECT_EQ(r.error->to_string().rfind("line " + std::to_string(c.line) + ": ", 0), 0u);
  }
}

TEST(RiskConfigTest, ConfigTextRoundTrips) {
  RiskConfig c;
  c.spike_caution_ratio = 1.15;
  c.load.baseline_window_days = 35;
  c.rules["overuse.monotony"].enabled = false;
  const auto r = parse_risk_config(to_config_text(c));
  ASSERT_TRUE(r.config.has_value()) << r.error->to_string();
  EXPECT_DOUBLE_EQ(r.config->spike_caution_ratio, 1.15);
  EXPECT_EQ(r.config->load.baseline_window_days, 35);
  EXPECT_FALSE(r.config->rules.at("overuse.monotony").enabled);
}

TEST(RiskConfigTest, EveryKeyCitesItsSourceInPlainWords) {
  // A reader of the config text has no EVIDENCE.md: each key names an author and year, or says it is a
  // convention, never an internal "EVIDENCE §x" section number.
  for (const ConfigKey& k : config_keys()) {
    EXPECT_EQ(k.evidence.find("EVIDENCE"), std::string_view::npos) << k.key << ": " << k.evidence;
    EXPECT_EQ(k.evidence.find('\xc2'), std::string_view::npos) << k.key << " (a section sign)";
    EXPECT_FALSE(k.evidence.empty()) << k.key;
  }
  EXPECT_EQ(to_config_text(RiskConfig{}).find("EVIDENCE"), std::string::npos);
}

}  // namespace
}  // namespace runload::core
