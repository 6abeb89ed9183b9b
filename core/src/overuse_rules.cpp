// Overuse rules (EVIDENCE §3.1, §6 "Overuse"): single-session spike first, then the weekly ramps and
// monotony. ACWR is deliberately absent: context only (EVIDENCE §5.2).
#include "rule_context.h"
#include "runload/core/monotony.h"
#include "runload/core/progression.h"
#include "runload/core/session_spike.h"

namespace runload::core::detail {

void evaluate_overuse_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  const DistanceUnit u = c.distance_unit;

  // Single-session spike (Frandsen 2025, A). Only the highest tier a run reaches is reported.
  for (std::size_t i = 0; i < ctx.sessions.size(); ++i) {
    const Session& s = ctx.sessions[i];
    if (s.date < ctx.lookback_start() || !is_spike_run(s, c.load.min_spike_run_m)) continue;
    const SessionSpike spike = estimate_session_spike(ctx.sessions, i, c.load.spike_window_days, c.load.min_spike_run_m);
    if (!spike.ratio) continue;  // no run in the previous 30 days: insufficient history, no comparison
    const double ratio = *spike.ratio;
    const char* id = nullptr;
    double threshold = 0.0;
    if (ratio > c.spike_high_ratio) {
      id = "overuse.spike_gt100";
      threshold = c.spike_high_ratio;
    } else if (ratio > c.spike_elevated_ratio) {
      id = "overuse.spike_gt30";
      threshold = c.spike_elevated_ratio;
    } else if (ratio > c.spike_caution_ratio) {
      id = "overuse.spike_gt10";
      threshold = c.spike_caution_ratio;
    }
    if (id == nullptr) continue;
    sink.add(id, s.date, ratio, threshold, "ratio",
             "Run of " + format_distance(s.distance_m, u, 1) + " on " + to_iso_string(s.date) + " was " +
                 fixed(*spike.spike_pct, 0) + " % longer than your longest run of the previous " +
                 std::to_string(c.load.spike_window_days) + " days (" + format_distance(*spike.longest_previous_m, u, 1) +
                 "); threshold " + fixed((threshold - 1.0) * 100.0, 0) + " %.");
  }

  // Weekly ramps (Nielsen 2014, Damsted 2019; B). Modest evidence, so caution at most.
  const DistanceProgression p = estimate_distance_progression(ctx.history, ctx.as_of, c.load);
  if (p.two_week_pct && *p.two_week_pct > c.progression_two_week_pct) {
    sink.add("overuse.ramp_two_week", ctx.as_of, *p.two_week_pct, c.progression_two_week_pct, "pct",
             "Running distance of the last 7 days (" + format_distance(*p.current_week_m, u, 1) + ") is " +
                 fixed(*p.two_week_pct, 0) + " % above the most you ran in any 7 days ending two weeks earlier (" +
                 format_distance(*p.two_weeks_ago_m, u, 1) + "); threshold " + fixed(c.progression_two_week_pct, 0) + " %.");
  }
  if (p.week_over_week_pct && *p.week_over_week_pct > c.progression_weekly_pct) {
    sink.add("overuse.ramp_weekly", ctx.as_of, *p.week_over_week_pct, c.progression_weekly_pct, "pct",
             "Running distance of the last 7 days (" + format_distance(*p.current_week_m, u, 1) + ") is " +
                 fixed(*p.week_over_week_pct, 0) + " % above the most you ran in any 7 days ending the week before (" +
                 format_distance(*p.previous_week_m, u, 1) + "); threshold " + fixed(c.progression_weekly_pct, 0) + " %.");
  }

  // Monotony (Foster 1998, C): sRPE when every day of the window has it, else running distance.
  MonotonyStrain m = estimate_monotony(ctx.history, ctx.as_of, LoadMeasure::kSrpe, c.load);
  if (!m.weekly_load) m = estimate_monotony(ctx.history, ctx.as_of, LoadMeasure::kDistance, c.load);
  if (m.monotony && *m.monotony > c.monotony_max) {
    sink.add("overuse.monotony", ctx.as_of, *m.monotony, c.monotony_max, "ratio",
             "Training monotony over the last 7 days is " + fixed(*m.monotony, 2) + " (" +
                 std::string(to_string(m.measure)) + ", rest days counted as 0; strain " + fixed(*m.strain, 0) +
                 "); threshold " + fixed(c.monotony_max, 1) + ".");
  }
}

}  // namespace runload::core::detail
