// Scenario tests on synthetic 12-week histories: evaluate the risk module on every day and check that
// exactly the expected flags — and no others — appear on exactly the expected days. The expected days of
// the overuse rules come from an independent oracle that recomputes the EVIDENCE §2.4 definitions from the
// schedule with plain arithmetic (rest days = 0, fixed windows).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "history_builder.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/report_text.h"
#include "runload/core/risk_report.h"
#include "runload/core/risk_rules.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

constexpr int kDays = 84;  // 12 weeks, all recorded

struct PlannedRun {
  PlannedRun(int d, double distance_km) : day(d), km(distance_km) {}
  int day;
  double km;
  double rpe = 4.0;
  std::optional<double> pta_g;
};
using Schedule = std::vector<PlannedRun>;
using FlagDays = std::set<std::pair<std::string, int>>;  // (rule id, as_of day)

// Long run on day 0 of each week, 8 km on days 2, 4, 6.
void base_week(Schedule& s, int week, double long_km, double short_km) {
  s.push_back({7 * week, long_km});
  for (int offset : {2, 4, 6}) s.push_back({7 * week + offset, short_km});
}

Schedule steady(int weeks = 12) {
  Schedule s;
  for (int w = 0; w < weeks; ++w) base_week(s, w, 12.0, 8.0);
  return s;
}

HistoryBuilder build(const Schedule& schedule, std::optional<std::int64_t> shoe = std::nullopt) {
  HistoryBuilder b;
  b.recorded(0, kDays - 1);
  for (const PlannedRun& r : schedule) {
    Session& s = b.run(r.day, r.km, r.rpe);
    s.shoe_id = shoe;
    s.metrics.pta_g = r.pta_g;
    if (r.pta_g) s.metrics.speed_mps = 3.0;
  }
  return b;
}

// --- The oracle: EVIDENCE §2.4 definitions with the default thresholds --------------------------------
FlagDays overuse_oracle(const Schedule& schedule) {
  std::vector<double> km(kDays, 0.0), srpe(kDays, 0.0);
  for (const PlannedRun& r : schedule) {
    km[static_cast<std::size_t>(r.day)] += r.km;
    srpe[static_cast<std::size_t>(r.day)] += r.rpe * r.km * testing::kPaceSPerKm / 60.0;
  }
  auto window = [&](int first, int last) {
    double sum = 0.0;
    for (int d = first; d <= last; ++d) sum += km[static_cast<std::size_t>(d)];
    return sum;
  };
  FlagDays out;
  for (const PlannedRun& r : schedule) {  // single-session spike, visible for 7 days
    double longest = 0.0;
    for (const PlannedRun& p : schedule) {
      if (p.day < r.day && p.day >= r.day - 30) longest = std::max(longest, p.km);
    }
    if (longest <= 0.0) continue;
    const double ratio = r.km / longest;
    const char* id = ratio > 2.0 ? "overuse.spike_gt100" : ratio > 1.3 ? "overuse.spike_gt30" : ratio > 1.1 ? "overuse.spike_gt10" : nullptr;
    if (id == nullptr) continue;
    for (int d = r.day; d < std::min(kDays, r.day + 7); ++d) out.insert({id, d});
  }
  // The coach's weekly comparison: the last 7 days against the biggest 7-day total that ended in the
  // week before (days d-13 … d-7) or two weeks before (d-20 … d-14), once all those days are recorded.
  auto biggest_week_ending = [&](int first_end, int last_end) {
    double best = 0.0;
    for (int e = first_end; e <= last_end; ++e) best = std::max(best, window(e - 6, e));
    return best;
  };
  for (int d = 0; d < kDays; ++d) {
    if (d >= 19) {
      const double cur = window(d - 6, d), prev = biggest_week_ending(d - 13, d - 7);
      if (prev > 0.0 && (cur - prev) * 100.0 / prev > 20.0) out.insert({"overuse.ramp_weekly", d});
    }
    if (d >= 26) {
      const double cur = window(d - 6, d), prev2 = biggest_week_ending(d - 20, d - 14);
      if (prev2 > 0.0 && (cur - prev2) * 100.0 / prev2 > 30.0) out.insert({"overuse.ramp_two_week", d});
    }
    if (d >= 6) {  // Foster monotony, rest days as zero, population SD
      double mean = 0.0, var = 0.0;
      for (int k = d - 6; k <= d; ++k) mean += srpe[static_cast<std::size_t>(k)] / 7.0;
      for (int k = d - 6; k <= d; ++k) var += std::pow(srpe[static_cast<std::size_t>(k)] - mean, 2) / 7.0;
      if (var > 0.0 && mean / std::sqrt(var) > 2.0) out.insert({"overuse.monotony", d});
    }
  }
  return out;
}

