#include "runload/store/store.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "schema.h"
#include "postgres_connection.h"
#include "sql_connection.h"
#include "sqlite_connection.h"
#include "store_impl.h"

namespace runload::store {

using tl::unexpected;

std::filesystem::path default_store_path() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "runload" / "runload.db";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "runload" / "runload.db";
}



Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

namespace {

std::string placements_text(const std::vector<signal::Placement>& placements) {
  std::string out;
  for (const auto p : placements) {
    if (!out.empty()) out += ',';
    out += signal::to_string(p);
  }
  return out;
}

std::vector<signal::Placement> placements_from_text(const std::string& text) {
  std::vector<signal::Placement> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (const auto p = signal::placement_from_string(item)) out.push_back(*p);
  }
  return out;
}

std::optional<std::string> date_text(const std::optional<core::Date>& d) {
  return d ? std::optional<std::string>(core::to_iso_string(*d)) : std::nullopt;
}

std::optional<core::Date> date_from(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return core::parse_iso_date(s.text(column));
}

constexpr std::string_view kAthleteColumns = "id, name, body_mass_kg, height_m, experience, previous_injury";

core::Athlete athlete_from(const sql::Statement& s) {
  core::Athlete a;
  a.id = s.int64(0);
  a.name = s.text(1);
  a.body_mass_kg = s.optional_real(2);
  a.height_m = s.optional_real(3);
  a.experience = core::experience_level_from_string(s.text(4)).value_or(core::ExperienceLevel::kRecreational);
  a.previous_injury = s.int64(5) != 0;
  return a;
}

constexpr std::string_view kShoeColumns = "id, athlete_id, name, first_use, budget_km, initial_km, retired, retired_on";

core::Shoe shoe_from(const sql::Statement& s) {
  core::Shoe shoe;
  shoe.id = s.int64(0);
  shoe.athlete_id = s.int64(1);
  shoe.name = s.text(2);
  shoe.first_use = date_from(s, 3);
  shoe.budget_km = s.real(4);
  shoe.initial_km = s.real(5);
  shoe.retired = s.int64(6) != 0;
  shoe.retired_on = date_from(s, 7);
  return shoe;
}

constexpr std::string_view kSessionColumns =
    "id, athlete_id, date, start_time_s, duration_s, distance_m, activity, placements, shoe_id, surface, rpe, notes, "
    "recording_path, source, cadence_steps_per_min, gct_ms, pta_g, braking_g, loading_rate_g_per_s, "
    "pronation_excursion_deg, tibial_angle_deg, asymmetry_pct, speed_mps, step_count, mechanical_exposure_g_steps, "
    "foot_peak_accel_g, start_utc_s, utc_offset_s, in_progress, gct_balance_left_pct, vertical_oscillation_mm, "
    "vertical_ratio_pct, step_length_mm, power_w, leg_spring_stiffness_kn_per_m, metric_sources, import_id, distance_known";
constexpr int kSessionColumnCount = static_cast<int>(std::ranges::count(kSessionColumns, ',')) + 1;

StoredSession session_from(const sql::Statement& s) {
  StoredSession out;
  core::Session& x = out.session;
  x.id = s.int64(0);
  x.athlete_id = s.int64(1);
  x.date = core::parse_iso_date(s.text(2)).value_or(core::Date{});
  if (const auto t = s.optional_int64(3)) x.start_time_of_day_s = static_cast<std::int32_t>(*t);
  x.duration_s = s.real(4);
  x.distance_m = s.real(5);
  x.activity = core::activity_kind_from_string(s.text(6)).value_or(core::ActivityKind::kRun);
  x.placements = placements_from_text(s.text(7));
  x.shoe_id = s.optional_int64(8);
  x.surface = core::surface_from_string(s.text(9)).value_or(core::Surface::kUnknown);
  x.rpe = s.optional_real(10);
  x.notes = s.text(11);
  out.recording_path = s.text(12);
  out.source = s.text(13);
  auto& m = x.metrics;
  m.cadence_steps_per_min = s.optional_real(14);
  m.gct_ms = s.optional_real(15);
  m.pta_g = s.optional_real(16);
  m.braking_g = s.optional_real(17);
  m.loading_rate_g_per_s = s.optional_real(18);
  m.pronation_excursion_deg = s.optional_real(19);
  m.tibial_angle_deg = s.optional_real(20);
  m.asymmetry_pct = s.optional_real(21);
  m.speed_mps = s.optional_real(22);
  m.step_count = s.optional_real(23);
  m.mechanical_exposure_g_steps = s.optional_real(24);
  m.foot_peak_accel_g = s.optional_real(25);
  x.start_utc_s = s.optional_int64(26);
  if (const auto offset = s.optional_int64(27)) x.utc_offset_s = static_cast<std::int32_t>(*offset);
  out.in_progress = s.int64(28) != 0;
  m.gct_balance_left_pct = s.optional_real(29);
  m.vertical_oscillation_mm = s.optional_real(30);
  m.vertical_ratio_pct = s.optional_real(31);
  m.step_length_mm = s.optional_real(32);
  m.power_w = s.optional_real(33);
  m.leg_spring_stiffness_kn_per_m = s.optional_real(34);
  m.sources = core::metric_sources_from_text(s.text(35));
  if (!s.is_null(36)) out.import_id = s.text(36);
  x.distance_known = s.int64(37) != 0;
  if (!x.distance_known) x.distance_m = 0.0;
  return out;
}

