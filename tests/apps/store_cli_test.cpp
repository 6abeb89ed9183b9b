// The store commands as a user runs them: athletes, shoes, history import, sessions, log, rest.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

using testing::run;
using testing::RunResult;
using testing::runload_binary;

class StoreCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  RunResult rl(std::vector<std::string> args) { return StoreCli::rl(std::move(args), std::chrono::seconds(30)); }
};

TEST_F(StoreCliTest, AthleteShoeImportSessionsAndLogRoundTrip) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana", "--mass-kg", "61.5", "--experience", "novice"}).exit_code, 0);
  const auto dup = rl({"athlete", "add", "--name", "Ana"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("exists"), std::string::npos) << dup.err;
  ASSERT_EQ(rl({"shoe", "add", "--athlete", "Ana", "--name", "Pegasus", "--budget-km", "700"}).exit_code, 0);

  const auto csv = write("h.csv", "date,distance_km,duration_min,rpe,shoe\n2026-03-01,10,55,5,Pegasus\n2026-03-03,12,66,6,Pegasus\n");
  const auto imported = rl({"import", csv, "--athlete", "Ana"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 2 sessions"), std::string::npos);

  const auto sessions = rl({"sessions", "--athlete", "Ana", "--json"});
  ASSERT_EQ(sessions.exit_code, 0) << sessions.err;
  const auto j = nlohmann::json::parse(sessions.out);
  ASSERT_EQ(j["sessions"].size(), 2u);
  EXPECT_EQ(j["sessions"][1]["distance_m"], 12000.0);
  const auto id = j["sessions"][1]["id"].get<std::int64_t>();

  const auto logged = rl({"log", std::to_string(id), "--rpe", "7", "--surface", "trail", "--pain-during", "3", "--swelling"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  EXPECT_NE(logged.out.find("not a diagnosis"), std::string::npos) << "swelling calls for professional help";
  EXPECT_EQ(nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"][1]["rpe"], 7.0);

  const auto shoes = nlohmann::json::parse(rl({"shoe", "list", "--athlete", "Ana", "--json"}).out);
  EXPECT_DOUBLE_EQ(shoes["shoes"][0]["distance_m"].get<double>(), 22000.0);
  EXPECT_EQ(rl({"shoe", "retire", "--athlete", "Ana", "--name", "Pegasus", "--on", "2026-04-01"}).exit_code, 0);
  EXPECT_EQ(rl({"rest", "--athlete", "Ana", "--date", "2026-03-02"}).exit_code, 0);
  const auto athletes = nlohmann::json::parse(rl({"athlete", "list", "--json"}).out);
  EXPECT_EQ(athletes["athletes"][0]["sessions"], 2);
}

TEST_F(StoreCliTest, BadHistoryNamesTheLineAndImportsNothing) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ben"}).exit_code, 0);
  const auto csv = write("bad.csv", "date,distance_km,duration_min\n2026-03-01,10,55\n2026-03-02,-4,30\n");
  const auto r = rl({"import", csv, "--athlete", "Ben"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.csv:3"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_EQ(nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"].size(), 0u);
}

TEST_F(StoreCliTest, UnknownAthleteSessionAndBadArgumentsAreClearErrors) {
  EXPECT_EQ(rl({"shoe", "list", "--athlete", "Nobody"}).exit_code, 1);
  EXPECT_EQ(rl({"log", "99"}).exit_code, 1);
  EXPECT_EQ(rl({"log", "0"}).exit_code, 2);
  EXPECT_EQ(rl({"log", "1", "--rpe", "11"}).exit_code, 2);
  EXPECT_EQ(rl({"athlete", "add", "--name", "X", "--mass-kg", "-3"}).exit_code, 2);
  EXPECT_EQ(rl({"rest", "--athlete", "X", "--date", "tomorrow"}).exit_code, 1) << "no athlete X";
  const auto not_a_db = write("text.db", "this is not a database");
  const auto r = run({runload_binary(), "athlete", "list", "--store", not_a_db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("text.db"), std::string::npos) << r.err;
}

/// Overwrites the first bytes of `table`'s root b-tree page with 0xFF, as a disk or a stray write would:
/// the schema still reads, every read of the table's rows meets SQLITE_CORRUPT.
void corrupt_table_root(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
                                   "WHERE name = ?", -1, &s, nullptr), SQLITE_OK);
  sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  const auto root = sqlite3_column_int64(s, 0);
  const auto page_size = sqlite3_column_int64(s, 1);
  sqlite3_finalize(s);
  sqlite3_close(db);
  ASSERT_GT(root, 1);
  std::fstream f(db_path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp((root - 1) * page_size);
  const std::string garbage(64, '\xff');
  f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

TEST_F(StoreCliTest, ACorruptedStoreIsAnErrorNeverAnEmptyList) {
  // GIVEN a store with 300 sessions whose sessions table is then damaged on disk
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cat"}).exit_code, 0);
  std::string csv = "date,distance_km,duration_min\n";
  for (int i = 0; i < 300; ++i) csv += "2025-0" + std::to_string(1 + i / 28 % 9) + "-" + (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) + ",5,30\n";
  ASSERT_EQ(rl({"import", write("h.csv", csv), "--athlete", "Cat"}).exit_code, 0);
  const auto healthy = rl({"store", "check"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.err;
  EXPECT_NE(healthy.out.find("ok"), std::string::npos) << healthy.out;
  corrupt_table_root(dir_.file("store.db"), "sessions");
  // WHEN the sessions are listed THEN it is an error that says why, not "no sessions" with exit 0
  const auto listed = rl({"sessions"});
  EXPECT_EQ(listed.exit_code, 1) << listed.out;
  EXPECT_EQ(listed.out.find("no sessions"), std::string::npos) << listed.out;
  EXPECT_NE(listed.err.find("malformed"), std::string::npos) << listed.err;
  EXPECT_EQ(rl({"load", "--athlete", "Cat"}).exit_code, 1);
  EXPECT_EQ(rl({"athlete", "list"}).exit_code, 1) << "the roster counts sessions";
  // AND store check says the store is damaged, with a non-zero exit
  const auto checked = rl({"store", "check"});
  EXPECT_EQ(checked.exit_code, 1) << checked.out;
  EXPECT_NE(checked.err.find("store.db"), std::string::npos) << checked.err;
}

TEST_F(StoreCliTest, ReadCommandsReadAReadOnlyStoreAndRefuseAMissingOne) {
  // GIVEN a store, then the file and its folder made read-only (read by "nobody" when the tests run as
  // root, whom permissions do not stop)
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ro"}).exit_code, 0);
  ASSERT_EQ(rl({"import", write("h.csv", "date,distance_km,duration_min\n2026-03-01,10,55\n"), "--athlete", "Ro"}).exit_code, 0);
  namespace fs = std::filesystem;
  const std::string db = dir_.file("store.db");
  const auto before = fs::last_write_time(db);
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir_.path(), fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  std::vector<std::string> reader;
  if (::geteuid() == 0) reader = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  reader.push_back(testing::runload_binary());
  // WHEN the read commands run THEN they read it (they used to fail switching it to WAL)
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"athlete", "list"}, {"sessions"}, {"load", "--athlete", "Ro"}, {"risk", "--athlete", "Ro"}, {"store", "check"}}) {
    std::vector<std::string> argv = reader;
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--store", db});
    const auto r = run(argv);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  EXPECT_EQ(fs::last_write_time(db), before);
  fs::permissions(dir_.path(), fs::perms::owner_all);
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);

  // AND a mistyped --store is an error naming it, creating neither folders nor a store
  const std::string typo = dir_.file("typo/runload.db");
  for (const auto& args : std::vector<std::vector<std::string>>{{"sessions"}, {"athlete", "list"}, {"store", "check"}}) {
    std::vector<std::string> argv{testing::runload_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--store", typo});
    const auto r = run(argv);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_NE(r.err.find("no store at " + typo), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_.file("typo")));
}

TEST_F(StoreCliTest, TerminalEscapesInNamesAreRefusedAndNeverEchoedRaw) {
  // GIVEN names carrying terminal escape sequences (clear the screen, retitle the window)
  const std::string evil = "Eve\x1b[2J\x1b]0;pwned\x07";
  // WHEN typed THEN they are refused
  EXPECT_EQ(rl({"athlete", "add", "--name", evil}).exit_code, 2);
  ASSERT_EQ(rl({"athlete", "add", "--name", "Eve"}).exit_code, 0);
  EXPECT_EQ(rl({"shoe", "add", "--athlete", "Eve", "--name", evil}).exit_code, 2);
  // AND when they reach the store anyway (an imported shoe name, an athlete an older runload stored)
  // THEN no command echoes the raw bytes
  const auto csv = write("h.csv", "date,distance_km,duration_min,rpe,shoe\n2026-03-01,10,55,5," + evil + "\n");
  ASSERT_EQ(rl({"import", csv, "--athlete", "Eve"}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("store.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE athletes SET name = 'Eve' || char(27) || '[2J' || char(155) || '31m'",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  for (const auto& args : std::vector<std::vector<std::string>>{{"athlete", "list"}, {"sessions"}}) {
    const auto r = rl(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Eve\\x1b[2J\\xc2\\x9b31m"), std::string::npos) << r.out;
  }
  std::string athlete;
  {
    const auto list = nlohmann::json::parse(rl({"athlete", "list", "--json"}).out);
    athlete = list["athletes"][0]["name"].get<std::string>();  // JSON keeps the exact name, escaped by JSON
  }
  const auto shoes = rl({"shoe", "list", "--athlete", athlete});
  ASSERT_EQ(shoes.exit_code, 0) << shoes.err;
  EXPECT_EQ(shoes.out.find('\x1b'), std::string::npos) << shoes.out;
  EXPECT_EQ(shoes.out.find('\x07'), std::string::npos) << shoes.out;
  // AND the load and risk reports (their headers name the athlete, the load lists the shoes) neither
  for (const auto& command : {"load", "risk"}) {
    const auto r = rl({command, "--athlete", athlete, "--as-of", "2026-03-02"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << command << ": " << r.out;
    EXPECT_NE(r.out.find("for Eve\\x1b[2J\\xc2\\x9b31m as of"), std::string::npos) << command << ": " << r.out;
  }
  EXPECT_NE(rl({"load", "--athlete", athlete, "--as-of", "2026-03-02"}).out.find("shoe Eve\\x1b[2J\\x1b]0;pwned\\x07:"),
            std::string::npos);
  // AND an error naming a bad value from a file does not either
  const auto bad = write("bad.csv", "date,distance_km,duration_min,surface\n2026-03-01,10,55," + evil + "\n");
  const auto refused = rl({"import", bad, "--athlete", athlete});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err.find('\x1b'), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Eve\\x1b[2J"), std::string::npos) << refused.err;
}

TEST_F(StoreCliTest, ANonNumberSessionIdIsAShortUsageError) {
  // GIVEN a session id that is not a number WHEN any command takes it THEN a one-line usage error naming
  // it (it used to print a range up to a 309-digit number)
  for (const auto& args : std::vector<std::vector<std::string>>{{"log", "abc"},
                                                                {"export", "abc"},
                                                                {"risk", "--athlete", "A", "--session", "abc"},
                                                                {"report", "--session", "abc", "--out", "x.html"},
                                                                {"log", "1.5"}}) {
    const auto r = rl(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_LT(r.err.size(), 200u) << r.err;
    EXPECT_NE(r.err.find("session id"), std::string::npos) << r.err;
  }
}

TEST_F(StoreCliTest, ImportedWeekdayRunnerGetsTheRealWeeklySum) {
  // GIVEN an imported history without rest marks: 10 km Monday to Friday for four weeks (March 2026)
  ASSERT_EQ(rl({"athlete", "add", "--name", "Wes"}).exit_code, 0);
  std::string csv = "date,distance_km,duration_min,rpe\n";
  for (int week = 0; week < 4; ++week) {
    for (int d = 0; d < 5; ++d) {
      const int dom = 2 + 7 * week + d;  // 2026-03-02 is a Monday
      csv += "2026-03-" + std::string(dom < 10 ? "0" : "") + std::to_string(dom) + ",10,55,4\n";
    }
  }
  ASSERT_EQ(rl({"import", write("weekdays.csv", csv), "--athlete", "Wes"}).exit_code, 0);
  // WHEN the load is asked for on the last Friday (2026-03-27)
  const auto load = rl({"load", "--athlete", "Wes", "--as-of", "2026-03-27"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  // THEN the weekend inside the imported span is rest: 50 km run, 50 km reported (not 70), all 7 days known
  EXPECT_NE(load.out.find("weekly distance (last 7 days): 50.0 km (7 of 7 days known)"), std::string::npos) << load.out;
  const auto j = nlohmann::json::parse(rl({"load", "--athlete", "Wes", "--as-of", "2026-03-27", "--json"}).out);
  EXPECT_DOUBLE_EQ(j["current"]["weekly_distance_m"].get<double>(), 50000.0);
  // AND Foster monotony has its full 7-day window (rest days = 0): a number, not "insufficient data"
  EXPECT_TRUE(j["current"]["monotony"].is_number()) << j["current"]["monotony_detail"].dump();
}

TEST_F(StoreCliTest, DayLevelSymptomsAndRedFlagsThatHoldUntilSeenTo) {
  // GIVEN a runner with one imported run
  ASSERT_EQ(rl({"athlete", "add", "--name", "Flo"}).exit_code, 0);
  ASSERT_EQ(rl({"import", write("f.csv", "date,distance_km,duration_min\n2026-03-01,8,45\n"), "--athlete", "Flo"}).exit_code, 0);
  // WHEN swelling is logged on a rest day (no session), and 1/10 pain three days later
  const auto swelling = rl({"log", "--athlete", "Flo", "--date", "2026-03-02", "--swelling", "--pain-after", "3"});
  ASSERT_EQ(swelling.exit_code, 0) << swelling.err;
  EXPECT_NE(swelling.out.find("not a diagnosis"), std::string::npos);
  ASSERT_EQ(rl({"log", "--athlete", "Flo", "--date", "2026-03-05", "--pain-during", "1"}).exit_code, 0);
  // THEN the report still says stop and see a professional, and the plan holds
  const auto risk = nlohmann::json::parse(rl({"risk", "--athlete", "Flo", "--as-of", "2026-03-05", "--json"}).out);
  EXPECT_TRUE(risk["stop_and_seek_help"].get<bool>()) << risk.dump(2);
  EXPECT_EQ(risk["return_to_run"]["stage"], "seek_professional");
  // WHEN the runner records that a professional has seen the knee THEN the graded return restarts
  ASSERT_EQ(rl({"log", "--athlete", "Flo", "--date", "2026-03-06", "--seen-professional"}).exit_code, 0);
  const auto plan = nlohmann::json::parse(rl({"plan", "return", "--athlete", "Flo", "--as-of", "2026-03-06", "--json"}).out);
  EXPECT_EQ(plan["stage"], "cross_training") << plan.dump(2);
  // AND a day-level entry needs a date, something to log, and no session fields
  EXPECT_EQ(rl({"log", "--athlete", "Flo", "--pain-after", "2"}).exit_code, 2);
  EXPECT_EQ(rl({"log", "--athlete", "Flo", "--date", "2026-03-07"}).exit_code, 2);
  EXPECT_EQ(rl({"log", "--athlete", "Flo", "--date", "2026-03-07", "--rpe", "5", "--pain-after", "2"}).exit_code, 2);
}

TEST_F(StoreCliTest, UnitsSettingShowsMilesInTextAndKeepsJsonInKm) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Mo"}).exit_code, 0);
  // 8.0467 km = 5.00 mi runs on alternate days, then 16.0934 km = 10.00 mi: a > 30 % spike
  std::string csv = "date,distance_km,duration_min\n";
  for (int d = 1; d <= 21; d += 2) csv += "2026-03-" + std::string(d < 10 ? "0" : "") + std::to_string(d) + ",8.04672,45\n";
  csv += "2026-03-23,16.09344,90\n";
  ASSERT_EQ(rl({"import", write("m.csv", csv), "--athlete", "Mo"}).exit_code, 0);
  const auto load = rl({"load", "--athlete", "Mo", "--as-of", "2026-03-23", "--units", "mi"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  // last 7 days: runs on the 17th, 19th, 21st (3 × 5 mi) and the 23rd (10 mi) = 25.0 mi
  EXPECT_NE(load.out.find("weekly distance (last 7 days): 25.0 mi"), std::string::npos) << load.out;
  const auto risk = rl({"risk", "--athlete", "Mo", "--as-of", "2026-03-23", "--units", "mi"});
  EXPECT_NE(risk.out.find("Run of 10.0 mi"), std::string::npos) << risk.out;
  EXPECT_NE(risk.out.find("(5.0 mi)"), std::string::npos) << risk.out;
  const auto j = nlohmann::json::parse(rl({"load", "--athlete", "Mo", "--as-of", "2026-03-23", "--units", "mi", "--json"}).out);
  EXPECT_NEAR(j["current"]["weekly_distance_m"].get<double>(), 40233.6, 1e-6) << "JSON stays in metres";
  EXPECT_EQ(rl({"load", "--athlete", "Mo", "--units", "furlongs"}).exit_code, 2);
}

TEST_F(StoreCliTest, LoadRiskAndPlanFollowTheJsonContracts) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy", "--mass-kg", "70"}).exit_code, 0);
  // A month of 8 km every other day, then a 20 km long run: a > 100 % single-session spike.
  std::string csv = "date,distance_km,duration_min,rpe\n";
  for (int day = 1; day <= 31; day += 2) csv += "2026-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + ",8,45,4\n";
  csv += "2026-04-02,20,120,7\n";
  ASSERT_EQ(rl({"import", write("h.csv", csv), "--athlete", "Cy"}).exit_code, 0);

  const auto risk = rl({"risk", "--athlete", "Cy", "--as-of", "2026-04-02", "--json"});
  ASSERT_EQ(risk.exit_code, 0) << risk.err;
  const auto r = nlohmann::json::parse(risk.out);
  EXPECT_EQ(r["athlete"], "Cy");
  EXPECT_EQ(r["as_of"], "2026-04-02");
  EXPECT_NE(r["disclaimer"].get<std::string>().find("not a diagnosis"), std::string::npos);
  bool spike = false;
  for (const auto& f : r["flags"]) {
    for (const char* key : {"id", "factor", "severity", "grade", "date", "value", "threshold", "window", "message", "advice"}) {
      EXPECT_TRUE(f.contains(key)) << key;
    }
    if (f["id"] == "overuse.spike_gt100") {
      spike = true;
      EXPECT_EQ(f["severity"], "high");
      EXPECT_DOUBLE_EQ(f["value"].get<double>(), 2.5);
    }
  }
  EXPECT_TRUE(spike) << risk.out;

  const auto load = rl({"load", "--athlete", "Cy", "--as-of", "2026-04-02", "--json"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const auto l = nlohmann::json::parse(load.out);
  EXPECT_FALSE(l["daily"].empty());
  EXPECT_FALSE(l["weekly"].empty());
  for (const char* key : {"weekly_distance_m", "progression", "spike_ratio", "acute_chronic", "monotony", "strain", "mechanical_load"}) {
    EXPECT_TRUE(l["current"].contains(key)) << key;
  }
  EXPECT_DOUBLE_EQ(l["current"]["spike_ratio"].get<double>(), 2.5);
  EXPECT_TRUE(l["current"]["mechanical_load"]["acute_chronic"]["ewma_ratio"].is_null()) << "no sensor data: null, not 0";
  // The body-mass-scaled exposure says what it is: absolute (× kg), not "per kg" (issue 11)
  EXPECT_FALSE(l["current"]["mechanical_load"].contains("acute_kg_g_steps_per_day"));
  EXPECT_TRUE(l["current"]["mechanical_load"].contains("acute_absolute_kg_g_steps_per_day"));
  EXPECT_NE(l["current"]["mechanical_load"]["normalisation"].get<std::string>().find("per unit body mass"), std::string::npos);

  // Before any data: insufficient data is null
  const auto early = nlohmann::json::parse(rl({"load", "--athlete", "Cy", "--as-of", "2026-02-01", "--json"}).out);
  EXPECT_TRUE(early["current"]["weekly_distance_m"].is_null());

  const auto sessions = nlohmann::json::parse(rl({"sessions", "--athlete", "Cy", "--json"}).out)["sessions"];
  const auto long_run = sessions.back()["id"].get<std::int64_t>();
  const auto per_session = rl({"risk", "--athlete", "Cy", "--session", std::to_string(long_run), "--json"});
  ASSERT_EQ(per_session.exit_code, 0) << per_session.err;
  EXPECT_NE(per_session.out.find("overuse.spike_gt100"), std::string::npos);
  EXPECT_EQ(rl({"risk", "--athlete", "Cy", "--session", "9999"}).exit_code, 1);

  const auto plan = rl({"plan", "return", "--athlete", "Cy", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(nlohmann::json::parse(plan.out)["stage"], "not_needed");
  EXPECT_EQ(rl({"risk", "--athlete", "Cy", "--as-of", "April"}).exit_code, 2);
  const auto bad_config = rl({"risk", "--athlete", "Cy", "--config", write("risk.conf", "spike.cauton_ratio = 2\n")});
  EXPECT_EQ(bad_config.exit_code, 1);
  EXPECT_NE(bad_config.err.find("line 1"), std::string::npos) << bad_config.err;
}

}  // namespace
}  // namespace runload
