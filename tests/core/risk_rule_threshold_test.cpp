// Every risk rule at, just below and just above its threshold. Each row names its EVIDENCE.md row.
// Spike rows use the default thresholds with crafted distances; the other rows first read the measured
// value from a triggering fixture, then set the rule's config key to exactly that value (at), slightly
// above it (value just below threshold) and slightly below it (value just above threshold).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>

#include "history_builder.h"
#include "runload/core/acute_chronic.h"
#include "runload/core/risk_config.h"
#include "runload/core/risk_rules.h"
#include "runload/core/rule_table.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

const RiskFlag* find_flag(const std::vector<RiskFlag>& flags, std::string_view id) {
  const auto it = std::find_if(flags.begin(), flags.end(), [&](const RiskFlag& f) { return f.id == id; });
  return it == flags.end() ? nullptr : &*it;
}

RiskConfig config_with(const std::string& key, double value, const RiskConfig& base = RiskConfig{}) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  const auto parsed = parse_risk_config(key + " = " + buf, base);
  EXPECT_FALSE(parsed.error.has_value()) << (parsed.error ? parsed.error->to_string() : "");
  return parsed.config.value_or(RiskConfig{});
}

// --- Single-session spike: EVIDENCE §3.1 row "Single-session spike" (Frandsen 2025, grade A) -------------
struct SpikeRow {
  const char* name;
  double km;            // after a 10 km run 7 days earlier
  const char* expected; // "" = no spike flag
};

class SpikeThresholdTest : public ::testing::TestWithParam<SpikeRow> {};