/// Binds the 12 metric columns (cadence_steps_per_min … foot_peak_accel_g) and start_utc_s, utc_offset_s
/// from parameter `first` on, in that order; the statement for chaining.
sql::Statement& bind_metrics_and_start(sql::Statement& s, int first, const core::Session& x) {
  const auto& m = x.metrics;
  int i = first;
  for (const auto& value : {m.cadence_steps_per_min, m.gct_ms, m.pta_g, m.braking_g, m.loading_rate_g_per_s,
                            m.pronation_excursion_deg, m.tibial_angle_deg, m.asymmetry_pct, m.speed_mps, m.step_count,
                            m.mechanical_exposure_g_steps, m.foot_peak_accel_g}) {
    s.bind(i++, value);
  }
  return s.bind(i, x.start_utc_s).bind(i + 1, x.utc_offset_s ? std::optional<std::int64_t>(*x.utc_offset_s) : std::nullopt);
}

tl::expected<std::int64_t, std::string> insert_session(sql::Connection& db, const StoredSession& stored) {
  const core::Session& x = stored.session;
  sql::Statement s(db,
                   "INSERT INTO sessions (athlete_id, date, start_time_s, duration_s, distance_m, activity, placements, "
                   "shoe_id, surface, rpe, notes, recording_path, source, cadence_steps_per_min, gct_ms, pta_g, "
                   "braking_g, loading_rate_g_per_s, pronation_excursion_deg, tibial_angle_deg, asymmetry_pct, "
                   "speed_mps, step_count, mechanical_exposure_g_steps, foot_peak_accel_g, start_utc_s, utc_offset_s, "
                   "in_progress, gct_balance_left_pct, vertical_oscillation_mm, vertical_ratio_pct, step_length_mm, "
                   "power_w, leg_spring_stiffness_kn_per_m, metric_sources, import_id, distance_known) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  const auto& m = x.metrics;
  s.bind(1, x.athlete_id)
      .bind(2, core::to_iso_string(x.date))
      .bind(3, x.start_time_of_day_s ? std::optional<std::int64_t>(*x.start_time_of_day_s) : std::nullopt)
      .bind(4, x.duration_s)
      .bind(5, x.distance_known ? x.distance_m : 0.0)
      .bind(6, std::string(core::to_string(x.activity)))
      .bind(7, placements_text(x.placements))
      .bind(8, x.shoe_id)
      .bind(9, std::string(core::to_string(x.surface)))
      .bind(10, x.rpe)
      .bind(11, x.notes)
      .bind(12, stored.recording_path)
      .bind(13, stored.source);
  bind_metrics_and_start(s, 14, x)
      .bind(28, stored.in_progress)
      .bind(29, m.gct_balance_left_pct)
      .bind(30, m.vertical_oscillation_mm)
      .bind(31, m.vertical_ratio_pct)
      .bind(32, m.step_length_mm)
      .bind(33, m.power_w)
      .bind(34, m.leg_spring_stiffness_kn_per_m)
      .bind(35, core::to_text(m.sources))
      .bind(36, stored.import_id)
      .bind(37, x.distance_known);
  const auto id = s.run_returning_id();
  if (!id) return unexpected("cannot store session of " + core::to_iso_string(x.date) + ": " + s.error());
  return *id;
}

tl::expected<void, std::string> insert_laps(sql::Connection& db, std::int64_t session_id,
                                            const std::vector<core::SessionLap>& laps) {
  for (const core::SessionLap& l : laps) {
    sql::Statement s(db,
                     "INSERT INTO session_laps (session_id, lap, start_utc_s, duration_s, distance_m, "
                     "cadence_steps_per_min, gct_ms, gct_balance_left_pct, asymmetry_pct, vertical_oscillation_mm, "
                     "vertical_ratio_pct, step_length_mm, power_w, leg_spring_stiffness_kn_per_m, speed_mps, "
                     "metric_sources, step_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto& m = l.metrics;
    s.bind(1, session_id).bind(2, std::int64_t{l.index}).bind(3, l.start_utc_s).bind(4, l.duration_s);
    s.bind(5, l.distance_m).bind(6, m.cadence_steps_per_min).bind(7, m.gct_ms).bind(8, m.gct_balance_left_pct);
    s.bind(9, m.asymmetry_pct).bind(10, m.vertical_oscillation_mm).bind(11, m.vertical_ratio_pct);
    s.bind(12, m.step_length_mm).bind(13, m.power_w).bind(14, m.leg_spring_stiffness_kn_per_m).bind(15, m.speed_mps);
    s.bind(16, core::to_text(m.sources)).bind(17, m.step_count);
    if (!s.run()) return unexpected("cannot store lap " + std::to_string(l.index) + ": " + s.error());
  }
  return {};
}

/// The athlete a session or shoe (`table`'s row `id`) belongs to; nullopt when there is no such row.
std::optional<std::int64_t> owner_of(sql::Connection& db, std::string_view table, std::int64_t id) {
  sql::Statement s(db, "SELECT athlete_id FROM " + std::string(table) + " WHERE id = ?");
  s.bind(1, id);
  return s.next() ? std::optional(s.int64(0)) : std::nullopt;
}

/// Bumps `athlete_id`'s revision and commits `tx`: the end of every write to what an athlete's pages show.
tl::expected<void, std::string> bump_and_commit(sql::Connection& db, sql::Transaction& tx, std::int64_t athlete_id,
                                                const std::string& what) {
  if (auto error = bump_athlete_revision(db, athlete_id); !error.empty()) return unexpected(what + error);
  if (!tx.commit()) return unexpected(what + tx.error());
  return {};
}

}  // namespace

bool is_server_store(std::string_view location) { return sql::is_postgres_uri(location); }

namespace {

constexpr int kLatestSchema = static_cast<int>(kMigrations.size());

std::string newer_schema(const sql::Connection& db, int version) {
  return db.name() + " was written by a newer runload (schema " + std::to_string(version) + ")";
}

/// Runs the migrations the store lacks, each in its own transaction. Several processes may open a new
/// store at once: each migration re-reads the version under the engine's lock.
tl::expected<void, std::string> migrate(sql::Connection& db) {
  for (;;) {
    auto version = db.schema_version();
    if (!version) return unexpected(version.error());
    if (*version > kLatestSchema) return unexpected(newer_schema(db, *version));
    if (*version == kLatestSchema) return {};
    const std::string what = "cannot migrate " + db.name() + " to schema " + std::to_string(*version + 1) + ": ";
    sql::Transaction tx(db);
    std::string error = tx.error().empty() ? db.lock_schema() : tx.error();
    if (!error.empty()) return unexpected(what + error);
    version = db.schema_version();
    if (!version) return unexpected(version.error());
    if (*version >= kLatestSchema) continue;  // another process migrated meanwhile
    error = db.exec(db.migration_text(kMigrations[static_cast<std::size_t>(*version)]));
    if (error.empty()) error = db.set_schema_version(*version + 1);
    if (!error.empty() || !tx.commit()) return unexpected(what + (error.empty() ? tx.error() : error));
  }
}

}  // namespace

tl::expected<Store, std::string> Store::open(const std::string& location) {
  auto db = sql::is_postgres_uri(location) ? sql::open_postgres(location, false) : sql::open_sqlite(location);
  if (!db) return unexpected(db.error());
  if (auto migrated = migrate(**db); !migrated) return unexpected(migrated.error());
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  return Store(std::move(impl));
}

tl::expected<Store, std::string> Store::open_read_only(const std::string& location) {
  const bool postgres = sql::is_postgres_uri(location);
  auto db = postgres ? sql::open_postgres(location, true) : sql::open_sqlite_read_only(location);
  if (!db) return unexpected(db.error());
  const auto version = (*db)->schema_version();
  if (!version) return unexpected(version.error());
  if (*version > kLatestSchema) return unexpected(newer_schema(**db, *version));
  if (postgres && *version == 0) {
    return unexpected("no runload store in " + (*db)->name() +
                      " (check --store; a command that writes, e.g. `runload athlete add`, creates one)");
  }
  if (*version < kLatestSchema) return open(location);  // an older runload's store: migrated first
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  return Store(std::move(impl));
}

const std::string& Store::name() const { return impl_->db->name(); }

void Store::set_busy_timeout(std::chrono::milliseconds timeout) { impl_->db->set_lock_timeout(timeout); }

int Store::schema_version() const {
  const auto version = impl_->db->schema_version();
  return version ? *version : -1;
}

std::string Store::integrity_check() const { return impl_->db->integrity_check(); }

tl::expected<std::int64_t, std::string> Store::add_athlete(const core::Athlete& a) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot add athlete '" + a.name + "': " + tx.error());
  sql::Statement s(*impl_->db,
                   "INSERT INTO athletes (name, body_mass_kg, height_m, experience, previous_injury) VALUES (?,?,?,?,?) "
                   "RETURNING id");
  s.bind(1, a.name).bind(2, a.body_mass_kg).bind(3, a.height_m).bind(4, std::string(core::to_string(a.experience)));
  s.bind(5, a.previous_injury);
  const auto id = s.run_returning_id();
  if (!id) {
    if (s.unique_violation()) return unexpected("an athlete named '" + a.name + "' exists");
    return unexpected("cannot add athlete '" + a.name + "': " + s.error());
  }
  if (auto done = bump_and_commit(*impl_->db, tx, *id, "cannot add athlete '" + a.name + "': "); !done) {
    return unexpected(done.error());
  }
  return *id;
}

