#pragma once
/// A new, empty PostgreSQL database for one test, on the throw-away cluster that ctest's `postgres`
/// fixture starts (tools/pg_test_cluster.sh; RUNLOAD_TEST_POSTGRES names the file with its admin URI).
/// Dropped at the end. No connection is held between calls, so a test may fork.
#include <string>

namespace runload::testing {

class TempPostgresDatabase {
 public:
  TempPostgresDatabase();
  ~TempPostgresDatabase();
  TempPostgresDatabase(const TempPostgresDatabase&) = delete;
  TempPostgresDatabase& operator=(const TempPostgresDatabase&) = delete;

  /// `postgresql://` URI of the database.
  const std::string& uri() const noexcept { return uri_; }
  /// Runs `sql` in the database as its superuser; the server's error text, or empty.
  std::string exec(const std::string& sql) const;

 private:
  std::string admin_uri_;
  std::string name_;
  std::string uri_;
};

}  // namespace runload::testing