TEST_P(SpikeThresholdTest, FrandsenTiers) {
  HistoryBuilder b;
  b.run(0, 10.0);
  b.run(7, GetParam().km);
  const auto flags = evaluate_risk(b.history(), day(7), RiskConfig{});
  std::string spike_id;
  for (const RiskFlag& f : flags) {
    if (f.id.starts_with("overuse.spike")) spike_id = f.id;
  }
  EXPECT_EQ(spike_id, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    EvidenceSection3_1_Frandsen2025, SpikeThresholdTest,
    ::testing::Values(SpikeRow{"gt10_just_below", 10.99, ""}, SpikeRow{"gt10_at", 11.0, ""},
                      SpikeRow{"gt10_just_above", 11.01, "overuse.spike_gt10"},
                      SpikeRow{"gt30_just_below", 12.99, "overuse.spike_gt10"},
                      SpikeRow{"gt30_at", 13.0, "overuse.spike_gt10"},
                      SpikeRow{"gt30_just_above", 13.01, "overuse.spike_gt30"},
                      SpikeRow{"gt100_just_below", 19.99, "overuse.spike_gt30"},
                      SpikeRow{"gt100_at", 20.0, "overuse.spike_gt30"},
                      SpikeRow{"gt100_just_above", 20.01, "overuse.spike_gt100"}),
    [](const auto& row_info) { return std::string(row_info.param.name); });

// --- Generic rows ----------------------------------------------------------------------------------------
struct Fixture {
  TrainingHistory history;
  Date as_of;
};

struct ThresholdRow {
  const char* name;  // includes the EVIDENCE.md row
  const char* rule_id;
  const char* key;
  bool flags_at_threshold;  // true for "≥" rules (severe pain), false for "> threshold"
  std::function<Fixture()> fixture;
  std::function<double(double)> key_for_value = [](double v) { return v; };
};

Fixture drift_fixture(void (*set)(SessionMetrics&, double), double baseline, double spread, double latest) {
  HistoryBuilder b;
  for (int d = 0; d < 10; ++d) {
    Session& s = b.run(d, 8.0);
    s.metrics.speed_mps = 3.0;
    set(s.metrics, baseline + spread * ((d % 3) - 1));
  }
  Session& s = b.run(10, 8.0);
  s.metrics.speed_mps = 3.0;
  set(s.metrics, latest);
  return {b.history(), day(10)};
}

std::vector<ThresholdRow> threshold_rows() {
  std::vector<ThresholdRow> rows;
  rows.push_back({"S3_1_Nielsen2014_two_week_ramp", "overuse.ramp_two_week", "progression.two_week_pct", false, [] {
                    HistoryBuilder b;
                    b.recorded(-6, 20).run(0, 10.0);
                    b.run(7, 10.0);
                    b.run(14, 14.0);
                    return Fixture{b.history(), day(20)};
                  }});
  rows.push_back({"S3_1_Damsted2019_weekly_ramp", "overuse.ramp_weekly", "progression.weekly_pct", false, [] {
                    HistoryBuilder b;
                    b.recorded(-6, 20).run(0, 10.0);
                    b.run(7, 10.0);
                    b.run(14, 13.0);
                    return Fixture{b.history(), day(20)};
                  }});
  rows.push_back({"S2_4_Foster1998_monotony", "overuse.monotony", "monotony.max", false, [] {
                    HistoryBuilder b;
                    b.recorded(0, 6);
                    for (int d = 0; d < 7; ++d) b.run(d, d % 2 == 0 ? 5.0 : 6.0);
                    return Fixture{b.history(), day(6)};
                  }});
  rows.push_back({"S3_2_Heiderscheit2011_cadence_drop", "technique.cadence_drop", "drift.cadence_drop_pct", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.cadence_steps_per_min = v; }, 180.0, 2.0, 160.0); }});
  rows.push_back({"S5_5_CrowellDavis2011_pta_rise", "technique.pta_rise", "drift.pta_rise_pct", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.pta_g = v; }, 8.0, 0.2, 10.0); }});
  rows.push_back({"S5_5_gct_rise", "technique.gct_rise", "drift.gct_rise_pct", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.gct_ms = v; }, 250.0, 5.0, 290.0); }});
  rows.push_back({"S3_2_Bramah2018_braking_rise", "technique.braking_rise", "drift.braking_rise_pct", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.braking_g = v; }, 5.0, 0.2, 6.5); }});
  rows.push_back({"S3_2_Pohl2008_pronation_rise", "technique.pronation_rise", "drift.pronation_rise_pct", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.pronation_excursion_deg = v; }, 10.0, 0.5, 14.0); }});
  rows.push_back({"S3_2_Willy2012_tibial_angle", "technique.tibial_angle_change", "drift.tibial_angle_change_deg", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.tibial_angle_deg = v; }, 3.0, 0.3, 6.5); }});
  rows.push_back({"S3_2_Malisoux2024_asymmetry_change", "technique.asymmetry_change", "drift.asymmetry_change_pct_points", false,
                  [] { return drift_fixture([](SessionMetrics& m, double v) { m.asymmetry_pct = v; }, 2.0, 0.3, 6.0); }});
  rows.push_back({"S3_2_CrowellDavis2011_pta_screen", "technique.pta_high", "technique.pta_screen_g", false, [] {
                    HistoryBuilder b;
                    Session& s = b.run(0, 8.0);
                    s.placements = {signal::Placement::kShank};
                    s.metrics.pta_g = 9.0;
                    return Fixture{b.history(), day(0)};
                  }});
  rows.push_back({"S3_3_Cook1985_shoe_km", "footwear.shoe_km", "footwear.budget_fraction", false,
                  [] {
                    HistoryBuilder b;
                    b.shoe(1, 500.0, 490.0);
                    b.run(0, 15.0).shoe_id = 1;
                    return Fixture{b.history(), day(0)};
                  },
                  [](double km) { return km / 500.0; }});
  rows.push_back({"S3_3_per_shoe_impact_rise", "footwear.impact_rise", "footwear.impact_rise_pct", false, [] {
                    HistoryBuilder b;
                    b.shoe(1, 800.0);
                    for (int d = 0; d < 10; ++d) {
                      Session& s = b.run(d, 8.0);
                      s.shoe_id = 1;
                      s.metrics.speed_mps = 3.0;
                      s.metrics.pta_g = d < 5 ? 8.0 : 9.6;
                    }
                    return Fixture{b.history(), day(9)};
                  }});
  rows.push_back({"S3_3_Malisoux2015_rotation", "footwear.rotation", "footwear.rotation_max_share", false, [] {
                    HistoryBuilder b;
                    b.shoe(1, 800.0);
                    b.shoe(2, 800.0);
                    b.run(0, 19.0).shoe_id = 1;
                    b.run(1, 1.0).shoe_id = 2;
                    return Fixture{b.history(), day(1)};
                  }});
  rows.push_back({"S3_3_VoloshinaFerris2015_uneven", "surface.uneven_change", "surface.uneven_recent_share", false, [] {
                    HistoryBuilder b;
                    for (int d : {0, 7, 14, 21}) b.run(d, 10.0).surface = Surface::kRoad;
                    b.run(28, 10.0).surface = Surface::kTrail;
                    b.run(29, 5.0).surface = Surface::kRoad;
                    b.run(30, 10.0).surface = Surface::kTrail;
                    return Fixture{b.history(), day(30)};
                  }});
  rows.push_back({"S3_1_NielsenIJSPT2014_novice_bmi", "weight.novice_bmi_start", "weight.novice_first_week_km", false, [] {
                    HistoryBuilder b;
                    b.history().athlete.experience = ExperienceLevel::kNovice;
                    b.history().athlete.body_mass_kg = 100.0;  // BMI 32.7 at 1.75 m
                    b.run(0, 2.0);
                    b.run(2, 2.0);
                    return Fixture{b.history(), day(3)};
                  }});
  rows.push_back({"S6_graded_return_pain_gate", "symptoms.pain", "symptoms.pain_caution_above", false, [] {
                    HistoryBuilder b;
                    b.symptom(0).pain_during_0_10 = 4.0;
                    return Fixture{b.history(), day(0)};
                  }});
  rows.push_back({"S6_seek_help_severe_pain", "symptoms.severe_pain", "symptoms.severe_pain_min", true, [] {
                    HistoryBuilder b;
                    b.symptom(0).pain_after_0_10 = 8.0;
                    return Fixture{b.history(), day(0)};
                  }});
  rows.push_back({"S6_seek_help_recurrent_pain", "symptoms.recurrent_pain", "symptoms.recurrent_pain_days", true, [] {
                    HistoryBuilder b;
                    for (int d = 0; d < 10; d += 1) {
                      if (d != 4) b.symptom(d).pain_during_0_10 = 2.0;  // 9 painful days of 10, running
                      b.run(d, 5.0);
                    }
                    return Fixture{b.history(), day(9)};
                  }});
  rows.push_back({"S6_seek_help_persistent_pain", "symptoms.persistent_pain", "symptoms.persistent_pain_days", false, [] {
                    HistoryBuilder b;
                    for (int d = 0; d < 10; ++d) b.symptom(d).pain_next_morning_0_10 = 3.0;
                    return Fixture{b.history(), day(9)};
                  }});
  return rows;
}

