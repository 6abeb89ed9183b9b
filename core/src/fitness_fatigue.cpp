#include "runload/core/fitness_fatigue.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "runload/core/daily_load.h"

namespace runload::core {

double impulse_response_alpha(double time_constant_days) noexcept {
  return 1.0 - std::exp(-1.0 / time_constant_days);
}

FitnessFatigue estimate_fitness_fatigue(const TrainingHistory& history, Date as_of, const LoadSettings& settings) {
  FitnessFatigue ff;
  ff.as_of = as_of;
  const int horizon_days = 365;  // CTL (τ = 42 d) keeps e^(−365/42) ≈ 0.02 % of a year-old load
  const auto days = daily_loads(history, as_of, horizon_days, settings.impact_exponent);
  for (std::size_t i = days.size() - 42; i < days.size(); ++i) ff.covered_days_42 += days[i].srpe_load_au ? 1 : 0;
  const auto first = std::find_if(days.begin(), days.end(), [](const DayLoad& d) { return d.srpe_load_au.has_value(); });
  if (first == days.end()) return ff;

  // Seed both filters with the mean known load of the first whole weeks (up to one CTL time constant):
  // a part-week would weigh training days and rest days unevenly.
  const std::ptrdiff_t available = std::min<std::ptrdiff_t>(days.end() - first, std::lround(settings.ctl_time_constant_days));
  const std::ptrdiff_t seed_span = available >= 7 ? available / 7 * 7 : available;
  double seed_sum = 0.0;
  for (auto it = first; it != first + seed_span; ++it) {
    if (it->srpe_load_au) {
      seed_sum += *it->srpe_load_au;
      ++ff.seed_days;
    }
  }
  ff.seeded = true;
  ff.start = first->date;
  ff.seed_au = seed_sum / ff.seed_days;

  const double a_ctl = impulse_response_alpha(settings.ctl_time_constant_days);
  const double a_atl = impulse_response_alpha(settings.atl_time_constant_days);
  double ctl = ff.seed_au;
  double atl = ff.seed_au;
  double ctl_week_ago = ctl;
  for (auto it = first; it != days.end(); ++it) {
    const double load = it->srpe_load_au.value_or(ctl);  // unknown load: a typical day, not a rest day
    ctl += a_ctl * (load - ctl);
    atl += a_atl * (load - atl);
    if (days.end() - it == 8) ctl_week_ago = ctl;  // CTL at as_of − 7
  }
  // Rest-day zeros alone (no session of the 42 days had an RPE) are no load to speak of: unknown, not 0.
  if (ff.covered_days_42 < 21 || !has_measured_day(std::span(days).last(42), LoadMeasure::kSrpe)) return ff;
  ff.ctl_au = ctl;
  ff.atl_au = atl;
  ff.tsb_au = ctl - atl;
  ff.ramp_au_per_week = ctl - ctl_week_ago;
  return ff;
}

double load_for_form_au(double ctl_yesterday_au, double atl_yesterday_au, double target_tsb_au,
                        const LoadSettings& settings) noexcept {
  const double a_ctl = impulse_response_alpha(settings.ctl_time_constant_days);
  const double a_atl = impulse_response_alpha(settings.atl_time_constant_days);
  // TSB_today = (1−a_ctl)·CTL + a_ctl·L − (1−a_atl)·ATL − a_atl·L, solved for L.
  return ((1.0 - a_ctl) * ctl_yesterday_au - (1.0 - a_atl) * atl_yesterday_au - target_tsb_au) / (a_atl - a_ctl);
}

}  // namespace runload::core
