// A run whose distance nothing measured (a shank sensor alone) is unknown, never 0 km: the load maths
// leave it out of every distance sum, say how many days are known, and never read it as a drop (#12 §3).
#include <gtest/gtest.h>

#include "history_builder.h"
#include "runload/core/daily_load.h"
#include "runload/core/load_status.h"
#include "runload/core/monotony.h"
#include "runload/core/progression.h"
#include "runload/core/report_text.h"
#include "runload/core/session_spike.h"
#include "runload/core/shoe_usage.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

Session& shank_run(HistoryBuilder& b, int d, double minutes) {
  Session& s = b.run(d, 0.0);
  s.distance_known = false;
  s.duration_s = minutes * 60.0;
  s.placements = {signal::Placement::kShank};
  return s;
}

/// Known runs on days -13, -6, 1, 3 and 8, 12; a shank-only run on day 10; everything recorded.
/// By hand, as of day 13: the current week (days 7…13) has 10 + 6 = 16 km over 6 known days; the reference
/// week is the largest 7-day total among the windows ending on days 0…6: days -3…3 hold 10 + 8 = 18 km.
HistoryBuilder mixed_history() {
  HistoryBuilder b;
  b.recorded(-26, 13);
  b.run(-13, 10.0);
  b.run(-6, 10.0);
  b.run(1, 10.0);
  b.run(3, 8.0);
  b.run(8, 10.0);
  shank_run(b, 10, 40.0);
  b.run(12, 6.0);
  return b;
}

TEST(UnknownDistanceTest, ADayWithARunOfUnknownDistanceIsTrainedButItsDistanceUnknown) {
  // GIVEN a shank-only run on day 10
  const HistoryBuilder b = mixed_history();
  // WHEN the daily loads are computed
  const auto days = daily_loads(b.history(), day(13), 7);
  const DayLoad& d10 = days[3];
  ASSERT_EQ(d10.date, day(10));
  // THEN the day is trained, with its duration, but its distance is unknown — not 0 km
  EXPECT_EQ(d10.coverage, DayCoverage::kTrained);
  EXPECT_FALSE(d10.distance_m.has_value());
  EXPECT_DOUBLE_EQ(*d10.duration_s, 2400.0);
  EXPECT_DOUBLE_EQ(*days[1].distance_m, 10000.0);  // day 8
  EXPECT_DOUBLE_EQ(*days[2].distance_m, 0.0);      // day 9, a rest day inside the recorded span
  EXPECT_TRUE(is_run(b.history().sessions[5]));    // a run happened
}

TEST(UnknownDistanceTest, WeeklyDistanceIsTheSumOfTheKnownDaysWithTheirCount) {
  const HistoryBuilder b = mixed_history();
  const auto week = weekly_loads(b.history(), day(13), 1, LoadSettings{}).back();
  EXPECT_EQ(week.covered_days, 7);
  EXPECT_EQ(week.distance_known_days, 6);
  EXPECT_EQ(week.unknown_distance_days, 1);
  EXPECT_DOUBLE_EQ(*week.distance_m, 16000.0);
  EXPECT_DOUBLE_EQ(*week.duration_s, (10.0 + 6.0) * testing::kPaceSPerKm + 2400.0);
}

TEST(UnknownDistanceTest, ARunOfUnknownDistanceNeverReadsAsADrop) {
  // GIVEN the mixed history: 16 km known this week against a reference week of 18 km
  HistoryBuilder b = mixed_history();
  const auto p = estimate_distance_progression(b.history(), day(13), LoadSettings{});
  EXPECT_DOUBLE_EQ(*p.previous_week_m, 18000.0);
  EXPECT_DOUBLE_EQ(*p.current_week_m, 16000.0);
  EXPECT_EQ(p.current_week_known_days, 6);
  EXPECT_EQ(p.current_week_unknown_distance_days, 1);
  // THEN the growth is unknown, not (16 − 18) / 18 = −11 %
  EXPECT_FALSE(p.week_over_week_pct.has_value());
  EXPECT_FALSE(p.two_week_pct.has_value());

  // WHEN the runner gives the distance (log --distance 7)
  b.history().sessions[5].distance_known = true;
  b.history().sessions[5].distance_m = 7000.0;
  const auto known = estimate_distance_progression(b.history(), day(13), LoadSettings{});
  // THEN the week is 23 km of 7 known days: (23 − 18) × 100 / 18
  EXPECT_DOUBLE_EQ(*known.current_week_m, 23000.0);
  EXPECT_EQ(known.current_week_known_days, 7);
  EXPECT_NEAR(*known.week_over_week_pct, (23.0 - 18.0) * 100.0 / 18.0, 1e-12);
}