std::optional<core::Athlete> Store::find_athlete(const std::string& name) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kAthleteColumns) + " FROM athletes WHERE name = ?");
  s.bind(1, name);
  return s.next() ? std::optional(athlete_from(s)) : std::nullopt;
}

std::optional<core::Athlete> Store::athlete(std::int64_t id) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kAthleteColumns) + " FROM athletes WHERE id = ?");
  s.bind(1, id);
  return s.next() ? std::optional(athlete_from(s)) : std::nullopt;
}

std::vector<core::Athlete> Store::athletes() const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kAthleteColumns) + " FROM athletes");
  std::vector<core::Athlete> out;
  while (s.next()) out.push_back(athlete_from(s));
  // By name, byte by byte on either engine (a PostgreSQL database may collate by its locale).
  std::sort(out.begin(), out.end(), [](const core::Athlete& a, const core::Athlete& b) { return a.name < b.name; });
  return out;
}

tl::expected<std::int64_t, std::string> Store::add_shoe(const core::Shoe& shoe) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot add shoe '" + shoe.name + "': " + tx.error());
  sql::Statement s(*impl_->db,
                   "INSERT INTO shoes (athlete_id, name, first_use, budget_km, initial_km, retired, retired_on) "
                   "VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.bind(1, shoe.athlete_id).bind(2, shoe.name).bind(3, date_text(shoe.first_use)).bind(4, shoe.budget_km);
  s.bind(5, shoe.initial_km).bind(6, shoe.retired).bind(7, date_text(shoe.retired_on));
  const auto id = s.run_returning_id();
  if (!id) {
    if (s.unique_violation()) return unexpected("a shoe named '" + shoe.name + "' exists");
    return unexpected("cannot add shoe '" + shoe.name + "': " + s.error());
  }
  if (auto done = bump_and_commit(*impl_->db, tx, shoe.athlete_id, "cannot add shoe '" + shoe.name + "': "); !done) {
    return unexpected(done.error());
  }
  return *id;
}

