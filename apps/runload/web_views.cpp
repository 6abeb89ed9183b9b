#include "web_views.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <tuple>

#include "cli.h"
#include "replay_session.h"
#include "report_json.h"
#include "runload/core/load_status.h"
#include "runload/core/mechanical_exposure.h"
#include "runload/core/personal_baseline.h"
#include "runload/core/risk_report.h"
#include "runload/core/session_spike.h"

namespace runload::apps {

namespace {
using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

core::TrainingHistory history_of(const store::Store& s, std::int64_t athlete_id) {
  auto h = s.history(athlete_id);
  if (!h) throw RuntimeError(h.error());
  return std::move(*h);
}

json athlete_json(const core::Athlete& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"body_mass_kg", opt(a.body_mass_kg)},
          {"experience", core::to_string(a.experience)},
          {"previous_injury", a.previous_injury}};
}

json metrics_json(const core::SessionMetrics& m, const core::Session& session, double impact_exponent) {
  json out = json::object();
  for (const auto metric : core::kAllGaitMetrics) out[std::string(core::to_string(metric))] = opt(core::metric_value(m, metric));
  out["loading_rate_g_per_s"] = opt(m.loading_rate_g_per_s);
  out["speed_mps"] = opt(m.speed_mps);
  out["step_count"] = opt(m.step_count);
  out["mechanical_exposure_g_steps"] = opt(core::session_mechanical_exposure_g_steps(session, impact_exponent));
  out["gct_balance_left_pct"] = opt(m.gct_balance_left_pct);
  out["sources"] = core::to_text(m.sources);
  return out;
}

bool has_sensor_metrics(const core::SessionMetrics& m) {
  return m.cadence_steps_per_min || m.gct_ms || m.pta_g || m.foot_peak_accel_g || m.braking_g || m.speed_mps ||
         m.vertical_oscillation_mm || m.step_length_mm || m.power_w;
}

json drift_json(const core::MetricDrift& d) {
  return {{"metric", core::to_string(d.metric)},  {"value", d.value},
          {"baseline_sessions", d.baseline_sessions}, {"speed_matched", d.speed_matched},
          {"source", core::to_string(d.source)},
          {"baseline_median", opt(d.baseline_median)}, {"baseline_mad", opt(d.baseline_mad)},
          {"change_pct", opt(d.change_pct)},          {"robust_z", opt(d.robust_z)}};
}

json spike_json(const core::SessionSpike& s) {
  return {{"session_id", s.session_id},
          {"date", core::to_iso_string(s.date)},
          {"distance_m", s.distance_m},
          {"longest_previous_m", opt(s.longest_previous_m)},
          {"ratio", opt(s.ratio)},
          {"spike_pct", opt(s.spike_pct)},
          {"window_days", s.window_days}};
}

json thresholds_json(const core::RiskConfig& c) {
  return {{"spike_caution_ratio", c.spike_caution_ratio},
          {"spike_elevated_ratio", c.spike_elevated_ratio},
          {"spike_high_ratio", c.spike_high_ratio},
          {"progression_weekly_pct", c.progression_weekly_pct},
          {"progression_two_week_pct", c.progression_two_week_pct},
          {"cadence_drop_pct", c.cadence_drop_pct},
          {"pta_rise_pct", c.pta_rise_pct},
          {"gct_rise_pct", c.gct_rise_pct},
          {"shoe_budget_fraction", c.shoe_budget_fraction},
          {"shoe_impact_rise_pct", c.shoe_impact_rise_pct}};
}

std::string shoe_name(const core::TrainingHistory& h, const std::optional<std::int64_t>& id) {
  if (!id) return {};
  const auto* shoe = core::find_shoe(h, *id);
  return shoe ? shoe->name : std::string{};
}

json session_row_json(const core::TrainingHistory& h, const store::StoredSession& stored) {
  const auto& x = stored.session;
  return {{"id", x.id},
          {"date", core::to_iso_string(x.date)},
          {"activity", core::to_string(x.activity)},
          {"distance_m", x.distance_known ? json(x.distance_m) : json(nullptr)},
          {"duration_s", x.duration_s},
          {"rpe", opt(x.rpe)},
          {"surface", core::to_string(x.surface)},
          {"shoe", shoe_name(h, x.shoe_id)},
          {"has_sensor_metrics", has_sensor_metrics(x.metrics)},
          {"has_recording", !stored.recording_path.empty()},
          {"source", stored.source}};
}

/// The three trend metrics the coach pages chart against the personal baseline.
constexpr std::array<core::GaitMetric, 3> kTrendMetrics = {core::GaitMetric::kCadence, core::GaitMetric::kPta,
                                                           core::GaitMetric::kGct};

