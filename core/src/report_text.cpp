#include "runload/core/report_text.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>

#include "runload/core/rule_table.h"

namespace runload::core {
namespace {

std::string num(std::optional<double> v, int decimals, std::string_view unit = "") {
  if (!v) return "insufficient data";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return std::string(buf) + (unit.empty() ? "" : " ") + std::string(unit);
}

std::string dist(std::optional<double> m, int decimals, DistanceUnit unit) {
  if (!m) return "insufficient data";
  return format_distance(*m, unit, decimals);
}

/// A flag's value in its unit, for people: "1.25x", "34 %", "4/10", "62 %" (a share), "3.5 km".
std::string flag_value(double v, std::string_view unit) {
  char buf[48];
  if (unit == "ratio") {
    std::snprintf(buf, sizeof buf, "%.2fx", v);
  } else if (unit == "pct" || unit == "pct_points") {
    std::snprintf(buf, sizeof buf, "%.0f %s", v, unit == "pct" ? "%" : "percentage points");
  } else if (unit == "share") {
    std::snprintf(buf, sizeof buf, "%.0f %%", v * 100.0);
  } else if (unit == "pain_0_10") {
    std::snprintf(buf, sizeof buf, "%.0f/10", v);
  } else if (unit == "days") {
    std::snprintf(buf, sizeof buf, "%.0f days", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f%s%s", v, unit.empty() ? "" : " ", std::string(unit).c_str());
  }
  return buf;
}

}  // namespace

std::string render_risk_report_text(const RiskReport& r) {
  std::ostringstream out;
  out << "Risk report for " << r.athlete << " as of " << to_iso_string(r.as_of) << "\n";
  out << r.headline << "\n";
  std::vector<std::string> advice_given;  // the same advice (the seek-help one above all) is printed once
  for (const RiskFlag& f : r.flags) {
    out << "\n[" << to_string(f.severity) << "] " << rule_title(f.id) << " (" << to_string(f.factor)
        << ", evidence grade " << to_string(f.grade) << ", " << to_iso_string(f.date) << ")\n";
    out << "  " << f.message << "\n";
    if (f.value) {
      out << "  value " << flag_value(*f.value, f.unit) << ", threshold "
          << (f.threshold ? flag_value(*f.threshold, f.unit) : std::string("-")) << "; window: " << f.window << "\n";
    }
    if (std::find(advice_given.begin(), advice_given.end(), f.advice) == advice_given.end()) {
      out << "  advice: " << f.advice << "\n";
      advice_given.push_back(f.advice);
    } else {
      out << "  advice: as above\n";
    }
    out << "  source: " << f.evidence << "\n";
  }
  if (!r.checks_without_data.empty()) {
    out << "\nChecks that could not run (no data, so no flag either way):\n";
    for (const CheckWithoutData& c : r.checks_without_data) out << "  " << c.check << ": " << c.reason << "\n";
  }
  if (!r.context.empty()) {
    out << "\nContext:\n";
    for (const std::string& c : r.context) out << "  " << c << "\n";
  }
  if (r.return_to_run.stage != ReturnStage::kNotNeeded) {
    // While red flags hold the plan its next step is the headline's: not printed a second time.
    out << "\n" << render_return_to_run_text(r.return_to_run, !r.stop_and_seek_help);
  }
  out << "\n" << r.disclaimer << "\n";
  return out.str();
}

std::string render_load_status_text(const LoadStatus& s, DistanceUnit unit) {
  std::ostringstream out;
  out << "Load for " << s.athlete << " as of " << to_iso_string(s.as_of) << "\n";
  const int known_days = s.progression.current_week_known_days;
  const int unknown_days = s.progression.current_week_unknown_distance_days;
  out << "  weekly distance (last 7 days): " << dist(s.weekly_distance_m, 1, unit) << " (" << known_days
      << " of 7 days known";
  if (unknown_days > 0) out << "; " << unknown_days << (unknown_days == 1 ? " day" : " days") << " with a run of unknown distance";
  out << ")\n";
  if (unknown_days > 0 && !s.progression.week_over_week_pct) {
    out << "  week-over-week: unknown (a run of unknown distance this week; give it with runload log SESSION --distance KM)\n";
  } else {
    out << "  week-over-week: " << num(s.progression.week_over_week_pct, 0, "%") << ", over two weeks: "
        << num(s.progression.two_week_pct, 0, "%") << "\n";
  }
  if (s.latest_spike) {
    out << "  latest run " << to_iso_string(s.latest_spike->date) << ": " << dist(s.latest_spike->distance_m, 1, unit)
        << " vs longest of previous " << s.latest_spike->window_days
        << " days: " << num(s.latest_spike->ratio, 2, "x");
    if (s.latest_spike->previous_unknown_distance_runs > 0 && !s.latest_spike->ratio) {
      out << " (" << s.latest_spike->previous_unknown_distance_runs << " earlier run(s) of unknown distance)";
    }
    out << "\n";
  }
  if (const auto& t = s.latest_short_session) {
    out << "  short test session " << to_iso_string(t->date) << ": " << dist(t->distance_m, 2, unit) << ", below the "
        << dist(t->min_run_m, 1, unit) << " of a run: left out of the spike comparison\n";
  }
  out << "  monotony (sRPE): " << num(s.monotony_srpe.monotony, 2) << ", strain: " << num(s.monotony_srpe.strain, 0, "AU")
      << " (weekly sRPE load x monotony)\n";
  out << "  monotony (distance): " << num(s.monotony_distance.monotony, 2) << "\n";
  out << "  acute:chronic distance (context only): EWMA " << num(s.distance_acute_chronic.ewma_ratio, 2) << ", uncoupled "
      << num(s.distance_acute_chronic.uncoupled_ratio, 2) << "\n";
  out << "  fitness (CTL) " << num(s.fitness_fatigue.ctl_au, 0, "AU/day") << ", fatigue (ATL) "
      << num(s.fitness_fatigue.atl_au, 0, "AU/day") << ", form (TSB) " << num(s.fitness_fatigue.tsb_au, 0, "AU/day")
      << " (sRPE: RPE x minutes)";
  if (s.fitness_fatigue.ctl_au && s.fitness_fatigue.seeded) {
    out << " (started " << to_iso_string(*s.fitness_fatigue.start) << " from the mean of its first "
        << s.fitness_fatigue.seed_days << " known days, " << num(s.fitness_fatigue.seed_au, 0) << " AU/day)";
  }
  out << "\n";
  out << "  mechanical exposure index (a proxy, not tissue load; per unit body mass): acute " << num(s.mechanical_exposure.acute_per_day, 0, "g*steps/day")
      << ", acute:chronic " << num(s.mechanical_exposure.ewma_ratio, 2) << "\n";
  for (const MetricDrift& d : s.drifts) {
    const auto [label, metric_unit] = metric_label(d.metric);
    out << "  " << label << ": " << num(d.value, 1, metric_unit);
    // "insufficient data" once: a missing baseline has no change either.
    if (d.value && d.baseline_median) {
      out << " vs your baseline " << num(d.baseline_median, 1, metric_unit);
      // An asymmetry (or an angle) changes by points: a per cent of a per cent near 0 means nothing.
      if (d.change_abs && (d.metric == GaitMetric::kAsymmetry || d.metric == GaitMetric::kTibialAngle)) {
        out << " (" << (*d.change_abs > 0 ? "+" : "") << num(d.change_abs, 1, metric_unit == "%" ? "percentage points" : metric_unit) << ")";
      } else if (d.change_pct) {
        out << " (" << num(d.change_pct, 1, "%") << ")";
      }
    } else if (d.value) {
      out << ", your baseline: insufficient data";
    }
    out << (d.source != MetricSource::kRunload ? ", from the " + std::string(to_string(d.source)) : "") << "\n";
  }
  for (const ShoeUsage& shoe : s.shoes.shoes) {
    out << "  shoe " << shoe.name << ": " << dist(shoe.distance_km * 1000.0, 0, unit) << " of "
        << dist(shoe.budget_km * 1000.0, 0, unit) << ", rotation share " << num(shoe.rotation_share * 100.0, 0, "%") << (shoe.retired ? " (retired)" : "") << "\n";
  }
  out << "  note: real sums over the known days, never scaled up; a day inside an imported or recorded span "
         "without a run is a rest day (0), days outside every span are unknown; distances in "
      << to_string(unit) << "\n";
  return out.str();
}

std::string render_return_to_run_text(const ReturnToRunPlan& p, bool with_next_step) {
  std::ostringstream out;
  out << "Return to run: " << stage_label(p.stage);
  if (p.episode_start) out << " (episode since " << to_iso_string(*p.episode_start) << ")";
  out << "\n";
  if (p.stage != ReturnStage::kNotNeeded) {
    // The whole ladder, the runner's rung marked.
    out << "  ladder:";
    for (const ReturnStage s : {ReturnStage::kSeekProfessional, ReturnStage::kCrossTraining, ReturnStage::kWalk,
                                ReturnStage::kWalkRun, ReturnStage::kContinuous}) {
      if (s == ReturnStage::kSeekProfessional && p.stage != s) continue;  // only while red flags hold the plan
      out << (s == ReturnStage::kSeekProfessional || (s == ReturnStage::kCrossTraining && p.stage != ReturnStage::kSeekProfessional) ? " " : " > ");
      out << (s == p.stage ? "[" : "") << stage_label(s) << (s == p.stage ? "]" : "");
    }
    out << " > back to normal training\n";
    out << "  to move up: " << what_moves_up(p) << "\n";
  }
  if (with_next_step) out << "  next: " << p.next_step << "\n";
  for (const StageChange& c : p.changes) {
    out << "  " << to_iso_string(c.date) << ": " << stage_label(c.from) << " -> " << stage_label(c.to) << " (" << c.reason
        << ")\n";
  }
  return out.str();
}

}  // namespace runload::core