std::vector<core::Shoe> Store::shoes(std::int64_t athlete_id) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kShoeColumns) + " FROM shoes WHERE athlete_id = ? ORDER BY id");
  s.bind(1, athlete_id);
  std::vector<core::Shoe> out;
  while (s.next()) out.push_back(shoe_from(s));
  return out;
}

std::optional<core::Shoe> Store::find_shoe(std::int64_t athlete_id, const std::string& name) const {
  sql::Statement s(*impl_->db,
                   "SELECT " + std::string(kShoeColumns) + " FROM shoes WHERE athlete_id = ? AND name = ?");
  s.bind(1, athlete_id).bind(2, name);
  return s.next() ? std::optional(shoe_from(s)) : std::nullopt;
}

tl::expected<void, std::string> Store::retire_shoe(std::int64_t shoe_id, core::Date on) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot retire shoe: " + tx.error());
  const auto owner = owner_of(*impl_->db, "shoes", shoe_id);
  if (!owner) return unexpected("no shoe with id " + std::to_string(shoe_id));
  sql::Statement s(*impl_->db, "UPDATE shoes SET retired = 1, retired_on = ? WHERE id = ?");
  s.bind(1, core::to_iso_string(on)).bind(2, shoe_id);
  if (!s.run()) return unexpected("cannot retire shoe: " + s.error());
  return bump_and_commit(*impl_->db, tx, *owner, "cannot retire shoe: ");
}

tl::expected<std::int64_t, std::string> Store::add_session(const StoredSession& session) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot store session: " + tx.error());
  auto id = insert_session(*impl_->db, session);
  if (!id) return id;
  if (auto done = bump_and_commit(*impl_->db, tx, session.session.athlete_id, "cannot store session: "); !done) {
    return unexpected(done.error());
  }
  return id;
}

tl::expected<std::vector<std::int64_t>, std::string> Store::add_sessions(const std::vector<StoredSession>& sessions) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot store sessions: " + tx.error());
  std::vector<std::int64_t> ids;
  ids.reserve(sessions.size());
  std::vector<std::int64_t> athletes;
  for (const auto& session : sessions) {
    auto id = insert_session(*impl_->db, session);
    if (!id) return unexpected(id.error());  // the transaction rolls back: nothing half-imported
    ids.push_back(*id);
    athletes.push_back(session.session.athlete_id);
  }
  std::sort(athletes.begin(), athletes.end());
  athletes.erase(std::unique(athletes.begin(), athletes.end()), athletes.end());
  for (const std::int64_t athlete : athletes) {
    if (auto error = bump_athlete_revision(*impl_->db, athlete); !error.empty()) return unexpected(error);
  }
  if (!tx.commit()) return unexpected("cannot store sessions: " + tx.error());
  return ids;
}