/// Every sensor session in [from, as_of] with its drift against the personal baseline.
json gait_trend_json(std::span<const core::Session> sessions, core::Date from, const core::LoadSettings& settings) {
  json out = json::array();
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto& x = sessions[i];
    if (x.date < from || !has_sensor_metrics(x.metrics)) continue;
    json metrics = json::object();
    for (const auto metric : kTrendMetrics) {
      const auto d = core::estimate_metric_drift(sessions, i, metric, settings);
      metrics[std::string(core::to_string(metric))] = d ? drift_json(*d) : json(nullptr);
    }
    out.push_back({{"session_id", x.id},
                   {"date", core::to_iso_string(x.date)},
                   {"speed_mps", opt(x.metrics.speed_mps)},
                   {"metrics", metrics}});
  }
  return out;
}

/// Per-shoe PTA points (the impact trend behind the "cushioning fading" flag).
json shoe_impact_json(const core::TrainingHistory& h, std::span<const core::Session> sessions) {
  std::map<std::int64_t, json> by_shoe;
  for (const auto& x : sessions) {
    if (!x.shoe_id || !x.metrics.pta_g) continue;
    auto& series = by_shoe[*x.shoe_id];
    if (series.is_null()) series = {{"shoe_id", *x.shoe_id}, {"name", shoe_name(h, x.shoe_id)}, {"points", json::array()}};
    series["points"].push_back({{"session_id", x.id},
                                {"date", core::to_iso_string(x.date)},
                                {"pta_g", *x.metrics.pta_g},
                                {"speed_mps", opt(x.metrics.speed_mps)}});
  }
  json out = json::array();
  for (auto& [id, series] : by_shoe) out.push_back(std::move(series));
  return out;
}

struct FlagCounts {
  int high = 0, caution = 0, info = 0;
};

FlagCounts count_flags(const core::RiskReport& r) {
  FlagCounts c;
  for (const auto& f : r.flags) {
    switch (f.severity) {
      case core::Severity::kHigh: ++c.high; break;
      case core::Severity::kCaution: ++c.caution; break;
      case core::Severity::kInfo: ++c.info; break;
    }
  }
  return c;
}

/// Per-step records for the drill-down charts, replayed from the session's recording (the same
/// numbers `runload replay` gives); null without a readable recording.
json steps_from_recording(const std::string& recording_path) {
  std::error_code ec;
  if (recording_path.empty() || !std::filesystem::is_regular_file(recording_path, ec)) return nullptr;
  ReplayResult replay;
  try {
    replay = replay_file(recording_path, {});
  } catch (const RuntimeError&) {
    return nullptr;  // an unreadable recording: the page shows the stored summary and the note
  }
  // The sensor that sees the whole gait best: the foot (cadence, contact, distance), else the first.
  const SensorReplay* main = nullptr;
  for (const auto& sensor : replay.sensors) {
    if (main == nullptr || (sensor.placement == signal::Placement::kFoot && main->placement != signal::Placement::kFoot)) {
      main = &sensor;
    }
  }
  const SensorReplay* shank = nullptr;
  for (const auto& sensor : replay.sensors) {
    if (sensor.placement == signal::Placement::kShank) shank = &sensor;
  }
  if (main == nullptr) return nullptr;
  const auto value = [](const std::optional<float>& v) { return v ? json(*v) : json(nullptr); };
  json steps = json::array();
  std::size_t shank_at = 0;
  for (const auto& r : main->steps) {
    std::optional<float> pta = r.pta_g;
    // PTA comes from the shank when one was worn: its nearest stance in time.
    if (shank != nullptr && shank != main) {
      while (shank_at + 1 < shank->steps.size() &&
             std::abs(shank->steps[shank_at + 1].time_s - r.time_s) <= std::abs(shank->steps[shank_at].time_s - r.time_s)) {
        ++shank_at;
      }
      if (!shank->steps.empty()) pta = shank->steps[shank_at].pta_g;
    }
    steps.push_back({{"time_s", r.time_s},
                     {"cadence_steps_per_min", value(r.cadence_steps_per_min)},
                     {"gct_ms", value(r.contact_time_ms)},
                     {"pta_g", value(pta)},
                     {"distance_m", r.distance_m}});
  }
  return steps;
}

}  // namespace

