#include "runload/core/progression.h"

#include "runload/core/daily_load.h"

namespace runload::core {
namespace {
std::optional<double> growth_pct(std::optional<double> now, std::optional<double> before) noexcept {
  if (!now || !before || *before <= 0.0) return std::nullopt;  // growth from zero has no ratio
  return (*now - *before) * 100.0 / *before;  // multiply first: exact at round thresholds
}
}  // namespace

DistanceProgression estimate_distance_progression(const TrainingHistory& history, Date as_of,
                                                  const LoadSettings& settings) {
  const auto weeks = weekly_loads(history, as_of, 3, settings);  // oldest first
  DistanceProgression p;
  p.as_of = as_of;
  p.two_weeks_ago_m = weeks[0].distance_m;
  p.previous_week_m = weeks[1].distance_m;
  p.current_week_m = weeks[2].distance_m;
  p.week_over_week_pct = growth_pct(p.current_week_m, p.previous_week_m);
  p.two_week_pct = growth_pct(p.current_week_m, p.two_weeks_ago_m);
  return p;
}

}  // namespace runload::core
