#include "runload/core/same_run.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace runload::core {

namespace {

bool foot_sensor_worn(const Session& s) {
  return std::find(s.placements.begin(), s.placements.end(), signal::Placement::kFoot) != s.placements.end();
}

}  // namespace

bool same_run(const Session& watch, const Session& recording) noexcept {
  return watch.athlete_id == recording.athlete_id && counts_as_running(watch.activity) &&
         counts_as_running(recording.activity) && watch.start_utc_s && recording.start_utc_s &&
         std::llabs(*watch.start_utc_s - *recording.start_utc_s) <= kSameRunWindow_s;
}

bool same_run_and_distance(const Session& a, const Session& b) noexcept {
  if (!same_run(a, b)) return false;
  if (!a.distance_known || !b.distance_known || !(a.distance_m > 0.0) || !(b.distance_m > 0.0)) return true;
  return std::abs(a.distance_m - b.distance_m) <= kSameRunDistanceTolerance * std::max(a.distance_m, b.distance_m);
}

Session merge_same_run(const Session& watch, const Session& recording) {
  Session out = recording;
  const bool watch_distance = watch.distance_known && watch.distance_m > 0.0 &&
                              (!recording.distance_known || !foot_sensor_worn(recording));
  if (watch_distance) {
    // The watch's time with its distance: the pace is the watch's, not a mix of two clocks' spans.
    out.distance_m = watch.distance_m;
    out.distance_known = true;
    if (watch.duration_s > 0.0) out.duration_s = watch.duration_s;
    out.metrics.speed_mps = watch.metrics.speed_mps ? watch.metrics.speed_mps
                            : watch.duration_s > 0.0 ? std::optional(watch.distance_m / watch.duration_s)
                                                     : std::nullopt;
  }
  SessionMetrics& m = out.metrics;
  const SessionMetrics& w = watch.metrics;
  // A running dynamic the sensor did not measure comes from the watch, with the watch's source.
  const auto fill = [&](std::optional<double> SessionMetrics::*field, Dynamic d) {
    if (m.*field || !(w.*field)) return;
    m.*field = w.*field;
    m.sources.set(d, w.sources.get(d).value_or(MetricSource::kWatch));
  };
  fill(&SessionMetrics::cadence_steps_per_min, Dynamic::kCadence);
  fill(&SessionMetrics::gct_ms, Dynamic::kGct);
  fill(&SessionMetrics::gct_balance_left_pct, Dynamic::kGctBalance);
  fill(&SessionMetrics::vertical_oscillation_mm, Dynamic::kVerticalOscillation);
  fill(&SessionMetrics::vertical_ratio_pct, Dynamic::kVerticalRatio);
  fill(&SessionMetrics::step_length_mm, Dynamic::kStepLength);
  fill(&SessionMetrics::power_w, Dynamic::kPower);
  fill(&SessionMetrics::leg_spring_stiffness_kn_per_m, Dynamic::kLegSpringStiffness);
  for (const auto field : {&SessionMetrics::asymmetry_pct, &SessionMetrics::speed_mps, &SessionMetrics::step_count}) {
    if (!(m.*field)) m.*field = w.*field;
  }
  if (!out.rpe) out.rpe = watch.rpe;
  if (out.surface == Surface::kUnknown) out.surface = watch.surface;
  if (!out.shoe_id) out.shoe_id = watch.shoe_id;
  if (out.notes.empty()) out.notes = watch.notes;
  return out;
}

}  // namespace runload::core
