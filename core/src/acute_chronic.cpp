#include "runload/core/acute_chronic.h"

#include <algorithm>
#include <span>

#include "runload/core/daily_load.h"

namespace runload::core {

AcuteChronic estimate_acute_chronic(const TrainingHistory& history, Date as_of, LoadMeasure measure,
                                    const LoadSettings& settings) {
  AcuteChronic ac;
  ac.measure = measure;
  // EWMA warms up over up to a year of history; older days barely contribute (λ_chronic ≈ 0.069).
  const int horizon_days = 365;
  const auto days = daily_loads(history, as_of, horizon_days, settings.impact_exponent);
  const auto end = days.end();
  const std::vector<DayLoad> acute(end - 7, end);
  const std::vector<DayLoad> chronic(end - 28, end - 7);
  for (const DayLoad& d : acute) ac.acute_covered_days += d.load(measure) ? 1 : 0;
  for (const DayLoad& d : chronic) ac.chronic_covered_days += d.load(measure) ? 1 : 0;
  // Windows of rest-day zeros alone (no session carried the measure's input) say nothing: unknown, not 0.
  if (has_measured_day(acute, measure)) ac.acute_per_day = mean_over_covered(acute, measure, settings.min_covered_days_per_week);
  if (has_measured_day(chronic, measure)) {
    ac.chronic_per_day = mean_over_covered(chronic, measure, settings.min_covered_days_chronic);
  }
  if (ac.acute_per_day && ac.chronic_per_day && *ac.chronic_per_day > 0.0) {
    ac.uncoupled_ratio = *ac.acute_per_day / *ac.chronic_per_day;
  }

  const double lambda_acute = 2.0 / (settings.ewma_acute_days + 1.0);
  const double lambda_chronic = 2.0 / (settings.ewma_chronic_days + 1.0);
  std::optional<double> ewma_acute;
  std::optional<double> ewma_chronic;
  for (const DayLoad& d : days) {
    const auto load = d.load(measure);
    if (!load) continue;  // missing day: the worn-day series skips it
    ewma_acute = ewma_acute ? lambda_acute * *load + (1.0 - lambda_acute) * *ewma_acute : *load;
    ewma_chronic = ewma_chronic ? lambda_chronic * *load + (1.0 - lambda_chronic) * *ewma_chronic : *load;
  }
  const auto covered_28 = std::count_if(end - 28, end, [&](const DayLoad& d) { return d.load(measure).has_value(); });
  if (covered_28 >= settings.min_covered_days_chronic && ewma_acute && ewma_chronic &&
      has_measured_day(std::span(days).last(28), measure)) {
    ac.ewma_acute_per_day = ewma_acute;
    ac.ewma_chronic_per_day = ewma_chronic;
    if (*ewma_chronic > 0.0) ac.ewma_ratio = *ewma_acute / *ewma_chronic;
  }
  return ac;
}

}  // namespace runload::core