TEST(UnknownDistanceTest, AWeekOfShankOnlyRunsIsInsufficientNotMinusHundredPercent) {
  // GIVEN known weeks before, then a week with three shank-only runs (4 of 7 days with a known distance)
  HistoryBuilder b;
  b.recorded(-26, 13);
  for (int d : {-13, -11, -9, -6, -4, -2, 0, 2, 4}) b.run(d, 8.0);
  for (int d : {8, 10, 12}) shank_run(b, d, 45.0);
  const auto status = estimate_load_status(b.history(), day(13), LoadSettings{});
  // THEN the weekly distance is insufficient data (below 5 known days) and the growth is unknown
  EXPECT_FALSE(status.weekly_distance_m.has_value());
  EXPECT_EQ(status.progression.current_week_known_days, 4);
  EXPECT_FALSE(status.progression.week_over_week_pct.has_value());
  // AND the distance monotony is unknown, while the sRPE load still counts the runs
  EXPECT_FALSE(status.monotony_distance.monotony.has_value());
  EXPECT_DOUBLE_EQ(*status.daily.back().srpe_load_au, 0.0);           // day 13: rest
  EXPECT_DOUBLE_EQ(*status.daily[status.daily.size() - 2].srpe_load_au, 4.0 * 45.0);  // day 12: RPE 4 × 45 min
  // AND no shank run is shown as a short test session
  EXPECT_FALSE(status.latest_short_session.has_value());
  const std::string text = render_load_status_text(status, DistanceUnit::kKm);
  EXPECT_NE(text.find("4 of 7 days known; 3 days with a run of unknown distance"), std::string::npos) << text;
  EXPECT_NE(text.find("week-over-week: unknown"), std::string::npos) << "never a drop: " << text;
}

TEST(UnknownDistanceTest, ASpikeAgainstAWindowHoldingARunOfUnknownDistanceIsUnknown) {
  const HistoryBuilder b = mixed_history();
  const auto spikes = estimate_session_spikes(b.history(), day(0), day(13), 30, LoadSettings{}.min_spike_run_m);
  // The shank run is not compared itself; day 8 compares with 10 km (days -13…3), day 12 has an unknown
  // run (day 10) in its window: the longest previous run is unknown, so is the ratio.
  ASSERT_EQ(spikes.size(), 4u);  // days 1, 3, 8 and 12; not day 10
  EXPECT_EQ(spikes[0].date, day(1));
  EXPECT_EQ(spikes[2].date, day(8));
  EXPECT_DOUBLE_EQ(*spikes[2].ratio, 1.0);
  EXPECT_EQ(spikes[3].date, day(12));
  const auto last = estimate_session_spikes(b.history(), day(12), day(13), 30, LoadSettings{}.min_spike_run_m);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].previous_unknown_distance_runs, 1);
  EXPECT_FALSE(last[0].ratio.has_value());
}

TEST(UnknownDistanceTest, PaceIsMinutesAndSecondsPerUnit) {
  EXPECT_EQ(format_pace(3000.0, 10000.0, DistanceUnit::kKm), "5:00 /km");
  EXPECT_EQ(format_pace(1859.5, 6000.0, DistanceUnit::kKm), "5:10 /km");  // 309.9 s rounds to 5:10
  EXPECT_EQ(format_pace(1609.344 * 0.48, 1609.344, DistanceUnit::kMi), "12:52 /mi");
  EXPECT_EQ(format_pace(600.0, 0.0, DistanceUnit::kKm), "-");
}

}  // namespace
}  // namespace runload::core
