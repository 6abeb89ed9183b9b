#pragma once
/// JSON views behind the HTML report and the coach dashboard: the roster sorted by flag severity, one
/// athlete's trends and flags, and one session's drill-down. Built from the store with core's pure maths;
/// the page renders them with the embedded chart library. Missing values are null, never 0.
///
/// Thread-safety: the functions only read `store`; a Store is one connection, use it from one thread.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runload/core/risk_config.h"
#include "runload/store/store.h"

namespace runload::apps {

/// What every view is evaluated with.
struct ViewOptions {
  core::Date as_of{};
  core::RiskConfig config;
  int weeks = 12;  ///< how many rolling weeks the trends show
  std::optional<std::vector<std::int64_t>> athletes;  ///< the athletes one may see; nullopt: every one
  bool shows(std::int64_t athlete_id) const {
    return !athletes || std::find(athletes->begin(), athletes->end(), athlete_id) != athletes->end();
  }
};

/// `{"as_of", "athletes": [{id, name, sessions, last_session, weekly_distance_m, flags: {high, caution,
/// info, total}, stop_and_seek_help, headline, return_to_run_stage, top_flags: [...]}]}`, sorted by
/// severity: seek-help first, then the most high flags, then caution, then info, then name.
nlohmann::json roster_json(const store::Store& store, const ViewOptions& options);
/// One athlete's row of the roster, alone (what roster_json lists for them), from their history.
nlohmann::json roster_row_json(const core::TrainingHistory& history, const ViewOptions& options);
/// The roster of `rows` (roster_row_json's), in roster_json's order.
nlohmann::json roster_json(std::vector<nlohmann::json> rows, core::Date as_of);

/// Everything one athlete's page shows: `{"kind": "athlete", as_of, athlete, load, risk, thresholds,
/// runs, gait, shoe_impact, sessions}` (`load` and `risk` are the `load --json` / `risk --json` contracts).
nlohmann::json athlete_view_json(const store::Store& store, const core::Athlete& athlete, const ViewOptions& options);

/// One session's drill-down: `{"kind": "session", as_of, athlete, session, spike, drifts, risk, context_runs,
/// steps, steps_note}`; nullopt when no session has this id. `steps` is null until per-step records are
/// available from the session's recording.
std::optional<nlohmann::json> session_view_json(const store::Store& store, std::int64_t session_id,
                                                const ViewOptions& options);
/// The same for `stored`, from its athlete's `history` (which holds it).
nlohmann::json session_view_json(const store::StoredSession& stored, const core::TrainingHistory& history,
                                 const ViewOptions& options);

/// The team page: `{"kind": "team", as_of, roster, athletes: {"<id>": athlete view}}`.
nlohmann::json team_view_json(const store::Store& store, const ViewOptions& options);

}  // namespace runload::apps
