#include "runload/core/progression.h"

#include <algorithm>

#include "runload/core/daily_load.h"

namespace runload::core {
namespace {
std::optional<double> growth_pct(std::optional<double> now, std::optional<double> before) noexcept {
  if (!now || !before || *before <= 0.0) return std::nullopt;  // growth from zero has no ratio
  return (*now - *before) * 100.0 / *before;  // multiply first: exact at round thresholds
}

/// Largest 7-day total among the 7 windows ending `weeks_back` weeks before the last day of `days`
/// (windows ending on last − 7·weeks_back − 6 … last − 7·weeks_back). Every one of them must be fully
/// known: a partial sum would understate the reference, and a missing phase of the runner's pattern
/// would read as a ramp. nullopt otherwise ("insufficient data").
std::optional<double> peak_week(const std::vector<DayLoad>& days, int weeks_back, const LoadSettings& settings) {
  double peak = 0.0;
  const int last = static_cast<int>(days.size()) - 1 - 7 * weeks_back;
  for (int end = last - 6; end <= last; ++end) {
    const auto begin = days.begin() + (end - 6);
    const WeeklyLoad week = summarise_week(std::vector<DayLoad>(begin, begin + 7), settings);
    if (week.distance_known_days != 7) return std::nullopt;
    peak = std::max(peak, week.recorded_distance_m);
  }
  return peak;
}
}  // namespace

DistanceProgression estimate_distance_progression(const TrainingHistory& history, Date as_of,
                                                  const LoadSettings& settings) {
  // Windows ending as far back as as_of − 20 reach as_of − 26: 27 days.
  const auto days = daily_loads(history, as_of, 27, settings.impact_exponent);
  DistanceProgression p;
  p.as_of = as_of;
  const WeeklyLoad current = summarise_week(std::vector<DayLoad>(days.end() - 7, days.end()), settings);
  p.current_week_m = current.distance_m;
  p.current_week_known_days = current.distance_known_days;
  p.current_week_unknown_distance_days = current.unknown_distance_days;
  p.previous_week_m = peak_week(days, 1, settings);
  p.two_weeks_ago_m = peak_week(days, 2, settings);
  if (current.unknown_distance_days == 0) {
    p.week_over_week_pct = growth_pct(p.current_week_m, p.previous_week_m);
    p.two_week_pct = growth_pct(p.current_week_m, p.two_weeks_ago_m);
  }
  return p;
}

}  // namespace runload::core