std::vector<StoredSession> Store::sessions(std::optional<std::int64_t> athlete_id) const {
  std::string text = "SELECT " + std::string(kSessionColumns) + " FROM sessions";
  if (athlete_id) text += " WHERE athlete_id = ?";
  text += " ORDER BY date, start_time_s NULLS FIRST, id";
  sql::Statement s(*impl_->db, text);
  if (athlete_id) s.bind(1, *athlete_id);
  std::vector<StoredSession> out;
  while (s.next()) out.push_back(session_from(s));
  return out;
}

std::vector<core::SessionLap> Store::laps(std::int64_t session_id) const {
  sql::Statement s(*impl_->db,
                   "SELECT lap, start_utc_s, duration_s, distance_m, cadence_steps_per_min, gct_ms, gct_balance_left_pct, "
                   "asymmetry_pct, vertical_oscillation_mm, vertical_ratio_pct, step_length_mm, power_w, "
                   "leg_spring_stiffness_kn_per_m, speed_mps, metric_sources, step_count FROM session_laps WHERE session_id = ? "
                   "ORDER BY lap");
  s.bind(1, session_id);
  std::vector<core::SessionLap> out;
  while (s.next()) {
    core::SessionLap l;
    l.index = static_cast<int>(s.int64(0));
    l.start_utc_s = s.optional_int64(1);
    l.duration_s = s.real(2);
    l.distance_m = s.real(3);
    auto& m = l.metrics;
    m.cadence_steps_per_min = s.optional_real(4);
    m.gct_ms = s.optional_real(5);
    m.gct_balance_left_pct = s.optional_real(6);
    m.asymmetry_pct = s.optional_real(7);
    m.vertical_oscillation_mm = s.optional_real(8);
    m.vertical_ratio_pct = s.optional_real(9);
    m.step_length_mm = s.optional_real(10);
    m.power_w = s.optional_real(11);
    m.leg_spring_stiffness_kn_per_m = s.optional_real(12);
    m.speed_mps = s.optional_real(13);
    m.sources = core::metric_sources_from_text(s.text(14));
    m.step_count = s.optional_real(15);
    out.push_back(std::move(l));
  }
  return out;
}

std::optional<StoredSession> Store::session(std::int64_t id) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id = ?");
  s.bind(1, id);
  return s.next() ? std::optional(session_from(s)) : std::nullopt;
}

std::optional<std::pair<StoredSession, std::int64_t>> Store::session_and_revision(std::int64_t id) const {
  // The revision is the column after the session's (an athlete never written since schema 10 has none: 0).
  sql::Statement s(*impl_->db, "SELECT " + std::string(kSessionColumns) +
                                   ", COALESCE((SELECT revision FROM athlete_revisions r WHERE r.athlete_id = "
                                   "sessions.athlete_id), 0) FROM sessions WHERE id = ?");
  s.bind(1, id);
  if (!s.next()) return std::nullopt;
  return std::pair(session_from(s), s.int64(kSessionColumnCount));
}

tl::expected<void, std::string> Store::update_recorded_session(const StoredSession& stored) {
  const core::Session& x = stored.session;
  const std::string what = "cannot update session " + std::to_string(x.id) + ": ";
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected(what + tx.error());
  const auto owner = owner_of(*impl_->db, "sessions", x.id);
  if (!owner) return unexpected("no session with id " + std::to_string(x.id));
  sql::Statement s(*impl_->db,
                   "UPDATE sessions SET date = ?, start_time_s = ?, duration_s = ?, distance_m = ?, placements = ?, "
                   "cadence_steps_per_min = ?, gct_ms = ?, pta_g = ?, braking_g = ?, loading_rate_g_per_s = ?, "
                   "pronation_excursion_deg = ?, tibial_angle_deg = ?, asymmetry_pct = ?, speed_mps = ?, step_count = ?, "
                   "mechanical_exposure_g_steps = ?, foot_peak_accel_g = ?, start_utc_s = ?, utc_offset_s = ?, "
                   "in_progress = ?, distance_known = ? WHERE id = ?");
  s.bind(1, core::to_iso_string(x.date))
      .bind(2, x.start_time_of_day_s ? std::optional<std::int64_t>(*x.start_time_of_day_s) : std::nullopt)
      .bind(3, x.duration_s)
      .bind(4, x.distance_m)
      .bind(5, placements_text(x.placements));
  bind_metrics_and_start(s, 6, x).bind(20, stored.in_progress).bind(21, x.distance_known).bind(22, x.id);
  if (!s.run()) return unexpected(what + s.error());
  return bump_and_commit(*impl_->db, tx, *owner, what);
}

