// Whole-year scenarios of the load numbers, on histories the product produces: an imported log (one
// known span, no rest marks) with 3-6 runs a week, steady patterns of every period from 1 to 7 days,
// irregular weeks. Every as-of date of the year is checked against what a coach computes by hand from
// the schedule (plain per-day kilometre arrays below, independent of the code under test).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "history_builder.h"
#include "runload/core/fitness_fatigue.h"
#include "runload/core/load_status.h"
#include "runload/core/monotony.h"
#include "runload/core/progression.h"
#include "runload/core/risk_rules.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

constexpr int kYear = 365;

/// km per day of the year: the coach's own notebook.
using Notebook = std::vector<double>;

/// An import of the notebook: runs on the days with km > 0, one known span over the whole year, no
/// rest marks (what `runload import` of a year-long CSV gives).
HistoryBuilder import_of(const Notebook& km, double rpe = 4.0) {
  HistoryBuilder b;
  b.recorded(0, kYear - 1);
  for (int d = 0; d < kYear; ++d) {
    if (km[static_cast<std::size_t>(d)] > 0.0) b.run(d, km[static_cast<std::size_t>(d)], rpe);
  }
  return b;
}

double coach_sum(const Notebook& km, int first, int last) {
  double sum = 0.0;
  for (int d = std::max(first, 0); d <= last; ++d) sum += km[static_cast<std::size_t>(d)];
  return sum;
}

Notebook every_p_days(int period, double km_per_run, int first_run = 0) {
  Notebook km(kYear, 0.0);
  for (int d = first_run; d < kYear; d += period) km[static_cast<std::size_t>(d)] = km_per_run;
  return km;
}

