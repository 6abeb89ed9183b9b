// Footwear rules (EVIDENCE §3.3, §6 "Inadequate footwear"): km vs budget (convention), per-shoe impact
// trend at matched speed, rotation (Malisoux 2015).
#include "rule_context.h"
#include "runload/core/shoe_usage.h"

namespace runload::core::detail {

void evaluate_footwear_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  const ShoeReport report = estimate_shoe_usage(ctx.history, ctx.as_of, c.load);
  const Date window_start = ctx.as_of - std::chrono::days{c.load.rotation_window_days - 1};
  for (const ShoeUsage& shoe : report.shoes) {
    if (shoe.retired) continue;
    const double limit_km = shoe.budget_km * c.shoe_budget_fraction;
    if (shoe.budget_km > 0.0 && shoe.distance_km > limit_km) {
      sink.add("footwear.shoe_km", ctx.as_of, shoe.distance_km, limit_km, "km",
               "Shoe '" + shoe.name + "' has " + format_distance(shoe.distance_km * 1000.0, c.distance_unit, 0) +
                   ", past its budget of " + format_distance(limit_km * 1000.0, c.distance_unit, 0) +
                   " (a convention, not injury evidence).");
    }
    const bool in_use = shoe.last_use && *shoe.last_use >= window_start;
    if (in_use && shoe.impact.pta_change_pct && *shoe.impact.pta_change_pct > c.shoe_impact_rise_pct) {
      sink.add("footwear.impact_rise", *shoe.last_use, *shoe.impact.pta_change_pct, c.shoe_impact_rise_pct, "pct",
               "Peak tibial acceleration in shoe '" + shoe.name + "' rose " + fixed(*shoe.impact.pta_change_pct, 0) +
                   " % (" + fixed(*shoe.impact.early_pta_g, 1) + " g -> " + fixed(*shoe.impact.recent_pta_g, 1) +
                   " g)" + (shoe.impact.matched_speed_mps ? " at matched speed" : "") + " over " +
                   format_distance(shoe.distance_km * 1000.0, c.distance_unit, 0) + ": its cushioning may be fading.");
    }
  }
  if (report.main_shoe_share && *report.main_shoe_share > c.rotation_max_share) {
    std::string name;
    for (const ShoeUsage& s : report.shoes) {
      if (report.main_shoe_id && s.shoe_id == *report.main_shoe_id) name = s.name;
    }
    sink.add("footwear.rotation", ctx.as_of, *report.main_shoe_share, c.rotation_max_share, "share",
             "Shoe '" + name + "' carried " + fixed(*report.main_shoe_share * 100.0, 0) +
                 " % of your shoe-tagged running in the last " + std::to_string(c.load.rotation_window_days) +
                 " days; runners who rotate pairs had fewer injuries.");
  }
}

}  // namespace runload::core::detail
