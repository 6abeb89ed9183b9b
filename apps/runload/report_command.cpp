// runload report — one self-contained HTML file (charts inlined, works offline) for an athlete, a
// session or the whole team, evaluated as of any date.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "html_report.h"
#include "store_options.h"
#include "web_views.h"

namespace runload::apps {

namespace {

struct ReportCommandOptions {
  std::string store, athlete, out, as_of, config;
  std::int64_t session_id = 0;
  bool team = false;
};

void run_report(const ReportCommandOptions& o) {
  const int views = (o.team ? 1 : 0) + (o.session_id > 0 ? 1 : 0) + (!o.athlete.empty() && o.session_id == 0 ? 1 : 0);
  if (views != 1) {
    throw CLI::ValidationError("report", "choose one of --athlete A, --session S (optionally with --athlete) or --team");
  }
  ViewOptions options;
  options.config = read_risk_config(o.config);
  if (o.as_of.empty()) {
    options.as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  } else {
    const auto d = core::parse_iso_date(o.as_of);
    if (!d) throw CLI::ValidationError("--as-of", "'" + o.as_of + "' is not a date (YYYY-MM-DD)");
    options.as_of = *d;
  }
  const auto s = open_store_read_only(o.store);
  nlohmann::json view;
  std::string title;
  if (o.team) {
    view = team_view_json(s, options);
    title = "runload — team report, " + core::to_iso_string(options.as_of);
  } else if (o.session_id > 0) {
    auto v = session_view_json(s, o.session_id, options);
    if (!v) throw RuntimeError("no session with id " + std::to_string(o.session_id) + " (see runload sessions)");
    if (!o.athlete.empty() && (*v)["athlete"]["name"] != o.athlete) {
      throw RuntimeError("session " + std::to_string(o.session_id) + " belongs to another athlete than '" + o.athlete + "'");
    }
    view = std::move(*v);
    title = "runload — session " + std::to_string(o.session_id) + ", " + view["athlete"]["name"].get<std::string>();
  } else {
    const auto athlete = require_athlete(s, o.athlete);
    view = athlete_view_json(s, athlete, options);
    title = "runload — " + athlete.name + ", " + core::to_iso_string(options.as_of);
  }
  const std::string page = render_html_report(view, title);
  // Written beside the file a symlink points to and renamed over it (the link stays); never over a
  // device, a FIFO or a directory.
  std::error_code ec;
  std::filesystem::path target = o.out;
  for (int hops = 0; hops < 40 && std::filesystem::is_symlink(target, ec); ++hops) {  // also a link to a new file
    const auto link = std::filesystem::read_symlink(target, ec);
    if (ec) throw RuntimeError("cannot write " + o.out + ": " + ec.message());
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  const auto status = std::filesystem::status(target, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw RuntimeError("cannot write " + o.out + ": not a regular file");
  }
  const std::string tmp = target.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw RuntimeError("cannot write " + o.out);
    out << page;
    if (!out.flush()) throw RuntimeError("cannot write " + o.out);
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) throw RuntimeError("cannot write " + o.out + ": " + ec.message());
  std::cout << "wrote " << o.out << " (" << page.size() / 1024 << " KiB, self-contained, works offline)\n";
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportCommandOptions>();
  CLI::App* cmd = app.add_subcommand("report", "Self-contained HTML report (athlete, session or team) with charts");
  cmd->footer(
      "Example: runload report --athlete Ana --out ana.html\n"
      "         runload report --session 42 --out run.html\n"
      "         runload report --team --as-of 2026-03-31 --out team.html\n"
      "Not a diagnosis: flags carry the value, threshold and evidence grade.");
  add_store_option(cmd, o->store);
  cmd->add_option("--athlete", o->athlete, "Athlete name");
  cmd->add_option("--session", o->session_id, "Session id (see runload sessions)")->check(check_session_id);
  cmd->add_flag("--team", o->team, "Every athlete: the roster sorted by flag severity");
  cmd->add_option("--out", o->out, "Output HTML file")->required();
  cmd->add_option("--as-of", o->as_of, "Evaluate the history up to this date (YYYY-MM-DD; default today)");
  cmd->add_option("--config", o->config, "Risk/load thresholds override file (key = value lines)")->check(CLI::ExistingFile);
  cmd->callback([o] { run_report(*o); });
}

}  // namespace runload::apps
