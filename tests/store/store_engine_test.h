#pragma once
// A store test fixture run on both engines: a SQLite file in a temporary folder, and a new database on
// the PostgreSQL test cluster (testing/postgres.h). INSTANTIATE_TEST_SUITE_P(Engines, X, kBothEngines, engine_name).
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "runload/store/store.h"
// The migrations and raw connections, to write a store as an older runload did.
#include "../../core/store/src/postgres_connection.h"
#include "../../core/store/src/schema.h"
#include "../../core/store/src/sqlite_connection.h"
#include "testing/child_process.h"
#include "testing/postgres.h"

namespace runload::store {

class StoreEngineTest : public ::testing::TestWithParam<sql::Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == sql::Engine::kPostgres) postgres_.emplace();
  }
  /// The store's --store: a SQLite file, or the test's PostgreSQL database.
  std::string path() const { return postgres_ ? postgres_->uri() : dir_.file("runload.db"); }
  Store open() {
    auto s = Store::open(path());
    EXPECT_TRUE(s.has_value()) << s.error();
    return std::move(*s);
  }
  /// A connection without migrations, to write what an older runload wrote.
  std::unique_ptr<sql::Connection> raw() const {
    auto db = postgres_ ? sql::open_postgres(path(), false) : sql::open_sqlite(path());
    EXPECT_TRUE(db.has_value()) << db.error();
    return std::move(*db);
  }
  /// Writes a store at schema `version` (the first `version` migrations), as that runload left it.
  void write_old_store(int version, const char* data_sql) const {
    auto db = raw();
    for (int i = 0; i < version; ++i) {
      ASSERT_EQ(db->exec(db->migration_text(kMigrations[static_cast<std::size_t>(i)])), "");
    }
    ASSERT_EQ(db->set_schema_version(version), "");
    ASSERT_EQ(db->exec(data_sql), "");
  }

  testing::TempDir dir_;
  std::optional<testing::TempPostgresDatabase> postgres_;
};

/// The day of an ISO date; REQUIRES: a valid one.
inline core::Date day(const char* iso) { return *core::parse_iso_date(iso); }

/// A run of `km` on `date` (330 s per km, RPE 4) for athlete `athlete_id`, as a test stores it.
inline StoredSession run_on(std::int64_t athlete_id, const char* date, double km) {
  StoredSession s;
  s.session.athlete_id = athlete_id;
  s.session.date = day(date);
  s.session.distance_m = km * 1000.0;
  s.session.duration_s = km * 330.0;
  s.session.rpe = 4.0;
  s.source = "test";
  return s;
}

inline const auto kBothEngines = ::testing::Values(sql::Engine::kSqlite, sql::Engine::kPostgres);

inline std::string engine_name(const ::testing::TestParamInfo<sql::Engine>& engine) {
  return engine.param == sql::Engine::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace runload::store
