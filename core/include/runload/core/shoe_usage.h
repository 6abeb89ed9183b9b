#pragma once
/// Shoe usage: km vs budget (a convention, grade V), rotation share (Malisoux 2015: parallel use of
/// > 1 pair HR 0.614, grade B) and the per-shoe impact trend at matched speed (EVIDENCE §3.3, §6):
/// rising PTA on an ageing shoe suggests fading cushioning.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct ShoeImpactTrend {
  int early_sessions = 0;   ///< first sessions of the shoe at the matched speed
  int recent_sessions = 0;  ///< last sessions of the shoe
  std::optional<double> matched_speed_mps;  ///< median speed of the recent sessions; nullopt = unmatched
  std::optional<double> early_pta_g;        ///< medians; nullopt with too few sessions
  std::optional<double> recent_pta_g;
  std::optional<double> pta_change_pct;
  std::optional<double> early_loading_rate_g_per_s;
  std::optional<double> recent_loading_rate_g_per_s;
  std::optional<double> loading_rate_change_pct;
};

struct ShoeUsage {
  std::int64_t shoe_id = 0;
  std::string name;
  double distance_km = 0.0;  ///< initial_km + running distance up to as_of
  double budget_km = 0.0;
  double budget_used_fraction = 0.0;
  bool retired = false;  ///< retired on or before as_of
  int sessions = 0;
  std::optional<Date> first_use;
  std::optional<Date> last_use;
  double rotation_share = 0.0;  ///< share of the rotation window's shoe-tagged running distance
  ShoeImpactTrend impact;
};

struct ShoeReport {
  int rotation_window_days = 42;
  int shoes_used_in_window = 0;
  double tagged_distance_m = 0.0;    ///< running distance in the window with a shoe
  double untagged_distance_m = 0.0;  ///< running distance in the window without a shoe
  std::optional<std::int64_t> main_shoe_id;
  std::optional<double> main_shoe_share;  ///< nullopt when no run in the window names a shoe
  std::vector<ShoeUsage> shoes;           ///< by shoe id
};

ShoeReport estimate_shoe_usage(const TrainingHistory& history, Date as_of, const LoadSettings& settings);

}  // namespace runload::core
