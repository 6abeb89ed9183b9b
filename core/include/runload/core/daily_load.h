#pragma once
/// Coverage-aware daily and weekly load (EVIDENCE §2.5, §5.7): a day without a session is a rest day
/// (load 0) when it was marked rest or lies in a known span (TrainingHistory::recorded_periods: an
/// imported file's date range, the span of runload's own recordings); outside every span it is
/// *missing*, and missing is never read as zero.
#include <optional>
#include <span>
#include <vector>

#include "runload/core/date.h"
#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

enum class DayCoverage : std::uint8_t { kMissing = 0, kRest = 1, kTrained = 2 };

std::string_view to_string(DayCoverage coverage) noexcept;

/// One calendar day. Every load is nullopt on a missing day and 0 on a rest day.
struct DayLoad {
  Date date{};
  DayCoverage coverage = DayCoverage::kMissing;
  int session_count = 0;
  /// Running distance (kRun, kWalkRun); nullopt also when a run of the day has an unknown distance.
  std::optional<double> distance_m;
  std::optional<double> duration_s;   ///< all activities
  std::optional<double> srpe_load_au; ///< nullopt also when a session of the day has no RPE
  std::optional<double> mechanical_exposure_g_steps;  ///< nullopt also when a run of the day has none

  /// Whether a session of the day carried the measure's input (a run's distance, an RPE, a run's impact
  /// and steps). A rest day's 0, or a day of sessions without it, does not: a window of such days alone
  /// says nothing about that load (has_measured_day).
  bool distance_measured = false;
  bool srpe_measured = false;
  bool mechanical_exposure_measured = false;

  bool covered() const noexcept { return coverage != DayCoverage::kMissing; }
  bool measured(LoadMeasure measure) const noexcept;
  /// The day's value of `measure` (nullopt when missing or unknown).
  std::optional<double> load(LoadMeasure measure) const noexcept;
};

/// The `days` calendar days ending on `as_of` (inclusive), oldest first.
/// REQUIRES: days >= 1.
std::vector<DayLoad> daily_loads(const TrainingHistory& history, Date as_of, int days, double impact_exponent = 1.0);

/// A rolling 7-day block [first, last].
struct WeeklyLoad {
  Date first{};
  Date last{};
  int covered_days = 0;        ///< calendar-day denominator stays visible: always out of 7
  /// Covered days whose running distance is known ("n of 7 days known" for distance): a day with a run of
  /// unknown distance (a shank-only recording) is covered but its distance is not known.
  int distance_known_days = 0;
  /// Covered days with a run of unknown distance (covered_days − distance_known_days).
  int unknown_distance_days = 0;
  /// Raw sum over the days whose distance is known (an underestimate when days are missing or unknown).
  double recorded_distance_m = 0.0;
  /// Real sums over the covered days (never scaled up to 7 days; covered_days is the caveat);
  /// nullopt below settings.min_covered_days_per_week. Distance: over distance_known_days, with the same floor.
  std::optional<double> distance_m;
  std::optional<double> duration_s;
  std::optional<double> srpe_load_au;
};

/// Summarises 7 consecutive days. REQUIRES: days.size() == 7.
WeeklyLoad summarise_week(const std::vector<DayLoad>& days, const LoadSettings& settings);

/// The `weeks` rolling 7-day blocks ending on `as_of`, oldest first.
std::vector<WeeklyLoad> weekly_loads(const TrainingHistory& history, Date as_of, int weeks, const LoadSettings& settings);

/// True when a day of `days` has a session that carried `measure`'s input (DayLoad::measured): a runner
/// who never logs RPE has rest-day zeros but no sRPE load to speak of.
bool has_measured_day(std::span<const DayLoad> days, LoadMeasure measure) noexcept;

/// Mean of `measure` over covered days with a known value; nullopt when fewer than `min_days` qualify.
std::optional<double> mean_over_covered(const std::vector<DayLoad>& days, LoadMeasure measure, int min_days) noexcept;

}  // namespace runload::core
