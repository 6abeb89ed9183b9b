#pragma once
// A thin RAII layer over the SQLite C API: one place that maps return codes to error text.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runload::store::sql {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view text);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const noexcept { return stmt_ != nullptr; }
  const std::string& error() const noexcept { return error_; }

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

  /// SQLITE_ROW → true, SQLITE_DONE → false; any error is kept in error().
  bool step();
  /// For reads: SQLITE_ROW → true, SQLITE_DONE → false, and any error (a corrupted or unreadable store)
  /// throws StoreError naming the store, so a damaged table never reads as an empty one.
  bool next();
  /// Runs to completion; false (with error()) on failure.
  bool run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<double> optional_real(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

/// Executes one or more statements without results; error text or empty.
std::string exec(sqlite3* db, std::string_view sql);

/// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  const std::string& error() const noexcept { return error_; }
  bool commit();

 private:
  sqlite3* db_;
  bool open_ = false;
  std::string error_;
};

}  // namespace runload::store::sql
