// The CLI on both store engines, as a club moves from a laptop to a server: the same commands give the
// same answers on a SQLite file and on PostgreSQL, and `store migrate` copies a SQLite store losslessly.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "testing/paths.h"
#include "testing/postgres.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

namespace fs = std::filesystem;

class StoreEnginesCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (!fs::exists(fit_dir())) GTEST_SKIP() << "dataset not found: " << fit_dir();
  }
  static fs::path fit_dir() { return testing::shared_datasets() / "fit"; }

  /// What a runner and a coach put in a store over time: athletes, a shoe, a watch export, a hand-kept
  /// log, symptoms, a rest day, an edit.
  void fill_store() {
    auto ok = [this](std::vector<std::string> args) {
      const auto r = rl(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    ok({"athlete", "add", "--name", "Ana", "--mass-kg", "61.5"});
    ok({"athlete", "add", "--name", "bob"});
    ok({"shoe", "add", "--athlete", "Ana", "--name", "Pegasus", "--budget-km", "700"});
    ok({"import", (fit_dir() / "python-fitparse/garmin-fenix-5-run.fit").string(), "--athlete", "Ana"});
    ok({"import", (fit_dir() / "heartandsole/B47I2852.FIT").string(), "--athlete", "Ana"});
    const std::string csv = write("log.csv",
                                  "date,distance_km,duration_min,rpe,shoe,pain\n"
                                  "2026-02-02,8.5,47,4,Pegasus,\n"
                                  "2026-02-04,10.25,58.5,5,Pegasus,2\n"
                                  "2026-02-07,21.1,125,7,Pegasus,\n");
    ok({"import", csv, "--athlete", "bob"});
    ok({"log", "--athlete", "Ana", "--date", "2026-02-05", "--pain-morning", "3", "--swelling"});
    ok({"rest", "--athlete", "bob", "--date", "2026-02-05"});
  }

  /// The answers a runner and a coach read, as JSON and CSV.
  std::vector<std::string> answers() {
    std::vector<std::string> out;
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"athlete", "list"},
             {"sessions", "--json"},
             {"load", "--athlete", "Ana", "--as-of", "2017-06-12", "--json"},
             {"load", "--athlete", "bob", "--as-of", "2026-02-10", "--json"},
             {"risk", "--athlete", "bob", "--as-of", "2026-02-10", "--json"},
             {"risk", "--athlete", "Ana", "--as-of", "2026-02-06", "--json"},
             {"export", "--all", "--format", "json"}}) {
      const auto r = rl(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      out.push_back(r.out);
    }
    return out;
  }
};

TEST_F(StoreEnginesCliTest, TheSameCommandsGiveTheSameAnswersOnSqliteAndPostgres) {
  fill_store();
  const auto on_sqlite = answers();
  testing::TempPostgresDatabase club;
  use_store(club.uri());
  fill_store();
  const auto on_postgres = answers();
  ASSERT_EQ(on_sqlite.size(), on_postgres.size());
  for (std::size_t i = 0; i < on_sqlite.size(); ++i) EXPECT_EQ(on_sqlite[i], on_postgres[i]) << "answer " << i;
  EXPECT_EQ(nlohmann::json::parse(on_postgres[1])["sessions"].size(), 5u);
  EXPECT_NE(on_postgres[3].find("\"weekly_distance_m\""), std::string::npos) << on_postgres[3];
  const auto check = rl({"store", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("ok: postgresql://"), std::string::npos) << check.out;
}

TEST_F(StoreEnginesCliTest, MigrateCopiesASqliteStoreIntoPostgresLosslesslyAndOnlyIntoAnEmptyOne) {
  // GIVEN a runner's SQLite store
  fill_store();
  const auto before = answers();
  const std::string sqlite = dir_.file("store.db");
  // WHEN it is migrated into the club's new PostgreSQL database
  testing::TempPostgresDatabase club;
  const auto r = testing::run({testing::runload_binary(), "store", "migrate", "--from", sqlite, "--to", club.uri()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // THEN every table is reported with the same rows and checksum on both sides
  for (const char* table : {"athletes", "shoes", "sessions", "session_laps", "symptoms", "rest_days"}) {
    EXPECT_NE(r.out.find(table), std::string::npos) << r.out;
  }
  EXPECT_NE(r.out.find("       2 rows"), std::string::npos) << "two athletes\n" << r.out;
  // AND the club's store answers exactly as the file did
  use_store(club.uri());
  EXPECT_EQ(answers(), before);
  // AND new rows get new ids (the identity continues after the copied ones)
  const auto added = rl({"athlete", "add", "--name", "Cleo"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  // AND a second migration into the now filled database is refused, leaving it as it was
  const auto again = testing::run({testing::runload_binary(), "store", "migrate", "--from", sqlite, "--to", club.uri()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already holds data"), std::string::npos) << again.err;
  EXPECT_EQ(nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"].size(), 5u);
}

TEST_F(StoreEnginesCliTest, AReadCommandOnADatabaseWithoutRunloadTablesSaysSoAndCreatesNothing) {
  testing::TempPostgresDatabase empty;
  use_store(empty.uri());
  const auto r = rl({"sessions"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("no runload store in postgresql://"), std::string::npos) << r.err;
  EXPECT_NE(empty.exec("SELECT 1 FROM runload_schema"), "") << "created nothing";
}

}  // namespace
}  // namespace runload
