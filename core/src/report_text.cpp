#include "runload/core/report_text.h"

#include <cstdio>
#include <sstream>

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

}  // namespace

std::string render_risk_report_text(const RiskReport& r) {
  std::ostringstream out;
  out << "Risk report for " << r.athlete << " as of " << to_iso_string(r.as_of) << "\n";
  out << r.headline << "\n";
  for (const RiskFlag& f : r.flags) {
    out << "\n[" << to_string(f.severity) << "] " << f.id << " (" << to_string(f.factor) << ", grade "
        << to_string(f.grade) << ", " << to_iso_string(f.date) << ")\n";
    out << "  " << f.message << "\n";
    if (f.value) {
      out << "  value " << num(f.value, 2, f.unit) << ", threshold " << num(f.threshold, 2, f.unit) << "; window: "
          << f.window << "\n";
    }
    out << "  advice: " << f.advice << "\n";
    out << "  evidence: " << f.evidence << "\n";
  }
  if (!r.context.empty()) {
    out << "\nContext:\n";
    for (const std::string& c : r.context) out << "  " << c << "\n";
  }
  if (r.return_to_run.stage != ReturnStage::kNotNeeded) out << "\n" << render_return_to_run_text(r.return_to_run);
  out << "\n" << r.disclaimer << "\n";
  return out.str();
}

std::string render_load_status_text(const LoadStatus& s, DistanceUnit unit) {
  std::ostringstream out;
  out << "Load for " << s.athlete << " as of " << to_iso_string(s.as_of) << "\n";
  const int known_days = s.weekly.empty() ? 0 : s.weekly.back().covered_days;
  out << "  weekly distance (last 7 days): " << dist(s.weekly_distance_m, 1, unit) << " (" << known_days
      << " of 7 days known)\n";
  out << "  week-over-week: " << num(s.progression.week_over_week_pct, 0, "%") << ", over two weeks: "
      << num(s.progression.two_week_pct, 0, "%") << "\n";
  if (s.latest_spike) {
    out << "  latest run " << to_iso_string(s.latest_spike->date) << ": " << dist(s.latest_spike->distance_m, 1, unit)
        << " vs longest of previous " << s.latest_spike->window_days
        << " days: " << num(s.latest_spike->ratio, 2, "x") << "\n";
  }
  if (const auto& t = s.latest_short_session) {
    out << "  short test session " << to_iso_string(t->date) << ": " << dist(t->distance_m, 2, unit) << ", below the "
        << dist(t->min_run_m, 1, unit) << " of a run: left out of the spike comparison\n";
  }
  out << "  monotony (sRPE): " << num(s.monotony_srpe.monotony, 2) << ", strain: " << num(s.monotony_srpe.strain, 0) << "\n";
  out << "  monotony (distance): " << num(s.monotony_distance.monotony, 2) << "\n";
  out << "  acute:chronic distance (context only): EWMA " << num(s.distance_acute_chronic.ewma_ratio, 2) << ", uncoupled "
      << num(s.distance_acute_chronic.uncoupled_ratio, 2) << "\n";
  out << "  fitness/fatigue/form (sRPE): CTL " << num(s.fitness_fatigue.ctl_au, 0) << ", ATL "
      << num(s.fitness_fatigue.atl_au, 0) << ", TSB " << num(s.fitness_fatigue.tsb_au, 0);
  if (s.fitness_fatigue.ctl_au && s.fitness_fatigue.seeded) {
    out << " (started " << to_iso_string(*s.fitness_fatigue.start) << " from the mean of its first "
        << s.fitness_fatigue.seed_days << " known days, " << num(s.fitness_fatigue.seed_au, 0) << " AU/day)";
  }
  out << "\n";
  out << "  mechanical exposure index (a proxy, not tissue load; per unit body mass): acute " << num(s.mechanical_exposure.acute_per_day, 0, "g*steps/day")
      << ", acute:chronic " << num(s.mechanical_exposure.ewma_ratio, 2) << "\n";
  for (const MetricDrift& d : s.drifts) {
    out << "  " << to_string(d.metric) << ": " << num(d.value, 1) << " vs baseline " << num(d.baseline_median, 1) << " ("
        << num(d.change_pct, 1, "%") << ")" << (d.source != MetricSource::kRunload ? ", from the " + std::string(to_string(d.source)) : "")
        << "\n";
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

std::string render_return_to_run_text(const ReturnToRunPlan& p) {
  std::ostringstream out;
  out << "Return to run: stage " << to_string(p.stage);
  if (p.episode_start) out << " (episode since " << to_iso_string(*p.episode_start) << ")";
  out << "\n  next: " << p.next_step << "\n";
  for (const StageChange& c : p.changes) {
    out << "  " << to_iso_string(c.date) << ": " << to_string(c.from) << " -> " << to_string(c.to) << " (" << c.reason
        << ")\n";
  }
  return out.str();
}

}  // namespace runload::core
