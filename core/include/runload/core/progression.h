#pragma once
/// Week-over-week and two-week running-distance progression (EVIDENCE §2.4, §3.1: Nielsen JOSPT 2014
/// > 30 % over 2 weeks; Damsted JOSPT 2019 +20–60 %/week; both grade B). Rolling 7-day weeks ending on
/// `as_of`, coverage-aware (WeeklyLoad::distance_m).
#include <optional>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct DistanceProgression {
  Date as_of{};
  std::optional<double> current_week_m;   ///< [as_of − 6, as_of]
  std::optional<double> previous_week_m;  ///< [as_of − 13, as_of − 7]
  std::optional<double> two_weeks_ago_m;  ///< [as_of − 20, as_of − 14]
  /// (current − previous) / previous × 100; nullopt when either is insufficient or previous is 0.
  std::optional<double> week_over_week_pct;
  /// (current − two_weeks_ago) / two_weeks_ago × 100: the growth over two weeks.
  std::optional<double> two_week_pct;
};

DistanceProgression estimate_distance_progression(const TrainingHistory& history, Date as_of,
                                                  const LoadSettings& settings);

}  // namespace runload::core
