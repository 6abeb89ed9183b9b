#pragma once
/// The two store engines an end-to-end test runs the runload binary on: a SQLite file, or the
/// throw-away PostgreSQL cluster (testing/postgres.h).
///   INSTANTIATE_TEST_SUITE_P(Engines, X, testing::kBothStoreEngines, testing::store_engine_name);
#include <gtest/gtest.h>

#include <string>

namespace runload::testing {

enum class StoreEngine { kSqlite, kPostgres };

inline const auto kBothStoreEngines = ::testing::Values(StoreEngine::kSqlite, StoreEngine::kPostgres);

inline std::string store_engine_name(const ::testing::TestParamInfo<StoreEngine>& engine) {
  return engine.param == StoreEngine::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace runload::testing