class RuleThresholdTest : public ::testing::TestWithParam<ThresholdRow> {};

TEST_P(RuleThresholdTest, AtJustBelowAndJustAbove) {
  const ThresholdRow& row = GetParam();
  ASSERT_NE(find_rule(row.rule_id), nullptr);
  EXPECT_EQ(find_rule(row.rule_id)->threshold_key, row.key);
  const Fixture fx = row.fixture();
  // GIVEN the default thresholds, the rule switched on (a no-op unless it is off by default),
  // trigger the rule and report the measured value
  RiskConfig base;
  base.rules[row.rule_id].enabled = true;
  const auto defaults = evaluate_risk(fx.history, fx.as_of, base);
  const RiskFlag* flag = find_flag(defaults, row.rule_id);
  ASSERT_NE(flag, nullptr) << "fixture does not trigger " << row.rule_id;
  ASSERT_TRUE(flag->value.has_value());
  const double key_value = row.key_for_value(*flag->value);
  // WHEN the threshold is exactly the value, just above it, just below it
  const auto flagged = [&](double threshold) {
    return find_flag(evaluate_risk(fx.history, fx.as_of, config_with(row.key, threshold, base)), row.rule_id) != nullptr;
  };
  const bool at = flagged(key_value);
  const bool value_below = flagged(key_value * (1 + 1e-6));
  const bool value_above = flagged(key_value * (1 - 1e-6));
  // THEN
  EXPECT_EQ(at, row.flags_at_threshold);
  EXPECT_FALSE(value_below);
  EXPECT_TRUE(value_above);
}

INSTANTIATE_TEST_SUITE_P(EvidenceRows, RuleThresholdTest, ::testing::ValuesIn(threshold_rows()),
                         [](const auto& row_info) { return std::string(row_info.param.name); });