FlagDays evaluate_every_day(const TrainingHistory& history) {
  FlagDays out;
  for (int d = 0; d < kDays; ++d) {
    for (const RiskFlag& f : evaluate_risk(history, day(d), RiskConfig{})) out.insert({f.id, d});
  }
  return out;
}

void expect_same(const FlagDays& actual, const FlagDays& expected) {
  for (const auto& [id, d] : actual) {
    if (!expected.contains({id, d})) ADD_FAILURE() << "unexpected " << id << " on day " << d;
  }
  for (const auto& [id, d] : expected) {
    if (!actual.contains({id, d})) ADD_FAILURE() << "missing " << id << " on day " << d;
  }
}

std::set<int> days_of(const FlagDays& flags, const std::string& id) {
  std::set<int> out;
  for (const auto& [fid, d] : flags) {
    if (fid == id) out.insert(d);
  }
  return out;
}

std::set<int> range(int first, int last) {
  std::set<int> out;
  for (int d = first; d <= last; ++d) out.insert(d);
  return out;
}

TEST(RiskScenarioTest, SteadyBuildRaisesNothing) {
  // GIVEN 12 weeks growing 3 %/week (long run first, so no early spike)
  Schedule s;
  for (int w = 0; w < 12; ++w) base_week(s, w, 12.0 * std::pow(1.03, w), 8.0 * std::pow(1.03, w));
  // WHEN / THEN no flag on any day
  const FlagDays expected = overuse_oracle(s);
  EXPECT_TRUE(expected.empty());
  expect_same(evaluate_every_day(build(s).history()), expected);
}

TEST(RiskScenarioTest, OneLongRunSpikeIsFlaggedForItsWeek) {
  // GIVEN a steady block with one 16 km long run (+33 % over 12 km) on day 42
  Schedule s = steady();
  s[6 * 4].km = 16.0;
  const FlagDays expected = overuse_oracle(s);
  // THEN only the Frandsen +30-100 % tier, dated day 42, visible days 42-48
  EXPECT_EQ(expected, (FlagDays{{"overuse.spike_gt30", 42}, {"overuse.spike_gt30", 43}, {"overuse.spike_gt30", 44},
                                {"overuse.spike_gt30", 45}, {"overuse.spike_gt30", 46}, {"overuse.spike_gt30", 47},
                                {"overuse.spike_gt30", 48}}));
  HistoryBuilder b = build(s);
  expect_same(evaluate_every_day(b.history()), expected);
  for (const RiskFlag& f : evaluate_risk(b.history(), day(45), RiskConfig{})) {
    EXPECT_EQ(f.date, day(42));
    EXPECT_EQ(f.grade, EvidenceGrade::kA);
    EXPECT_NEAR(*f.value, 16.0 / 12.0, 1e-12);
  }
}

