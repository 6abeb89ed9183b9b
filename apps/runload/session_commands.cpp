// runload session edit|delete — correcting or removing a stored session by hand.
#include <iostream>

#include "cli.h"
#include "store_options.h"

namespace runload::apps {

namespace {

struct SessionEditOptions {
  std::string store, date, activity;
  std::int64_t session_id = 0;
  std::optional<double> duration_min, distance_km;
  bool unknown_distance = false, yes = false;
};

store::StoredSession require_session(const store::Store& s, std::int64_t id) {
  auto stored = s.session(id);
  if (!stored) throw RuntimeError("no session with id " + std::to_string(id) + " (see runload sessions)");
  return std::move(*stored);
}

void session_edit(const SessionEditOptions& o) {
  if (o.distance_km && o.unknown_distance) {
    throw CLI::ValidationError("session edit", "give --distance or --unknown-distance, not both");
  }
  auto s = open_store(o.store);
  core::Session x = require_session(s, o.session_id).session;
  if (!o.date.empty()) {
    const auto d = core::parse_iso_date(o.date);
    if (!d) throw CLI::ValidationError("--date", "'" + o.date + "' is not a date (YYYY-MM-DD)");
    x.date = *d;
  }
  if (o.duration_min) x.duration_s = *o.duration_min * 60.0;
  if (!o.activity.empty()) x.activity = *core::activity_kind_from_string(o.activity);
  if (o.distance_km) {
    x.distance_m = *o.distance_km * 1000.0;
    x.distance_known = true;
  }
  if (o.unknown_distance) {
    x.distance_m = 0.0;
    x.distance_known = false;
  }
  if (auto r = s.update_session_basics(x); !r) throw RuntimeError(r.error());
  if (auto r = s.update_session_log(x); !r) throw RuntimeError(r.error());
  std::cout << "updated session " << x.id << " (" << core::to_iso_string(x.date) << ")\n";
}

void session_delete(const SessionEditOptions& o) {
  auto s = open_store(o.store);
  const auto stored = require_session(s, o.session_id);
  if (!o.yes) {
    throw CLI::ValidationError("session delete", "this deletes session " + std::to_string(o.session_id) + " of " +
                                                     core::to_iso_string(stored.session.date) + "; add --yes to confirm");
  }
  if (auto r = s.delete_session(o.session_id); !r) throw RuntimeError(r.error());
  std::cout << "deleted session " << o.session_id << " of " << core::to_iso_string(stored.session.date)
            << (stored.recording_path.empty() ? "" : " (its recording stays: " + stored.recording_path + ")") << "\n";
}

}  // namespace

void add_session_commands(CLI::App& app) {
  CLI::App* session = app.add_subcommand("session", "Edit or delete a stored session");
  session->require_subcommand(1);
  {
    auto o = std::make_shared<SessionEditOptions>();
    CLI::App* cmd = session->add_subcommand("edit", "Correct a session's date, duration, activity or distance");
    cmd->footer("Example: runload session edit 42 --distance 8.2 --duration-min 44\n"
                "RPE, surface, shoe and symptoms: runload log 42 --rpe 6 ...");
    add_store_option(cmd, o->store);
    cmd->add_option("session", o->session_id, "Session id (see runload sessions)")->required()->check(check_session_id);
    cmd->add_option("--date", o->date, "Date (YYYY-MM-DD)");
    cmd->add_option("--duration-min", o->duration_min, "Duration, minutes")->check(CLI::Range(0.0, 14400.0));
    cmd->add_option("--activity", o->activity, "run, walk_run, walk or cross_training")
        ->check(CLI::IsMember({"run", "walk_run", "walk", "cross_training"}));
    cmd->add_option("--distance", o->distance_km, "Distance, km")->check(CLI::Range(0.0, 1000.0));
    cmd->add_flag("--unknown-distance", o->unknown_distance, "Nothing measured the distance (not 0 km)");
    cmd->callback([o] { session_edit(*o); });
  }
  {
    auto o = std::make_shared<SessionEditOptions>();
    CLI::App* cmd = session->add_subcommand("delete", "Delete a session (its recording file stays)");
    cmd->footer("Example: runload session delete 42 --yes");
    add_store_option(cmd, o->store);
    cmd->add_option("session", o->session_id, "Session id (see runload sessions)")->required()->check(check_session_id);
    cmd->add_flag("--yes", o->yes, "Confirm the deletion");
    cmd->callback([o] { session_delete(*o); });
  }
}

}  // namespace runload::apps
