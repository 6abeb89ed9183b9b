#pragma once
/// The runload session store: one SQLite file (the default), or a PostgreSQL database for a club's
/// server; the same schema, migrations and results on both.
///
/// Durability: every write in a transaction. SQLite runs WAL with synchronous=FULL, so a process killed
/// at any moment (kill -9) leaves a database that opens, passes `PRAGMA integrity_check` and holds every
/// committed write; readers run concurrently with a writer and writers wait up to 5 s for the lock.
/// A Store is one connection: use it from one thread; open one Store per thread or process.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "runload/core/training_history.h"
#include "runload/store/accounts.h"
#include "runload/store/history_import.h"
#include "runload/store/uploads.h"

namespace runload::store {

/// $XDG_DATA_HOME/runload/runload.db, else ~/.local/share/runload/runload.db.
std::filesystem::path default_store_path();

/// A `postgresql://` (or `postgres://`) URI: a store on a PostgreSQL server, not a SQLite file.
bool is_server_store(std::string_view location);

/// A read the store could not finish (a corrupted, unreadable or unreachable store). Every read method throws it rather
/// than return what it read before the error: a damaged table never reads as an empty one.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A session as stored: the domain session plus where its raw recording lives.
struct StoredSession {
  core::Session session;
  std::string recording_path;  ///< empty for imported history
  std::string source;          ///< "record", "import:history.csv", "demo", ...
  /// An imported activity's identity ("fit:<serial>:<time created>:<n>", else a content hash); a
  /// re-import of the same activity for the same athlete is skipped. nullopt for recordings. A session
  /// that two imports made one (an activity file and its platform's list row, is_activity_list_id)
  /// holds both, space-separated: "fit:3945849289:866126049:1 strava:42".
  std::optional<std::string> import_id;
  /// Still being recorded (or left so by a recording that crashed): its figures are those of the last
  /// checkpoint, at most a second old.
  bool in_progress = false;
};

class Store {
 public:
  /// `location` is a SQLite file's path or a `postgresql://` URI (libpq's form). Opens (a SQLite file
  /// is created if needed, with parent directories) and migrates the schema.
  static tl::expected<Store, std::string> open(const std::string& location);
  /// Opens an existing store for reading only: nothing is created or switched (no WAL change), so a
  /// read-only file or folder can be read, and a mistyped path is an error, not a new empty store; a
  /// PostgreSQL database without runload's tables is an error too. A store of an older schema is
  /// migrated first (that one write needs write access).
  static tl::expected<Store, std::string> open_read_only(const std::string& location);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  /// The store for messages: its path, or its URI without a password.
  const std::string& name() const;
  /// How long a write waits for another writer's lock before it fails (5 s after open on SQLite).
  void set_busy_timeout(std::chrono::milliseconds timeout);
  /// Schema version after migrations.
  int schema_version() const;
  /// "ok" when the engine's check passes (SQLite's integrity check; on PostgreSQL, which checks its own
  /// pages, every table reads), else the complaints one a line (or the error that stopped it).
  std::string integrity_check() const;

  // ---- athletes
  tl::expected<std::int64_t, std::string> add_athlete(const core::Athlete& athlete);
  std::optional<core::Athlete> find_athlete(const std::string& name) const;
  std::optional<core::Athlete> athlete(std::int64_t id) const;
  std::vector<core::Athlete> athletes() const;

  // ---- shoes
  tl::expected<std::int64_t, std::string> add_shoe(const core::Shoe& shoe);
  std::vector<core::Shoe> shoes(std::int64_t athlete_id) const;
  std::optional<core::Shoe> find_shoe(std::int64_t athlete_id, const std::string& name) const;
  tl::expected<void, std::string> retire_shoe(std::int64_t shoe_id, core::Date on);

  // ---- sessions
  tl::expected<std::int64_t, std::string> add_session(const StoredSession& session);
  /// Adds all or nothing (one transaction): an import never half-lands.
  tl::expected<std::vector<std::int64_t>, std::string> add_sessions(const std::vector<StoredSession>& sessions);
  std::vector<StoredSession> sessions(std::optional<std::int64_t> athlete_id = std::nullopt) const;
  std::optional<StoredSession> session(std::int64_t id) const;
  /// Session `id` and its athlete's revision (athlete_revision), read by one statement, so both are of the
  /// same moment: what a server that keeps pages needs to key a session's page.
  std::optional<std::pair<StoredSession, std::int64_t>> session_and_revision(std::int64_t id) const;
  /// Rewrites what a recording measured (date and start, duration, distance, placements, metrics) and
  /// the in-progress mark of session `session.session.id`; one short transaction. The log fields (RPE,
  /// surface, shoe, notes) stay as they are.
  tl::expected<void, std::string> update_recorded_session(const StoredSession& session);
  /// Folds watch activity `watch_id` into the recorded session of the same run (`merged`, from
  /// core::merge_same_run, with the recording's id): that session takes `merged`'s measured fields,
  /// running dynamics and log, the watch activity's import identity (a re-import skips it) and laps;
  /// the watch activity's own row is deleted. One transaction.
  tl::expected<void, std::string> merge_watch_session(const StoredSession& merged, std::int64_t watch_id);
  /// Sessions still marked in progress, oldest first.
  std::vector<StoredSession> in_progress_sessions() const;
  /// The laps of a session (FIT imports), in order; empty when it has none.
  std::vector<core::SessionLap> laps(std::int64_t session_id) const;
  /// Updates RPE, surface, shoe, notes and distance (known or not) of a stored session.
  tl::expected<void, std::string> update_session_log(const core::Session& session);
  /// Updates the date, start, duration and activity of a stored session (a correction by hand).
  tl::expected<void, std::string> update_session_basics(const core::Session& session);
  /// Deletes one session (its recording file stays on disk).
  tl::expected<void, std::string> delete_session(std::int64_t id);
  /// Updates name, body mass, height, experience and previous injury of an athlete.
  tl::expected<void, std::string> update_athlete(const core::Athlete& athlete);
  /// Deletes an athlete with everything of theirs: sessions, shoes, symptoms, rest days.
  tl::expected<void, std::string> delete_athlete(std::int64_t id);

