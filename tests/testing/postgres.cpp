#include "testing/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace runload::testing {
namespace {

std::string admin_uri() {
  const char* file = std::getenv("RUNLOAD_TEST_POSTGRES");
  if (file == nullptr) {
    throw std::runtime_error("RUNLOAD_TEST_POSTGRES is not set: run this test through ctest, whose `postgres` "
                             "fixture starts the test cluster (tools/pg_test_cluster.sh)");
  }
  std::ifstream in(file);
  std::string uri;
  if (!std::getline(in, uri) || uri.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL test cluster: ") + file + " is missing or empty");
  }
  return uri;
}

/// Runs `sql` on the database of `uri`; the error text, or empty.
std::string run(const std::string& uri, const std::string& sql) {
  PGconn* db = PQconnectdb(uri.c_str());
  std::string error;
  if (PQstatus(db) != CONNECTION_OK) {
    error = PQerrorMessage(db);
  } else {
    PQsetNoticeProcessor(db, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(db, sql.c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(db);
  return error;
}

}  // namespace

TempPostgresDatabase::TempPostgresDatabase() : admin_uri_(admin_uri()) {
  static std::atomic<int> counter{0};
  name_ = "runload_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  run(admin_uri_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");  // left by a killed run of this pid
  if (auto error = run(admin_uri_, "CREATE DATABASE " + name_); !error.empty()) {
    throw std::runtime_error("cannot create test database " + name_ + ": " + error);
  }
  // The admin URI is postgresql://USER@/postgres?host=...: the same with this database.
  const auto at = admin_uri_.find("/postgres");
  uri_ = admin_uri_.substr(0, at) + "/" + name_ + admin_uri_.substr(at + 9);
}

TempPostgresDatabase::~TempPostgresDatabase() { run(admin_uri_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }

std::string TempPostgresDatabase::exec(const std::string& sql) const { return run(uri_, sql); }

}  // namespace runload::testing