tl::expected<void, std::string> Store::merge_watch_session(const StoredSession& merged, std::int64_t watch_id) {
  sql::Connection& db = *impl_->db;
  const std::string what = "cannot merge session " + std::to_string(watch_id) + " into " + std::to_string(merged.session.id);
  sql::Transaction tx(db);
  if (!tx.error().empty()) return unexpected(what + ": " + tx.error());
  {
    sql::Statement laps(db, "UPDATE session_laps SET session_id = ? WHERE session_id = ?");
    laps.bind(1, merged.session.id).bind(2, watch_id);
    if (!laps.run()) return unexpected(what + ": " + laps.error());
  }
  if (auto gone = delete_session(watch_id); !gone) return unexpected(what + ": " + gone.error());
  if (auto measured = update_recorded_session(merged); !measured) return unexpected(what + ": " + measured.error());
  const core::Session& x = merged.session;
  const auto& m = x.metrics;
  sql::Statement rest(db,
                      "UPDATE sessions SET gct_balance_left_pct = ?, vertical_oscillation_mm = ?, vertical_ratio_pct = ?, "
                      "step_length_mm = ?, power_w = ?, leg_spring_stiffness_kn_per_m = ?, metric_sources = ?, "
                      "import_id = ?, rpe = ?, surface = ?, shoe_id = ?, notes = ? WHERE id = ?");
  rest.bind(1, m.gct_balance_left_pct).bind(2, m.vertical_oscillation_mm).bind(3, m.vertical_ratio_pct);
  rest.bind(4, m.step_length_mm).bind(5, m.power_w).bind(6, m.leg_spring_stiffness_kn_per_m);
  rest.bind(7, core::to_text(m.sources)).bind(8, merged.import_id).bind(9, x.rpe);
  rest.bind(10, std::string(core::to_string(x.surface))).bind(11, x.shoe_id).bind(12, x.notes).bind(13, x.id);
  if (!rest.run()) return unexpected(what + ": " + rest.error());
  if (!tx.commit()) return unexpected(what + ": " + tx.error());
  return {};
}

std::vector<StoredSession> Store::in_progress_sessions() const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE in_progress = 1 ORDER BY id");
  std::vector<StoredSession> out;
  while (s.next()) out.push_back(session_from(s));
  return out;
}

tl::expected<void, std::string> Store::update_session_log(const core::Session& x) {
  const std::string what = "cannot update session " + std::to_string(x.id) + ": ";
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected(what + tx.error());
  const auto owner = owner_of(*impl_->db, "sessions", x.id);
  if (!owner) return unexpected("no session with id " + std::to_string(x.id));
  sql::Statement s(*impl_->db,
                   "UPDATE sessions SET rpe = ?, surface = ?, shoe_id = ?, notes = ?, distance_m = ?, distance_known = ? "
                   "WHERE id = ?");
  s.bind(1, x.rpe).bind(2, std::string(core::to_string(x.surface))).bind(3, x.shoe_id).bind(4, x.notes);
  s.bind(5, x.distance_known ? x.distance_m : 0.0).bind(6, x.distance_known).bind(7, x.id);
  if (!s.run()) return unexpected(what + s.error());
  return bump_and_commit(*impl_->db, tx, *owner, what);
}

tl::expected<void, std::string> Store::update_session_basics(const core::Session& x) {
  const std::string what = "cannot update session " + std::to_string(x.id) + ": ";
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected(what + tx.error());
  const auto owner = owner_of(*impl_->db, "sessions", x.id);
  if (!owner) return unexpected("no session with id " + std::to_string(x.id));
  sql::Statement s(*impl_->db, "UPDATE sessions SET date = ?, duration_s = ?, activity = ? WHERE id = ?");
  s.bind(1, core::to_iso_string(x.date)).bind(2, x.duration_s).bind(3, std::string(core::to_string(x.activity))).bind(4, x.id);
  if (!s.run()) return unexpected(what + s.error());
  return bump_and_commit(*impl_->db, tx, *owner, what);
}

tl::expected<void, std::string> Store::delete_session(std::int64_t id) {
  const std::string what = "cannot delete session " + std::to_string(id) + ": ";
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected(what + tx.error());
  const auto owner = owner_of(*impl_->db, "sessions", id);
  if (!owner) return unexpected("no session with id " + std::to_string(id));
  sql::Statement s(*impl_->db, "DELETE FROM sessions WHERE id = ?");
  s.bind(1, id);
  if (!s.run()) return unexpected(what + s.error());
  return bump_and_commit(*impl_->db, tx, *owner, what);
}