TEST(RiskScenarioTest, TwoWeekRampAbove30PercentIsFlagged) {
  // GIVEN 36 km weeks, then two weeks with extra 6 km runs (42 km, 48 km: +33 % over two weeks)
  Schedule s = steady();
  s.push_back({6 * 7 + 3, 6.0});
  s.push_back({7 * 7 + 1, 6.0});
  s.push_back({7 * 7 + 3, 6.0});
  const FlagDays expected = overuse_oracle(s);
  EXPECT_FALSE(days_of(expected, "overuse.ramp_two_week").empty());
  EXPECT_TRUE(days_of(expected, "overuse.spike_gt10").empty());
  EXPECT_EQ(days_of(expected, "overuse.ramp_two_week"), range(50, 56));  // every 7-day window holding 48 km
  expect_same(evaluate_every_day(build(s).history()), expected);
}

TEST(RiskScenarioTest, MonotonousBlockIsFlaggedWhileItLasts) {
  // GIVEN weeks 6-8 run every day, alternating 5 and 5.5 km at the same effort (same weekly volume)
  Schedule s;
  for (int w = 0; w < 12; ++w) {
    if (w >= 6 && w <= 8) {
      for (int o = 0; o < 7; ++o) s.push_back({7 * w + o, o % 2 == 0 ? 5.0 : 5.5});
    } else {
      base_week(s, w, 12.0, 8.0);
    }
  }
  const FlagDays expected = overuse_oracle(s);
  const auto monotony_days = days_of(expected, "overuse.monotony");
  ASSERT_FALSE(monotony_days.empty());
  EXPECT_GE(*monotony_days.begin(), 42);
  EXPECT_LE(*monotony_days.rbegin(), 62 + 6);
  // Daily running also shifts a 7-day window's volume at the block's edge; the oracle decides the days.
  for (const auto& [id, d] : expected) EXPECT_TRUE(id == "overuse.monotony" || id == "overuse.ramp_weekly") << id << " day " << d;
  EXPECT_LE(days_of(expected, "overuse.ramp_weekly").size(), 1u);
  expect_same(evaluate_every_day(build(s).history()), expected);
}

TEST(RiskScenarioTest, AgeingShoeWithRisingImpactIsAFootwearFlag) {
  // GIVEN one shoe (budget 500 km, 100 km already on it), PTA 8 g for 6 weeks then +0.25 g per week
  Schedule s = steady();
  for (PlannedRun& r : s) {
    const int w = r.day / 7;
    r.pta_g = w < 6 ? 8.0 : 8.0 + 0.25 * (w - 5);
  }
  HistoryBuilder b = build(s, 1);
  b.shoe(1, 500.0, 100.0);
  // Oracle: km on the shoe, and the median PTA of its last 5 runs vs its first 5 (+10 %).
  FlagDays expected = overuse_oracle(s);
  double km = 100.0;
  std::vector<double> pta;
  for (int d = 0; d < kDays; ++d) {
    for (const PlannedRun& r : s) {
      if (r.day != d) continue;
      km += r.km;
      pta.push_back(*r.pta_g);
    }
    expected.insert({"footwear.rotation", d});  // one pair carries 100 % (Malisoux 2015)
    if (km > 500.0) expected.insert({"footwear.shoe_km", d});
    if (pta.size() >= 10) {
      std::vector<double> last5(pta.end() - 5, pta.end());
      std::sort(last5.begin(), last5.end());
      if ((last5[2] - 8.0) * 100.0 / 8.0 > 10.0) expected.insert({"footwear.impact_rise", d});
    }
  }
  EXPECT_FALSE(days_of(expected, "footwear.impact_rise").empty());
  EXPECT_FALSE(days_of(expected, "footwear.shoe_km").empty());
  // THEN footwear flags only: the PTA rise belongs to the shoe, not to a technique drift
  expect_same(evaluate_every_day(b.history()), expected);
}

