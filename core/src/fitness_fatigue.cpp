#include "runload/core/fitness_fatigue.h"

#include <cmath>

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
  const double a_ctl = impulse_response_alpha(settings.ctl_time_constant_days);
  const double a_atl = impulse_response_alpha(settings.atl_time_constant_days);
  double ctl = 0.0;
  double atl = 0.0;
  double ctl_week_ago = 0.0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (const auto load = days[i].srpe_load_au) {
      ctl += a_ctl * (*load - ctl);
      atl += a_atl * (*load - atl);
    }
    if (i + 8 == days.size()) ctl_week_ago = ctl;  // CTL at as_of − 7
  }
  for (std::size_t i = days.size() - 42; i < days.size(); ++i) ff.covered_days_42 += days[i].srpe_load_au ? 1 : 0;
  if (ff.covered_days_42 < 21) return ff;
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
