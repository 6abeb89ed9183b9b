#pragma once
/// Training monotony and strain (Foster 1998, MSSE 30:1164; EVIDENCE §2.4, grade C) over a FIXED
/// 7-calendar-day window. Rest days count as 0 load and stay in the SD; dropping them (Runalyze #1165)
/// inflates monotony. A missing day makes the window insufficient.
#include <optional>
#include <vector>

#include "runload/core/daily_load.h"

namespace runload::core {

struct MonotonyStrain {
  Date first{};
  Date last{};
  LoadMeasure measure = LoadMeasure::kSrpe;
  int covered_days = 0;  ///< of 7
  std::optional<double> weekly_load;      ///< Σ of the 7 daily loads (unit of `measure`)
  std::optional<double> mean_daily_load;
  std::optional<double> sd_daily_load;    ///< population SD over all 7 days, zeros included
  std::optional<double> monotony;         ///< mean / SD; nullopt ("undefined") when SD = 0
  std::optional<double> strain;           ///< weekly_load × monotony
};

/// Monotony over exactly these 7 days. REQUIRES: days.size() == 7, consecutive.
MonotonyStrain estimate_monotony(const std::vector<DayLoad>& days, LoadMeasure measure);

/// Monotony over [as_of − 6, as_of].
MonotonyStrain estimate_monotony(const TrainingHistory& history, Date as_of, LoadMeasure measure,
                                 const LoadSettings& settings);

}  // namespace runload::core
