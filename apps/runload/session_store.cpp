#include "session_store.h"

#include <cmath>
#include <ctime>

#include "cli.h"

namespace runload::apps {

namespace {
std::optional<double> as_double(const std::optional<float>& v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}
const SensorReplay* sensor_at(const ReplayResult& r, signal::Placement placement) {
  const SensorReplay* best = nullptr;
  for (const auto& s : r.sensors) {
    if (s.placement == placement && (best == nullptr || s.steps.size() > best->steps.size())) best = &s;
  }
  return best;
}
}  // namespace

core::Session session_from_replay(const ReplayResult& replay, std::int64_t athlete_id, const store::LocalStart& start) {
  core::Session x;
  x.athlete_id = athlete_id;
  x.date = start.date;
  x.start_time_of_day_s = start.time_of_day_s;
  x.start_utc_s = start.utc_s;
  x.utc_offset_s = start.utc_offset_s;
  const signal::SessionSummary& all = replay.summary;
  x.duration_s = all.duration_s;
  const SensorReplay* foot = sensor_at(replay, signal::Placement::kFoot);
  const SensorReplay* shank = sensor_at(replay, signal::Placement::kShank);
  for (const auto& s : replay.sensors) x.placements.push_back(s.placement);
  // Temporal and distance metrics from the foot when there is one; impact from the shank.
  const signal::SessionSummary& gait = foot != nullptr ? foot->summary : all;
  const signal::SessionSummary& impact = shank != nullptr ? shank->summary : all;
  // A shank alone measures no distance: unknown, never 0 km (log --distance can give it).
  const std::optional<double> distance_m = gait.distance_m ? gait.distance_m : all.distance_m;
  x.distance_known = distance_m.has_value();
  x.distance_m = distance_m.value_or(0.0);
  auto& m = x.metrics;
  m.cadence_steps_per_min = as_double(gait.cadence_steps_per_min);
  m.gct_ms = as_double(gait.contact_time_ms);
  m.speed_mps = as_double(gait.speed_mps);
  m.pronation_excursion_deg = as_double(gait.pronation_excursion_deg);
  // Peak acceleration stays with its placement: the shank's is tibial (PTA), the foot's is not.
  m.pta_g = shank != nullptr ? as_double(shank->summary.pta_g_mean) : std::nullopt;
  m.foot_peak_accel_g = foot != nullptr ? as_double(foot->summary.pta_g_mean) : std::nullopt;
  m.braking_g = as_double(impact.braking_g);
  m.loading_rate_g_per_s = as_double(impact.loading_rate_g_per_s);
  m.tibial_angle_deg = shank != nullptr ? as_double(shank->summary.tibial_frontal_angle_deg) : std::nullopt;
  m.step_count = static_cast<double>(gait.steps);
  if (all.bilateral && all.bilateral->contact_time_symmetry_pct) m.asymmetry_pct = as_double(all.bilateral->contact_time_symmetry_pct);
  // Sum of per-stance impact peaks of the instrumented leg, ×2 for both legs (the exposure proxy).
  if (impact.cumulative_pta_g) m.mechanical_exposure_g_steps = 2.0 * static_cast<double>(*impact.cumulative_pta_g);
  return x;
}

store::StoredSession stored_session_from_replay(const store::Store& store, const core::Athlete& athlete,
                                                const ReplayResult& replay, const std::string& recording_path,
                                                const SessionLog& log, const store::LocalStart& start) {
  store::StoredSession stored{session_from_replay(replay, athlete.id, start), recording_path, log.source, std::nullopt, false};
  // No metric from a non-finite or absurd duration: a damaged stream never becomes a session.
  const core::Session& session = stored.session;
  if (!(session.duration_s > 0 && session.duration_s <= kMaxSessionDuration_s) ||
      !(session.distance_m >= 0 && std::isfinite(session.distance_m))) {
    throw RuntimeError(recording_path + ": the recording gives no plausible session (duration " +
                       std::to_string(session.duration_s) + " s, distance " + std::to_string(session.distance_m) +
                       " m); nothing stored");
  }
  if (log.shoe) {
    const auto shoe = store.find_shoe(athlete.id, *log.shoe);
    if (!shoe) throw RuntimeError("no shoe named '" + *log.shoe + "' for " + athlete.name);
    stored.session.shoe_id = shoe->id;
  }
  if (log.surface) stored.session.surface = *log.surface;
  stored.session.rpe = log.rpe;
  return stored;
}

std::int64_t store_replayed_session(store::Store& store, const core::Athlete& athlete, const ReplayResult& replay,
                                    const std::string& recording_path, const SessionLog& log,
                                    const store::LocalStart& start) {
  const auto id = store.add_session(stored_session_from_replay(store, athlete, replay, recording_path, log, start));
  if (!id) throw RuntimeError(id.error());
  return *id;
}

store::LocalStart local_start_ending_now(double duration_s) {
  const std::time_t now = std::time(nullptr);
  return store::local_start(static_cast<std::int64_t>(now) - static_cast<std::int64_t>(duration_s));
}

std::pair<core::Date, std::int32_t> local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  const auto date = core::Date{std::chrono::year{local.tm_year + 1900} / (local.tm_mon + 1) / local.tm_mday};
  return {date, local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec};
}

}  // namespace runload::apps
