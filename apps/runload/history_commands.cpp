// runload import / sessions / log — past training in, the session list out, and what the runner
// reports after a run (RPE, surface, shoe, inner-knee symptoms).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli.h"
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
                   {"distance_km", l.distance_m / 1000.0},
                   {"duration_min", l.duration_s / 60.0},
                   {"running_dynamics", running_dynamics_json(l.metrics)}});
  }
  return out;
}

struct SessionsOptions {
  std::string store, athlete;
  bool json = false;
};

void run_sessions(const SessionsOptions& o) {
  const auto s = open_store_read_only(o.store);
  std::optional<std::int64_t> athlete_id;
  if (!o.athlete.empty()) athlete_id = require_athlete(s, o.athlete).id;
  std::map<std::int64_t, std::string> names;
  for (const auto& a : s.athletes()) names[a.id] = a.name;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& stored : s.sessions(athlete_id)) {
    const core::Session& x = stored.session;
    std::vector<std::string> placements;
    for (const auto p : x.placements) placements.emplace_back(signal::to_string(p));
    out.push_back({{"id", x.id},
                   {"athlete", names[x.athlete_id]},
                   {"date", core::to_iso_string(x.date)},
                   {"distance_km", x.distance_m / 1000.0},
                   {"duration_min", x.duration_s / 60.0},
                   {"activity", core::to_string(x.activity)},
                   {"surface", core::to_string(x.surface)},
                   {"rpe", optional_json(x.rpe)},
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
  if (out.empty()) std::cout << "no sessions\n";
  for (const auto& x : out) {
    std::cout << fmt::format("{:>5}  {}  {:<16} {:>6.2f} km {:>6.1f} min  RPE {:<4} {}{}\n", x["id"].get<std::int64_t>(),
                             x["date"].get<std::string>(), terminal_safe(x["athlete"].get<std::string>()),
                             x["distance_km"].get<double>(), x["duration_min"].get<double>(),
                             x["rpe"].is_null() ? std::string("-") : x["rpe"].dump(), terminal_safe(x["source"].get<std::string>()),
                             x["in_progress"].get<bool>() ? "  (in progress)" : "");
  }
}

struct LogOptions {
  std::string store, surface, shoe, note, athlete, date;
  std::int64_t session_id = 0;
  std::optional<double> rpe, pain_during, pain_after, pain_morning;
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
    if (auto r = s.update_session_log(x); !r) throw RuntimeError(r.error());
    entry = symptom_entry(o, x.athlete_id, x.date);
    what = "session " + std::to_string(x.id);
  } else {
    // A day-level entry: symptoms on any day, a rest day included; no session to attach RPE or a shoe to.
    if (o.athlete.empty() || o.date.empty()) {
      throw CLI::ValidationError("log", "give a session id, or --athlete and --date for a day without a session");
    }
    if (o.rpe || !o.surface.empty() || !o.shoe.empty()) {
      throw CLI::ValidationError("log", "--rpe, --surface and --shoe need a session id");
    }
    const auto a = require_athlete(s, o.athlete);
    const auto d = core::parse_iso_date(o.date);
    if (!d) throw CLI::ValidationError("--date", "'" + o.date + "' is not a date (YYYY-MM-DD)");
    entry = symptom_entry(o, a.id, *d);
    if (!entry) throw CLI::ValidationError("log", "nothing to log for " + o.date + ": give a pain rating or a symptom");
    what = "day " + o.date + " for " + a.name;
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
  std::string store, athlete, date;
};

void run_rest(const RestOptions& o) {
  auto s = open_store(o.store);
  const auto a = require_athlete(s, o.athlete);
  const auto d = core::parse_iso_date(o.date);
  if (!d) throw CLI::ValidationError("--date", "'" + o.date + "' is not a date (YYYY-MM-DD)");
  if (auto r = s.add_rest_day({a.id, *d}); !r) throw RuntimeError(r.error());
  std::cout << "marked " << o.date << " as a rest day for " << a.name << "\n";
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
                "          runload log --athlete Ana --date 2026-03-12 --seen-professional");
    add_store_option(cmd, o->store);
    cmd->add_option("session", o->session_id, "Session id (see runload sessions); omit it for a day-level entry")
        ->check(check_session_id);
    cmd->add_option("--athlete", o->athlete, "Athlete name (day-level entry)");
    cmd->add_option("--date", o->date, "Date of a day-level entry (YYYY-MM-DD)");
    cmd->add_option("--rpe", o->rpe, "Session RPE, 0-10 (CR-10)")->check(CLI::Range(0.0, 10.0));
    cmd->add_option("--surface", o->surface, "road, track, treadmill, trail, grass, mixed")
        ->check(CLI::IsMember({"unknown", "road", "track", "treadmill", "trail", "grass", "mixed"}));
    cmd->add_option("--shoe", o->shoe, "Shoe name");
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
    cmd->footer("Example: runload rest --athlete Ana --date 2026-03-08");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Athlete name")->required();
    cmd->add_option("--date", o->date, "Date (YYYY-MM-DD)")->required();
    cmd->callback([o] { run_rest(*o); });
  }
}

}  // namespace runload::apps
