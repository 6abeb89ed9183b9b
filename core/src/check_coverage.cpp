#include "runload/core/check_coverage.h"

#include <algorithm>

#include "runload/core/monotony.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/progression.h"
#include "runload/core/session_spike.h"

namespace runload::core {
namespace {

std::string days_text(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

std::string progression_reason(const DistanceProgression& p, const LoadSettings& settings) {
  if (p.current_week_unknown_distance_days > 0) {
    return "a run of unknown distance in the last 7 days (give it with runload log SESSION --distance KM)";
  }
  if (!p.current_week_m) {
    return "only " + std::to_string(p.current_week_known_days) + " of the last 7 days are known (needs " +
           std::to_string(settings.min_covered_days_per_week) + ")";
  }
  if (!p.previous_week_m) return "the 3 weeks before are not fully known (import the history or mark rest days)";
  return "no running in the weeks before to compare with";
}

}  // namespace

std::vector<CheckWithoutData> checks_without_data(const TrainingHistory& history, Date as_of, const RiskConfig& config) {
  const LoadSettings& load = config.load;
  const Date from = as_of - std::chrono::days{config.lookback_days - 1};
  const auto sessions = sessions_up_to(history, as_of);
  std::vector<CheckWithoutData> out;

  // Single-run spike: some run of the look-back window compared with the 30 days before it.
  bool spike_ran = false, any_run = false, unknown_run = false;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const Session& s = sessions[i];
    if (s.date < from || !is_run(s)) continue;
    any_run = true;
    unknown_run = unknown_run || !s.distance_known;
    if (is_spike_run(s, load.min_spike_run_m) &&
        estimate_session_spike(sessions, i, load.spike_window_days, load.min_spike_run_m).ratio) {
      spike_ran = true;
    }
  }
  if (!spike_ran) {
    std::string reason = "no run in the last " + days_text(config.lookback_days);
    if (unknown_run) {
      reason = "a run of unknown distance, or one with no run of known distance in the " +
               std::to_string(load.spike_window_days) + " days before it (give it with runload log SESSION --distance KM)";
    } else if (any_run) {
      reason = "no run of known distance in the " + std::to_string(load.spike_window_days) +
               " days before the recent runs to compare with";
    }
    out.push_back({"single-run spike", reason});
  }

  const DistanceProgression p = estimate_distance_progression(history, as_of, load);
  if (!p.week_over_week_pct) out.push_back({"weekly progression", progression_reason(p, load)});

  if (!estimate_monotony(history, as_of, LoadMeasure::kSrpe, load).monotony &&
      !estimate_monotony(history, as_of, LoadMeasure::kDistance, load).monotony) {
    out.push_back({"training monotony", "needs an RPE or a known distance on each of the last 7 days (or a rest mark)"});
  }

  const auto drifts = estimate_latest_drifts(history, as_of, load);
  const bool technique_ran = std::any_of(drifts.begin(), drifts.end(), [&](const MetricDrift& d) {
    return d.date >= from && d.baseline_median.has_value();
  });
  if (!technique_ran) {
    out.push_back({"technique vs your baseline (cadence, contact time, impact)",
                   drifts.empty() || drifts.front().date < from
                       ? "no run with a sensor's or a watch's gait metrics in the last " + days_text(config.lookback_days)
                       : "fewer than " + std::to_string(load.baseline_min_sessions) +
                             " earlier runs with a sensor's or a watch's gait metrics for a personal baseline"});
  }

  const bool symptoms_logged = std::any_of(history.symptoms.begin(), history.symptoms.end(), [&](const SymptomEntry& e) {
    return e.date >= from && e.date <= as_of;
  });
  if (!symptoms_logged) {
    out.push_back({"knee symptoms", "nothing logged in the last " + days_text(config.lookback_days) +
                                        " (runload log SESSION --pain-after X, or log --athlete A --date D)"});
  }
  if (history.shoes.empty()) out.push_back({"shoe wear and rotation", "no shoes (runload shoe add)"});
  return out;
}

}  // namespace runload::core