json roster_row_json(const core::TrainingHistory& h, const ViewOptions& o) {
  const auto& a = h.athlete;
  const auto report = core::build_risk_report(h, o.as_of, o.config);
  const auto status = core::estimate_load_status(h, o.as_of, o.config.load, 42, 4);
  const auto counts = count_flags(report);
  const auto done = core::sessions_up_to(h, o.as_of);
  json top = json::array();
  for (std::size_t i = 0; i < report.flags.size() && i < 3; ++i) {
    const auto& f = report.flags[i];
    top.push_back({{"id", f.id}, {"severity", core::to_string(f.severity)}, {"grade", core::to_string(f.grade)},
                   {"message", f.message}});
  }
  json weekly_m = json::array();
  for (const auto& w : status.weekly) weekly_m.push_back(opt(w.distance_m));
  // The latest day with a pain rating on or before as_of, at its worst (the coach's first question after
  // "any flags?"); a day's entries count as one, as in the plan and risk.
  json latest_pain = nullptr;
  const auto days = core::symptoms_by_day(h.symptoms, o.as_of);
  for (auto it = days.rbegin(); it != days.rend() && latest_pain.is_null(); ++it) {
    if (const auto pain = core::max_pain_0_10(it->second)) {
      latest_pain = {{"date", core::to_iso_string(it->first)}, {"max_0_10", *pain}};
    }
  }
  return {{"id", a.id},
          {"name", a.name},
          {"sessions", done.size()},
          {"last_session", done.empty() ? json(nullptr) : json(core::to_iso_string(done.back().date))},
          {"weekly_distance_m", opt(status.weekly_distance_m)},
          {"weekly_distance_m_last_4", weekly_m},
          {"weekly_known_days", status.progression.current_week_known_days},
          {"weekly_unknown_distance_days", status.progression.current_week_unknown_distance_days},
          {"latest_pain", latest_pain},
          {"flags", {{"high", counts.high}, {"caution", counts.caution}, {"info", counts.info},
                     {"total", report.flags.size()}}},
          {"stop_and_seek_help", report.stop_and_seek_help},
          {"headline", report.headline},
          {"return_to_run_stage", core::to_string(report.return_to_run.stage)},
          {"return_to_run_label", core::stage_label(report.return_to_run.stage)},
          {"top_flags", top}};
}

json roster_json(std::vector<json> rows, core::Date as_of) {
  // The order's keys, read back from each row.
  const auto order = [](const json& r) {
    const auto& f = r["flags"];
    return std::tuple(!r["stop_and_seek_help"].get<bool>(), -f["high"].get<int>(), -f["caution"].get<int>(),
                      -f["info"].get<int>(), r["name"].get_ref<const std::string&>());
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const json& a, const json& b) { return order(a) < order(b); });
  json athletes = json::array();
  for (auto& r : rows) athletes.push_back(std::move(r));
  return {{"as_of", core::to_iso_string(as_of)},
          {"order", "seek-help first, then most high, caution, info flags, then name"},
          {"athletes", athletes}};
}

json roster_json(const store::Store& s, const ViewOptions& o) {
  std::vector<json> rows;
  for (const auto& a : s.athletes()) {
    if (o.shows(a.id)) rows.push_back(roster_row_json(history_of(s, a.id), o));
  }
  return roster_json(std::move(rows), o.as_of);
}

json athlete_view_json(const store::Store& s, const core::Athlete& a, const ViewOptions& o) {
  const auto h = history_of(s, a.id);
  const auto status = core::estimate_load_status(h, o.as_of, o.config.load, 7 * o.weeks, o.weeks);
  const auto report = core::build_risk_report(h, o.as_of, o.config);
  const core::Date from = o.as_of - std::chrono::days(7 * o.weeks - 1);
  json runs = json::array();
  for (const auto& spike :
       core::estimate_session_spikes(h, from, o.as_of, o.config.load.spike_window_days, o.config.load.min_spike_run_m)) {
    runs.push_back(spike_json(spike));
  }
  const auto done = core::sessions_up_to(h, o.as_of);
  // Pain over time: every rating in the window, one point per entry.
  json pain = json::array();
  auto entries = h.symptoms;
  std::sort(entries.begin(), entries.end(), [](const core::SymptomEntry& x, const core::SymptomEntry& y) { return x.date < y.date; });
  const auto rating = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  for (const auto& e : entries) {
    if (e.date < from || e.date > o.as_of || !core::max_pain_0_10(e)) continue;
    pain.push_back({{"date", core::to_iso_string(e.date)},
                    {"pain_during_0_10", rating(e.pain_during_0_10)},
                    {"pain_after_0_10", rating(e.pain_after_0_10)},
                    {"pain_morning_0_10", rating(e.pain_next_morning_0_10)}});
  }
  json sessions = json::array();
  auto stored = s.sessions(a.id);
  std::sort(stored.begin(), stored.end(),
            [](const store::StoredSession& x, const store::StoredSession& y) { return core::session_before(y.session, x.session); });
  for (const auto& x : stored) {
    if (x.session.date > o.as_of || x.session.date < from) continue;
    sessions.push_back(session_row_json(h, x));
  }
  return {{"kind", "athlete"},
          {"as_of", core::to_iso_string(o.as_of)},
          {"weeks", o.weeks},
          {"athlete", athlete_json(a)},
          {"load", to_json(status)},
          {"risk", to_json(report)},
          {"thresholds", thresholds_json(o.config)},
          {"runs", runs},
          {"gait", gait_trend_json(done, from, o.config.load)},
          {"shoe_impact", shoe_impact_json(h, done)},
          {"pain", pain},
          {"sessions", sessions}};
}

