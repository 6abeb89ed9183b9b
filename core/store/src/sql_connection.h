#pragma once
// One SQL interface over the store's two engines, SQLite (a file, the default) and PostgreSQL (a
// server, for a club). The store writes its statements once, with `?` placeholders and SQL both engines
// understand; each engine maps return codes to error text in one place.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace runload::store::sql {

enum class Engine { kSqlite, kPostgres };

/// What a result column holds in the current row.
enum class ValueKind { kNull, kInteger, kReal, kText };

/// One prepared statement of an engine: binds 1-based `?` parameters, steps through result rows.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual bool ok() const noexcept = 0;
  virtual const std::string& error() const noexcept = 0;
  /// The last failure broke a UNIQUE constraint.
  virtual bool unique_violation() const noexcept = 0;

  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, double value) = 0;
  virtual void bind(int index, const std::string& value) = 0;
  virtual void bind_null(int index) = 0;

  /// A row → true; done or an error (kept in error()) → false.
  virtual bool step() = 0;
  /// Rows the last completed INSERT, UPDATE or DELETE changed.
  virtual std::int64_t changes() const = 0;
  /// Ready to bind and run again.
  virtual void reset() = 0;

  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
  virtual ValueKind kind(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
};

/// A connection to one store. Use it from one thread.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const noexcept = 0;
  /// The store for messages: a path, or a URI without its password.
  virtual const std::string& name() const noexcept = 0;
  virtual std::unique_ptr<Cursor> prepare(std::string_view text) = 0;
  /// Runs statements without parameters or results; error text, or empty.
  virtual std::string exec(std::string_view script) = 0;
  /// Starts a write transaction that holds the write lock from its start; error text, or empty.
  virtual std::string begin_write() = 0;
  /// Inside a transaction (one a failed COMMIT may have left open).
  virtual bool in_transaction() const = 0;

  /// How long a write waits for another writer's lock before it fails.
  virtual void set_lock_timeout(std::chrono::milliseconds timeout) = 0;

  /// The schema version a migration last wrote (0 for a new store), or why it cannot be read.
  virtual tl::expected<int, std::string> schema_version() = 0;
  /// Inside the migration's transaction.
  virtual std::string set_schema_version(int version) = 0;
  /// Inside a transaction: waits until no other process migrates this store (PostgreSQL; SQLite's write
  /// transaction already excludes one).
  virtual std::string lock_schema() = 0;
  /// Migration `sqlite_ddl` in this engine's types.
  virtual std::string migration_text(std::string_view sqlite_ddl) const = 0;
  /// "ok", else what the engine's check found, one a line.
  virtual std::string integrity_check() = 0;
  /// After rows were copied in with their ids: the next id of `table` follows the largest (PostgreSQL's
  /// identity sequence; SQLite needs nothing).
  virtual std::string continue_ids_after_copy(std::string_view table) = 0;
};

/// A statement run on a connection; reads throw StoreError on an engine error (a damaged or unreachable
/// store never reads as an empty one).
class Statement {
 public:
  Statement(Connection& connection, std::string_view text);

  bool ok() const noexcept { return cursor_->ok(); }
  const std::string& error() const noexcept { return cursor_->error(); }
  bool unique_violation() const noexcept { return cursor_->unique_violation(); }

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, std::nullopt_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }

  /// A row → true; done → false; an error is kept in error().
  bool step() { return cursor_->step(); }
  /// For reads: a row → true, done → false, and an error throws StoreError naming the store.
  bool next();
  /// Runs to completion; false (with error()) on failure.
  bool run();
  /// Runs an `INSERT ... RETURNING id`: the new row's id, or the error.
  std::optional<std::int64_t> run_returning_id();
  std::int64_t changes() const { return cursor_->changes(); }
  void reset() { cursor_->reset(); }

  int column_count() const { return cursor_->column_count(); }
  std::string column_name(int column) const { return cursor_->column_name(column); }
  ValueKind kind(int column) const { return cursor_->kind(column); }
  bool is_null(int column) const { return cursor_->is_null(column); }
  std::int64_t int64(int column) const { return cursor_->int64(column); }
  double real(int column) const { return cursor_->real(column); }
  std::string text(int column) const { return cursor_->text(column); }
  std::optional<double> optional_real(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  Connection* connection_;
  std::unique_ptr<Cursor> cursor_;
};

/// A write transaction, rolled back unless commit() succeeded. Begun while the connection is already in
/// one, it joins it: commit() does nothing and the outer transaction decides.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const std::string& error() const noexcept { return error_; }
  bool commit();

 private:
  Connection* connection_;
  bool open_ = false;
  bool joined_ = false;  ///< begun inside another write's transaction: that one commits or rolls back
  std::string error_;
};

}  // namespace runload::store::sql
