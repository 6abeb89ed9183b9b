#include "sqlite_connection.h"

#include <sqlite3.h>

#include <unordered_map>
#include <vector>

namespace runload::store::sql {
namespace {

/// A connection's prepared statements, kept for reuse by their SQL text once a cursor is done with them:
/// preparing costs more than most of the store's queries (a sixth of a dashboard request's CPU). A kept
/// statement is reset and its bindings cleared, so it holds no read open. Bounded: past kMaxKept the
/// statement is finalized instead. Shared by the connection and its cursors, so a cursor that outlives
/// its connection is still safe (sqlite3_close_v2 waits for the last statement).
/// Thread-safety: as the connection's: one thread at a time.
class StatementCache {
 public:
  static constexpr std::size_t kMaxKept = 128;

  ~StatementCache() {
    for (auto& [text, statements] : kept_) {
      for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
    }
  }

  /// A kept statement for `text`, else nullptr.
  sqlite3_stmt* take(const std::string& text) {
    const auto it = kept_.find(text);
    if (it == kept_.end() || it->second.empty()) return nullptr;
    sqlite3_stmt* stmt = it->second.back();
    it->second.pop_back();
    --count_;
    return stmt;
  }
  /// `stmt`, done with, kept for the next cursor of `text` (or finalized when the cache is full).
  void give_back(std::string text, sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (count_ >= kMaxKept) {
      sqlite3_finalize(stmt);
      return;
    }
    kept_[std::move(text)].push_back(stmt);
    ++count_;
  }

 private:
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> kept_;
  std::size_t count_ = 0;
};

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(sqlite3* db, std::shared_ptr<StatementCache> cache, std::string_view text)
      : db_(db), cache_(std::move(cache)), text_(text) {
    stmt_ = cache_->take(text_);
    if (stmt_ != nullptr) return;
    if (sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &stmt_, nullptr) != SQLITE_OK) {
      error_ = sqlite3_errmsg(db);
      unique_ = sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE;
      sqlite3_finalize(stmt_);
      stmt_ = nullptr;
    }
  }
  ~SqliteCursor() override {
    if (stmt_ != nullptr) cache_->give_back(std::move(text_), stmt_);
  }
  SqliteCursor(const SqliteCursor&) = delete;
  SqliteCursor& operator=(const SqliteCursor&) = delete;

  bool ok() const noexcept override { return stmt_ != nullptr; }
  const std::string& error() const noexcept override { return error_; }
  bool unique_violation() const noexcept override { return unique_; }

  void bind(int index, std::int64_t value) override {
    if (stmt_ != nullptr) sqlite3_bind_int64(stmt_, index, value);
  }
  void bind(int index, double value) override {
    if (stmt_ != nullptr) sqlite3_bind_double(stmt_, index, value);
  }
  void bind(int index, const std::string& value) override {
    if (stmt_ != nullptr) sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override {
    if (stmt_ != nullptr) sqlite3_bind_null(stmt_, index);
  }

  bool step() override {
    if (stmt_ == nullptr) return false;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
    } else {
      error_ = sqlite3_errmsg(db_);
      unique_ = sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE;
    }
    return false;
  }
  std::int64_t changes() const override { return changes_; }
  void reset() override {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    error_.clear();
    unique_ = false;
  }

