#include "runload/core/personal_baseline.h"

#include <algorithm>
#include <cmath>

namespace runload::core {

std::string_view to_string(GaitMetric metric) noexcept {
  switch (metric) {
    case GaitMetric::kCadence: return "cadence_steps_per_min";
    case GaitMetric::kGct: return "gct_ms";
    case GaitMetric::kPta: return "pta_g";
    case GaitMetric::kBraking: return "braking_g";
    case GaitMetric::kPronationExcursion: return "pronation_excursion_deg";
    case GaitMetric::kTibialAngle: return "tibial_angle_deg";
    case GaitMetric::kAsymmetry: return "asymmetry_pct";
    case GaitMetric::kFootPeakAccel: return "foot_peak_accel_g";
    case GaitMetric::kVerticalOscillation: return "vertical_oscillation_mm";
    case GaitMetric::kVerticalRatio: return "vertical_ratio_pct";
    case GaitMetric::kStepLength: return "step_length_mm";
    case GaitMetric::kPower: return "power_w";
    case GaitMetric::kLegSpringStiffness: return "leg_spring_stiffness_kn_per_m";
  }
  return "cadence_steps_per_min";
}

MetricLabel metric_label(GaitMetric metric) noexcept {
  switch (metric) {
    case GaitMetric::kCadence: return {"cadence", "steps/min"};
    case GaitMetric::kGct: return {"contact time", "ms"};
    case GaitMetric::kPta: return {"tibial impact (PTA)", "g"};
    case GaitMetric::kBraking: return {"braking", "g"};
    case GaitMetric::kPronationExcursion: return {"pronation excursion", "deg"};
    case GaitMetric::kTibialAngle: return {"tibial angle", "deg"};
    case GaitMetric::kAsymmetry: return {"contact-time asymmetry", "%"};
    case GaitMetric::kFootPeakAccel: return {"foot peak acceleration", "g"};
    case GaitMetric::kVerticalOscillation: return {"vertical oscillation", "mm"};
    case GaitMetric::kVerticalRatio: return {"vertical ratio", "%"};
    case GaitMetric::kStepLength: return {"step length", "mm"};
    case GaitMetric::kPower: return {"power", "W"};
    case GaitMetric::kLegSpringStiffness: return {"leg-spring stiffness", "kN/m"};
  }
  return {"metric", ""};
}

std::optional<double> metric_value(const SessionMetrics& m, GaitMetric metric) noexcept {
  switch (metric) {
    case GaitMetric::kCadence: return m.cadence_steps_per_min;
    case GaitMetric::kGct: return m.gct_ms;
    case GaitMetric::kPta: return m.pta_g;
    case GaitMetric::kBraking: return m.braking_g;
    case GaitMetric::kPronationExcursion: return m.pronation_excursion_deg;
    case GaitMetric::kTibialAngle: return m.tibial_angle_deg;
    case GaitMetric::kAsymmetry: return m.asymmetry_pct;
    case GaitMetric::kFootPeakAccel: return m.foot_peak_accel_g;
    case GaitMetric::kVerticalOscillation: return m.vertical_oscillation_mm;
    case GaitMetric::kVerticalRatio: return m.vertical_ratio_pct;
    case GaitMetric::kStepLength: return m.step_length_mm;
    case GaitMetric::kPower: return m.power_w;
    case GaitMetric::kLegSpringStiffness: return m.leg_spring_stiffness_kn_per_m;
  }
  return std::nullopt;
}

std::optional<MetricSource> metric_source(const SessionMetrics& m, GaitMetric metric) noexcept {
  if (!metric_value(m, metric)) return std::nullopt;
  std::optional<MetricSource> source;
  switch (metric) {
    case GaitMetric::kCadence: source = m.sources.get(Dynamic::kCadence); break;
    case GaitMetric::kGct: source = m.sources.get(Dynamic::kGct); break;
    case GaitMetric::kAsymmetry: source = m.sources.get(Dynamic::kGctBalance); break;
    case GaitMetric::kVerticalOscillation: source = m.sources.get(Dynamic::kVerticalOscillation); break;
    case GaitMetric::kVerticalRatio: source = m.sources.get(Dynamic::kVerticalRatio); break;
    case GaitMetric::kStepLength: source = m.sources.get(Dynamic::kStepLength); break;
    case GaitMetric::kPower: source = m.sources.get(Dynamic::kPower); break;
    case GaitMetric::kLegSpringStiffness: source = m.sources.get(Dynamic::kLegSpringStiffness); break;
    default: break;  // impact and angle metrics come from runload's sensor only
  }
  return source.value_or(MetricSource::kRunload);
}

double metric_min_scale(GaitMetric metric) noexcept {
  switch (metric) {
    case GaitMetric::kCadence: return 1.0;             // steps/min
    case GaitMetric::kGct: return 2.0;                 // ms: below the best IC/TC precision (EVIDENCE §4)
    case GaitMetric::kPta: return 0.1;                 // g
    case GaitMetric::kBraking: return 0.1;             // g
    case GaitMetric::kPronationExcursion: return 0.5;  // deg
    case GaitMetric::kTibialAngle: return 0.5;         // deg
    case GaitMetric::kAsymmetry: return 0.5;           // percentage points
    case GaitMetric::kFootPeakAccel: return 0.1;       // g
    case GaitMetric::kVerticalOscillation: return 2.0;  // mm: a watch reports whole millimetres
    case GaitMetric::kVerticalRatio: return 0.2;        // percentage points
    case GaitMetric::kStepLength: return 20.0;          // mm
    case GaitMetric::kPower: return 5.0;                // W
    case GaitMetric::kLegSpringStiffness: return 0.2;   // kN/m
  }
  return 1.0;
}

std::optional<RobustStats> robust_stats(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  auto median_of = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  RobustStats stats;
  stats.count = static_cast<int>(values.size());
  stats.median = median_of(values);
  for (double& v : values) v = std::abs(v - stats.median);
  stats.mad = median_of(values);
  return stats;
}

std::optional<MetricDrift> estimate_metric_drift(std::span<const Session> sessions, std::size_t index,
                                                 GaitMetric metric, const LoadSettings& settings) {
  const Session& s = sessions[index];
  const auto value = metric_value(s.metrics, metric);
  if (!value) return std::nullopt;
  MetricDrift drift;
  drift.metric = metric;
  drift.session_id = s.id;
  drift.date = s.date;
  drift.value = *value;
  drift.speed_matched = s.metrics.speed_mps.has_value();
  drift.source = *metric_source(s.metrics, metric);

  const Date window_start = s.date - std::chrono::days{settings.baseline_window_days};
  std::vector<double> baseline;
  for (std::size_t i = index; i-- > 0;) {
    const Session& r = sessions[i];
    if (r.date < window_start) break;
    const auto v = metric_value(r.metrics, metric);
    if (!v || metric_source(r.metrics, metric) != drift.source) continue;
    if (drift.speed_matched) {
      // Gait metrics scale with speed; compare like with like (EVIDENCE §5.5).
      if (!r.metrics.speed_mps || std::abs(*r.metrics.speed_mps - *s.metrics.speed_mps) > settings.speed_match_tolerance_mps) continue;
    }
    baseline.push_back(*v);
  }
  drift.baseline_sessions = static_cast<int>(baseline.size());
  if (drift.baseline_sessions < settings.baseline_min_sessions) return drift;
  const RobustStats stats = *robust_stats(std::move(baseline));
  drift.baseline_median = stats.median;
  drift.baseline_mad = stats.mad;
  drift.change_abs = drift.value - stats.median;
  if (stats.median != 0.0) drift.change_pct = *drift.change_abs * 100.0 / std::abs(stats.median);
  const double scale = std::max(1.4826 * stats.mad, metric_min_scale(metric));
  drift.robust_z = *drift.change_abs / scale;
  return drift;
}

std::vector<MetricDrift> estimate_latest_drifts(const TrainingHistory& history, Date as_of, const LoadSettings& settings) {
  const auto sessions = sessions_up_to(history, as_of);
  std::vector<MetricDrift> out;
  for (std::size_t i = sessions.size(); i-- > 0;) {
    bool any = false;
    for (const GaitMetric metric : kAllGaitMetrics) {
      if (auto drift = estimate_metric_drift(sessions, i, metric, settings)) {
        out.push_back(*drift);
        any = true;
      }
    }
    if (any) break;
  }
  return out;
}

}  // namespace runload::core