// --- Yes/no seek-help symptoms: EVIDENCE §6 --------------------------------------------------------------
TEST(SymptomRedFlagTest, S6_EachSeekHelpSymptomStaysUntilSeenToOrASymptomFreeWeek) {
  const std::pair<const char*, void (*)(SymptomEntry&)> cases[] = {
      {"symptoms.swelling", [](SymptomEntry& e) { e.swelling = true; }},
      {"symptoms.swelling", [](SymptomEntry& e) { e.redness_or_warmth = true; }},  // a changed appearance
      {"symptoms.instability", [](SymptomEntry& e) { e.instability = true; }},
      {"symptoms.weight_bearing", [](SymptomEntry& e) { e.difficulty_bearing_weight = true; }},
      {"symptoms.restricted_motion", [](SymptomEntry& e) { e.restricted_motion = true; }},
  };
  for (const auto& [id, set] : cases) {
    HistoryBuilder b;
    set(b.symptom(0));
    const auto flags = evaluate_risk(b.history(), day(0), RiskConfig{});
    const RiskFlag* f = find_flag(flags, id);
    ASSERT_NE(f, nullptr) << id;
    EXPECT_EQ(f->severity, Severity::kHigh);
    EXPECT_EQ(f->factor, Factor::kSymptoms);
    EXPECT_NE(f->advice.find("see a health professional"), std::string::npos);
    // Nothing logged since: the red flag is still there a month later, dated the day it was logged
    const RiskFlag* held = find_flag(evaluate_risk(b.history(), day(30), RiskConfig{}), id);
    ASSERT_NE(held, nullptr) << id << " must not expire by itself";
    EXPECT_EQ(held->date, day(0));
    EXPECT_NE(held->message.find("health professional has seen the knee"), std::string::npos) << held->message;
    // A next entry with 1/10 pain three days later does not clear it (issue 11)
    b.symptom(3).pain_during_0_10 = 1.0;
    EXPECT_NE(find_flag(evaluate_risk(b.history(), day(3), RiskConfig{}), id), nullptr) << id;
    // Symptom-free entries clear it only a week after the last symptom (day 3): day 9 no, day 10 yes
    b.symptom(9).pain_during_0_10 = 0.0;
    EXPECT_NE(find_flag(evaluate_risk(b.history(), day(9), RiskConfig{}), id), nullptr) << id;
    b.symptom(10).pain_during_0_10 = 0.0;
    EXPECT_EQ(find_flag(evaluate_risk(b.history(), day(10), RiskConfig{}), id), nullptr) << id;
  }
}

TEST(SymptomRedFlagTest, S6_SeenByAProfessionalClearsTheRedFlag) {
  HistoryBuilder b;
  b.symptom(0).swelling = true;
  b.symptom(2).pain_after_0_10 = 2.0;
  EXPECT_NE(find_flag(evaluate_risk(b.history(), day(2), RiskConfig{}), "symptoms.swelling"), nullptr);
  b.symptom(4).seen_professional = true;
  EXPECT_EQ(find_flag(evaluate_risk(b.history(), day(4), RiskConfig{}), "symptoms.swelling"), nullptr);
  // A new red flag after the visit raises it again
  b.symptom(12).instability = true;
  EXPECT_NE(find_flag(evaluate_risk(b.history(), day(12), RiskConfig{}), "symptoms.instability"), nullptr);
}

TEST(SymptomRedFlagTest, S6_ClickingAloneIsNotAStopFlag) {
  // The article: clicking is not always serious; its criterion is a restricted range of motion.
  HistoryBuilder b;
  b.symptom(0).locking_or_clicking = true;
  const auto flags = evaluate_risk(b.history(), day(0), RiskConfig{});
  const RiskFlag* f = find_flag(flags, "symptoms.clicking");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kInfo);
  for (const RiskFlag& flag : flags) EXPECT_NE(flag.severity, Severity::kHigh) << flag.id;
}