  int column_count() const override { return sqlite3_column_count(stmt_); }
  std::string column_name(int column) const override { return sqlite3_column_name(stmt_, column); }
  ValueKind kind(int column) const override {
    switch (sqlite3_column_type(stmt_, column)) {
      case SQLITE_NULL: return ValueKind::kNull;
      case SQLITE_INTEGER: return ValueKind::kInteger;
      case SQLITE_FLOAT: return ValueKind::kReal;
      default: return ValueKind::kText;  // the schema has no BLOB column
    }
  }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p != nullptr ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  sqlite3* db_;
  std::shared_ptr<StatementCache> cache_;
  std::string text_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
  bool unique_ = false;
  std::int64_t changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(std::string name) : name_(std::move(name)) {}
  ~SqliteConnection() override {
    statements_.reset();  // finalizes the kept statements, unless a cursor still holds the cache
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  /// Empty, or why it failed.
  std::string open(const std::string& filename, int flags) {
    if (sqlite3_open_v2(filename.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      return "cannot open store " + name_ + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
    }
    sqlite3_busy_timeout(db_, 5000);
    return {};
  }
  sqlite3* db() const noexcept { return db_; }

  Engine engine() const noexcept override { return Engine::kSqlite; }
  const std::string& name() const noexcept override { return name_; }
  std::unique_ptr<Cursor> prepare(std::string_view text) override {
    return std::make_unique<SqliteCursor>(db_, statements_, text);
  }
  std::string exec(std::string_view script) override {
    char* message = nullptr;
    const std::string text(script);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
    std::string error = message != nullptr ? message : "unknown SQLite error";
    sqlite3_free(message);
    return error;
  }
  std::string begin_write() override { return exec("BEGIN IMMEDIATE"); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  void set_lock_timeout(std::chrono::milliseconds timeout) override {
    sqlite3_busy_timeout(db_, static_cast<int>(timeout.count()));
  }

  tl::expected<int, std::string> schema_version() override {
    Statement s(*this, "PRAGMA user_version");
    if (s.step()) return static_cast<int>(s.int64(0));
    return tl::unexpected("cannot read store " + name_ + ": " + s.error());
  }
  std::string set_schema_version(int version) override { return exec("PRAGMA user_version=" + std::to_string(version)); }
  std::string lock_schema() override { return {}; }
  std::string migration_text(std::string_view sqlite_ddl) const override { return std::string(sqlite_ddl); }
  std::string integrity_check() override {
    Statement s(*this, "PRAGMA integrity_check");
    std::string out;
    while (s.step()) {
      if (!out.empty()) out += '\n';
      out += s.text(0);
    }
    return s.error().empty() ? out : s.error();
  }
  std::string continue_ids_after_copy(std::string_view) override { return {}; }

 private:
  std::string name_;
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementCache> statements_ = std::make_shared<StatementCache>();
};

/// "file:" URI of a path for sqlite3_open_v2 with SQLITE_OPEN_URI ('%', '?' and '#' escaped).
std::string file_uri(const std::filesystem::path& path, std::string_view query) {
  std::string uri = "file:";
  for (const char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + "?" + std::string(query);
}

}  // namespace

tl::expected<std::unique_ptr<Connection>, std::string> open_sqlite(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto connection = std::make_unique<SqliteConnection>(path.string());
  if (auto error = connection->open(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !error.empty()) {
    return tl::unexpected(error);
  }
  // WAL: readers never block the writer; FULL: a commit is on disk when it returns.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (auto error = connection->exec(pragma); !error.empty()) {
      return tl::unexpected("cannot open store " + path.string() + ": " + error);
    }
  }
  return connection;
}

tl::expected<std::unique_ptr<Connection>, std::string> open_sqlite_read_only(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return tl::unexpected("no store at " + path.string() +
                          " (check --store; a command that writes, e.g. `runload athlete add`, creates one)");
  }
  // mode=ro first; a WAL store in a folder we cannot write has no -shm to share, and nobody can write
  // it then either, so it is read as immutable.
  for (const char* query : {"mode=ro", "mode=ro&immutable=1"}) {
    auto connection = std::make_unique<SqliteConnection>(path.string());
    if (auto error = connection->open(file_uri(path, query), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI); !error.empty()) {
      return tl::unexpected(error);
    }
    const auto version = connection->schema_version();
    if (version) return connection;
    // No WAL index to share (SQLITE_CANTOPEN, or READONLY when it cannot be created): read as immutable.
    const int code = sqlite3_errcode(connection->db());
    if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY) continue;
    return tl::unexpected(version.error());
  }
  return tl::unexpected("cannot open store " + path.string() + ": unable to open database file");
}

}  // namespace runload::store::sql