std::optional<json> session_view_json(const store::Store& s, std::int64_t session_id, const ViewOptions& o) {
  const auto stored = s.session(session_id);
  if (!stored) return std::nullopt;
  if (!s.athlete(stored->session.athlete_id)) return std::nullopt;
  return session_view_json(*stored, history_of(s, stored->session.athlete_id), o);
}

json session_view_json(const store::StoredSession& stored, const core::TrainingHistory& h, const ViewOptions& o) {
  const auto& x = stored.session;
  const auto all = core::sessions_up_to(h, core::Date::max());
  const auto it = std::find_if(all.begin(), all.end(), [&](const core::Session& y) { return y.id == x.id; });
  const auto index = static_cast<std::size_t>(it - all.begin());

  json spike = nullptr;
  json drifts = json::array();
  if (it != all.end()) {
    if (core::is_spike_run(x, o.config.load.min_spike_run_m)) {
      spike = spike_json(
          core::estimate_session_spike(all, index, o.config.load.spike_window_days, o.config.load.min_spike_run_m));
    }
    for (const auto metric : core::kAllGaitMetrics) {
      if (const auto d = core::estimate_metric_drift(all, index, metric, o.config.load)) drifts.push_back(drift_json(*d));
    }
  }
  // Runs around the session: six weeks before it, one after, so the page can show it in context.
  const core::Date context_from = x.date - std::chrono::days(42);
  const core::Date context_to = x.date + std::chrono::days(7);
  json context = json::array();
  for (const auto& sp : core::estimate_session_spikes(h, context_from, context_to, o.config.load.spike_window_days,
                                                      o.config.load.min_spike_run_m)) {
    context.push_back(spike_json(sp));
  }
  const auto risk = core::build_session_risk_report(h, x.id, o.config);
  const double km = x.distance_known ? x.distance_m / 1000.0 : 0.0;  // for the pace
  json session = {{"id", x.id},
                  {"date", core::to_iso_string(x.date)},
                  {"start_time_of_day_s", x.start_time_of_day_s ? json(*x.start_time_of_day_s) : json(nullptr)},
                  {"activity", core::to_string(x.activity)},
                  {"distance_m", x.distance_known ? json(x.distance_m) : json(nullptr)},
                  {"duration_s", x.duration_s},
                  {"pace_s_per_km", km > 0 ? json(x.duration_s / km) : json(nullptr)},
                  {"rpe", opt(x.rpe)},
                  {"srpe_load_au", opt(core::srpe_load_au(x))},
                  {"surface", core::to_string(x.surface)},
                  {"shoe", shoe_name(h, x.shoe_id)},
                  {"notes", x.notes},
                  {"source", stored.source},
                  {"recording", stored.recording_path.empty()
                                    ? json(nullptr)
                                    : json(std::filesystem::path(stored.recording_path).filename().string())},
                  {"placements", json::array()},
                  {"metrics", metrics_json(x.metrics, x, o.config.load.impact_exponent)}};
  for (const auto p : x.placements) session["placements"].push_back(signal::to_string(p));
  const std::string steps_note =
      stored.recording_path.empty()
          ? "This session has no sensor recording (imported history), so there are no per-step charts: cadence, "
            "contact time and PTA over time, km splits and within-run drift come from a recording."
          : "The recording " + stored.recording_path + " could not be replayed, so only the stored summary "
            "metrics are shown.";
  return json{{"kind", "session"},
              {"as_of", core::to_iso_string(o.as_of)},
              {"athlete", athlete_json(h.athlete)},
              {"session", session},
              {"thresholds", thresholds_json(o.config)},
              {"spike", spike},
              {"drifts", drifts},
              {"risk", risk ? to_json(*risk) : json(nullptr)},
              {"context_runs", context},
              {"steps", steps_from_recording(stored.recording_path)},
              {"steps_note", steps_note}};
}

json team_view_json(const store::Store& s, const ViewOptions& o) {
  json athletes = json::object();
  for (const auto& a : s.athletes()) {
    if (!o.shows(a.id)) continue;
    athletes[std::to_string(a.id)] = athlete_view_json(s, a, o);
  }
  return {{"kind", "team"}, {"as_of", core::to_iso_string(o.as_of)}, {"roster", roster_json(s, o)}, {"athletes", athletes}};
}

}  // namespace runload::apps
