// runload import / sessions / log — past training in, the session list out, and what the runner
// reports after a run (RPE, surface, shoe, inner-knee symptoms).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli.h"
#include "runload/bridge/recording_file.h"
#include "runload/core/distance_unit.h"
#include "run_summary.h"
#include "session_store.h"
#include "store_options.h"
#include "terminal_text.h"

namespace runload::apps {

namespace {

nlohmann::json optional_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

/// The running dynamics a watch, pod or Stryd reported, each with its source; null when none.
nlohmann::json running_dynamics_json(const core::SessionMetrics& m) {
  using core::Dynamic;
  nlohmann::json out = nlohmann::json::object();
  const auto add = [&](Dynamic d, const char* key, const std::optional<double>& v) {
    if (!v) return;
    out[key] = *v;
    out[std::string(core::to_string(d)) + "_source"] = std::string(core::to_string(m.sources.get(d).value_or(core::MetricSource::kRunload)));
  };
  add(Dynamic::kCadence, "cadence_steps_per_min", m.cadence_steps_per_min);
  add(Dynamic::kGct, "gct_ms", m.gct_ms);
  add(Dynamic::kGctBalance, "gct_balance_left_pct", m.gct_balance_left_pct);
  if (m.gct_balance_left_pct) out["asymmetry_pct"] = optional_json(m.asymmetry_pct);
  add(Dynamic::kVerticalOscillation, "vertical_oscillation_mm", m.vertical_oscillation_mm);
  add(Dynamic::kVerticalRatio, "vertical_ratio_pct", m.vertical_ratio_pct);
  add(Dynamic::kStepLength, "step_length_mm", m.step_length_mm);
  add(Dynamic::kPower, "power_w", m.power_w);
  add(Dynamic::kLegSpringStiffness, "leg_spring_stiffness_kn_per_m", m.leg_spring_stiffness_kn_per_m);
  return m.sources.empty() ? nlohmann::json(nullptr) : out;
}

nlohmann::json laps_json(const std::vector<core::SessionLap>& laps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : laps) {
    out.push_back({{"lap", l.index},
                   {"distance_m", l.distance_m},
                   {"duration_s", l.duration_s},
                   {"running_dynamics", running_dynamics_json(l.metrics)}});
  }
  return out;
}

struct SessionsOptions {
  std::string store, athlete;
  bool json = false;
};

/// The highest pain rating of a day's entries (symptoms_by_day), nullopt without one.
std::optional<double> pain_on(const std::map<core::Date, core::SymptomEntry>& days, core::Date date) {
  const auto it = days.find(date);
  return it == days.end() ? std::nullopt : core::max_pain_0_10(it->second);
}

void run_sessions(const SessionsOptions& o) {
  const auto s = open_store_read_only(o.store);
  std::optional<std::int64_t> athlete_id;
  if (!o.athlete.empty()) athlete_id = require_athlete(s, o.athlete).id;
  std::map<std::int64_t, core::TrainingHistory> histories;
  std::map<std::int64_t, std::map<core::Date, core::SymptomEntry>> symptom_days;
  for (const auto& a : s.athletes()) {
    if (athlete_id && a.id != *athlete_id) continue;
    auto h = s.history(a.id);
    if (!h) throw RuntimeError(h.error());
    symptom_days[a.id] = core::symptoms_by_day(h->symptoms, core::Date::max());
    histories[a.id] = std::move(*h);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& stored : s.sessions(athlete_id)) {
    const core::Session& x = stored.session;
    const core::TrainingHistory& h = histories[x.athlete_id];
    std::vector<std::string> placements;
    for (const auto p : x.placements) placements.emplace_back(signal::to_string(p));
    const core::Shoe* shoe = x.shoe_id ? core::find_shoe(h, *x.shoe_id) : nullptr;
    out.push_back({{"id", x.id},
                   {"athlete", h.athlete.name},
                   {"date", core::to_iso_string(x.date)},
                   {"distance_m", x.distance_known ? nlohmann::json(x.distance_m) : nlohmann::json(nullptr)},
                   {"duration_s", x.duration_s},
                   {"activity", core::to_string(x.activity)},
                   {"surface", core::to_string(x.surface)},
                   {"rpe", optional_json(x.rpe)},
                   {"shoe", shoe != nullptr ? nlohmann::json(shoe->name) : nlohmann::json(nullptr)},
                   {"pain_max_0_10", optional_json(pain_on(symptom_days[x.athlete_id], x.date))},
                   {"placements", placements},
                   {"cadence_steps_per_min", optional_json(x.metrics.cadence_steps_per_min)},
                   {"gct_ms", optional_json(x.metrics.gct_ms)},
                   {"pta_g", optional_json(x.metrics.pta_g)},
                   {"foot_peak_accel_g", optional_json(x.metrics.foot_peak_accel_g)},
                   {"running_dynamics", running_dynamics_json(x.metrics)},
                   {"laps", laps_json(s.laps(x.id))},
                   {"recording", stored.recording_path.empty() ? nlohmann::json(nullptr) : nlohmann::json(stored.recording_path)},
                   {"source", stored.source},
                   {"in_progress", stored.in_progress}});
  }
  if (o.json) {
    std::cout << nlohmann::json{{"sessions", out}}.dump(2) << "\n";
    return;
  }
  if (out.empty()) {
    std::cout << "no sessions\n";
    return;
  }
  constexpr const char* kRow = "{:>5}  {:<10}  {:<16} {:<14} {:>9} {:>8}  {:<9} {:>4}  {:<14} {:>4}  {}\n";
  std::cout << fmt::format(kRow, "id", "date", "athlete", "activity", "distance", "time", "pace", "RPE", "shoe",
                           "pain", "source");
  auto text = [](const nlohmann::json& v, int decimals) {
    return v.is_null() ? std::string("-") : fmt::format("{:.{}f}", v.get<double>(), decimals);
  };
  for (const auto& x : out) {
    const double duration_s = x["duration_s"].get<double>();
    const bool known = !x["distance_m"].is_null();
    const std::string activity = x["activity"].get<std::string>();
    const bool paced = known && (activity == "run" || activity == "walk_run");  // a ride or a row has no running pace
    const std::string placements = x["placements"].empty() ? "" : " (" + x["placements"][0].get<std::string>() + ")";
    std::cout << fmt::format(
        kRow, x["id"].get<std::int64_t>(), x["date"].get<std::string>(), terminal_safe(x["athlete"].get<std::string>()),
        activity == "cross_training" ? "cross-training" : activity == "walk_run" ? "walk-run" : activity,
        known ? fmt::format("{:.2f} km", x["distance_m"].get<double>() / 1000.0) : std::string("n/a"),
        clock_duration(duration_s),
        paced ? core::format_pace(duration_s, x["distance_m"].get<double>(), core::DistanceUnit::kKm)
              : std::string("-"),
        text(x["rpe"], 0), x["shoe"].is_null() ? std::string("-") : terminal_safe(x["shoe"].get<std::string>()),
        text(x["pain_max_0_10"], 0), terminal_safe(x["source"].get<std::string>()) + (known ? "" : placements) +
            (x["in_progress"].get<bool>() ? "  (in progress)" : ""));
  }
  if (std::any_of(out.begin(), out.end(), [](const nlohmann::json& x) { return x["distance_m"].is_null(); })) {
    std::cout << "n/a: distance not measured (a shank sensor alone, or a watch indoors without a foot pod); give it with "
                 "runload log ID --distance KM\n";
  }
}

struct LogOptions {
  std::string store, surface, shoe, note, athlete, date, activity;
  std::int64_t session_id = 0;
  std::optional<double> rpe, pain_during, pain_after, pain_morning, distance_km, duration_min;
  bool swelling = false, redness = false, instability = false, cannot_bear_weight = false, restricted_motion = false,
       stiffness = false, clicking = false, seen_professional = false;
};

/// The symptom entry the options describe, or nullopt when they log no symptom.
std::optional<core::SymptomEntry> symptom_entry(const LogOptions& o, std::int64_t athlete_id, core::Date date) {
  core::SymptomEntry e;
  e.athlete_id = athlete_id;
  e.date = date;
  e.pain_during_0_10 = o.pain_during;
  e.pain_after_0_10 = o.pain_after;
  e.pain_next_morning_0_10 = o.pain_morning;
  e.swelling = o.swelling;
  e.redness_or_warmth = o.redness;
  e.instability = o.instability;
  e.difficulty_bearing_weight = o.cannot_bear_weight;
  e.restricted_motion = o.restricted_motion;
  e.stiffness = o.stiffness;
  e.locking_or_clicking = o.clicking;
  e.seen_professional = o.seen_professional;
  e.notes = o.note;
  const bool any = e.pain_during_0_10 || e.pain_after_0_10 || e.pain_next_morning_0_10 || core::has_symptoms(e) ||
                   e.seen_professional;
  return any ? std::optional(e) : std::nullopt;
}

void run_log(const LogOptions& o) {
  auto s = open_store(o.store);
  std::optional<core::SymptomEntry> entry;
  std::string what;
  if (o.session_id > 0) {
    if (!o.date.empty()) throw CLI::ValidationError("--date", "a session has its own date; give a session id or --date, not both");
    if (!o.activity.empty() || o.duration_min) {
      throw CLI::ValidationError("log", "--activity and --duration-min describe a new activity; to correct a session use "
                                        "runload session edit");
    }
    auto stored = s.session(o.session_id);
    if (!stored) throw RuntimeError("no session with id " + std::to_string(o.session_id) + " (see runload sessions)");
    core::Session x = stored->session;
    if (o.rpe) x.rpe = o.rpe;
    if (!o.surface.empty()) x.surface = *core::surface_from_string(o.surface);
    if (!o.shoe.empty()) {
      const auto shoe = s.find_shoe(x.athlete_id, o.shoe);
      if (!shoe) throw RuntimeError("no shoe named '" + o.shoe + "' (add it with runload shoe add)");
      x.shoe_id = shoe->id;
    }
    if (!o.note.empty()) x.notes = o.note;
    if (o.distance_km) {
      x.distance_m = *o.distance_km * 1000.0;
      x.distance_known = true;
    }
    if (auto r = s.update_session_log(x); !r) throw RuntimeError(r.error());
    entry = symptom_entry(o, x.athlete_id, x.date);
    what = "session " + std::to_string(x.id);
  } else {
    // A day-level entry: symptoms on any day, a rest day included; no session to attach RPE or a shoe to.
    if (o.athlete.empty() || o.date.empty()) {
      throw CLI::ValidationError("log", "give a session id, or --athlete and --date for a day without a session");
    }
    const bool activity = !o.activity.empty();
    if (!activity && (o.rpe || !o.surface.empty() || !o.shoe.empty() || o.distance_km || o.duration_min)) {
      throw CLI::ValidationError("log", "--rpe, --surface, --shoe, --distance and --duration-min need a session id, "
                                        "or --activity for an activity without a recording");
    }
    if (activity && !o.duration_min) throw CLI::ValidationError("--activity", "an activity needs --duration-min");
    const auto a = require_athlete(s, o.athlete);
    const auto d = core::parse_iso_date(o.date);
    if (!d) throw CLI::ValidationError("--date", "'" + o.date + "' is not a date (YYYY-MM-DD)");
    entry = symptom_entry(o, a.id, *d);
    if (!entry && !activity) {
      throw CLI::ValidationError("log", "nothing to log for " + o.date + ": give a pain rating, a symptom or an --activity");
    }
    what = "day " + o.date + " for " + terminal_safe(a.name);
    if (activity) {
      // A walk, cross-training or a run without a recording: a session of its own, its distance unknown unless given.
      store::StoredSession added;
      core::Session& x = added.session;
      x.athlete_id = a.id;
      x.date = *d;
      x.activity = *core::activity_kind_from_string(o.activity);
      x.duration_s = *o.duration_min * 60.0;
      x.distance_known = o.distance_km.has_value() || !core::counts_as_running(x.activity);
      x.distance_m = o.distance_km.value_or(0.0) * 1000.0;
      x.rpe = o.rpe;
      if (!o.surface.empty()) x.surface = *core::surface_from_string(o.surface);
      if (!o.shoe.empty()) {
        const auto shoe = s.find_shoe(a.id, o.shoe);
        if (!shoe) throw RuntimeError("no shoe named '" + o.shoe + "' (add it with runload shoe add)");
        x.shoe_id = shoe->id;
      }
      x.notes = o.note;
      added.source = "log";
      const auto id = s.add_session(added);
      if (!id) throw RuntimeError(id.error());
      what = "a " + std::string(o.activity == "cross_training" ? "cross-training" : o.activity == "walk_run" ? "walk-run" : o.activity) +
             " session (" + std::to_string(*id) + ") on " + o.date + " for " + terminal_safe(a.name);
    }
  }
  if (entry) {
    if (auto r = s.add_symptom(*entry); !r) throw RuntimeError(r.error());
  }
  std::cout << "logged " << what << (entry ? " with symptoms" : "") << "\n";
  if (entry && (entry->swelling || entry->redness_or_warmth || entry->instability || entry->difficulty_bearing_weight ||
                entry->restricted_motion || (o.pain_during && *o.pain_during >= 7))) {
    std::cout << "These symptoms call for stopping running and seeing a physiotherapist or doctor "
                 "(runload risk shows why). This is not a diagnosis. Once a professional has seen the knee, "
                 "record it with: runload log --athlete NAME --date DATE --seen-professional\n";
  }
}

struct RestOptions {
  std::string store, athlete, from, to;
  std::vector<std::string> dates;
};

/// The longest range `rest --from/--to` marks at once (a year).
constexpr int kMaxRestRangeDays = 366;

core::Date rest_date(const std::string& text, const char* option) {
  const auto d = core::parse_iso_date(text);
  if (!d) throw CLI::ValidationError(option, "'" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

void run_rest(const RestOptions& o) {
  auto s = open_store(o.store);
  const auto a = require_athlete(s, o.athlete);
  std::vector<core::Date> days;
  for (const auto& text : o.dates) days.push_back(rest_date(text, "--date"));
  if (!o.from.empty() || !o.to.empty()) {
    if (o.from.empty() || o.to.empty()) throw CLI::ValidationError("rest", "a range needs both --from and --to");
    const core::Date first = rest_date(o.from, "--from");
    const core::Date last = rest_date(o.to, "--to");
    if (last < first) throw CLI::ValidationError("--to", o.to + " is before --from " + o.from);
    if (core::days_between(first, last) >= kMaxRestRangeDays) {
      throw CLI::ValidationError("rest", "a range covers at most " + std::to_string(kMaxRestRangeDays) + " days");
    }
    for (core::Date d = first; d <= last; d += std::chrono::days{1}) days.push_back(d);
  }
  if (days.empty()) throw CLI::ValidationError("rest", "give --date DATE (repeatable) or --from DATE --to DATE");
  if (auto r = s.add_rest_days(a.id, days); !r) throw RuntimeError(r.error());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  if (days.size() == 1) {
    std::cout << "marked " << core::to_iso_string(days.front()) << " as a rest day for " << terminal_safe(a.name) << "\n";
  } else {
    std::cout << "marked " << days.size() << " days (" << core::to_iso_string(days.front()) << " to "
              << core::to_iso_string(days.back()) << ") as rest days for " << terminal_safe(a.name) << "\n";
  }
}

}  // namespace

void add_history_commands(CLI::App& app) {
  {
    auto o = std::make_shared<SessionsOptions>();
    CLI::App* cmd = app.add_subcommand("sessions", "List stored sessions");
    cmd->footer("Example: runload sessions --athlete Ana --json");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Only this athlete");
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o] { run_sessions(*o); });
  }
  {
    auto o = std::make_shared<LogOptions>();
    CLI::App* cmd = app.add_subcommand("log", "Log RPE, surface, shoe and inner-knee symptoms for a session or a day");
    cmd->footer("Examples: runload log 42 --rpe 6 --surface trail --pain-during 2 --pain-morning 3\n"
                "          runload log --athlete Ana --date 2026-03-08 --pain-after 3 --stiffness   (a rest day)\n"
                "          runload log --athlete Ana --date 2026-03-12 --seen-professional\n"
                "          runload log --athlete Ana --date 2026-03-13 --activity walk --duration-min 30 --pain-during 1 --pain-morning 1\n"
                "          runload log 57 --distance 8.4   (a shank-only run: its distance was unknown)");
    add_store_option(cmd, o->store);
    cmd->add_option("session", o->session_id, "Session id (see runload sessions); omit it for a day-level entry")
        ->check(check_session_id);
    cmd->add_option("--athlete", o->athlete, "Athlete name (day-level entry)");
    cmd->add_option("--date", o->date, "Date of a day-level entry (YYYY-MM-DD)");
    cmd->add_option("--rpe", o->rpe, "Session RPE, 0-10 (CR-10)")->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--surface", o->surface, "road, track, treadmill, trail, grass, mixed")
        ->check(CLI::IsMember({"unknown", "road", "track", "treadmill", "trail", "grass", "mixed"}));
    cmd->add_option("--shoe", o->shoe, "Shoe name");
    cmd->add_option("--distance", o->distance_km, "Distance in km: a run the sensor could not measure (a shank alone), or a new activity")
        ->check(CLI::Range(0.0, 1000.0));
    cmd->add_option("--activity", o->activity, "With --athlete/--date: log an activity without a recording: walk, cross_training, walk_run, run")
        ->check(CLI::IsMember({"run", "walk_run", "walk", "cross_training"}));
    cmd->add_option("--duration-min", o->duration_min, "Duration of the new activity, minutes")->check(CLI::Range(0.0, 1440.0));
    cmd->add_option("--pain-during", o->pain_during, "Inner-knee pain during the run (or the day's activity), 0-10")
        ->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--pain-after", o->pain_after, "Inner-knee pain after the run, 0-10")->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--pain-morning", o->pain_morning, "Inner-knee pain the next morning, 0-10")->check(CLI::Range(0.0, 10.0));
    cmd->add_flag("--swelling", o->swelling, "The knee is swollen");
    cmd->add_flag("--redness", o->redness, "The knee is red or warm");
    cmd->add_flag("--instability", o->instability, "The knee gives way");
    cmd->add_flag("--cannot-bear-weight", o->cannot_bear_weight, "Difficulty bearing weight");
    cmd->add_flag("--restricted-motion", o->restricted_motion, "The knee cannot fully bend or straighten (or locks)");
    cmd->add_flag("--stiffness", o->stiffness, "The knee is stiff");
    cmd->add_flag("--clicking,--locking", o->clicking, "Clicking or catching (alone not a stop flag)");
    cmd->add_flag("--seen-professional", o->seen_professional, "A health professional has seen the knee (clears red flags)");
    cmd->add_option("--note", o->note, "Free text");
    cmd->callback([o] { run_log(*o); });
  }
  {
    auto o = std::make_shared<RestOptions>();
    CLI::App* cmd = app.add_subcommand("rest", "Mark a planned rest day (counts as zero load, not as missing data)");
    cmd->footer("Examples: runload rest --athlete Ana --date 2026-03-08 --date 2026-03-10\n"
                "          runload rest --athlete Ana --from 2026-03-14 --to 2026-03-21   (every day of the range)");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Athlete name or id")->required();
    cmd->add_option("--date", o->dates, "Date (YYYY-MM-DD); repeatable");
    cmd->add_option("--from", o->from, "First day of a range (YYYY-MM-DD)");
    cmd->add_option("--to", o->to, "Last day of a range (YYYY-MM-DD), inclusive");
    cmd->callback([o] { run_rest(*o); });
  }
}

}  // namespace runload::apps
