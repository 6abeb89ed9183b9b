// Technique rules (EVIDENCE §3.2, §5.4, §5.5): change from the runner's own speed-matched baseline,
// never a population cut-off; plus the tibial PTA screen for shank sensors.
#include <algorithm>
#include <cmath>

#include "rule_context.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/shoe_usage.h"

namespace runload::core::detail {
namespace {

struct DriftRule {
  GaitMetric metric;
  std::string_view id;
  enum class Kind { kDropPct, kRisePct, kAbsChange } kind;
  double RiskConfig::*threshold;
  std::string_view label;
};

constexpr DriftRule kDriftRules[] = {
    {GaitMetric::kCadence, "technique.cadence_drop", DriftRule::Kind::kDropPct, &RiskConfig::cadence_drop_pct, "Cadence"},
    {GaitMetric::kPta, "technique.pta_rise", DriftRule::Kind::kRisePct, &RiskConfig::pta_rise_pct, "Peak tibial acceleration"},
    {GaitMetric::kGct, "technique.gct_rise", DriftRule::Kind::kRisePct, &RiskConfig::gct_rise_pct, "Ground contact time"},
    {GaitMetric::kBraking, "technique.braking_rise", DriftRule::Kind::kRisePct, &RiskConfig::braking_rise_pct, "Braking"},
    {GaitMetric::kPronationExcursion, "technique.pronation_rise", DriftRule::Kind::kRisePct, &RiskConfig::pronation_rise_pct, "Pronation excursion"},
    // Off by default (rule_table.cpp says why): its input, the shank frontal angle, is unvalidated.
    {GaitMetric::kTibialAngle, "technique.tibial_angle_change", DriftRule::Kind::kAbsChange, &RiskConfig::tibial_angle_change_deg, "Frontal-plane tibial angle"},
    {GaitMetric::kAsymmetry, "technique.asymmetry_change", DriftRule::Kind::kAbsChange, &RiskConfig::asymmetry_change_pct_points, "Asymmetry"},
};

// True when the rising PTA of this session is already explained by its shoe's impact trend: the
// footwear rule owns it (EVIDENCE §6: rising impact on an ageing shoe = cushioning fading).
bool pta_rise_explained_by_shoe(const RuleContext& ctx, const Session& s) {
  if (!s.shoe_id || !ctx.rule_enabled("footwear.impact_rise")) return false;
  const ShoeReport shoes = estimate_shoe_usage(ctx.history, ctx.as_of, ctx.config.load);
  for (const ShoeUsage& u : shoes.shoes) {
    if (u.shoe_id == *s.shoe_id && u.impact.pta_change_pct && *u.impact.pta_change_pct > ctx.config.shoe_impact_rise_pct) {
      return true;
    }
  }
  return false;
}

}  // namespace

void evaluate_technique_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  const auto drifts = estimate_latest_drifts(ctx.history, ctx.as_of, c.load);
  for (const MetricDrift& d : drifts) {
    if (d.date < ctx.lookback_start() || !d.baseline_median || !d.robust_z) continue;
    for (const DriftRule& rule : kDriftRules) {
      if (rule.metric != d.metric) continue;
      const double threshold = c.*rule.threshold;
      double value = 0.0;
      bool hit = false;
      std::string unit = "pct";
      switch (rule.kind) {
        case DriftRule::Kind::kDropPct:
          if (!d.change_pct) break;
          value = -*d.change_pct;
          hit = value > threshold && *d.robust_z <= -c.drift_min_robust_z;
          break;
        case DriftRule::Kind::kRisePct:
          if (!d.change_pct) break;
          value = *d.change_pct;
          hit = value > threshold && *d.robust_z >= c.drift_min_robust_z;
          break;
        case DriftRule::Kind::kAbsChange:
          value = std::abs(*d.change_abs);
          unit = d.metric == GaitMetric::kAsymmetry ? "pct_points" : "deg";
          hit = value > threshold && std::abs(*d.robust_z) >= c.drift_min_robust_z;
          break;
      }
      if (!hit) continue;
      if (d.metric == GaitMetric::kPta) {
        const auto it = std::find_if(ctx.sessions.begin(), ctx.sessions.end(),
                                     [&](const Session& s) { return s.id == d.session_id; });
        if (it != ctx.sessions.end() && pta_rise_explained_by_shoe(ctx, *it)) continue;
      }
      const std::string change = rule.kind == DriftRule::Kind::kAbsChange
                                     ? fixed(*d.change_abs, 1) + (unit == "deg" ? " deg" : " percentage points")
                                     : fixed(*d.change_pct, 1) + " %";
      sink.add(rule.id, d.date, value, threshold, unit,
               std::string(rule.label) + " on " + to_iso_string(d.date) + " was " + fixed(d.value, 1) + " " +
                   std::string(metric_label(d.metric).unit) + ", " + change + " vs your 6-week baseline of " +
                   fixed(*d.baseline_median, 1) + " " + std::string(metric_label(d.metric).unit) + " (" +
                   std::to_string(d.baseline_sessions) + " sessions" +
                   (d.speed_matched ? ", matched speed" : "") +
                   (d.source != MetricSource::kRunload ? ", " + std::string(to_string(d.source)) + " values" : "") +
                   "); threshold " + fixed(threshold, 1) + ".");
    }
  }

  // Tibial PTA screen (Crowell & Davis 2011): only meaningful for a shank (tibial) sensor.
  for (auto it = ctx.sessions.rbegin(); it != ctx.sessions.rend(); ++it) {
    const Session& s = *it;
    if (s.date < ctx.lookback_start()) break;
    const bool shank = std::find(s.placements.begin(), s.placements.end(), signal::Placement::kShank) != s.placements.end();
    if (!shank || !s.metrics.pta_g) continue;
    if (*s.metrics.pta_g > c.pta_screen_g) {
      sink.add("technique.pta_high", s.date, *s.metrics.pta_g, c.pta_screen_g, "g",
               "Peak tibial acceleration on " + to_iso_string(s.date) + " averaged " + fixed(*s.metrics.pta_g, 1) +
                   " g at the shank; the screening threshold is " + fixed(c.pta_screen_g, 1) + " g.");
    }
    break;  // the latest shank session only
  }
}

}  // namespace runload::core::detail
