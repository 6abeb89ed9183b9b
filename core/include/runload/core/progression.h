#pragma once
/// Week-over-week and two-week running-distance progression (EVIDENCE §2.4, §3.1: Nielsen JOSPT 2014
/// > 30 % over 2 weeks; Damsted JOSPT 2019 +20–60 %/week; both grade B). The last 7 days are compared
/// with the *largest* 7-day total of the week before (and of the week two weeks before): the windows
/// ending on each of those 7 days cover every phase of a training pattern, so a steady pattern of any
/// period from 1 to 7 days never reads as a ramp (EVIDENCE §8: a plain rolling window on alternate-day
/// running swings ±33 % with no real change). Sums are coverage-aware (WeeklyLoad::distance_m).
#include <optional>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct DistanceProgression {
  Date as_of{};
  std::optional<double> current_week_m;   ///< [as_of − 6, as_of], over the days whose distance is known
  int current_week_known_days = 0;        ///< days of the current week whose distance is known, of 7
  /// Days of the current week with a run of unknown distance: the growth is then unknown (the real total
  /// is larger than current_week_m by an unknown amount), never a drop.
  int current_week_unknown_distance_days = 0;
  /// Largest 7-day total among the windows ending on as_of − 13 … as_of − 7 (all of [as_of − 19,
  /// as_of − 7] known, distances included, else nullopt).
  std::optional<double> previous_week_m;
  /// Largest 7-day total among the windows ending on as_of − 20 … as_of − 14 (all of [as_of − 26,
  /// as_of − 14] known, else nullopt).
  std::optional<double> two_weeks_ago_m;
  /// (current − previous) / previous × 100; nullopt when either is insufficient, previous is 0, or the
  /// current week holds a run of unknown distance.
  std::optional<double> week_over_week_pct;
  /// (current − two_weeks_ago) / two_weeks_ago × 100: the growth over two weeks.
  std::optional<double> two_week_pct;
};

DistanceProgression estimate_distance_progression(const TrainingHistory& history, Date as_of,
                                                  const LoadSettings& settings);

}  // namespace runload::core
