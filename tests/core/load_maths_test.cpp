// Training-load maths (EVIDENCE §2): coverage, spike, progression, ACWR context, PMC, monotony, exposure.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "history_builder.h"
#include "runload/core/acute_chronic.h"
#include "runload/core/daily_load.h"
#include "runload/core/fitness_fatigue.h"
#include "runload/core/load_status.h"
#include "runload/core/mechanical_exposure.h"
#include "runload/core/monotony.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/progression.h"
#include "runload/core/report_text.h"
#include "runload/core/session_spike.h"
#include "runload/core/shoe_usage.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

TEST(DailyLoadTest, DaysWithoutDataAreMissingUnlessMarkedRest) {
  // GIVEN runs on days 0 and 2, day 1 marked rest, day 3 unrecorded
  HistoryBuilder b;
  b.run(0, 10.0);
  b.run(2, 8.0);
  b.rest(1);
  // WHEN the daily series is built
  const auto days = daily_loads(b.history(), day(3), 4);
  // THEN rest is zero, missing is nullopt (never a fake 0)
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(days[0].coverage, DayCoverage::kTrained);
  EXPECT_DOUBLE_EQ(*days[0].distance_m, 10000.0);
  EXPECT_EQ(days[1].coverage, DayCoverage::kRest);
  EXPECT_DOUBLE_EQ(*days[1].distance_m, 0.0);
  EXPECT_EQ(days[3].coverage, DayCoverage::kMissing);
  EXPECT_FALSE(days[3].distance_m.has_value());
  EXPECT_FALSE(days[3].srpe_load_au.has_value());
}

TEST(DailyLoadTest, RecordedPeriodTurnsEmptyDaysIntoRest) {
  HistoryBuilder b;
  b.recorded(0, 6).run(3, 5.0);
  const auto days = daily_loads(b.history(), day(6), 7);
  for (const DayLoad& d : days) EXPECT_TRUE(d.covered());
  EXPECT_EQ(days[3].coverage, DayCoverage::kTrained);
}

TEST(DailyLoadTest, SessionWithoutRpeMakesTheDaysSrpeUnknown) {
  HistoryBuilder b;
  b.run(0, 10.0, 5.0);
  b.run(0, 5.0, std::nullopt);
  const auto days = daily_loads(b.history(), day(0), 1);
  EXPECT_DOUBLE_EQ(*days[0].distance_m, 15000.0);
  EXPECT_FALSE(days[0].srpe_load_au.has_value());
}

TEST(WeeklyLoadTest, InsufficientCoverageGivesNoWeeklyNumber) {
  // EVIDENCE §2.5: below the floor (5 of 7 days) → insufficient data.
  HistoryBuilder b;
  b.run(0, 10.0);
  b.run(2, 10.0);
  b.rest(1).rest(3);  // 4 covered days
  const LoadSettings settings;
  const auto weeks = weekly_loads(b.history(), day(6), 1, settings);
  EXPECT_EQ(weeks[0].covered_days, 4);
  EXPECT_DOUBLE_EQ(weeks[0].recorded_distance_m, 20000.0);
  EXPECT_FALSE(weeks[0].distance_m.has_value());
  b.rest(4);  // 5 covered days: the real sum, with the coverage beside it — never scaled up to 7 days
  const auto weeks5 = weekly_loads(b.history(), day(6), 1, settings);
  ASSERT_TRUE(weeks5[0].distance_m.has_value());
  EXPECT_EQ(weeks5[0].covered_days, 5);
  EXPECT_DOUBLE_EQ(*weeks5[0].distance_m, 20000.0);  // 10 km + 10 km, as a coach adds them
}

TEST(WeeklyLoadTest, WeekdayRunnerInAnImportedSpanRunsFiftyNotSeventyKm) {
  // GIVEN an imported history (one span, no rest marks) with 10 km Monday to Friday for 4 weeks
  HistoryBuilder b;
  b.recorded(0, 25);  // the import's date range: Monday of week 0 to Friday of week 3
  for (int w = 0; w < 4; ++w) {
    for (int d = 0; d < 5; ++d) b.run(7 * w + d, 10.0);
  }
  // WHEN the week ending on the last Friday is summarised
  const auto weeks = weekly_loads(b.history(), day(25), 1, LoadSettings{});
  // THEN Saturday and Sunday are rest days inside the span: 5 × 10 km = 50 km over 7 known days
  EXPECT_EQ(weeks[0].covered_days, 7);
  ASSERT_TRUE(weeks[0].distance_m.has_value());
  EXPECT_DOUBLE_EQ(*weeks[0].distance_m, 50000.0);
}

