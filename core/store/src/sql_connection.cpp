#include "sql_connection.h"

#include "runload/store/store.h"

namespace runload::store::sql {

Statement::Statement(Connection& connection, std::string_view text)
    : connection_(&connection), cursor_(connection.prepare(text)) {}

Statement& Statement::bind(int index, std::int64_t value) {
  cursor_->bind(index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  cursor_->bind(index, value);
  return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
  cursor_->bind(index, value);
  return *this;
}
Statement& Statement::bind(int index, std::nullopt_t) {
  cursor_->bind_null(index);
  return *this;
}

bool Statement::next() {
  if (step()) return true;
  if (ok() && error().empty()) return false;
  throw StoreError("cannot read store " + connection_->name() + ": " + error());
}

bool Statement::run() {
  while (step()) {
  }
  return ok() && error().empty();
}

std::optional<std::int64_t> Statement::run_returning_id() {
  if (!step()) return std::nullopt;
  const std::int64_t id = int64(0);
  if (!run()) return std::nullopt;
  return id;
}

std::optional<double> Statement::optional_real(int column) const {
  return is_null(column) ? std::nullopt : std::optional<double>(real(column));
}
std::optional<std::int64_t> Statement::optional_int64(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::int64_t>(int64(column));
}

Transaction::Transaction(Connection& connection) : connection_(&connection) {
  joined_ = connection_->in_transaction();
  if (joined_) return;
  error_ = connection_->begin_write();
  open_ = error_.empty();
}

Transaction::~Transaction() {
  if (open_) connection_->exec("ROLLBACK");
}

bool Transaction::commit() {
  if (joined_) return true;
  if (!open_) return false;
  error_ = connection_->exec("COMMIT");
  open_ = !error_.empty() && connection_->in_transaction();
  return error_.empty();
}

}  // namespace runload::store::sql