TEST(SymptomRedFlagTest, S6_PersistentPainNeedsRestButPainOnMostDaysWhileRunningSeeksHelp) {
  // Pain for 10 days while running every day: not "despite rest", so no persistent-pain flag …
  HistoryBuilder b;
  for (int d = 0; d < 10; ++d) {
    b.symptom(d).pain_next_morning_0_10 = 1.0;
    b.run(d, 5.0);
  }
  const auto flags = evaluate_risk(b.history(), day(9), RiskConfig{});
  EXPECT_EQ(find_flag(flags, "symptoms.persistent_pain"), nullptr);
  // … but pain on 7 or more of the last 10 days is pain lasting a week: see a professional (issue 11)
  const RiskFlag* recurrent = find_flag(flags, "symptoms.recurrent_pain");
  ASSERT_NE(recurrent, nullptr);
  EXPECT_EQ(recurrent->severity, Severity::kHigh);
  EXPECT_DOUBLE_EQ(*recurrent->value, 10.0);
  // Six painful days of ten are not enough; the seventh is
  EXPECT_EQ(find_flag(evaluate_risk(b.history(), day(5), RiskConfig{}), "symptoms.recurrent_pain"), nullptr);
  EXPECT_NE(find_flag(evaluate_risk(b.history(), day(6), RiskConfig{}), "symptoms.recurrent_pain"), nullptr);
}

TEST(SymptomRedFlagTest, S6_PersistentPainCountsDaysWithoutARunNotRuns) {
  // Ten days of pain; runs on days 0-6, two of them on day 3: seven running days, three without.
  HistoryBuilder b;
  for (int d = 0; d < 10; ++d) b.symptom(d).pain_next_morning_0_10 = 2.0;
  for (int d = 0; d < 7; ++d) b.run(d, 5.0);
  b.run(3, 4.0);
  const auto flags = evaluate_risk(b.history(), day(9), RiskConfig{});
  const RiskFlag* flag = find_flag(flags, "symptoms.persistent_pain");
  ASSERT_NE(flag, nullptr);
  EXPECT_NE(flag->message.find("persisted for 10 days"), std::string::npos) << flag->message;
  EXPECT_NE(flag->message.find("despite 3 days without running"), std::string::npos) << flag->message;
  // Two days without a run are not "despite rest" (persistent_min_rest_days = 3).
  b.run(7, 5.0);
  EXPECT_EQ(find_flag(evaluate_risk(b.history(), day(9), RiskConfig{}), "symptoms.persistent_pain"), nullptr);
}

// --- ACWR: EVIDENCE §3.1 ACWR rows and §5.2 — context only ------------------------------------------------
TEST(AcwrContextTest, S5_2_HighAcwrAloneNeverRaisesAFlag) {
  HistoryBuilder b;
  b.recorded(0, 27);
  for (int d = 0; d < 21; ++d) b.run(d, 3.0);
  for (int d = 21; d < 28; ++d) b.run(d, 3.3);  // no session spike beyond 10 %
  b.run(27, 3.3);                                // two runs on the last day: daily load doubles
  const auto ac = estimate_acute_chronic(b.history(), day(27), LoadMeasure::kDistance, LoadSettings{});
  ASSERT_TRUE(ac.uncoupled_ratio.has_value());
  EXPECT_GT(*ac.uncoupled_ratio, 1.1);
  // Disable the weekly-ramp and monotony rules (daily running): what is left must not alarm on ACWR.
  const auto parsed = parse_risk_config(
      "rule.overuse.ramp_weekly.enabled = false\nrule.overuse.ramp_two_week.enabled = false\n"
      "rule.overuse.monotony.enabled = false\n");
  ASSERT_TRUE(parsed.config.has_value());
  const auto flags = evaluate_risk(b.history(), day(27), *parsed.config);
  for (const RiskFlag& f : flags) ADD_FAILURE() << "unexpected flag " << f.id;
  for (const RuleDefinition& r : rule_table()) EXPECT_EQ(std::string(r.id).find("acwr"), std::string::npos);
}