TEST(RiskScenarioTest, PersistentPainAfterRestSaysStopAndSeeHelp) {
  // GIVEN steady running until day 49 (pain 4/10 during that run), then no running and daily pain 3/10
  Schedule s;
  for (const PlannedRun& r : steady()) {
    if (r.day <= 49) s.push_back(r);
  }
  HistoryBuilder b = build(s);
  b.symptom(49).pain_during_0_10 = 4.0;
  for (int d = 50; d < kDays; ++d) b.symptom(d).pain_next_morning_0_10 = 3.0;
  FlagDays expected = overuse_oracle(s);
  for (int d = 49; d <= 55; ++d) expected.insert({"symptoms.pain", d});          // above the 2/10 gate
  for (int d = 56; d < kDays; ++d) expected.insert({"symptoms.persistent_pain", d});  // 8th day of pain
  expect_same(evaluate_every_day(b.history()), expected);

  // AND the report overrides everything from day 56 on, and the return plan is held at "see a professional"
  // (it was a graded return, at cross-training, until then)
  EXPECT_FALSE(build_risk_report(b.history(), day(55), RiskConfig{}).stop_and_seek_help);
  EXPECT_EQ(build_risk_report(b.history(), day(55), RiskConfig{}).return_to_run.stage, ReturnStage::kCrossTraining);
  const RiskReport report = build_risk_report(b.history(), day(56), RiskConfig{});
  EXPECT_TRUE(report.stop_and_seek_help);
  EXPECT_EQ(report.flags.front().id, "symptoms.persistent_pain");
  EXPECT_EQ(report.return_to_run.stage, ReturnStage::kSeekProfessional);
  const std::string text = render_risk_report_text(report);
  EXPECT_NE(text.find("Stop running and see a health professional"), std::string::npos);
  EXPECT_NE(text.find("not a diagnosis"), std::string::npos);
}

TEST(RiskScenarioTest, ChangingSensorPlacementNeverReadsAsAnImpactRise) {
  // GIVEN one shoe, 6 weeks with a foot sensor only (foot peak 12 g), then 6 weeks with a shank sensor
  // only (tibial PTA 8 g), and then the foot sensor again (12 g): the body did nothing different
  HistoryBuilder b = build(steady(), 1);
  b.shoe(1, 2000.0);
  for (Session& s : b.history().sessions) {
    const int w = testing::index_of(s.date) / 7;
    s.metrics.speed_mps = 3.0;
    if (w < 6 || w >= 10) {
      s.placements = {signal::Placement::kFoot};
      s.metrics.foot_peak_accel_g = 12.0;
    } else {
      s.placements = {signal::Placement::kShank};
      s.metrics.pta_g = 8.0;
    }
  }
  // WHEN every day is evaluated
  const FlagDays flags = evaluate_every_day(b.history());
  // THEN no impact flag: the foot's 12 g is never compared with the shank's 8 g (EVIDENCE §1.5)
  for (const auto& [id, d] : flags) {
    EXPECT_TRUE(id != "technique.pta_rise" && id != "footwear.impact_rise" && id != "technique.pta_high")
        << id << " on day " << d;
  }
  // AND the latest foot session has a foot baseline of its own, labelled as the foot's
  const auto drifts = estimate_latest_drifts(b.history(), day(kDays - 1), LoadSettings{});
  for (const MetricDrift& d : drifts) EXPECT_NE(d.metric, GaitMetric::kPta);
}

/// Watch running dynamics on every run of `b` (a FIT import): cadence from the wrist, GCT and its
/// balance from a chest pod.
void watch_dynamics(Session& s, double cadence, double gct_ms, double balance_left_pct) {
  s.metrics.speed_mps = 3.0;
  s.metrics.cadence_steps_per_min = cadence;
  s.metrics.sources.set(Dynamic::kCadence, MetricSource::kWatch);
  s.metrics.gct_ms = gct_ms;
  s.metrics.sources.set(Dynamic::kGct, MetricSource::kPod);
  s.metrics.gct_balance_left_pct = balance_left_pct;
  s.metrics.asymmetry_pct = std::abs(2.0 * balance_left_pct - 100.0) * 2.0;
  s.metrics.sources.set(Dynamic::kGctBalance, MetricSource::kPod);
}

