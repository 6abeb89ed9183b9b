#include "run_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli.h"
#include "runload/core/distance_unit.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/risk_report.h"
#include "terminal_text.h"

namespace runload::apps {

std::string clock_duration(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  if (s >= 3600) return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02d}", s / 60, s % 60);
}

namespace {

/// " (your baseline 170.2, +1.3 %)" for a metric of the session, or "" without a baseline.
std::string against_baseline(const std::vector<core::MetricDrift>& drifts, core::GaitMetric metric, int decimals) {
  for (const auto& d : drifts) {
    if (d.metric != metric || !d.baseline_median) continue;
    return fmt::format(" (your baseline {:.{}f} over {} sessions, {:+.1f} %)", *d.baseline_median, decimals,
                       d.baseline_sessions, d.change_pct.value_or(0.0));
  }
  return " (no baseline yet: it needs a few more sensor sessions)";
}

}  // namespace

std::string run_summary_text(const store::Store& store, std::int64_t session_id, const core::RiskConfig& config) {
  const auto stored = store.session(session_id);
  if (!stored) throw RuntimeError("no session with id " + std::to_string(session_id));
  const core::Session& x = stored->session;
  auto history = store.history(x.athlete_id);
  if (!history) throw RuntimeError(history.error());
  const auto drifts = core::estimate_latest_drifts(*history, x.date, config.load);
  const auto& m = x.metrics;
  std::string out = fmt::format("Run stored as session {} for {} on {}\n", x.id, terminal_safe(history->athlete.name),
                                core::to_iso_string(x.date));
  out += fmt::format("  duration       {}\n", clock_duration(x.duration_s));
  if (x.distance_known) {
    out += fmt::format("  distance       {:.2f} km, pace {}\n", x.distance_m / 1000.0,
                       core::format_pace(x.duration_s, x.distance_m, core::DistanceUnit::kKm));
  } else {
    out += "  distance       n/a (a shank sensor measures no distance: give it with --distance below)\n";
  }
  if (m.cadence_steps_per_min) {
    out += fmt::format("  cadence        {:.0f} steps/min{}\n", *m.cadence_steps_per_min,
                       against_baseline(drifts, core::GaitMetric::kCadence, 0));
  }
  if (m.gct_ms) out += fmt::format("  contact time   {:.0f} ms{}\n", *m.gct_ms, against_baseline(drifts, core::GaitMetric::kGct, 0));
  if (m.pta_g) {
    out += fmt::format("  impact (PTA)   {:.1f} g{}\n", *m.pta_g, against_baseline(drifts, core::GaitMetric::kPta, 1));
  } else if (m.foot_peak_accel_g) {
    out += fmt::format("  foot impact    {:.1f} g{}\n", *m.foot_peak_accel_g,
                       against_baseline(drifts, core::GaitMetric::kFootPeakAccel, 1));
  }
  const auto report = core::build_session_risk_report(*history, x.id, config);
  if (report && report->stop_and_seek_help) {
    out += "  today's flags  stop running and see a health professional (runload risk shows why)\n";
  } else if (report && !report->flags.empty()) {
    out += fmt::format("  today's flags  {}\n", report->headline);
    for (const auto& f : report->flags) out += "                 " + f.message + "\n";
  } else {
    out += "  today's flags  none from the checks that could run (runload risk lists any that lacked data)\n";
  }
  out += fmt::format("next: runload log {} --rpe X --pain-during X --pain-after X{}\n", x.id,
                     x.distance_known ? "" : " --distance KM");
  return out;
}

}  // namespace runload::apps
