#pragma once
// Versioned schema migrations: migration N takes user_version N-1 to N. Append only.
#include <array>
#include <string_view>

namespace runload::store {

inline constexpr std::array<std::string_view, 10> kMigrations = {
    R"sql(
CREATE TABLE athletes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  body_mass_kg REAL CHECK (body_mass_kg IS NULL OR body_mass_kg > 0),
  height_m REAL CHECK (height_m IS NULL OR height_m > 0),
  experience TEXT NOT NULL DEFAULT 'recreational',
  previous_injury INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE shoes (
  id INTEGER PRIMARY KEY,
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  first_use TEXT,
  budget_km REAL NOT NULL CHECK (budget_km > 0),
  initial_km REAL NOT NULL DEFAULT 0 CHECK (initial_km >= 0),
  retired INTEGER NOT NULL DEFAULT 0,
  retired_on TEXT,
  UNIQUE (athlete_id, name)
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  start_time_s INTEGER,
  duration_s REAL NOT NULL CHECK (duration_s >= 0),
  distance_m REAL NOT NULL CHECK (distance_m >= 0),
  activity TEXT NOT NULL,
  placements TEXT NOT NULL DEFAULT '',
  shoe_id INTEGER REFERENCES shoes(id) ON DELETE SET NULL,
  surface TEXT NOT NULL DEFAULT 'unknown',
  rpe REAL CHECK (rpe IS NULL OR (rpe >= 0 AND rpe <= 10)),
  notes TEXT NOT NULL DEFAULT '',
  recording_path TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  cadence_steps_per_min REAL, gct_ms REAL, pta_g REAL, braking_g REAL, loading_rate_g_per_s REAL,
  pronation_excursion_deg REAL, tibial_angle_deg REAL, asymmetry_pct REAL, speed_mps REAL,
  step_count REAL, mechanical_exposure_g_steps REAL
);
CREATE INDEX sessions_by_athlete_date ON sessions (athlete_id, date);
CREATE TABLE symptoms (
  id INTEGER PRIMARY KEY,
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  pain_during REAL CHECK (pain_during IS NULL OR (pain_during >= 0 AND pain_during <= 10)),
  pain_after REAL CHECK (pain_after IS NULL OR (pain_after >= 0 AND pain_after <= 10)),
  pain_next_morning REAL CHECK (pain_next_morning IS NULL OR (pain_next_morning >= 0 AND pain_next_morning <= 10)),
  swelling INTEGER NOT NULL DEFAULT 0,
  instability INTEGER NOT NULL DEFAULT 0,
  difficulty_bearing_weight INTEGER NOT NULL DEFAULT 0,
  locking_or_clicking INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE rest_days (
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  PRIMARY KEY (athlete_id, date)
);
)sql",
    // 2: the article's other symptom inputs, and "seen by a professional" (issue 11). An old
    // locking_or_clicking mark also meant "locking / restricted range of motion": keep it a red flag.
    R"sql(
ALTER TABLE symptoms ADD COLUMN redness_or_warmth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE symptoms ADD COLUMN restricted_motion INTEGER NOT NULL DEFAULT 0;
ALTER TABLE symptoms ADD COLUMN stiffness INTEGER NOT NULL DEFAULT 0;
ALTER TABLE symptoms ADD COLUMN seen_professional INTEGER NOT NULL DEFAULT 0;
UPDATE symptoms SET restricted_motion = locking_or_clicking;
)sql",
    // 3: foot and shank peak acceleration apart (issue 11). Schema 2 stored the foot's peak as pta_g when
    // no shank was worn; move those values to the foot column. Rows without placements stay as they are.
    R"sql(
ALTER TABLE sessions ADD COLUMN foot_peak_accel_g REAL;
UPDATE sessions SET foot_peak_accel_g = pta_g, pta_g = NULL
  WHERE pta_g IS NOT NULL AND placements <> '' AND (',' || placements || ',') NOT LIKE '%,shank,%';
)sql",
    // 4: the start instant in UTC and the local offset (issue 11); older rows keep their date (unknown instant).
    R"sql(
ALTER TABLE sessions ADD COLUMN start_utc_s INTEGER;
ALTER TABLE sessions ADD COLUMN utc_offset_s INTEGER;
)sql",
    // 5: a session is in the store while it is recorded (issue 14: 2): in_progress = 1 until it is
    // finalised at the end of the recording, or on the next start after a crash.
    R"sql(