TEST(SessionSpikeTest, ComparesWithLongestRunOfPrevious30DaysExcludingItself) {
  // EVIDENCE §2.4 (Frandsen 2025): the window excludes the session; runs older than 30 days do not count.
  HistoryBuilder b;
  b.run(0, 20.0);   // 40 days before the spike session: outside
  b.run(20, 10.0);  // inside
  b.run(35, 8.0);   // inside
  b.run(40, 13.0);
  const auto spikes = estimate_session_spikes(b.history(), day(40), day(40), 30, LoadSettings{}.min_spike_run_m);
  ASSERT_EQ(spikes.size(), 1u);
  ASSERT_TRUE(spikes[0].longest_previous_m.has_value());
  EXPECT_DOUBLE_EQ(*spikes[0].longest_previous_m, 10000.0);
  EXPECT_NEAR(*spikes[0].ratio, 1.3, 1e-12);
}

TEST(SessionSpikeTest, NoRunInWindowIsInsufficientHistory) {
  HistoryBuilder b;
  b.run(0, 10.0);
  b.run(45, 12.0);
  const auto spikes = estimate_session_spikes(b.history(), day(45), day(45), 30, LoadSettings{}.min_spike_run_m);
  ASSERT_EQ(spikes.size(), 1u);
  EXPECT_FALSE(spikes[0].longest_previous_m.has_value());
  EXPECT_FALSE(spikes[0].ratio.has_value());
}

TEST(SessionSpikeTest, AZeroKmHistoryRowIsNotARun) {
  // GIVEN a 10 km run, then a 0 km row of an imported log (a day the runner only logged pain)
  HistoryBuilder b;
  b.run(0, 10.0);
  b.run(5, 0.0);
  b.run(9, 10.5);
  // THEN the latest run is the real one, and the 0 km row neither spikes nor enters a comparison
  const auto spikes = estimate_session_spikes(b.history(), day(0), day(5), 30, LoadSettings{}.min_spike_run_m);
  ASSERT_EQ(spikes.size(), 1u);
  EXPECT_EQ(spikes[0].date, day(0));
  const auto later = estimate_session_spikes(b.history(), day(9), day(9), 30, LoadSettings{}.min_spike_run_m);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_NEAR(*later[0].ratio, 1.05, 1e-12);
}

TEST(SessionSpikeTest, AShortTestSessionIsShownAsSuchAndLeftOutOfTheComparison) {
  // GIVEN a 12 km run two days ago and today the demo's emulated 20 s, 35 m run
  HistoryBuilder b;
  b.run(0, 8.0);
  b.run(5, 12.0);
  b.run(7, 0.035);
  // WHEN the load view is built for today
  const LoadStatus st = estimate_load_status(b.history(), day(7), LoadSettings{});
  // THEN the latest compared run is the 12 km one (12 / 8 = 1.5), and the 35 m session is named as a test
  ASSERT_TRUE(st.latest_spike.has_value());
  EXPECT_EQ(st.latest_spike->date, day(5));
  EXPECT_NEAR(*st.latest_spike->ratio, 1.5, 1e-12);
  ASSERT_TRUE(st.latest_short_session.has_value());
  EXPECT_EQ(st.latest_short_session->date, day(7));
  const std::string text = render_load_status_text(st);
  EXPECT_EQ(text.find("0.0 km vs longest"), std::string::npos) << text;
  EXPECT_NE(text.find("short test session"), std::string::npos) << text;
  // AND a run after it that is 10 % longer than 12 km is compared with 12 km, not with 35 m
  b.run(8, 13.3);
  EXPECT_NEAR(*estimate_load_status(b.history(), day(8), LoadSettings{}).latest_spike->ratio, 13.3 / 12.0, 1e-12);
}

TEST(ProgressionTest, WeekOverWeekAndTwoWeekGrowth) {
  HistoryBuilder b;
  b.recorded(-6, 20);  // every reference window known
  b.run(0, 10.0);
  b.run(7, 12.0);
  b.run(14, 13.0);
  const auto p = estimate_distance_progression(b.history(), day(20), LoadSettings{});
  EXPECT_NEAR(*p.week_over_week_pct, (13.0 - 12.0) / 12.0 * 100.0, 1e-9);
  EXPECT_DOUBLE_EQ(*p.two_week_pct, 30.0);  // exact: (13 − 10) × 100 / 10
}

