// FIT activities (fit_activity.cpp) → imported sessions and laps with their running dynamics and sources.
#include <algorithm>
#include <cmath>

#include "history_checks.h"
#include "runload/store/fit_activity.h"
#include "runload/store/history_import.h"

namespace runload::store {

namespace {

bool positive(const std::optional<double>& v) { return v && *v > 0; }

/// Where a file's values came from (EVIDENCE §1.4: the same metric differs by device and placement).
struct FitSources {
  core::MetricSource cadence = core::MetricSource::kWatch;
  core::MetricSource dynamics = core::MetricSource::kWatch;   ///< native GCT, balance, VO, ratio, step length
  core::MetricSource power = core::MetricSource::kWatch;
  core::MetricSource developer = core::MetricSource::kWatch;  ///< Stryd's Connect IQ fields
};

FitSources sources_of(const FitActivity& a) {
  using core::MetricSource;
  FitSources out;
  const auto maker = a.file_id.manufacturer;
  if (maker == kFitManufacturerStryd) out.cadence = out.dynamics = MetricSource::kStryd;
  // A watch that measures dynamics itself (Garmin, COROS) lists an ANT+ running-dynamics sensor when a pod
  // or strap is worn; a phone app (Wahoo, Strava) only gets them from a strap such as TICKR X.
  const bool self_measuring = maker == kFitManufacturerGarmin || maker == kFitManufacturerCoros;
  if (a.sensors.running_dynamics_pod || (a.sensors.external_heart_rate && !self_measuring && maker != kFitManufacturerStryd)) {
    out.dynamics = MetricSource::kPod;
  }
  if (a.sensors.stryd) out.power = out.developer = MetricSource::kStryd;
  return out;
}

/// The first present, positive value of `candidates`, with its source (COROS writes 0 for "none").
struct Pick {
  std::optional<double> value;
  core::MetricSource source = core::MetricSource::kWatch;
};
Pick first_positive(std::initializer_list<Pick> candidates) {
  for (const Pick& c : candidates) {
    if (c.value && *c.value > 0) return c;
  }
  return {};
}

void set(core::SessionMetrics& m, std::optional<double> core::SessionMetrics::*field, core::Dynamic d, const Pick& p) {
  if (!p.value) return;
  m.*field = p.value;
  m.sources.set(d, p.source);
}

/// A session's or lap's running metrics: the summary message's average first, else the mean of its
/// records, else Stryd's developer field.
void add_running_metrics(const FitSession& s, const FitActivity& a, core::SessionMetrics& m) {
  using core::Dynamic;
  const FitSources src = sources_of(a);
  const FitRecordMeans& r = s.record_means;
  if (positive(s.avg_cadence_rpm)) {  // FIT cadence is strides/min (EVIDENCE §5 item 6)
    set(m, &core::SessionMetrics::cadence_steps_per_min, Dynamic::kCadence,
        {2.0 * (*s.avg_cadence_rpm + s.avg_fractional_cadence_rpm.value_or(0.0)), src.cadence});
  }
  set(m, &core::SessionMetrics::gct_ms, Dynamic::kGct,
      first_positive({{s.avg_stance_time_ms, src.dynamics}, {r.stance_time_ms, src.dynamics},
                      {r.dev_ground_time_ms, src.developer}}));
  const Pick balance = first_positive({{s.avg_stance_time_balance_pct, src.dynamics}, {r.stance_time_balance_pct, src.dynamics}});
  if (balance.value && *balance.value < 100) {
    set(m, &core::SessionMetrics::gct_balance_left_pct, Dynamic::kGctBalance, balance);
    // Symmetry index of GCT (EVIDENCE §1.7): |L − R| / ((L + R) / 2) with L = b, R = 100 − b.
    m.asymmetry_pct = std::abs(2.0 * *balance.value - 100.0) * 2.0;
  }
  std::optional<double> dev_vo_mm = r.dev_vertical_oscillation;
  if (dev_vo_mm && !a.sensors.developer_vo_units.empty() && (a.sensors.developer_vo_units[0] == 'C' || a.sensors.developer_vo_units[0] == 'c')) {
    *dev_vo_mm *= 10.0;  // Stryd writes centimetres
  }
  set(m, &core::SessionMetrics::vertical_oscillation_mm, Dynamic::kVerticalOscillation,
      first_positive({{s.avg_vertical_oscillation_mm, src.dynamics}, {r.vertical_oscillation_mm, src.dynamics},
                      {dev_vo_mm, src.developer}}));
  set(m, &core::SessionMetrics::vertical_ratio_pct, Dynamic::kVerticalRatio,
      first_positive({{s.avg_vertical_ratio_pct, src.dynamics}, {r.vertical_ratio_pct, src.dynamics}}));
  set(m, &core::SessionMetrics::step_length_mm, Dynamic::kStepLength,
      first_positive({{s.avg_step_length_mm, src.dynamics}, {r.step_length_mm, src.dynamics}}));
  set(m, &core::SessionMetrics::power_w, Dynamic::kPower,
      first_positive({{s.avg_power_w, src.power}, {r.power_w, src.power}, {r.dev_power_w, src.developer}}));
  set(m, &core::SessionMetrics::leg_spring_stiffness_kn_per_m, Dynamic::kLegSpringStiffness,
      first_positive({{r.dev_leg_spring_stiffness, src.developer}}));
  if (positive(s.avg_speed_mps)) m.speed_mps = s.avg_speed_mps;
  if (positive(s.total_cycles)) m.step_count = 2.0 * *s.total_cycles;  // running cycles are strides
}

/// The laps inside a session's span, numbered from 1.
std::vector<core::SessionLap> laps_of(const FitSession& s, const FitActivity& a, bool running) {
  std::vector<core::SessionLap> out;
  if (!s.start_time) return out;
  const double end = span_end(s);
  for (const FitLap& l : a.laps) {
    if (!l.start_time || *l.start_time < *s.start_time || *l.start_time > end) continue;
    core::SessionLap lap;
    lap.index = static_cast<int>(out.size()) + 1;
    if (*l.start_time >= fit::kMinAbsoluteTime) lap.start_utc_s = fit::kFitEpochUnix_s + *l.start_time;
    lap.duration_s = l.total_timer_time_s.value_or(l.total_elapsed_time_s.value_or(0.0));
    lap.distance_m = l.total_distance_m.value_or(0.0);
    if (running) add_running_metrics(l, a, lap.metrics);
    out.push_back(std::move(lap));
  }
  return out;
}

std::string sport_label(const FitSession& s) {
  return s.sport ? "sport " + std::to_string(*s.sport) : std::string("no sport");
}

}  // namespace

tl::expected<HistoryFile, std::string> read_fit(const std::filesystem::path& path) {
  const auto activity = read_fit_activity(path);
  if (!activity) return tl::unexpected(activity.error());
  const std::string name = path.filename().string();
  const FitActivity& a = *activity;
  const std::string where = a.error ? " at byte " + std::to_string(a.error_offset) : std::string();
  if (a.error && a.error->starts_with("file CRC mismatch")) {
    return tl::unexpected(name + ": " + *a.error + ": the file is corrupt, nothing imported");
  }
  if (a.error && a.sessions.empty()) {
    return tl::unexpected(name + ": " + *a.error + where + ", before any session summary: nothing imported");
  }
  if (a.sessions.empty()) return tl::unexpected(name + ": no session message (not an activity file?)");

  HistoryFile out{"import:" + name, {}, {}};
  if (a.error) {
    const std::size_t n = a.sessions.size();
    out.notes.push_back(name + ": " + *a.error + where + "; kept the " + std::to_string(n) +
                        (n == 1 ? " session summary" : " session summaries") + " before it, dropped the rest of the file");
  }
  std::size_t transitions = 0;
  std::vector<std::string> undated;
  for (std::size_t i = 0; i < a.sessions.size(); ++i) {
    const FitSession& s = a.sessions[i];
    const std::string label = "session " + std::to_string(i + 1) + " (" + sport_label(s) + ")";
    if (s.sport == kFitSportTransition) {
      ++transitions;
      continue;
    }
    if (!s.start_time || *s.start_time < fit::kMinAbsoluteTime) {
      undated.push_back(label);
      continue;
    }
    ImportedSession row;
    set_start(row.session, fit::kFitEpochUnix_s + *s.start_time, a.utc_offset_s);
    row.session.duration_s = s.total_timer_time_s.value_or(s.total_elapsed_time_s.value_or(0.0));
    row.session.distance_m = s.total_distance_m.value_or(0.0);
    if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) {
      return tl::unexpected(name + ": " + label + " " + *wrong);
    }
    // A run or walk of 0 m (indoors without a foot pod: FR220, fr935 treadmill) was not measured: unknown, not 0 km.
    const bool on_foot = s.sport == kFitSportRunning || s.sport == kFitSportWalking;
    if (on_foot && !(row.session.distance_m > 0.0)) row.session.distance_known = false;
    if (s.sport == kFitSportRunning) {
      row.session.activity = core::ActivityKind::kRun;
      add_running_metrics(s, a, row.session.metrics);
    } else if (s.sport == kFitSportWalking) {
      row.session.activity = core::ActivityKind::kWalk;
    } else {
      row.session.activity = core::ActivityKind::kCrossTraining;
    }
    row.laps = laps_of(s, a, s.sport == kFitSportRunning);
    if (a.file_id.serial_number && a.file_id.time_created) {
      row.import_id = "fit:" + std::to_string(*a.file_id.serial_number) + ":" + std::to_string(*a.file_id.time_created) +
                      ":" + std::to_string(i + 1);
    }
    out.sessions.push_back(std::move(row));
  }
  if (out.sessions.empty()) {
    return tl::unexpected(name + ": no session with a date (the watch clock was not set: device-relative "
                                 "timestamps): nothing imported");
  }
  if (transitions > 0) out.notes.push_back(name + ": skipped " + std::to_string(transitions) + " transition(s)");
  if (!undated.empty()) {
    std::string list;
    for (const auto& u : undated) list += (list.empty() ? "" : ", ") + u;
    out.notes.push_back(name + ": skipped " + list + ": no date (device-relative timestamps)");
  }
  if (a.dynamics_records_capped) {
    out.notes.push_back(name + ": more than " + std::to_string(kMaxDynamicsRecords) +
                        " records: running dynamics averaged over the first ones only where the summary lacks them");
  }
  return out;
}

}  // namespace runload::store