TEST(RiskScenarioTest, AWatchOnlyRunnerGetsTechniqueFlagsFromTheWatchsDynamics) {
  // GIVEN 12 weeks of watch runs (no runload sensor): cadence 170 spm, GCT 250 ms, balance 50 % left,
  // and on the last run cadence 155 (−8.8 %), GCT 285 ms (+14 %), balance 52 % (asymmetry 0 → 8 points)
  HistoryBuilder b = build(steady());
  auto& sessions = b.history().sessions;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const double wobble = 0.2 * static_cast<double>(i % 3);
    watch_dynamics(sessions[i], 170.0 + wobble, 250.0 + wobble, 50.0);
  }
  watch_dynamics(sessions.back(), 155.0, 285.0, 52.0);
  // WHEN the risk report is built on the last run's day
  const auto flags = evaluate_risk(b.history(), sessions.back().date, RiskConfig{});
  // THEN the cadence, contact-time and asymmetry rules fire on the watch's values and say so
  std::set<std::string> ids;
  for (const RiskFlag& f : flags) {
    ids.insert(f.id);
    if (f.id == "technique.gct_rise") {
      EXPECT_NE(f.message.find("pod values"), std::string::npos) << f.message;
    }
    if (f.id == "technique.cadence_drop") {
      EXPECT_NE(f.message.find("watch values"), std::string::npos) << f.message;
    }
  }
  EXPECT_TRUE(ids.contains("technique.cadence_drop"));
  EXPECT_TRUE(ids.contains("technique.gct_rise"));
  EXPECT_TRUE(ids.contains("technique.asymmetry_change"));
}

TEST(RiskScenarioTest, ASensorSessionIsNeverComparedWithTheWatchsBaseline) {
  // GIVEN 11 weeks of watch runs with the pod's GCT 250 ms, then a week with runload's shank sensor,
  // whose GCT definition and placement give 285 ms (EVIDENCE §1.5: placement moves contact time)
  HistoryBuilder b = build(steady());
  for (Session& s : b.history().sessions) {
    if (testing::index_of(s.date) < 77) {
      watch_dynamics(s, 170.0, 250.0, 50.0);
    } else {
      s.placements = {signal::Placement::kShank};
      s.metrics.speed_mps = 3.0;
      s.metrics.gct_ms = 285.0;
    }
  }
  // WHEN every day is evaluated
  const FlagDays flags = evaluate_every_day(b.history());
  // THEN no contact-time flag: the sensor's values have no baseline of their own yet
  for (const auto& [id, d] : flags) EXPECT_NE(id, "technique.gct_rise") << "on day " << d;
  const auto drifts = estimate_latest_drifts(b.history(), day(kDays - 1), LoadSettings{});
  bool gct = false;
  for (const MetricDrift& d : drifts) {
    if (d.metric != GaitMetric::kGct) continue;
    gct = true;
    EXPECT_EQ(d.source, MetricSource::kRunload);
    EXPECT_FALSE(d.baseline_median);
  }
  EXPECT_TRUE(gct);
}

TEST(RiskReportTest, FlagsAreOrderedBySeverityThenFactorThenId) {
  HistoryBuilder b;
  b.shoe(1, 100.0, 200.0);
  b.run(0, 10.0).shoe_id = 1;
  b.run(7, 25.0).shoe_id = 1;  // spike > 100 %: high
  SymptomEntry& e = b.symptom(7);
  e.pain_during_0_10 = 3.0;  // caution
  const auto flags = evaluate_risk(b.history(), day(7), RiskConfig{});
  std::vector<std::string> ids;
  for (const RiskFlag& f : flags) ids.push_back(f.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"overuse.spike_gt100", "symptoms.pain", "footwear.rotation", "footwear.shoe_km"}));
}

}  // namespace
}  // namespace runload::core
