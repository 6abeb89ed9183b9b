#include "report_json.h"

namespace runload::apps {

namespace {
using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json opt_date(const std::optional<core::Date>& d) { return d ? json(core::to_iso_string(*d)) : json(nullptr); }

json acute_chronic_json(const core::AcuteChronic& ac) {
  return {{"measure", core::to_string(ac.measure)},
          {"acute_covered_days", ac.acute_covered_days},
          {"chronic_covered_days", ac.chronic_covered_days},
          {"acute_per_day", opt(ac.acute_per_day)},
          {"chronic_per_day", opt(ac.chronic_per_day)},
          {"uncoupled_ratio", opt(ac.uncoupled_ratio)},
          {"ewma_ratio", opt(ac.ewma_ratio)},
          {"note", "context only, never an alarm on its own (Lolli et al. 2019; Impellizzeri et al. 2020: coupling artefacts)"}};
}

json monotony_json(const core::MonotonyStrain& m) {
  return {{"first", core::to_iso_string(m.first)}, {"last", core::to_iso_string(m.last)},
          {"measure", core::to_string(m.measure)}, {"covered_days", m.covered_days},
          {"weekly_load", opt(m.weekly_load)},     {"monotony", opt(m.monotony)},
          {"strain", opt(m.strain)}};
}
}  // namespace

json to_json(const core::LoadStatus& s) {
  json daily = json::array();
  for (const auto& d : s.daily) {
    daily.push_back({{"date", core::to_iso_string(d.date)},
                     {"coverage", core::to_string(d.coverage)},
                     {"sessions", d.session_count},
                     {"distance_m", opt(d.distance_m)},
                     {"duration_s", opt(d.duration_s)},
                     {"srpe_load_au", opt(d.srpe_load_au)},
                     {"mechanical_exposure_g_steps", opt(d.mechanical_exposure_g_steps)}});
  }
  json weekly = json::array();
  for (const auto& w : s.weekly) {
    weekly.push_back({{"first", core::to_iso_string(w.first)},
                      {"last", core::to_iso_string(w.last)},
                      {"covered_days", w.covered_days},
                      {"distance_known_days", w.distance_known_days},
                      {"unknown_distance_days", w.unknown_distance_days},
                      {"distance_m", opt(w.distance_m)},
                      {"recorded_distance_m", w.recorded_distance_m},
                      {"duration_s", opt(w.duration_s)},
                      {"srpe_load_au", opt(w.srpe_load_au)}});
  }
  json spike = nullptr;
  if (s.latest_spike) {
    spike = {{"session_id", s.latest_spike->session_id},
             {"date", core::to_iso_string(s.latest_spike->date)},
             {"distance_m", s.latest_spike->distance_m},
             {"longest_previous_m", opt(s.latest_spike->longest_previous_m)},
             {"ratio", opt(s.latest_spike->ratio)},
             {"spike_pct", opt(s.latest_spike->spike_pct)},
             {"window_days", s.latest_spike->window_days},
             {"previous_unknown_distance_runs", s.latest_spike->previous_unknown_distance_runs}};
  }
  json drifts = json::array();
  for (const auto& d : s.drifts) {
    drifts.push_back({{"metric", core::to_string(d.metric)},
                      {"session_id", d.session_id},
                      {"date", core::to_iso_string(d.date)},
                      {"value", d.value},
                      {"baseline_sessions", d.baseline_sessions},
                      {"speed_matched", d.speed_matched},
                      {"source", core::to_string(d.source)},
                      {"baseline_median", opt(d.baseline_median)},
                      {"baseline_mad", opt(d.baseline_mad)},
                      {"change_pct", opt(d.change_pct)},
                      {"robust_z", opt(d.robust_z)}});
  }
  json shoes = json::array();
  for (const auto& u : s.shoes.shoes) {
    shoes.push_back({{"id", u.shoe_id},
                     {"name", u.name},
                     {"distance_m", u.distance_km * 1000.0},
                     {"budget_m", u.budget_km * 1000.0},
                     {"budget_used_pct", 100.0 * u.budget_used_fraction},
                     {"retired", u.retired},
                     {"sessions", u.sessions},
                     {"rotation_share", u.rotation_share},
                     {"pta_change_pct", opt(u.impact.pta_change_pct)},
                     {"loading_rate_change_pct", opt(u.impact.loading_rate_change_pct)}});
  }
  const auto& ff = s.fitness_fatigue;
  return {
      {"athlete", s.athlete},
      {"as_of", core::to_iso_string(s.as_of)},
      {"current",
       {{"weekly_distance_m", opt(s.weekly_distance_m)},
        {"progression",
         {{"current_week_m", opt(s.progression.current_week_m)},
          {"current_week_known_days", s.progression.current_week_known_days},
          {"current_week_unknown_distance_days", s.progression.current_week_unknown_distance_days},
          {"previous_week_m", opt(s.progression.previous_week_m)},
          {"two_weeks_ago_m", opt(s.progression.two_weeks_ago_m)},
          {"week_over_week_pct", opt(s.progression.week_over_week_pct)},
          {"two_week_pct", opt(s.progression.two_week_pct)}}},
        {"spike_ratio", spike.is_null() ? json(nullptr) : spike["ratio"]},
        {"spike", spike},
        {"short_session", s.latest_short_session
                              ? json{{"session_id", s.latest_short_session->session_id},
                                     {"date", core::to_iso_string(s.latest_short_session->date)},
                                     {"distance_m", s.latest_short_session->distance_m},
                                     {"min_run_m", s.latest_short_session->min_run_m},
                                     {"note", "a short test session: left out of the spike comparison"}}
                              : json(nullptr)},
        {"acute_chronic", acute_chronic_json(s.distance_acute_chronic)},
        {"acute_chronic_srpe", acute_chronic_json(s.srpe_acute_chronic)},
        {"fitness_fatigue",
         {{"ctl_au", opt(ff.ctl_au)}, {"atl_au", opt(ff.atl_au)}, {"tsb_au", opt(ff.tsb_au)},
          {"ramp_au_per_week", opt(ff.ramp_au_per_week)}, {"covered_days_42", ff.covered_days_42},
          {"start", opt_date(ff.start)}, {"seeded", ff.seeded}, {"seed_days", ff.seed_days},
          {"seed_au_per_day", ff.seeded ? json(ff.seed_au) : json(nullptr)}}},
        {"monotony", opt(s.monotony_srpe.monotony)},
        {"strain", opt(s.monotony_srpe.strain)},
        {"monotony_detail", monotony_json(s.monotony_srpe)},
        {"monotony_distance", monotony_json(s.monotony_distance)},
        {"mechanical_load",
         {{"name", "mechanical exposure index (a proxy, not tissue load)"},
          {"acute_chronic", acute_chronic_json(s.mechanical_exposure)},
          {"normalisation", "g*steps is per unit body mass (an acceleration is force per kg); the absolute "
                            "variant multiplies it by body mass and is not normalised"},
          {"acute_absolute_kg_g_steps_per_day", opt(s.mechanical_exposure_absolute_acute_kg_g_steps_per_day)}}},
        {"drifts", drifts},
        {"shoes", shoes}}},
      {"daily", daily},
      {"weekly", weekly},
  };
}

json to_json(const core::ReturnToRunPlan& p) {
  json changes = json::array();
  for (const auto& c : p.changes) {
    changes.push_back({{"date", core::to_iso_string(c.date)},
                       {"from", core::to_string(c.from)},
                       {"to", core::to_string(c.to)},
                       {"reason", c.reason}});
  }
  return {{"as_of", core::to_iso_string(p.as_of)},
          {"stage", core::to_string(p.stage)},
          {"episode_start", opt_date(p.episode_start)},
          {"passes_at_stage", p.passes_at_stage},
          {"passes_needed", p.passes_needed},
          {"last_gated_session", opt_date(p.last_gated_session)},
          {"changes", changes},
          {"next_step", p.next_step},
          {"stage_label", core::stage_label(p.stage)},
          {"ladder", {"cross_training", "walk", "walk_run", "continuous"}},
          {"to_move_up", core::what_moves_up(p)}};
}

json to_json(const core::RiskReport& r) {
  json flags = json::array();
  for (const auto& f : r.flags) {
    flags.push_back({{"id", f.id},
                     {"factor", core::to_string(f.factor)},
                     {"severity", core::to_string(f.severity)},
                     {"grade", core::to_string(f.grade)},
                     {"date", core::to_iso_string(f.date)},
                     {"value", opt(f.value)},
                     {"threshold", opt(f.threshold)},
                     {"unit", f.unit},
                     {"window", f.window},
                     {"message", f.message},
                     {"advice", f.advice},
                     {"evidence", f.evidence}});
  }
  json checks = json::array();
  for (const auto& c : r.checks_without_data) checks.push_back({{"check", c.check}, {"reason", c.reason}});
  return {{"athlete", r.athlete},
          {"as_of", core::to_iso_string(r.as_of)},
          {"flags", flags},
          {"stop_and_seek_help", r.stop_and_seek_help},
          {"headline", r.headline},
          {"context", r.context},
          {"checks_without_data", checks},
          {"return_to_run", to_json(r.return_to_run)},
          {"disclaimer", r.disclaimer}};
}

}  // namespace runload::apps
