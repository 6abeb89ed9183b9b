// runload export — stored sessions for researchers: per session and per step, as JSON or CSV.
// Per-step records are replayed from each session's recording (the numbers `runload replay` gives);
// imported history has none.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>

#include "cli.h"
#include "replay_session.h"
#include "session_json.h"
#include "store_options.h"

namespace runload::apps {

namespace {

struct ExportOptions {
  std::string store, format = "json", out;
  std::int64_t session_id = 0;
  bool all = false;
};

std::string csv_cell(const std::optional<double>& v) { return v ? fmt::format("{:.4f}", *v) : std::string(); }

std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

constexpr const char* kSessionCsvHeader =
    "session_id,athlete,date,duration_s,distance_m,activity,surface,rpe,cadence_steps_per_min,gct_ms,pta_g,braking_g,"
    "loading_rate_g_per_s,pronation_excursion_deg,tibial_angle_deg,speed_mps,recording";

std::string session_csv_row(const store::StoredSession& s, const std::string& athlete) {
  const core::Session& x = s.session;
  const auto& m = x.metrics;
  return fmt::format("{},{},{},{:.3f},{},{},{},{},{},{},{},{},{},{},{},{},{}", x.id, csv_text(athlete),
                     core::to_iso_string(x.date), x.duration_s,
                     x.distance_known ? fmt::format("{:.3f}", x.distance_m) : std::string(), core::to_string(x.activity),
                     core::to_string(x.surface), csv_cell(x.rpe), csv_cell(m.cadence_steps_per_min), csv_cell(m.gct_ms),
                     csv_cell(m.pta_g), csv_cell(m.braking_g), csv_cell(m.loading_rate_g_per_s),
                     csv_cell(m.pronation_excursion_deg), csv_cell(m.tibial_angle_deg), csv_cell(m.speed_mps),
                     csv_text(s.recording_path));
}

std::optional<ReplayResult> replay_of(const store::StoredSession& s) {
  std::error_code ec;
  if (s.recording_path.empty() || !std::filesystem::is_regular_file(s.recording_path, ec)) return std::nullopt;
  return replay_file(s.recording_path, {});
}

void run_export(const ExportOptions& o) {
  if ((o.session_id > 0) == o.all) throw CLI::ValidationError("export", "give one SESSION id or --all");
  if (o.format == "csv" && o.out.empty()) throw CLI::ValidationError("--out", "CSV export writes DIR/sessions.csv and DIR/steps.csv: give --out DIR");
  const auto s = open_store_read_only(o.store);
  std::vector<store::StoredSession> sessions;
  if (o.all) {
    sessions = s.sessions();
  } else {
    auto one = s.session(o.session_id);
    if (!one) throw RuntimeError("no session with id " + std::to_string(o.session_id) + " (see runload sessions)");
    sessions.push_back(std::move(*one));
  }
  std::map<std::int64_t, std::string> names;
  for (const auto& a : s.athletes()) names[a.id] = a.name;

  if (o.format == "csv") {
    std::filesystem::create_directories(o.out);
    std::ofstream session_csv(std::filesystem::path(o.out) / "sessions.csv");
    std::ofstream step_csv(std::filesystem::path(o.out) / "steps.csv");
    if (!session_csv || !step_csv) throw RuntimeError("cannot write into " + o.out);
    session_csv << kSessionCsvHeader << "\n";
    step_csv << "session_id," << step_csv_header();  // the header ends its own line
    for (const auto& x : sessions) {
      session_csv << session_csv_row(x, names[x.session.athlete_id]) << "\n";
      if (const auto replay = replay_of(x)) {
        for (const auto& sensor : replay->sensors) {
          for (const auto& r : sensor.steps) {
            // step_csv_row ends its own line
            step_csv << x.session.id << "," << step_csv_row(std::filesystem::path(x.recording_path).filename().string(), sensor.stream_id, r);
          }
        }
      }
    }
    if (!session_csv.flush() || !step_csv.flush()) throw RuntimeError("cannot write into " + o.out);
    std::cout << "wrote " << (std::filesystem::path(o.out) / "sessions.csv").string() << " and steps.csv (" << sessions.size()
              << " sessions)\n";
    return;
  }
  ojson out = ojson::array();
  for (const auto& x : sessions) {
    const auto& m = x.session.metrics;
    ojson j = {{"session_id", x.session.id},
               {"athlete", names[x.session.athlete_id]},
               {"date", core::to_iso_string(x.session.date)},
               {"duration_s", fixed(std::optional<double>(x.session.duration_s), 3)},
               {"distance_m", fixed(core::known_distance_m(x.session), 3)},
               {"rpe", fixed(x.session.rpe, 1)},
               {"metrics",
                {{"cadence_steps_per_min", fixed(m.cadence_steps_per_min, 2)},
                 {"gct_ms", fixed(m.gct_ms, 2)},
                 {"pta_g", fixed(m.pta_g, 3)},
                 {"braking_g", fixed(m.braking_g, 3)},
                 {"speed_mps", fixed(m.speed_mps, 3)}}},
               {"recording", x.recording_path.empty() ? ojson(nullptr) : ojson(x.recording_path)},
               {"summary", nullptr},
               {"steps", nullptr}};
    if (const auto replay = replay_of(x)) {
      j["summary"] = summary_json(replay->summary);
      ojson steps = ojson::array();
      for (const auto& sensor : replay->sensors) {
        for (const auto& r : sensor.steps) steps.push_back(step_json(r, sensor.stream_id));
      }
      j["steps"] = std::move(steps);
    }
    out.push_back(std::move(j));
  }
  const std::string text = ojson{{"sessions", out}}.dump(2) + "\n";
  if (o.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(o.out);
    file << text;
    if (!file.flush()) throw RuntimeError("cannot write " + o.out);
  }
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Export stored sessions per session and per step (CSV or JSON)");
  cmd->footer("Examples:\n  runload export 42 --format json > run42.json\n  runload export --all --format csv --out export/");
  add_store_option(cmd, o->store);
  cmd->add_option("session", o->session_id, "Session id (see runload sessions)")->check(check_session_id);
  cmd->add_flag("--all", o->all, "Every stored session");
  cmd->add_option("--format", o->format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  cmd->add_option("--out", o->out, "JSON: a file (default stdout); CSV: a directory for sessions.csv and steps.csv");
  cmd->callback([o] { run_export(*o); });
}

}  // namespace runload::apps