tl::expected<void, std::string> Store::update_athlete(const core::Athlete& a) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot update athlete " + std::to_string(a.id) + ": " + tx.error());
  sql::Statement s(*impl_->db,
                   "UPDATE athletes SET name = ?, body_mass_kg = ?, height_m = ?, experience = ?, previous_injury = ? "
                   "WHERE id = ?");
  s.bind(1, a.name).bind(2, a.body_mass_kg).bind(3, a.height_m).bind(4, std::string(core::to_string(a.experience)));
  s.bind(5, a.previous_injury).bind(6, a.id);
  if (!s.run()) {
    if (s.unique_violation()) return unexpected("an athlete named '" + a.name + "' exists");
    return unexpected("cannot update athlete " + std::to_string(a.id) + ": " + s.error());
  }
  if (s.changes() == 0) return unexpected("no athlete with id " + std::to_string(a.id));
  return bump_and_commit(*impl_->db, tx, a.id, "cannot update athlete " + std::to_string(a.id) + ": ");
}

tl::expected<void, std::string> Store::delete_athlete(std::int64_t id) {
  sql::Statement s(*impl_->db, "DELETE FROM athletes WHERE id = ?");  // ON DELETE CASCADE takes the rest
  s.bind(1, id);
  if (!s.run()) return unexpected("cannot delete athlete " + std::to_string(id) + ": " + s.error());
  if (s.changes() == 0) return unexpected("no athlete with id " + std::to_string(id));
  return {};
}

tl::expected<std::int64_t, std::string> Store::add_symptom(const core::SymptomEntry& e) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot log symptoms: " + tx.error());
  sql::Statement s(*impl_->db,
                   "INSERT INTO symptoms (athlete_id, date, pain_during, pain_after, pain_next_morning, swelling, "
                   "instability, difficulty_bearing_weight, locking_or_clicking, notes, redness_or_warmth, "
                   "restricted_motion, stiffness, seen_professional) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.bind(1, e.athlete_id).bind(2, core::to_iso_string(e.date)).bind(3, e.pain_during_0_10).bind(4, e.pain_after_0_10);
  s.bind(5, e.pain_next_morning_0_10).bind(6, e.swelling).bind(7, e.instability).bind(8, e.difficulty_bearing_weight);
  s.bind(9, e.locking_or_clicking).bind(10, e.notes).bind(11, e.redness_or_warmth).bind(12, e.restricted_motion);
  s.bind(13, e.stiffness).bind(14, e.seen_professional);
  const auto id = s.run_returning_id();
  if (!id) return unexpected("cannot log symptoms: " + s.error());
  if (auto done = bump_and_commit(*impl_->db, tx, e.athlete_id, "cannot log symptoms: "); !done) {
    return unexpected(done.error());
  }
  return *id;
}

tl::expected<void, std::string> Store::add_rest_day(const core::RestDay& day) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot mark rest day: " + tx.error());
  sql::Statement s(*impl_->db, "INSERT INTO rest_days (athlete_id, date) VALUES (?,?) ON CONFLICT DO NOTHING");
  s.bind(1, day.athlete_id).bind(2, core::to_iso_string(day.date));
  if (!s.run()) return unexpected("cannot mark rest day: " + s.error());
  return bump_and_commit(*impl_->db, tx, day.athlete_id, "cannot mark rest day: ");
}

tl::expected<void, std::string> Store::add_rest_days(std::int64_t athlete_id, const std::vector<core::Date>& dates) {
  sql::Transaction tx(*impl_->db);
  if (!tx.error().empty()) return unexpected("cannot mark rest days: " + tx.error());
  for (const core::Date d : dates) {
    if (auto r = add_rest_day({athlete_id, d}); !r) return r;
  }
  if (!tx.commit()) return unexpected("cannot mark rest days: " + tx.error());
  return {};
}

namespace {

/// `text` matched literally by LIKE ... ESCAPE '!'.
std::string like_literal(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += c;
  }
  return out;
}

}  // namespace