ALTER TABLE sessions ADD COLUMN in_progress INTEGER NOT NULL DEFAULT 0;
)sql",
    // 6: watch data in (issue 12): running dynamics a watch, pod or Stryd reports, each metric's source,
    // laps, and the identity of an imported activity so that a re-import skips it. Self-contained.
    R"sql(
ALTER TABLE sessions ADD COLUMN gct_balance_left_pct REAL;
ALTER TABLE sessions ADD COLUMN vertical_oscillation_mm REAL;
ALTER TABLE sessions ADD COLUMN vertical_ratio_pct REAL;
ALTER TABLE sessions ADD COLUMN step_length_mm REAL;
ALTER TABLE sessions ADD COLUMN power_w REAL;
ALTER TABLE sessions ADD COLUMN leg_spring_stiffness_kn_per_m REAL;
ALTER TABLE sessions ADD COLUMN metric_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN import_id TEXT;
CREATE UNIQUE INDEX sessions_by_import_id ON sessions (athlete_id, import_id) WHERE import_id IS NOT NULL;
CREATE TABLE session_laps (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  lap INTEGER NOT NULL,
  start_utc_s INTEGER,
  duration_s REAL NOT NULL CHECK (duration_s >= 0),
  distance_m REAL NOT NULL CHECK (distance_m >= 0),
  cadence_steps_per_min REAL, gct_ms REAL, gct_balance_left_pct REAL, asymmetry_pct REAL,
  vertical_oscillation_mm REAL, vertical_ratio_pct REAL, step_length_mm REAL, power_w REAL,
  leg_spring_stiffness_kn_per_m REAL, speed_mps REAL, step_count REAL,
  metric_sources TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (session_id, lap)
);
)sql",
    // 7: a distance nothing measured is unknown, not 0 km (issue 12 §3). Sessions recorded with sensors but no
    // foot sensor stored 0 m: mark them unknown. Imported rows (no placements) keep their 0 km.
    R"sql(
ALTER TABLE sessions ADD COLUMN distance_known INTEGER NOT NULL DEFAULT 1;
UPDATE sessions SET distance_known = 0
  WHERE distance_m = 0 AND placements <> '' AND (',' || placements || ',') NOT LIKE '%,foot,%';
)sql",
    // 8: a club's server (issue 13): users with a role (an athlete user is one athlete), teams with their
    // athletes and coaches, and the users' tokens, kept as a hash of their secret, revocable.
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'athlete')),
  athlete_id INTEGER UNIQUE REFERENCES athletes(id) ON DELETE CASCADE,
  CHECK ((role = 'athlete') = (athlete_id IS NOT NULL))
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE team_athletes (
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, athlete_id)
);
CREATE TABLE team_coaches (
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_hash TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  created_utc_s INTEGER NOT NULL,
  revoked_utc_s INTEGER
);
)sql",
    // 9: uploads to a club's server (issue 13 §3): one row per athlete and file content, the queue every
    // server process on the database shares (a worker's claim holds a lease; an expired one is taken over).
    R"sql(
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recording', 'fit')),
  file_path TEXT NOT NULL,
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  uploaded_by TEXT NOT NULL DEFAULT '',
  utc_offset_s INTEGER,
  created_utc_s INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'processing', 'done', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  session_ids TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  worker TEXT,
  lease_until_utc_s INTEGER,
  finished_utc_s INTEGER,
  UNIQUE (athlete_id, content_hash)
);
CREATE INDEX uploads_to_claim ON uploads (state, id);
)sql",
    // 10: a revision per athlete (issue 13, kept answers): every write that changes what the athlete's pages
    // show bumps it in its own transaction, so a server checks a kept answer with one read.
    R"sql(
CREATE TABLE athlete_revisions (
  athlete_id INTEGER PRIMARY KEY REFERENCES athletes(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL
);
)sql",
};

/// Every table of the latest schema, each after the tables it refers to (append when a migration adds one).
inline constexpr std::array<std::string_view, 13> kTables = {
    "athletes", "shoes", "sessions", "session_laps", "symptoms", "rest_days",
    "users",    "teams", "team_athletes", "team_coaches", "tokens", "uploads", "athlete_revisions"};

}  // namespace runload::store