// --- Rules on unvalidated inputs are off by default (issue 10) ---------------------------------------------
TEST(RuleDefaultsTest, TibialAngleRuleIsOffByDefaultSaysWhyAndAConfigTurnsItOn) {
  // GIVEN a 3.5° change of the (unvalidated) shank frontal angle from a steady baseline
  const Fixture fx = drift_fixture([](SessionMetrics& m, double v) { m.tibial_angle_deg = v; }, 3.0, 0.3, 6.5);
  const char* id = "technique.tibial_angle_change";
  // WHEN evaluated with the default config THEN no flag, and the rule says why it is off
  EXPECT_EQ(find_flag(evaluate_risk(fx.history, fx.as_of, RiskConfig{}), id), nullptr);
  ASSERT_NE(find_rule(id), nullptr);
  EXPECT_NE(find_rule(id)->off_by_default.find("unvalidated"), std::string_view::npos);
  EXPECT_NE(to_config_text(RiskConfig{}).find("rule.technique.tibial_angle_change.enabled = false"), std::string::npos);
  // WHEN a config enables it THEN it flags the change
  const auto on = parse_risk_config("rule.technique.tibial_angle_change.enabled = true\n");
  ASSERT_TRUE(on.config.has_value());
  const RiskFlag* flag = find_flag(evaluate_risk(fx.history, fx.as_of, *on.config), id);
  ASSERT_NE(flag, nullptr);
  EXPECT_NEAR(*flag->value, 3.5, 0.01);
  // AND a severity override alone does not switch it on
  const auto severity_only = parse_risk_config("rule.technique.tibial_angle_change.severity = caution\n");
  ASSERT_TRUE(severity_only.config.has_value());
  EXPECT_EQ(find_flag(evaluate_risk(fx.history, fx.as_of, *severity_only.config), id), nullptr);
}

TEST(RuleDefaultsTest, EveryOtherRuleIsOnByDefault) {
  const RiskConfig defaults;
  for (const RuleDefinition& r : rule_table()) {
    const auto it = defaults.rules.find(r.id);
    const bool on = it == defaults.rules.end() || it->second.enabled;
    EXPECT_EQ(on, r.off_by_default.empty()) << r.id;
  }
  EXPECT_EQ(defaults.rules.size(), 1u);  // technique.tibial_angle_change only
}

TEST(RuleTableTest, EveryRuleCitesEvidenceAndHasAdviceAndAConfigKey) {
  for (const RuleDefinition& r : rule_table()) {
    // A real citation a reader can look up (author and year), or said plainly what the source is when it
    // has none ("No graded source"; the physiotherapy article without author or year on record); never an
    // internal "EVIDENCE §x"
    EXPECT_EQ(r.evidence.find("EVIDENCE"), std::string_view::npos) << r.id;
    EXPECT_TRUE(std::regex_search(std::string(r.evidence),
                                  std::regex(R"((19|20)\d\d|article .*author and year are not on record|^No graded source)")))
        << r.id << ": " << r.evidence;
    EXPECT_NE(rule_title(r.id), r.id) << "a title in plain words: " << r.id;
    EXPECT_FALSE(r.advice.empty()) << r.id;
    if (!r.threshold_key.empty()) {
      const auto keys = config_keys();
      EXPECT_TRUE(std::any_of(keys.begin(), keys.end(), [&](const ConfigKey& k) { return k.key == r.threshold_key; })) << r.id;
    }
  }
}

TEST(RuleTableTest, S6_AdviceCarriesTheArticlesStretchingAndNamesConditionsOnlyAsWhatAProfessionalAssesses) {
  // EVIDENCE §6 prevention levers: stretching (hamstrings, quadriceps, calves, hips) is the article's advice
  for (const char* id : {"overuse.spike_gt10", "overuse.ramp_weekly", "technique.gct_rise", "symptoms.pain"}) {
    const std::string advice(find_rule(id)->advice);
    for (const char* muscle : {"hamstrings", "quadriceps", "calves", "hips"}) {
      EXPECT_NE(advice.find(muscle), std::string::npos) << id << ": " << muscle;
    }
  }
  // The seek-help advice names the article's causes of inner-knee pain as what a professional assesses
  const std::string help(find_rule("symptoms.swelling")->advice);
  for (const char* condition : {"MCL injury", "medial meniscus tear", "arthritis", "pes anserine bursitis",
                                "patellofemoral pain", "medial plica", "gout"}) {
    EXPECT_NE(help.find(condition), std::string::npos) << condition;
  }
  EXPECT_NE(help.find("assess"), std::string::npos);
  EXPECT_NE(help.find("cannot tell"), std::string::npos) << "never a diagnosis (EVIDENCE §5.10)";
}

}  // namespace
}  // namespace runload::core