tl::expected<Store::ImportCounts, std::string> Store::import_history(std::int64_t athlete_id, const HistoryFile& file) {
  sql::Connection& db = *impl_->db;
  sql::Transaction tx(db);
  if (!tx.error().empty()) return unexpected("cannot import: " + tx.error());
  ImportCounts counts;
  std::map<std::string, std::int64_t> shoe_ids;
  for (const auto& shoe : shoes(athlete_id)) shoe_ids[shoe.name] = shoe.id;
  for (const auto& row : file.sessions) {
    const std::string where = file.source + (row.line > 0 ? " line " + std::to_string(row.line) : std::string());
    if (row.import_id) {
      // Alone, or one of a merged session's space-separated identities (SQL both engines read).
      sql::Statement known(db, "SELECT 1 FROM sessions WHERE athlete_id = ? AND (import_id = ? OR "
                               "' ' || import_id || ' ' LIKE ? ESCAPE '!')");
      known.bind(1, athlete_id).bind(2, *row.import_id).bind(3, "% " + like_literal(*row.import_id) + " %");
      if (known.next()) {
        ++counts.skipped;
        continue;
      }
    }
    StoredSession stored{row.session, "", file.source, row.import_id, false};
    stored.session.athlete_id = athlete_id;
    if (row.shoe_name) {
      auto it = shoe_ids.find(*row.shoe_name);
      if (it == shoe_ids.end()) {
        core::Shoe shoe;
        shoe.athlete_id = athlete_id;
        shoe.name = *row.shoe_name;
        shoe.first_use = row.session.date;
        const auto id = add_shoe(shoe);
        if (!id) return unexpected(where + ": " + id.error());
        it = shoe_ids.emplace(*row.shoe_name, *id).first;
        counts.new_shoes.push_back(*row.shoe_name);
      }
      stored.session.shoe_id = it->second;
    }
    const auto id = insert_session(db, stored);
    if (!id) return unexpected(where + ": " + id.error());
    if (auto laps = insert_laps(db, *id, row.laps); !laps) return unexpected(where + ": " + laps.error());
    if (row.pain_0_10) {
      core::SymptomEntry pain;
      pain.athlete_id = athlete_id;
      pain.date = row.session.date;
      pain.pain_during_0_10 = row.pain_0_10;
      if (const auto added = add_symptom(pain); !added) return unexpected(where + ": " + added.error());
    }
    ++counts.imported;
  }
  if (auto done = bump_and_commit(db, tx, athlete_id, "cannot import: "); !done) return unexpected(done.error());
  return counts;
}

tl::expected<core::TrainingHistory, std::string> Store::history(std::int64_t athlete_id) const {
  core::TrainingHistory h;
  auto a = athlete(athlete_id);
  if (!a) return unexpected("no athlete with id " + std::to_string(athlete_id));
  h.athlete = std::move(*a);
  for (auto& stored : sessions(athlete_id)) h.sessions.push_back(std::move(stored.session));
  h.shoes = shoes(athlete_id);
  {
    sql::Statement s(*impl_->db,
                     "SELECT id, athlete_id, date, pain_during, pain_after, pain_next_morning, swelling, instability, "
                     "difficulty_bearing_weight, locking_or_clicking, notes, redness_or_warmth, restricted_motion, "
                     "stiffness, seen_professional FROM symptoms WHERE athlete_id = ? "
                     "ORDER BY date, id");
    s.bind(1, athlete_id);
    while (s.next()) {
      core::SymptomEntry e;
      e.id = s.int64(0);
      e.athlete_id = s.int64(1);
      e.date = core::parse_iso_date(s.text(2)).value_or(core::Date{});
      e.pain_during_0_10 = s.optional_real(3);
      e.pain_after_0_10 = s.optional_real(4);
      e.pain_next_morning_0_10 = s.optional_real(5);
      e.swelling = s.int64(6) != 0;
      e.instability = s.int64(7) != 0;
      e.difficulty_bearing_weight = s.int64(8) != 0;
      e.locking_or_clicking = s.int64(9) != 0;
      e.notes = s.text(10);
      e.redness_or_warmth = s.int64(11) != 0;
      e.restricted_motion = s.int64(12) != 0;
      e.stiffness = s.int64(13) != 0;
      e.seen_professional = s.int64(14) != 0;
      h.symptoms.push_back(std::move(e));
    }
  }
  {
    sql::Statement s(*impl_->db, "SELECT date FROM rest_days WHERE athlete_id = ? ORDER BY date");
    s.bind(1, athlete_id);
    while (s.next()) {
      if (const auto d = core::parse_iso_date(s.text(0))) h.rest_days.push_back({athlete_id, *d});
    }
  }
  {
    // Known spans: each source's first to last session day (a CSV log's date range, runload's own
    // recordings); GPX/TCX/FIT files are one watch export together. A day inside a span without a session
    // is a rest day; a day outside every span stays unknown (EVIDENCE §2.6, §5.7).
    sql::Statement s(*impl_->db,
                     "SELECT MIN(date), MAX(date) FROM sessions WHERE athlete_id = ? GROUP BY CASE "
                     "WHEN lower(source) LIKE 'import:%.gpx' OR lower(source) LIKE 'import:%.tcx' "
                     "OR lower(source) LIKE 'import:%.fit' THEN 'watch' "
                     "ELSE source END ORDER BY 1");
    s.bind(1, athlete_id);
    while (s.next()) {
      const auto first = core::parse_iso_date(s.text(0));
      const auto last = core::parse_iso_date(s.text(1));
      if (first && last) h.recorded_periods.push_back({*first, *last});
    }
  }
  return h;
}

}  // namespace runload::store
