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

std::optional<double> km(std::optional<double> m) {
  if (!m) return std::nullopt;
  return *m / 1000.0;
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

std::string render_load_status_text(const LoadStatus& s) {
  std::ostringstream out;
  out << "Load for " << s.athlete << " as of " << to_iso_string(s.as_of) << "\n";
  out << "  weekly distance (last 7 days): " << num(km(s.weekly_distance_m), 1, "km") << "\n";
  out << "  week-over-week: " << num(s.progression.week_over_week_pct, 0, "%") << ", over two weeks: "
      << num(s.progression.two_week_pct, 0, "%") << "\n";
  if (s.latest_spike) {
    out << "  latest run " << to_iso_string(s.latest_spike->date) << ": " << num(km(s.latest_spike->distance_m), 1, "km")
        << " vs longest of previous " << s.latest_spike->window_days
        << " days: " << num(s.latest_spike->ratio, 2, "x") << "\n";
  }
  out << "  monotony (sRPE): " << num(s.monotony_srpe.monotony, 2) << ", strain: " << num(s.monotony_srpe.strain, 0) << "\n";
  out << "  monotony (distance): " << num(s.monotony_distance.monotony, 2) << "\n";
  out << "  acute:chronic distance (context only): EWMA " << num(s.distance_acute_chronic.ewma_ratio, 2) << ", uncoupled "
      << num(s.distance_acute_chronic.uncoupled_ratio, 2) << "\n";
  out << "  fitness/fatigue/form (sRPE): CTL " << num(s.fitness_fatigue.ctl_au, 0) << ", ATL "
      << num(s.fitness_fatigue.atl_au, 0) << ", TSB " << num(s.fitness_fatigue.tsb_au, 0) << "\n";
  out << "  mechanical exposure index (a proxy, not tissue load): acute " << num(s.mechanical_exposure.acute_per_day, 0, "g*steps/day")
      << ", acute:chronic " << num(s.mechanical_exposure.ewma_ratio, 2) << "\n";
  for (const MetricDrift& d : s.drifts) {
    out << "  " << to_string(d.metric) << ": " << num(d.value, 1) << " vs baseline " << num(d.baseline_median, 1) << " ("
        << num(d.change_pct, 1, "%") << ")\n";
  }
  for (const ShoeUsage& shoe : s.shoes.shoes) {
    out << "  shoe " << shoe.name << ": " << num(shoe.distance_km, 0, "km") << " of " << num(shoe.budget_km, 0, "km")
        << ", rotation share " << num(shoe.rotation_share * 100.0, 0, "%") << (shoe.retired ? " (retired)" : "") << "\n";
  }
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
