#include "runload/core/monotony.h"

#include <algorithm>
#include <cmath>

namespace runload::core {

MonotonyStrain estimate_monotony(const std::vector<DayLoad>& days, LoadMeasure measure) {
  MonotonyStrain m;
  m.measure = measure;
  if (days.empty()) return m;
  m.first = days.front().date;
  m.last = days.back().date;
  double sum = 0.0;
  for (const DayLoad& d : days) {
    if (const auto v = d.load(measure)) {
      ++m.covered_days;
      sum += *v;
    }
  }
  // A fixed calendar window: every day must be known (rest = 0). Averaging over training days only is
  // the Runalyze #1165 bug.
  if (m.covered_days != static_cast<int>(days.size())) return m;
  const double n = static_cast<double>(days.size());
  const double mean = sum / n;
  double sq = 0.0;
  for (const DayLoad& d : days) {
    const double dev = *d.load(measure) - mean;
    sq += dev * dev;
  }
  const double sd = std::sqrt(sq / n);
  m.weekly_load = sum;
  m.mean_daily_load = mean;
  m.sd_daily_load = sd;
  if (sd > 1e-9 * std::max(1.0, mean)) {
    m.monotony = mean / sd;
    m.strain = sum * *m.monotony;
  }
  return m;
}

MonotonyStrain estimate_monotony(const TrainingHistory& history, Date as_of, LoadMeasure measure,
                                 const LoadSettings& settings) {
  return estimate_monotony(daily_loads(history, as_of, 7, settings.impact_exponent), measure);
}

}  // namespace runload::core
