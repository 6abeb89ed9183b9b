#include "runload/core/load_status.h"

#include "runload/core/mechanical_exposure.h"

namespace runload::core {

LoadStatus estimate_load_status(const TrainingHistory& history, Date as_of, const LoadSettings& settings,
                                int daily_days, int weeks) {
  LoadStatus st;
  st.athlete_id = history.athlete.id;
  st.athlete = history.athlete.name;
  st.as_of = as_of;
  st.daily = daily_loads(history, as_of, daily_days, settings.impact_exponent);
  st.weekly = weekly_loads(history, as_of, weeks, settings);
  st.progression = estimate_distance_progression(history, as_of, settings);
  st.weekly_distance_m = st.progression.current_week_m;
  const Date spike_from = as_of - std::chrono::days{settings.spike_window_days};
  const auto spikes =
      estimate_session_spikes(history, spike_from, as_of, settings.spike_window_days, settings.min_spike_run_m);
  if (!spikes.empty()) st.latest_spike = spikes.back();
  for (const Session& s : sessions_up_to(history, as_of)) {
    if (s.date < spike_from || !is_run(s) || !s.distance_known || is_spike_run(s, settings.min_spike_run_m)) continue;
    if (st.latest_spike && s.date < st.latest_spike->date) continue;
    st.latest_short_session = ShortSession{s.id, s.date, s.distance_m, settings.min_spike_run_m};
  }
  st.distance_acute_chronic = estimate_acute_chronic(history, as_of, LoadMeasure::kDistance, settings);
  st.srpe_acute_chronic = estimate_acute_chronic(history, as_of, LoadMeasure::kSrpe, settings);
  st.fitness_fatigue = estimate_fitness_fatigue(history, as_of, settings);
  st.monotony_srpe = estimate_monotony(history, as_of, LoadMeasure::kSrpe, settings);
  st.monotony_distance = estimate_monotony(history, as_of, LoadMeasure::kDistance, settings);
  st.mechanical_exposure = estimate_acute_chronic(history, as_of, LoadMeasure::kMechanicalExposure, settings);
  if (st.mechanical_exposure.acute_per_day) {
    st.mechanical_exposure_absolute_acute_kg_g_steps_per_day =
        absolute_exposure_kg_g_steps(*st.mechanical_exposure.acute_per_day, history.athlete.body_mass_kg);
  }
  st.drifts = estimate_latest_drifts(history, as_of, settings);
  st.shoes = estimate_shoe_usage(history, as_of, settings);
  return st;
}

}  // namespace runload::core
