// runload load / risk / plan return — the training-load status, the overuse-risk flags for the
// inner knee, and the return-to-run plan, as text or JSON, evaluated as of any date.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "report_json.h"
#include "runload/core/report_text.h"
#include "store_options.h"
#include "terminal_text.h"

namespace runload::apps {

namespace {

struct ReportOptions {
  std::string store, athlete, as_of, config, units = "km";
  std::int64_t session_id = 0;
  bool json = false;
};

core::Date as_of_date(const std::string& text) {
  if (text.empty()) return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto d = core::parse_iso_date(text);
  if (!d) throw CLI::ValidationError("--as-of", "'" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

core::TrainingHistory history_of(const ReportOptions& o) {
  const auto s = open_store_read_only(o.store);
  const auto athlete = require_athlete(s, o.athlete);
  auto h = s.history(athlete.id);
  if (!h) throw RuntimeError(h.error());
  return std::move(*h);
}

void run_load(const ReportOptions& o) {
  const auto config = read_risk_config(o.config);
  const auto status = core::estimate_load_status(history_of(o), as_of_date(o.as_of), config.load);
  if (o.json) {
    std::cout << to_json(status).dump(2) << "\n";
  } else {
    std::cout << terminal_safe_text(core::render_load_status_text(status, *core::distance_unit_from_string(o.units)));
  }
}

void run_risk(const ReportOptions& o) {
  core::RiskReport report;
  auto config = read_risk_config(o.config);
  config.distance_unit = *core::distance_unit_from_string(o.units);
  if (o.session_id > 0) {
    auto session_report = core::build_session_risk_report(history_of(o), o.session_id, config);
    if (!session_report) {
      throw RuntimeError("athlete '" + o.athlete + "' has no session " + std::to_string(o.session_id));
    }
    report = std::move(*session_report);
  } else {
    report = core::build_risk_report(history_of(o), as_of_date(o.as_of), config);
  }
  if (o.json) {
    std::cout << to_json(report).dump(2) << "\n";
  } else {
    std::cout << terminal_safe_text(core::render_risk_report_text(report));
  }
}

void run_plan(const ReportOptions& o) {
  // The plan as the risk report holds it: a seek-help flag there overrides the stage, so both always agree.
  const auto plan = core::build_risk_report(history_of(o), as_of_date(o.as_of), read_risk_config(o.config)).return_to_run;
  if (o.json) {
    std::cout << to_json(plan).dump(2) << "\n";
  } else {
    std::cout << terminal_safe_text(core::render_return_to_run_text(plan));
  }
}

void add_report_options(CLI::App* cmd, ReportOptions& o) {
  add_store_option(cmd, o.store);
  cmd->add_option("--athlete", o.athlete, "Athlete name")->required();
  cmd->add_option("--as-of", o.as_of, "Evaluate the history up to this date (YYYY-MM-DD; default today)");
  cmd->add_option("--config", o.config, "Risk/load thresholds override file (key = value lines)")->check(CLI::ExistingFile);
  cmd->add_flag("--json", o.json, "Print JSON");
  cmd->add_option("--units", o.units, "Distances in text output: km or mi (JSON stays in km)")
      ->check(CLI::IsMember({"km", "mi"}))
      ->capture_default_str();
}

}  // namespace

void add_load_risk_commands(CLI::App& app) {
  {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand("load", "Training load: weekly distance, progression, spikes, monotony, context");
    cmd->footer("Example: runload load --athlete Ana --as-of 2026-03-31 --json");
    add_report_options(cmd, *o);
    cmd->callback([o] { run_load(*o); });
  }
  {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand("risk", "Overuse-risk flags for the inner knee, with evidence and advice");
    cmd->footer("Example: runload risk --athlete Ana --json\nNot a diagnosis: flags carry the value, threshold and evidence grade.");
    add_report_options(cmd, *o);
    cmd->add_option("--session", o->session_id, "Report on one session (flags dated that day)")->check(check_session_id);
    cmd->callback([o] { run_risk(*o); });
  }
  {
    CLI::App* plan = app.add_subcommand("plan", "Plans");
    plan->require_subcommand(1);
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd = plan->add_subcommand("return", "Return-to-run plan gated by inner-knee pain");
    cmd->footer("Example: runload plan return --athlete Ana");
    add_report_options(cmd, *o);
    cmd->callback([o] { run_plan(*o); });
  }
}

}  // namespace runload::apps