/// 3-6 runs a week on changing weekdays, 5-14 km: a fixed-seed LCG so the year is reproducible.
Notebook irregular_year(std::uint32_t seed) {
  Notebook km(kYear, 0.0);
  auto next = [&seed](std::uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  for (int week = 0; week * 7 < kYear; ++week) {
    const std::uint32_t runs = 3 + next(4);
    std::array<int, 7> weekdays{0, 1, 2, 3, 4, 5, 6};
    for (int i = 6; i > 0; --i) std::swap(weekdays[static_cast<std::size_t>(i)], weekdays[next(static_cast<std::uint32_t>(i + 1))]);
    for (std::uint32_t r = 0; r < runs; ++r) {
      const int d = week * 7 + weekdays[r];
      if (d < kYear) km[static_cast<std::size_t>(d)] = 5.0 + static_cast<double>(next(10));
    }
  }
  return km;
}

bool has_flag(const std::vector<RiskFlag>& flags, std::string_view id) {
  return std::any_of(flags.begin(), flags.end(), [&](const RiskFlag& f) { return f.id == id; });
}

TEST(LoadScenarioTest, WeeklyDistanceIsTheCoachsSumOnEveryDayOfAnIrregularImportedYear) {
  // GIVEN a year imported without rest marks, 3-6 runs a week on changing days
  const Notebook km = irregular_year(11);
  const HistoryBuilder b = import_of(km);
  for (int d = 6; d < kYear; ++d) {
    // WHEN the load status is computed as of day d
    const LoadStatus st = estimate_load_status(b.history(), day(d), LoadSettings{}, 7, 1);
    // THEN the weekly distance is the plain sum of the last 7 days, with all 7 days known
    ASSERT_TRUE(st.weekly_distance_m.has_value()) << "day " << d;
    EXPECT_NEAR(*st.weekly_distance_m / 1000.0, coach_sum(km, d - 6, d), 1e-9) << "day " << d;
    EXPECT_EQ(st.weekly.back().covered_days, 7) << "day " << d;
    // AND Foster's monotony has its full window (rest days = 0) instead of "insufficient data"
    EXPECT_TRUE(st.monotony_distance.weekly_load.has_value()) << "day " << d;
  }
}

TEST(LoadScenarioTest, SteadyPatternOfAnyPeriodNeverRaisesARampFlag) {
  // GIVEN 8 km every p days for a year, p = 1 … 7, every phase of the week
  for (int period = 1; period <= 7; ++period) {
    for (int phase = 0; phase < period; ++phase) {
      const HistoryBuilder b = import_of(every_p_days(period, 8.0, phase));
      // WHEN the risk rules run on every as-of date of the year
      for (int d = 0; d < kYear; ++d) {
        const auto flags = evaluate_risk(b.history(), day(d), RiskConfig{});
        // THEN no weekly or two-week ramp is ever raised: nothing changed
        EXPECT_FALSE(has_flag(flags, "overuse.ramp_weekly")) << "period " << period << " phase " << phase << " day " << d;
        EXPECT_FALSE(has_flag(flags, "overuse.ramp_two_week")) << "period " << period << " phase " << phase << " day " << d;
      }
    }
  }
}

TEST(LoadScenarioTest, ThirtyPercentMoreForTwoWeeksIsARampWhereverItFallsInTheYear) {
  // GIVEN the alternate-day runner (8 km every other day) who, at some point of the year, runs 10.4 km
  // (+30 %) for two weeks and then goes back to 8 km
  for (int ramp_start = 40; ramp_start < kYear - 30; ramp_start += 23) {
    Notebook km = every_p_days(2, 8.0);
    for (int d = ramp_start; d < ramp_start + 14; ++d) {
      if (km[static_cast<std::size_t>(d)] > 0.0) km[static_cast<std::size_t>(d)] = 10.4;
    }
    const HistoryBuilder b = import_of(km);
    // WHEN every as-of date is evaluated
    int weekly_days = 0;
    for (int d = 0; d < kYear; ++d) {
      const auto flags = evaluate_risk(b.history(), day(d), RiskConfig{});
      if (!has_flag(flags, "overuse.ramp_weekly")) continue;
      ++weekly_days;
      // THEN the flag only appears while the larger runs are in the last 7 days
      EXPECT_GE(d, ramp_start) << "ramp at " << ramp_start;
      EXPECT_LT(d, ramp_start + 14 + 7) << "ramp at " << ramp_start;
    }
    // AND it does appear: the coach's week of 4 × 10.4 = 41.6 km vs the most the runner did in any 7 days
    // of the week before, 4 × 8 = 32 km, is +30 % > 20 % (Damsted 2019)
    EXPECT_GT(weekly_days, 0) << "ramp at " << ramp_start;
    EXPECT_NEAR((4 * 10.4 - 4 * 8.0) * 100.0 / (4 * 8.0), 30.0, 1e-9);
  }
}

TEST(LoadScenarioTest, RampFlagsMatchTheCoachsWeeklyComparisonOnIrregularYears) {
  // The coach compares the last 7 days with the biggest 7-day total that ended in the week before
  // (and two weeks before): every weekday alignment of the earlier week is looked at, so a runner's
  // pattern cannot alias into a ramp.
  for (std::uint32_t seed : {3u, 5u, 8u}) {
    const Notebook km = irregular_year(seed);
    const HistoryBuilder b = import_of(km);
    for (int d = 26; d < kYear; ++d) {
      const double now = coach_sum(km, d - 6, d);
      double week_before = 0.0, two_weeks_before = 0.0;
      for (int end = d - 13; end <= d - 7; ++end) week_before = std::max(week_before, coach_sum(km, end - 6, end));
      for (int end = d - 20; end <= d - 14; ++end) two_weeks_before = std::max(two_weeks_before, coach_sum(km, end - 6, end));
      const bool weekly = (now - week_before) * 100.0 / week_before > 20.0;
      const bool two_week = (now - two_weeks_before) * 100.0 / two_weeks_before > 30.0;
      const auto flags = evaluate_risk(b.history(), day(d), RiskConfig{});
      EXPECT_EQ(has_flag(flags, "overuse.ramp_weekly"), weekly) << "seed " << seed << " day " << d;
      EXPECT_EQ(has_flag(flags, "overuse.ramp_two_week"), two_week) << "seed " << seed << " day " << d;
    }
  }
}

TEST(LoadScenarioTest, FiveRunsAWeekGiveFitnessNearTheDailyMeanAndFormNearZero) {
  // GIVEN 10 km at RPE 4 Monday to Friday for a year (220 AU a run), imported without rest marks
  Notebook km(kYear, 0.0);
  for (int d = 0; d < kYear; ++d) km[static_cast<std::size_t>(d)] = d % 7 < 5 ? 10.0 : 0.0;
  const HistoryBuilder b = import_of(km);
  // The coach's numbers: 5 × 220 AU over 7 days = 157.1 AU/day is the chronic load of this runner; the
  // form of a runner holding the same week all year is about zero (it dips after each training week
  // day and recovers over the weekend, so it averages to zero over any 7 days).
  const double mean_daily_au = 5.0 * 220.0 / 7.0;
  int reported = 0;
  std::vector<double> tsb;
  for (int d = 0; d < kYear; ++d) {
    const FitnessFatigue ff = estimate_fitness_fatigue(b.history(), day(d), LoadSettings{});
    if (!ff.ctl_au) {
      EXPECT_TRUE(tsb.empty()) << "once reported, the model keeps reporting (day " << d << ")";
      continue;
    }
    ++reported;
    EXPECT_NEAR(*ff.ctl_au, mean_daily_au, 0.05 * mean_daily_au) << "day " << d;  // within 5 % of 157 AU
    EXPECT_LT(std::abs(*ff.tsb_au), 0.35 * mean_daily_au) << "day " << d;         // one run's swing
    EXPECT_TRUE(ff.seeded) << "day " << d;
    tsb.push_back(*ff.tsb_au);
  }
  EXPECT_GE(reported, kYear - 42);
  for (std::size_t i = 7; i <= tsb.size(); ++i) {
    const double week_mean = std::accumulate(tsb.end() - static_cast<long>(i), tsb.end() - static_cast<long>(i) + 7, 0.0) / 7.0;
    EXPECT_NEAR(week_mean, 0.0, 0.05 * mean_daily_au);
  }
}

TEST(LoadScenarioTest, RestWeeksDecayFitnessAndFatigue) {
  // GIVEN 8 weeks of daily 10 km (220 AU/day), then two weeks without running inside the import span
  Notebook km(kYear, 0.0);
  for (int d = 0; d < 56; ++d) km[static_cast<std::size_t>(d)] = 10.0;
  km[100] = 5.0;  // the span of the import runs on to day 100
  const HistoryBuilder b = import_of(km);
  const FitnessFatigue before = estimate_fitness_fatigue(b.history(), day(55), LoadSettings{});
  const FitnessFatigue after = estimate_fitness_fatigue(b.history(), day(69), LoadSettings{});
  ASSERT_TRUE(before.ctl_au && after.ctl_au);
  // THEN 14 rest days decay both by the exact factors: CTL × e^(−14/42), ATL × e^(−14/7)
  EXPECT_NEAR(*after.ctl_au, *before.ctl_au * std::exp(-14.0 / 42.0), 1e-6);
  EXPECT_NEAR(*after.atl_au, *before.atl_au * std::exp(-14.0 / 7.0), 1e-6);
  EXPECT_GT(*after.tsb_au, 0.0) << "rested: fresh";
}

}  // namespace
}  // namespace runload::core