  // ---- symptoms and rest days
  tl::expected<std::int64_t, std::string> add_symptom(const core::SymptomEntry& entry);
  tl::expected<void, std::string> add_rest_day(const core::RestDay& day);
  /// Marks every day of `dates` as rest, all or nothing (one transaction).
  tl::expected<void, std::string> add_rest_days(std::int64_t athlete_id, const std::vector<core::Date>& dates);

  struct ImportCounts {
    std::size_t imported = 0;
    std::size_t skipped = 0;  ///< activities already stored for the athlete (same import_id)
    std::vector<std::string> new_shoes;  ///< shoes the import created, by name
  };
  /// Stores a whole history file for `athlete_id` in one transaction: creates shoes named in it,
  /// the sessions, and a symptom entry where a row logged pain. All or nothing. A session whose
  /// import_id is already stored for the athlete (alone or beside another) is skipped (with its pain
  /// entry): a re-import adds nothing.
  tl::expected<ImportCounts, std::string> import_history(std::int64_t athlete_id, const HistoryFile& file);

  // ---- users, teams and tokens of a club's server (accounts.h)
  tl::expected<std::int64_t, std::string> add_user(const User& user);
  std::optional<User> find_user(const std::string& name) const;
  std::optional<User> user(std::int64_t id) const;
  std::vector<User> users() const;
  tl::expected<std::int64_t, std::string> add_team(const std::string& name);
  std::vector<Team> teams() const;
  tl::expected<void, std::string> add_team_athlete(std::int64_t team_id, std::int64_t athlete_id);
  /// Only a coach user coaches a team.
  tl::expected<void, std::string> add_team_coach(std::int64_t team_id, std::int64_t user_id);
  /// A new token for `user_id`: the store keeps a hash of its secret; the text is returned once.
  tl::expected<IssuedToken, std::string> issue_token(std::int64_t user_id, const std::string& label,
                                                     std::int64_t now_utc_s);
  std::vector<TokenInfo> tokens(std::int64_t user_id) const;
  tl::expected<void, std::string> revoke_token(std::int64_t token_id, std::int64_t now_utc_s);
  /// The user of a live (not revoked) token; its secret's hash compared in constant time. nullopt for
  /// anything else, malformed text included.
  std::optional<User> authenticate(std::string_view token) const;
  /// The athletes `user` may see, by id: every one for an admin, those of the teams they coach for a
  /// coach, themselves for an athlete.
  std::vector<std::int64_t> visible_athletes(const User& user) const;

  // Uploads (uploads.h). Times are UTC seconds.
  /// Queues an upload (state queued, no id needed); when the athlete already has one with the same
  /// content hash, nothing is added: that one is the answer, with `queued` false.
  struct QueuedUpload {
    Upload upload;
    bool queued = false;
  };
  tl::expected<QueuedUpload, std::string> queue_upload(const Upload& upload);
  std::optional<Upload> upload(std::int64_t id) const;
  /// Claims the oldest upload that is queued, or processing under a lease that ended before `now`:
  /// state processing, `worker` holds it until `now + lease_s`. nullopt when there is none. On
  /// PostgreSQL rows other processes are claiming are skipped (FOR UPDATE SKIP LOCKED); SQLite's write
  /// lock makes the claim exclusive.
  tl::expected<std::optional<Upload>, std::string> claim_upload(const std::string& worker, std::int64_t now_utc_s,
                                                                std::int64_t lease_s);
  /// Extends `worker`'s lease; false when it no longer holds the upload (its lease ended and another took it).
  tl::expected<bool, std::string> renew_upload_lease(std::int64_t id, const std::string& worker,
                                                     std::int64_t until_utc_s);
  /// Ends `worker`'s upload: done with its sessions, or failed with why; false when it no longer holds it.
  tl::expected<bool, std::string> finish_upload(std::int64_t id, const std::string& worker, UploadState state,
                                                const std::vector<std::int64_t>& session_ids,
                                                const std::string& error, std::int64_t now_utc_s);

  /// One table's rows and a checksum of their contents (independent of row order and engine).
  struct TableDigest {
    std::string table;
    std::int64_t rows = 0;
    std::uint64_t checksum = 0;
    bool operator==(const TableDigest&) const = default;
  };
  /// Copies every row of this store, ids included, into `target`, which must hold no rows, in one
  /// transaction (a failure leaves it empty); then compares both stores' digests. The digests, or why not.
  tl::expected<std::vector<TableDigest>, std::string> copy_into(Store& target) const;

  /// Athlete `athlete_id`'s revision: it changes with every write to what their pages show (sessions, laps,
  /// symptoms, rest days, shoes, the athlete row), in that write's transaction; 0 for an athlete never
  /// written since schema 10 (or gone). A server may keep an answer as long as the revision it was built at holds.
  std::int64_t athlete_revision(std::int64_t athlete_id) const;
  /// The revisions of `ids` (0 where none is kept), read in one query.
  std::map<std::int64_t, std::int64_t> athlete_revisions(const std::vector<std::int64_t>& ids) const;

  /// Everything the load and risk maths need for one athlete.
  tl::expected<core::TrainingHistory, std::string> history(std::int64_t athlete_id) const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace runload::store
