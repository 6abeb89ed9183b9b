#include "runload/core/shoe_usage.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "runload/core/personal_baseline.h"

namespace runload::core {
namespace {

std::optional<double> median_of(std::vector<double> v) {
  const auto stats = robust_stats(std::move(v));
  if (!stats) return std::nullopt;
  return stats->median;
}

std::optional<double> change_pct(std::optional<double> early, std::optional<double> recent) {
  if (!early || !recent || *early == 0.0) return std::nullopt;
  return (*recent - *early) * 100.0 / std::abs(*early);
}

// Early-life vs recent impact of one shoe. The early sample is limited to sessions near the recent
// sessions' median speed, because impact rises with speed.
ShoeImpactTrend impact_trend(const std::vector<const Session*>& runs, const LoadSettings& settings) {
  ShoeImpactTrend trend;
  std::vector<const Session*> with_pta;
  for (const Session* s : runs) {
    if (s->metrics.pta_g) with_pta.push_back(s);
  }
  const std::size_t n = static_cast<std::size_t>(std::max(1, settings.shoe_trend_sessions));
  if (with_pta.size() < 2 * n) return trend;  // early and recent samples must not overlap
  const std::vector<const Session*> recent(with_pta.end() - static_cast<std::ptrdiff_t>(n), with_pta.end());
  std::vector<double> recent_speeds;
  for (const Session* s : recent) {
    if (s->metrics.speed_mps) recent_speeds.push_back(*s->metrics.speed_mps);
  }
  if (recent_speeds.size() == recent.size()) trend.matched_speed_mps = median_of(recent_speeds);

  std::vector<const Session*> early;
  for (std::size_t i = 0; i + n < with_pta.size() && early.size() < n; ++i) {
    const Session* s = with_pta[i];
    if (trend.matched_speed_mps) {
      if (!s->metrics.speed_mps ||
          std::abs(*s->metrics.speed_mps - *trend.matched_speed_mps) > settings.speed_match_tolerance_mps) {
        continue;
      }
    }
    early.push_back(s);
  }
  trend.early_sessions = static_cast<int>(early.size());
  trend.recent_sessions = static_cast<int>(recent.size());
  if (early.size() < n) return trend;

  auto collect = [](const std::vector<const Session*>& sample, auto field) {
    std::vector<double> v;
    for (const Session* s : sample) {
      if (const auto x = field(*s)) v.push_back(*x);
    }
    return v;
  };
  const auto pta = [](const Session& s) { return s.metrics.pta_g; };
  const auto rate = [](const Session& s) { return s.metrics.loading_rate_g_per_s; };
  trend.early_pta_g = median_of(collect(early, pta));
  trend.recent_pta_g = median_of(collect(recent, pta));
  trend.pta_change_pct = change_pct(trend.early_pta_g, trend.recent_pta_g);
  trend.early_loading_rate_g_per_s = median_of(collect(early, rate));
  trend.recent_loading_rate_g_per_s = median_of(collect(recent, rate));
  trend.loading_rate_change_pct = change_pct(trend.early_loading_rate_g_per_s, trend.recent_loading_rate_g_per_s);
  return trend;
}

}  // namespace

ShoeReport estimate_shoe_usage(const TrainingHistory& history, Date as_of, const LoadSettings& settings) {
  ShoeReport report;
  report.rotation_window_days = settings.rotation_window_days;
  const auto sessions = sessions_up_to(history, as_of);
  const Date window_start = as_of - std::chrono::days{settings.rotation_window_days - 1};

  std::map<std::int64_t, std::vector<const Session*>> runs_by_shoe;
  std::map<std::int64_t, double> window_distance_by_shoe;
  for (const Session& s : sessions) {
    if (!counts_as_running(s.activity)) continue;
    const bool in_window = s.date >= window_start;
    if (!s.shoe_id) {
      if (in_window) report.untagged_distance_m += s.distance_m;
      continue;
    }
    runs_by_shoe[*s.shoe_id].push_back(&s);
    if (in_window) {
      report.tagged_distance_m += s.distance_m;
      window_distance_by_shoe[*s.shoe_id] += s.distance_m;
    }
  }
  report.shoes_used_in_window = static_cast<int>(window_distance_by_shoe.size());
  for (const auto& [id, distance_m] : window_distance_by_shoe) {
    if (report.tagged_distance_m <= 0.0) break;
    const double share = distance_m / report.tagged_distance_m;
    if (!report.main_shoe_share || share > *report.main_shoe_share) {
      report.main_shoe_share = share;
      report.main_shoe_id = id;
    }
  }

  std::vector<Shoe> shoes = history.shoes;
  std::sort(shoes.begin(), shoes.end(), [](const Shoe& a, const Shoe& b) { return a.id < b.id; });
  for (const Shoe& shoe : shoes) {
    ShoeUsage usage;
    usage.shoe_id = shoe.id;
    usage.name = shoe.name;
    usage.budget_km = shoe.budget_km;
    usage.retired = shoe.retired && (!shoe.retired_on || *shoe.retired_on <= as_of);
    usage.first_use = shoe.first_use;
    double distance_m = 0.0;
    const auto it = runs_by_shoe.find(shoe.id);
    if (it != runs_by_shoe.end()) {
      for (const Session* s : it->second) distance_m += s->distance_m;
      usage.sessions = static_cast<int>(it->second.size());
      if (!usage.first_use) usage.first_use = it->second.front()->date;
      usage.last_use = it->second.back()->date;
      usage.impact = impact_trend(it->second, settings);
    }
    usage.distance_km = shoe.initial_km + distance_m / 1000.0;
    usage.budget_used_fraction = shoe.budget_km > 0.0 ? usage.distance_km / shoe.budget_km : 0.0;
    const auto w = window_distance_by_shoe.find(shoe.id);
    if (w != window_distance_by_shoe.end() && report.tagged_distance_m > 0.0) {
      usage.rotation_share = w->second / report.tagged_distance_m;
    }
    report.shoes.push_back(std::move(usage));
  }
  return report;
}

}  // namespace runload::core