TEST(ProgressionTest, MissingWeekIsInsufficientNotZero) {
  HistoryBuilder b;
  b.recorded(1, 20);  // day 0 and before unrecorded: the two-week reference windows are not all known
  b.run(7, 12.0);
  b.run(14, 13.0);
  const auto p = estimate_distance_progression(b.history(), day(20), LoadSettings{});
  EXPECT_FALSE(p.two_weeks_ago_m.has_value());
  EXPECT_FALSE(p.two_week_pct.has_value());
  EXPECT_TRUE(p.week_over_week_pct.has_value());
}

TEST(MonotonyTest, RestDaysCountAsZeroRunalyze1165) {
  // Runalyze #1165 dropped rest days from the SD: three near-equal runs in a week then give a huge
  // "monotony" (≈ 37 here), although the week alternates run and rest. Foster's fixed 7-day window with
  // zeros gives ≈ 1.1. This test fails with the bug.
  HistoryBuilder b;
  b.recorded(0, 6);
  b.run(0, 10.0, 5.0);   // 275 AU
  b.run(2, 10.0, 5.2);   // 286 AU
  b.run(4, 10.0, 4.8);   // 264 AU
  const auto m = estimate_monotony(b.history(), day(6), LoadMeasure::kSrpe, LoadSettings{});
  ASSERT_TRUE(m.monotony.has_value());
  const std::vector<double> loads = {275, 0, 286, 0, 264, 0, 0};
  double mean = 0.0;
  for (double l : loads) mean += l / 7.0;
  double var = 0.0;
  for (double l : loads) var += (l - mean) * (l - mean) / 7.0;
  EXPECT_NEAR(*m.monotony, mean / std::sqrt(var), 1e-9);
  EXPECT_LT(*m.monotony, 2.0);
  EXPECT_NEAR(*m.strain, 825.0 * *m.monotony, 1e-6);
}

TEST(MonotonyTest, MissingDayIsInsufficientAndZeroSdIsUndefined) {
  HistoryBuilder b;
  for (int d = 0; d < 6; ++d) b.run(d, 5.0);
  // day 6 not recorded → insufficient
  EXPECT_FALSE(estimate_monotony(b.history(), day(6), LoadMeasure::kSrpe, LoadSettings{}).monotony.has_value());
  b.run(6, 5.0);  // seven equal days: SD = 0 → undefined, not ∞
  const auto m = estimate_monotony(b.history(), day(6), LoadMeasure::kSrpe, LoadSettings{});
  EXPECT_TRUE(m.weekly_load.has_value());
  EXPECT_FALSE(m.monotony.has_value());
}

TEST(AcuteChronicTest, UncoupledAndEwmaWithCoverageFloor) {
  HistoryBuilder b;
  b.recorded(0, 27);
  for (int d = 0; d < 21; ++d) b.run(d, 5.0);
  for (int d = 21; d < 28; ++d) b.run(d, 10.0);
  const auto ac = estimate_acute_chronic(b.history(), day(27), LoadMeasure::kDistance, LoadSettings{});
  EXPECT_DOUBLE_EQ(*ac.uncoupled_ratio, 2.0);  // acute week excluded from the chronic mean
  ASSERT_TRUE(ac.ewma_ratio.has_value());
  EXPECT_GT(*ac.ewma_ratio, 1.0);
  // Too few covered days → no ratio at all.
  HistoryBuilder sparse;
  sparse.run(20, 5.0);
  sparse.run(27, 5.0);
  const auto none = estimate_acute_chronic(sparse.history(), day(27), LoadMeasure::kDistance, LoadSettings{});
  EXPECT_FALSE(none.uncoupled_ratio.has_value());
  EXPECT_FALSE(none.ewma_ratio.has_value());
}

TEST(FitnessFatigueTest, ExactLoadForFormIsPinned) {
  // EVIDENCE §2.2: the exact form; applying L must land TSB exactly on the target.
  const LoadSettings s;
  const double ctl = 50.0, atl = 70.0, target = -10.0;
  const double load = load_for_form_au(ctl, atl, target, s);
  const double a_ctl = impulse_response_alpha(42.0), a_atl = impulse_response_alpha(7.0);
  EXPECT_NEAR(a_ctl, 0.023528, 1e-6);
  EXPECT_NEAR(a_atl, 0.133122, 1e-6);
  const double ctl_today = ctl + a_ctl * (load - ctl);
  const double atl_today = atl + a_atl * (load - atl);
  EXPECT_NEAR(ctl_today - atl_today, target, 1e-9);
}

