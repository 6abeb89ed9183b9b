#include "sqlite.h"

#include "runload/store/store.h"

namespace runload::store::sql {

Statement::Statement(sqlite3* db, std::string_view text) : db_(db) {
  if (sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &stmt_, nullptr) != SQLITE_OK) {
    error_ = sqlite3_errmsg(db);
    stmt_ = nullptr;
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (stmt_ != nullptr) sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  if (stmt_ != nullptr) sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
  if (stmt_ != nullptr) sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, std::nullopt_t) {
  if (stmt_ != nullptr) sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  if (stmt_ == nullptr) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
  return false;
}

bool Statement::next() {
  if (step()) return true;
  if (stmt_ != nullptr && error_.empty()) return false;
  const char* file = sqlite3_db_filename(db_, "main");
  throw StoreError("cannot read store " + std::string(file != nullptr ? file : "") + ": " + error_);
}

bool Statement::run() {
  while (step()) {
  }
  return stmt_ != nullptr && error_.empty();
}

void Statement::reset() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  error_.clear();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p != nullptr ? std::string(reinterpret_cast<const char*>(p)) : std::string();
}
std::optional<double> Statement::optional_real(int column) const {
  return is_null(column) ? std::nullopt : std::optional<double>(real(column));
}
std::optional<std::int64_t> Statement::optional_int64(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::int64_t>(int64(column));
}

std::string exec(sqlite3* db, std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
  std::string error = message != nullptr ? message : "unknown SQLite error";
  sqlite3_free(message);
  return error;
}

Transaction::Transaction(sqlite3* db) : db_(db) {
  error_ = exec(db_, "BEGIN IMMEDIATE");
  open_ = error_.empty();
}

Transaction::~Transaction() {
  if (open_) exec(db_, "ROLLBACK");
}

bool Transaction::commit() {
  if (!open_) return false;
  error_ = exec(db_, "COMMIT");
  open_ = !error_.empty() && sqlite3_get_autocommit(db_) == 0;
  return error_.empty();
}

}  // namespace runload::store::sql
