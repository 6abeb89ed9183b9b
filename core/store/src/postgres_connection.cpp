#include "postgres_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <unordered_map>
#include <variant>
#include <vector>

#include "schema.h"

namespace runload::store::sql {
namespace {

constexpr std::string_view kUniqueViolation = "23505";  // SQLSTATE

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

bool succeeded(const PGresult* r) {
  const auto status = PQresultStatus(r);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/// The statements a connection has prepared on its server session, by text: a prepared statement is
/// parsed and planned once, not on every execution (most of the server's CPU for the dashboard's small
/// queries). A named statement outlives a rolled-back transaction (tests/store/kept_statements_test.cpp),
/// so a name stays usable once its preparation succeeded, and is recorded only then. Bounded: past
/// kMaxPrepared, statements run unprepared (PQexecParams).
/// Thread-safety: as the connection's: one thread at a time.
class PreparedStatements {
 public:
  static constexpr std::size_t kMaxPrepared = 256;

  /// The name `text` is prepared under on `db`, preparing it now if need be; null past the bound. A failed
  /// preparation (a statement the server refuses) is returned as its result, for the caller to report.
  std::variant<const std::string*, Result> name_of(PGconn* db, const std::string& text) {
    if (const auto it = names_.find(text); it != names_.end()) return &it->second;
    if (names_.size() >= kMaxPrepared) return nullptr;
    std::string name = "rl_" + std::to_string(names_.size() + 1);
    Result r(PQprepare(db, name.c_str(), text.c_str(), 0, nullptr));
    if (!r || !succeeded(r.get())) return r;
    return &names_.emplace(text, std::move(name)).first->second;
  }

 private:
  std::unordered_map<std::string, std::string> names_;
};

class PostgresCursor final : public Cursor {
 public:
  PostgresCursor(PGconn* db, PreparedStatements& prepared, std::string_view text)
      : db_(db), prepared_(&prepared), text_(numbered_placeholders(text)) {}

  bool ok() const noexcept override { return true; }
  const std::string& error() const noexcept override { return error_; }
  bool unique_violation() const noexcept override { return unique_; }

  void bind(int index, std::int64_t value) override { set(index, std::to_string(value)); }
  void bind(int index, double value) override {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest exact text
    set(index, std::string(buffer, end));
  }
  void bind(int index, const std::string& value) override { set(index, value); }
  void bind_null(int index) override { set(index, std::nullopt); }

  bool step() override {
    if (!result_) {
      if (!error_.empty()) return false;
      execute();
      if (!error_.empty()) return false;
    }
    if (++row_ < PQntuples(result_.get())) return true;
    const std::string_view changed = PQcmdTuples(result_.get());  // "" for statements other than writes
    std::from_chars(changed.data(), changed.data() + changed.size(), changes_);
    return false;
  }
  std::int64_t changes() const override { return changes_; }
  void reset() override {
    result_.reset();
    params_.clear();
    error_.clear();
    unique_ = false;
    row_ = -1;
    changes_ = 0;
  }

  int column_count() const override { return PQnfields(result_.get()); }
  std::string column_name(int column) const override { return PQfname(result_.get(), column); }
  ValueKind kind(int column) const override {
    if (is_null(column)) return ValueKind::kNull;
    switch (PQftype(result_.get(), column)) {  // type OIDs (catalog/pg_type_d.h)
      case 20: case 21: case 23: return ValueKind::kInteger;  // int8, int2, int4
      case 700: case 701: return ValueKind::kReal;           // float4, float8
      default: return ValueKind::kText;
    }
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t int64(int column) const override {
    const char* p = PQgetvalue(result_.get(), row_, column);
    std::int64_t value = 0;
    std::from_chars(p, p + PQgetlength(result_.get(), row_, column), value);
    return value;
  }
  double real(int column) const override {
    // from_chars, not strtod: the C locale's '.' whatever the process's locale ("Infinity" and "NaN" too).
    const char* p = PQgetvalue(result_.get(), row_, column);
    double value = 0.0;
    std::from_chars(p, p + PQgetlength(result_.get(), row_, column), value);
    return value;
  }
  std::string text(int column) const override {
    return std::string(PQgetvalue(result_.get(), row_, column), static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }

 private:
  void set(int index, std::optional<std::string> value) {
    if (index < 1) return;
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
    params_[static_cast<std::size_t>(index - 1)] = std::move(value);
  }

  void execute() {
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    const int count = static_cast<int>(values.size());
    auto prepared = prepared_->name_of(db_, text_);
    if (auto* failed = std::get_if<Result>(&prepared)) {
      result_ = std::move(*failed);  // reported below as the execution's error would be
    } else if (const std::string* name = std::get<const std::string*>(prepared)) {
      result_.reset(PQexecPrepared(db_, name->c_str(), count, values.data(), nullptr, nullptr, 0));
    } else {
      result_.reset(PQexecParams(db_, text_.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0));
    }
    if (!result_) {
      error_ = trimmed(PQerrorMessage(db_));
    } else if (!succeeded(result_.get())) {
      error_ = trimmed(PQresultErrorMessage(result_.get()));
      const char* state = PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE);
      unique_ = state != nullptr && state == kUniqueViolation;
      result_.reset();
    }
    if (!result_ && error_.empty()) error_ = "no result from the server";
  }

  PGconn* db_;
  PreparedStatements* prepared_;
  std::string text_;
  std::vector<std::optional<std::string>> params_;
  Result result_;
  std::string error_;
  bool unique_ = false;
  int row_ = -1;
  std::int64_t changes_ = 0;
};

void ignore_notice(void*, const char*) {}

std::string or_empty(const char* text) { return text != nullptr ? text : ""; }

class PostgresConnection final : public Connection {
 public:
  PostgresConnection() = default;
  ~PostgresConnection() override { PQfinish(db_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  std::string connect(const std::string& uri) {
    db_ = PQconnectdb(uri.c_str());
    if (db_ == nullptr) return "cannot connect to the store: out of memory";
    const std::string host = or_empty(PQhost(db_));
    name_ = host.starts_with('/')  // a Unix socket's folder
                ? fmt::format("postgresql://{}@/{}?host={}", or_empty(PQuser(db_)), or_empty(PQdb(db_)), host)
                : fmt::format("postgresql://{}@{}:{}/{}", or_empty(PQuser(db_)), host, or_empty(PQport(db_)),
                              or_empty(PQdb(db_)));
    if (PQstatus(db_) != CONNECTION_OK) return "cannot connect to store " + name_ + ": " + trimmed(PQerrorMessage(db_));
    PQsetNoticeProcessor(db_, ignore_notice, nullptr);
    return {};
  }

  Engine engine() const noexcept override { return Engine::kPostgres; }
  const std::string& name() const noexcept override { return name_; }
  std::unique_ptr<Cursor> prepare(std::string_view text) override {
    return std::make_unique<PostgresCursor>(db_, prepared_, text);
  }
  std::string exec(std::string_view script) override {
    const Result r(PQexec(db_, std::string(script).c_str()));
    if (!r) return trimmed(PQerrorMessage(db_));
    return succeeded(r.get()) ? std::string() : trimmed(PQresultErrorMessage(r.get()));
  }
  std::string begin_write() override { return exec("BEGIN"); }
  bool in_transaction() const override { return PQtransactionStatus(db_) != PQTRANS_IDLE; }
  void set_lock_timeout(std::chrono::milliseconds timeout) override {
    exec("SET lock_timeout = " + std::to_string(timeout.count()));
  }

  tl::expected<int, std::string> schema_version() override {
    Statement table(*this, "SELECT to_regclass('runload_schema') IS NOT NULL");
    if (!table.step()) return tl::unexpected("cannot read store " + name_ + ": " + table.error());
    if (table.text(0) != "t") return 0;
    Statement s(*this, "SELECT version FROM runload_schema");
    if (s.step()) return static_cast<int>(s.int64(0));
    if (!s.error().empty()) return tl::unexpected("cannot read store " + name_ + ": " + s.error());
    return 0;
  }
  std::string set_schema_version(int version) override {
    return exec("CREATE TABLE IF NOT EXISTS runload_schema (version BIGINT NOT NULL); DELETE FROM runload_schema; "
                "INSERT INTO runload_schema (version) VALUES (" + std::to_string(version) + ")");
  }
  std::string lock_schema() override {
    return exec("SELECT pg_advisory_xact_lock(7242916341)");  // any fixed key: runload's migrations
  }
  std::string migration_text(std::string_view sqlite_ddl) const override { return postgres_ddl(sqlite_ddl); }
  std::string integrity_check() override {
    // PostgreSQL checksums and checks its own pages; what runload can check is that every table reads.
    for (const std::string_view table : kTables) {
      Statement s(*this, "SELECT count(*) FROM " + std::string(table));
      if (!s.step()) return std::string(table) + ": " + s.error();
    }
    return "ok";
  }
  std::string continue_ids_after_copy(std::string_view table) override {
    const std::string t(table);
    Statement identity(*this, "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = 'id'");
    identity.bind(1, t);
    if (!identity.step()) return identity.error();  // empty: no id column of its own (rest_days, session_laps)
    return exec("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), COALESCE((SELECT MAX(id) FROM " + t +
                "), 0) + 1, false)");
  }

 private:
  PGconn* db_ = nullptr;
  PreparedStatements prepared_;
  std::string name_;
};

bool is_word_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

/// `text` with every whole word `from` replaced by `to` (case-sensitive: the migrations write types in capitals).
std::string replace_word(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = text.find(from, i);
    if (at == std::string_view::npos) break;
    const bool starts = at == 0 || !is_word_char(text[at - 1]);
    const bool ends = at + from.size() == text.size() || !is_word_char(text[at + from.size()]);
    out.append(text.substr(i, at - i));
    out.append(starts && ends ? to : from);
    i = at + from.size();
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace

bool is_postgres_uri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

tl::expected<std::unique_ptr<Connection>, std::string> open_postgres(const std::string& uri, bool read_only) {
  auto connection = std::make_unique<PostgresConnection>();
  if (auto error = connection->connect(uri); !error.empty()) return tl::unexpected(error);
  if (read_only) {
    if (auto error = connection->exec("SET default_transaction_read_only = on"); !error.empty()) {
      return tl::unexpected("cannot open store " + connection->name() + ": " + error);
    }
  }
  return connection;
}

std::string postgres_ddl(std::string_view sqlite_ddl) {
  std::string out = replace_word(sqlite_ddl, "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  out = replace_word(out, "INTEGER", "BIGINT");
  return replace_word(out, "REAL", "DOUBLE PRECISION");
}

std::string numbered_placeholders(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  int next = 0;
  char quote = 0;
  for (const char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++next);
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace runload::store::sql