TEST(FitnessFatigueTest, NeedsCoverageAndTracksConstantLoad) {
  HistoryBuilder b;
  b.recorded(0, 364);
  for (int d = 0; d < 365; ++d) b.run(d, 10.0, 4.0);  // 220 AU/day
  const auto ff = estimate_fitness_fatigue(b.history(), day(364), LoadSettings{});
  ASSERT_TRUE(ff.ctl_au.has_value());
  EXPECT_NEAR(*ff.atl_au, 220.0, 1e-6);
  EXPECT_NEAR(*ff.ctl_au, 220.0, 0.1);
  HistoryBuilder sparse;
  sparse.run(0, 10.0);
  EXPECT_FALSE(estimate_fitness_fatigue(sparse.history(), day(10), LoadSettings{}).ctl_au.has_value());
}

TEST(MechanicalExposureTest, SumsWeightedPerStepImpactAndSkipsBadPeaks) {
  const std::vector<float> peaks = {8.0f, 10.0f, std::nanf(""), -1.0f};
  EXPECT_DOUBLE_EQ(mechanical_exposure_of_steps(peaks, 1.0), 18.0);
  EXPECT_DOUBLE_EQ(mechanical_exposure_of_steps(peaks, 2.0), 164.0);
  Session s;
  s.duration_s = 600.0;
  s.metrics.cadence_steps_per_min = 170.0;
  s.metrics.pta_g = 8.0;
  EXPECT_DOUBLE_EQ(*session_mechanical_exposure_g_steps(s, 1.0), 1700.0 * 8.0);
  s.metrics.pta_g.reset();
  EXPECT_FALSE(session_mechanical_exposure_g_steps(s, 1.0).has_value());
  EXPECT_DOUBLE_EQ(*absolute_exposure_kg_g_steps(100.0, 70.0), 7000.0);
  EXPECT_FALSE(absolute_exposure_kg_g_steps(100.0, std::nullopt).has_value());
}

TEST(PersonalBaselineTest, RobustDriftAtMatchedSpeed) {
  HistoryBuilder b;
  for (int d = 0; d < 8; ++d) {
    Session& s = b.run(d, 8.0);
    s.metrics.speed_mps = 3.0;
    s.metrics.cadence_steps_per_min = 178.0 + (d % 3) * 2.0;  // 178, 180, 182 …
  }
  Session& fast = b.run(8, 5.0);  // a fast session must not enter a 3.0 m/s baseline
  fast.metrics.speed_mps = 4.5;
  fast.metrics.cadence_steps_per_min = 195.0;
  Session& last = b.run(9, 8.0);
  last.metrics.speed_mps = 3.0;
  last.metrics.cadence_steps_per_min = 171.0;
  const auto drifts = estimate_latest_drifts(b.history(), day(9), LoadSettings{});
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].baseline_sessions, 8);
  EXPECT_DOUBLE_EQ(*drifts[0].baseline_median, 180.0);
  EXPECT_DOUBLE_EQ(*drifts[0].change_pct, -5.0);
  EXPECT_LT(*drifts[0].robust_z, -2.0);
}

TEST(ShoeUsageTest, KmShareAndImpactTrend) {
  HistoryBuilder b;
  b.shoe(1, 500.0, 100.0);
  b.shoe(2, 800.0);
  for (int d = 0; d < 10; ++d) {
    Session& s = b.run(d, 10.0);
    s.shoe_id = 1;
    s.metrics.speed_mps = 3.0;
    s.metrics.pta_g = d < 5 ? 8.0 : 9.6;
  }
  b.run(10, 10.0).shoe_id = 2;
  const auto report = estimate_shoe_usage(b.history(), day(10), LoadSettings{});
  ASSERT_EQ(report.shoes.size(), 2u);
  EXPECT_DOUBLE_EQ(report.shoes[0].distance_km, 200.0);
  EXPECT_DOUBLE_EQ(report.shoes[0].budget_used_fraction, 0.4);
  EXPECT_NEAR(report.shoes[0].rotation_share, 10.0 / 11.0, 1e-12);
  EXPECT_NEAR(*report.shoes[0].impact.pta_change_pct, 20.0, 1e-9);
  EXPECT_EQ(*report.main_shoe_id, 1);
}

}  // namespace
}  // namespace runload::core
