// Surface (EVIDENCE §3.3, Voloshina & Ferris 2015) and weight (EVIDENCE §3.1, Nielsen IJSPT 2014) rules.
#include "rule_context.h"

namespace runload::core::detail {
namespace {

struct SurfaceShare {
  double known_m = 0.0;
  double uneven_m = 0.0;
};

SurfaceShare surface_share(std::span<const Session> sessions, Date first, Date last) {
  SurfaceShare share;
  for (const Session& s : sessions) {
    if (s.date < first || s.date > last || !counts_as_running(s.activity) || s.surface == Surface::kUnknown) continue;
    share.known_m += s.distance_m;
    if (is_uneven(s.surface)) share.uneven_m += s.distance_m;
  }
  return share;
}

}  // namespace

void evaluate_surface_and_weight_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  using std::chrono::days;

  // Surface: a sudden shift onto uneven terrain, relative to the runner's own recent mix.
  const SurfaceShare recent = surface_share(ctx.sessions, ctx.as_of - days{6}, ctx.as_of);
  const SurfaceShare before = surface_share(ctx.sessions, ctx.as_of - days{34}, ctx.as_of - days{7});
  if (recent.known_m > 0.0 && before.known_m > 0.0) {
    const double recent_share = recent.uneven_m / recent.known_m;
    const double before_share = before.uneven_m / before.known_m;
    if (recent_share > c.uneven_recent_share && before_share < c.uneven_chronic_max_share) {
      sink.add("surface.uneven_change", ctx.as_of, recent_share, c.uneven_recent_share, "share",
               fixed(recent_share * 100.0, 0) + " % of the last 7 days' running was on uneven terrain, up from " +
                   fixed(before_share * 100.0, 0) + " % in the 28 days before.");
    }
  }

  // Weight: a novice with BMI > 30 running more than 3 km in the first week.
  const Athlete& a = ctx.history.athlete;
  const auto bmi = body_mass_index(a);
  if (a.experience == ExperienceLevel::kNovice && bmi && *bmi > c.novice_bmi) {
    const Session* first = nullptr;
    for (const Session& s : ctx.sessions) {
      if (counts_as_running(s.activity)) {
        first = &s;
        break;
      }
    }
    if (first != nullptr && ctx.as_of <= first->date + days{6}) {
      double week_m = 0.0;
      for (const Session& s : ctx.sessions) {
        if (counts_as_running(s.activity)) week_m += s.distance_m;
      }
      const double week_km = week_m / 1000.0;
      if (week_km > c.novice_first_week_km) {
        sink.add("weight.novice_bmi_start", ctx.as_of, week_km, c.novice_first_week_km, "km",
                 "First running week: " + fixed(week_km, 1) + " km so far with a BMI of " + fixed(*bmi, 1) +
                     "; novices with BMI above " + fixed(c.novice_bmi, 0) + " who ran more than " +
                     fixed(c.novice_first_week_km, 0) + " km in week 1 had more injuries.");
      }
    }
  }
}

}  // namespace runload::core::detail
