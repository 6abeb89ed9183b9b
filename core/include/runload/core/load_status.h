#pragma once
/// Load status of one athlete on one day: the series and current values behind `runload load --json`.
/// Every optional is "insufficient data" (JSON null), never a fake 0.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runload/core/acute_chronic.h"
#include "runload/core/daily_load.h"
#include "runload/core/fitness_fatigue.h"
#include "runload/core/monotony.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/progression.h"
#include "runload/core/session_spike.h"
#include "runload/core/shoe_usage.h"

namespace runload::core {

/// A run shorter than LoadSettings::min_spike_run_m: a test session, not compared as a spike.
struct ShortSession {
  std::int64_t session_id = 0;
  Date date{};
  double distance_m = 0.0;
  double min_run_m = 0.0;  ///< the floor it is below
};

struct LoadStatus {
  std::int64_t athlete_id = 0;
  std::string athlete;
  Date as_of{};
  std::vector<DayLoad> daily;      ///< the last `daily_days` days, oldest first
  std::vector<WeeklyLoad> weekly;  ///< the last `weeks` rolling 7-day blocks, oldest first
  std::optional<double> weekly_distance_m;  ///< = progression.current_week_m
  DistanceProgression progression;
  std::optional<SessionSpike> latest_spike;  ///< the latest run's spike; nullopt without runs
  /// The latest short test session of the spike window when it is newer than latest_spike.
  std::optional<ShortSession> latest_short_session;
  AcuteChronic distance_acute_chronic;   ///< context only (EVIDENCE §5.2)
  AcuteChronic srpe_acute_chronic;       ///< context only
  FitnessFatigue fitness_fatigue;        ///< context only
  MonotonyStrain monotony_srpe;
  MonotonyStrain monotony_distance;
  AcuteChronic mechanical_exposure;      ///< the proxy's own acute/chronic view, g·steps per day
  /// NOT normalised: the acute index × body mass, an absolute (force-like) exposure for the weight factor.
  /// The g·steps index above is already per unit body mass (an acceleration is force per kg).
  std::optional<double> mechanical_exposure_absolute_acute_kg_g_steps_per_day;
  std::vector<MetricDrift> drifts;       ///< latest sensor session vs personal baselines
  ShoeReport shoes;
};

/// REQUIRES: daily_days >= 7, weeks >= 1.
LoadStatus estimate_load_status(const TrainingHistory& history, Date as_of, const LoadSettings& settings,
                                int daily_days = 42, int weeks = 12);

}  // namespace runload::core
