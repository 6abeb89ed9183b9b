#include "session_json.h"

#include "runload/signal/step_plausibility.h"

#include <cmath>
#include <cstdio>

namespace runload::apps {

namespace {

std::string_view strike_name(signal::FootStrikePattern p) {
  switch (p) {
    case signal::FootStrikePattern::kRearfoot: return "rearfoot";
    case signal::FootStrikePattern::kMidfoot: return "midfoot";
    case signal::FootStrikePattern::kForefoot: return "forefoot";
  }
  return "unknown";
}

ojson metric_quality_json(const signal::MetricQuality& q) {
  ojson reasons = ojson::array();
  for (auto r : q.reasons) reasons.push_back(std::string(r));
  return {{"status", std::string(signal::to_string(q.status))}, {"reasons", reasons}};
}

std::string csv_number(std::optional<float> x, int decimals) {
  if (!x || !std::isfinite(*x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, static_cast<double>(*x));
  return buf;
}

}  // namespace

ojson fixed(std::optional<double> x, int decimals) {
  if (!x || !std::isfinite(*x)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(*x * scale) / scale;
  return r == 0.0 ? 0.0 : r;  // no "-0.0"
}

ojson fixed(std::optional<float> x, int decimals) {
  return fixed(x ? std::optional<double>(static_cast<double>(*x)) : std::nullopt, decimals);
}

ojson summary_json(const signal::SessionSummary& s) {
  ojson j;
  j["placement"] = std::string(signal::to_string(s.placement));
  j["duration_s"] = fixed(std::optional<double>(s.duration_s), 3);
  j["moving_time_s"] = fixed(std::optional<double>(s.moving_time_s), 3);
  j["distance_m"] = fixed(s.distance_m, 2);
  j["distance_source"] = std::string(signal::to_string(s.distance_source));
  j["event_method"] = std::string(signal::to_string(s.event_method));
  j["steps"] = s.steps;
  j["strides"] = s.strides;
  j["steps_basis"] = std::string(s.steps_basis);
  j["cadence_steps_per_min"] = fixed(s.cadence_steps_per_min, 2);
  j["cadence_strides_per_min"] = fixed(s.cadence_strides_per_min, 2);
  j["cadence_cv_pct"] = fixed(s.cadence_cv_pct, 2);
  j["gct_ms"] = fixed(s.contact_time_ms, 1);
  j["flight_time_ms"] = fixed(s.flight_time_ms, 1);
  j["duty_factor"] = fixed(s.duty_factor, 3);
  j["pta_g"] = fixed(s.pta_g_mean, 3);
  j["pta_p95_g"] = fixed(s.pta_g_p95, 3);
  j["cumulative_pta_g"] = fixed(s.cumulative_pta_g, 1);
  j["braking_g"] = fixed(s.braking_g, 3);
  j["loading_rate_g_per_s"] = fixed(s.loading_rate_g_per_s, 1);
  j["peak_resultant_g"] = fixed(s.peak_resultant_g, 3);
  j["strike_angle_deg"] = fixed(s.strike_angle_deg, 2);
  j["rearfoot_fraction"] = fixed(s.rearfoot_fraction, 3);
  j["pronation_excursion_deg"] = fixed(s.pronation_excursion_deg, 2);
  j["pronation_velocity_dps"] = fixed(s.pronation_velocity_dps, 1);
  j["tibial_frontal_angle_deg"] = fixed(s.tibial_frontal_angle_deg, 2);
  // Kept for researchers, labelled: the method has no real-data reference yet.
  j["tibial_frontal_angle_status"] = std::string(signal::to_string(s.quality.tibial_frontal_angle.status));
  j["stride_length_m"] = fixed(s.stride_length_m, 3);
  j["speed_mps"] = fixed(s.speed_mps, 3);
  j["stride_time_variability_pct"] = fixed(s.stride_time_variability_pct, 2);
  j["gct_variability_pct"] = fixed(s.contact_time_variability_pct, 2);
  j["surface_unevenness_index"] = fixed(s.surface_unevenness_index, 3);
  j["surface_unevenness_basis"] = s.surface_unevenness_basis.empty() ? ojson(nullptr) : ojson(std::string(s.surface_unevenness_basis));
  j["drift"] = {{"cadence_drop_pct", fixed(s.cadence_drop_pct, 2)},
                {"pta_rise_pct", fixed(s.pta_rise_pct, 2)},
                {"gct_rise_pct", fixed(s.contact_time_rise_pct, 2)}};
  ojson splits = ojson::array();
  for (const auto& d : s.splits)
    splits.push_back({{"split", d.number},
                      {"distance_m", fixed(std::optional<double>(d.distance_m), 2)},
                      {"duration_s", fixed(std::optional<double>(d.duration_s), 2)},
                      {"pace_s_per_km", fixed(std::optional<double>(d.pace_s_per_km), 1)},
                      {"cadence_steps_per_min", fixed(d.cadence_steps_per_min, 2)},
                      {"gct_ms", fixed(d.contact_time_ms, 1)},
                      {"pta_g", fixed(d.pta_g, 3)}});
  j["splits"] = splits;
  j["lost_samples"] = s.quality.lost_samples;
  const auto& q = s.quality;
  j["quality"] = {{"sample_rate_hz", fixed(std::optional<double>(q.sample_rate_hz), 3)},
                  {"samples", q.samples},
                  {"lost_samples", q.lost_samples},
                  {"lost_fraction", fixed(std::optional<double>(q.lost_fraction), 6)},
                  {"nonfinite_samples", q.nonfinite_samples},
                  {"accel_clipped_fraction", fixed(q.accel_clipped_fraction, 6)},
                  {"gyro_clipped_fraction", fixed(q.gyro_clipped_fraction, 6)},
                  {"accel_flat_top_fraction", fixed(std::optional<double>(q.accel_flat_top_fraction), 6)},
                  {"saturated_steps", q.saturated_steps},
                  {"implausible_strides", {{"cadence", q.implausible_cadence_strides},
                                           {"gct", q.implausible_contact_strides},
                                           {"speed", q.implausible_speed_strides}}},
                  {"impact_rate_ok", q.impact_rate_ok},
                  {"zupt_confidence", fixed(q.zupt_confidence, 4)},
                  {"cadence", metric_quality_json(q.cadence)},
                  {"gct", metric_quality_json(q.contact_time)},
                  {"impact", metric_quality_json(q.impact)},
                  {"technique", metric_quality_json(q.technique)},
                  {"tibial_frontal_angle", metric_quality_json(q.tibial_frontal_angle)},
                  {"distance", metric_quality_json(q.distance)}};
  if (s.bilateral) {
    const auto& b = *s.bilateral;
    j["bilateral"] = {{"steps", b.steps},
                      {"step_time_ms", fixed(b.step_time_ms_mean, 1)},
                      {"cadence_steps_per_min", fixed(b.cadence_steps_per_min, 2)},
                      {"step_time_symmetry_pct", fixed(b.step_time_symmetry_pct, 2)},
                      {"gct_symmetry_pct", fixed(b.contact_time_symmetry_pct, 2)},
                      {"pta_symmetry_pct", fixed(b.pta_symmetry_pct, 2)}};
  }
  return j;
}

ojson step_json(const signal::StepRecord& r, int stream_id) {
  ojson j;
  j["stream_id"] = stream_id;
  j["side"] = std::string(signal::to_string(r.side));
  j["ic_index"] = r.ic_index_samples ? ojson(*r.ic_index_samples) : ojson(nullptr);
  j["tc_index"] = r.tc_index_samples ? ojson(*r.tc_index_samples) : ojson(nullptr);
  j["time_s"] = fixed(std::optional<double>(r.time_s), 3);
  j["stride_time_s"] = fixed(r.stride_time_s, 4);
  j["cadence_steps_per_min"] = fixed(r.cadence_steps_per_min, 2);
  j["gct_ms"] = fixed(r.contact_time_ms, 1);
  j["flight_time_ms"] = fixed(r.flight_time_ms, 1);
  j["duty_factor"] = fixed(r.duty_factor, 3);
  j["pta_g"] = fixed(r.pta_g, 3);
  j["peak_resultant_g"] = fixed(r.peak_resultant_g, 3);
  j["braking_g"] = fixed(r.braking_g, 3);
  j["loading_rate_g_per_s"] = fixed(r.loading_rate_g_per_s, 1);
  j["strike_angle_deg"] = fixed(r.strike_angle_deg, 2);
  j["strike_pattern"] = r.strike_pattern ? ojson(std::string(strike_name(*r.strike_pattern))) : ojson(nullptr);
  j["pronation_excursion_deg"] = fixed(r.pronation_excursion_deg, 2);
  j["pronation_velocity_dps"] = fixed(r.pronation_velocity_dps, 1);
  j["tibial_frontal_angle_deg"] = fixed(r.tibial_frontal_angle_deg, 2);
  j["stride_length_m"] = fixed(r.stride_length_m, 3);
  j["speed_mps"] = fixed(r.speed_mps, 3);
  j["distance_m"] = fixed(std::optional<double>(r.distance_m), 2);
  ojson flags = ojson::array();
  for (const auto f : signal::kAllStepFlags)
    if (r.flags & f) flags.push_back(std::string(signal::to_string(f)));
  j["flags"] = flags;
  return j;
}

std::string step_csv_header() {
  return "file,stream_id,side,ic_index,tc_index,time_s,stride_time_s,cadence_steps_per_min,gct_ms,flight_time_ms,duty_factor,"
         "pta_g,peak_resultant_g,braking_g,loading_rate_g_per_s,strike_angle_deg,strike_pattern,pronation_excursion_deg,"
         "pronation_velocity_dps,tibial_frontal_angle_deg,stride_length_m,speed_mps,distance_m,flags\n";
}

std::string step_csv_row(const std::string& file, int stream_id, const signal::StepRecord& r) {
  std::string row = file + "," + std::to_string(stream_id) + "," + std::string(signal::to_string(r.side)) + ",";
  row += (r.ic_index_samples ? std::to_string(*r.ic_index_samples) : "") + ",";
  row += (r.tc_index_samples ? std::to_string(*r.tc_index_samples) : "") + ",";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", r.time_s);
  row += std::string(buf) + ",";
  for (const auto& [v, d] : {std::pair{r.stride_time_s, 4}, {r.cadence_steps_per_min, 2}, {r.contact_time_ms, 1},
                             {r.flight_time_ms, 1}, {r.duty_factor, 3}, {r.pta_g, 3}, {r.peak_resultant_g, 3},
                             {r.braking_g, 3}, {r.loading_rate_g_per_s, 1}, {r.strike_angle_deg, 2}})
    row += csv_number(v, d) + ",";
  row += (r.strike_pattern ? std::string(strike_name(*r.strike_pattern)) : "") + ",";
  for (const auto& [v, d] : {std::pair{r.pronation_excursion_deg, 2}, {r.pronation_velocity_dps, 1},
                             {r.tibial_frontal_angle_deg, 2}, {r.stride_length_m, 3}, {r.speed_mps, 3}})
    row += csv_number(v, d) + ",";
  std::snprintf(buf, sizeof buf, "%.2f", r.distance_m);
  row += std::string(buf) + ",";
  std::string flags;  // names joined by '|' (no comma inside a CSV field)
  for (const auto f : signal::kAllStepFlags) {
    if (!(r.flags & f)) continue;
    if (!flags.empty()) flags += '|';  // appended, not "|" + std::string (GCC 12 -O3 -Wrestrict)
    flags += signal::to_string(f);
  }
  row += flags + "\n";
  return row;
}

}  // namespace runload::apps
