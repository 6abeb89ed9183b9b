// The daily loop as a runner and a coach run it (#12 §3): a shank-only run's unknown distance, risk
// checks that lacked data, the return plan's ladder, rest ranges, editing and deleting, athlete look-up.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include <unistd.h>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/report_view.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

using testing::run;
using testing::RunResult;
using testing::runload_binary;

class DailyLoopCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  nlohmann::json json_of(std::vector<std::string> args) {
    args.push_back("--json");
    const auto r = rl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST_F(DailyLoopCliTest, AShankOnlyRunHasAnUnknownDistanceUntilTheRunnerGivesIt) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  // GIVEN a run recorded live with a shank sensor only
  testing::ChildProcess device({runload_binary(), "sim", "--pty", "--pty-link", dir_.file("tty0"), "--placement", "shank",
                                "--rate", "1000", "--duration", "8"});
  ASSERT_TRUE(device.read_stdout_line(std::chrono::seconds(10)).has_value()) << device.err();
  const auto recorded = rl({"record", "--serial", dir_.file("tty0"), "--athlete", "ana", "--out", dir_.file("shank.rlrec")});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  // THEN record prints the runner's summary and the exact line to run next, not link statistics
  EXPECT_NE(recorded.out.find("distance       n/a"), std::string::npos) << recorded.out;
  EXPECT_NE(recorded.out.find("cadence "), std::string::npos) << recorded.out;
  EXPECT_NE(recorded.out.find("impact (PTA)"), std::string::npos) << recorded.out;
  EXPECT_NE(recorded.out.find("today's flags"), std::string::npos) << recorded.out;
  EXPECT_TRUE(std::regex_search(recorded.out, std::regex(R"(next: runload log \d+ --rpe X .*--distance KM)"))) << recorded.out;
  EXPECT_EQ(recorded.out.find("checksum"), std::string::npos) << "link statistics only on one line: " << recorded.out;
  // THEN its distance is unknown, not 0 km: JSON null, "n/a" in the list
  auto sessions = json_of({"sessions"})["sessions"];
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_TRUE(sessions[0]["distance_m"].is_null()) << sessions[0];
  const auto id = std::to_string(sessions[0]["id"].get<std::int64_t>());
  const auto list = rl({"sessions"});
  EXPECT_NE(list.out.find("n/a"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(" 0.00 km"), std::string::npos) << list.out;
  // AND the load counts the day as trained with an unknown distance, never as a 0 km day
  const auto load = json_of({"load", "--athlete", "Ana"});
  EXPECT_TRUE(load["daily"].back()["distance_m"].is_null()) << load["daily"].back();
  EXPECT_EQ(load["weekly"].back()["unknown_distance_days"], 1);
  EXPECT_TRUE(load["current"]["progression"]["week_over_week_pct"].is_null());
  EXPECT_NE(rl({"load", "--athlete", "Ana"}).out.find("1 day with a run of unknown distance"), std::string::npos);

  // WHEN the runner gives it
  const auto logged = rl({"log", id, "--distance", "5.5"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  // THEN it is known everywhere
  EXPECT_DOUBLE_EQ(json_of({"sessions"})["sessions"][0]["distance_m"].get<double>(), 5500.0);
  EXPECT_DOUBLE_EQ(json_of({"load", "--athlete", "Ana"})["daily"].back()["distance_m"].get<double>(), 5500.0);
  // AND --distance needs a session (or a new activity)
  EXPECT_EQ(rl({"log", "--athlete", "Ana", "--date", "2026-03-01", "--distance", "3"}).exit_code, 2);
}

TEST_F(DailyLoopCliTest, LiveViewSaysNaForAShankAndWarmsUpBeforeTheFirstStrides) {
  if (::access("/usr/bin/tmux", X_OK) != 0) GTEST_SKIP() << "tmux is not installed";
  // GIVEN a shank sensor recorded in a real terminal
  const std::string bin = runload_binary().string();
  const std::string tty = dir_.file("tty0");
  const std::string command = "sh -c '" + bin + " sim --pty --pty-link " + tty +
                              " --placement shank --rate 1000 --duration 14 >/dev/null 2>&1 & sleep 1; " + bin +
                              " record --serial " + tty + " --duration 10; sleep 5'";
  const std::string session = "runload_shank_" + std::to_string(::getpid());
  const std::string socket = dir_.file("tmux.sock");
  ASSERT_EQ(run({"tmux", "-S", socket, "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command}).exit_code, 0);
  bool warming = false, shank_na = false;
  std::string screen;
  for (int i = 0; i < 80 && !(warming && shank_na); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    screen = run({"tmux", "-S", socket, "capture-pane", "-p", "-t", session}).out;
    warming = warming || screen.find("warming up") != std::string::npos;
    shank_na = shank_na || std::regex_search(screen, std::regex(R"(shank\s+cadence .*distance\s+n/a \(shank\))"));
  }
  run({"tmux", "-S", socket, "kill-server"});
  // THEN it says "warming up" before the first metrics, and the distance is n/a, never "0 m"
  EXPECT_TRUE(warming) << screen;
  EXPECT_TRUE(shank_na) << screen;
  EXPECT_EQ(screen.find("distance      0 m"), std::string::npos) << screen;
}

TEST_F(DailyLoopCliTest, RiskNeverSaysNoFlagsWhenAChecksLackedData) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ben"}).exit_code, 0);
  // (two runs, the second shorter: no spike)
  const auto csv = write("h.csv", "date,distance_km,duration_min,rpe\n2026-03-02,9,50,4\n2026-03-05,8,45,5\n");
  ASSERT_EQ(rl({"import", csv, "--athlete", "Ben"}).exit_code, 0);
  const auto text = rl({"risk", "--athlete", "Ben", "--as-of", "2026-03-06"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // A history too short for the progression, no symptoms, no sensor: no flag, and no all-clear either
  EXPECT_EQ(text.out.find("No risk flags"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("lacked data"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("weekly progression:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("knee symptoms:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("technique vs your baseline"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("a sensor's or a watch's gait metrics"), std::string::npos) << "watch runs count too: " << text.out;
  const auto j = json_of({"risk", "--athlete", "Ben", "--as-of", "2026-03-06"});
  std::vector<std::string> checks;
  for (const auto& c : j["checks_without_data"]) checks.push_back(c["check"].get<std::string>());
  EXPECT_NE(std::find(checks.begin(), checks.end(), "weekly progression"), checks.end());
  EXPECT_NE(std::find(checks.begin(), checks.end(), "shoe wear and rotation"), checks.end());
}

TEST_F(DailyLoopCliTest, PainLoggedInSeparateCallsOnOneDayCountsWithTheWorstOfTheDay) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Di"}).exit_code, 0);
  // GIVEN pain 5/10 during the day's run, then a later entry the same day with pain 1/10 after it
  ASSERT_EQ(rl({"log", "--athlete", "Di", "--date", "2026-03-10", "--pain-during", "5"}).exit_code, 0);
  ASSERT_EQ(rl({"log", "--athlete", "Di", "--date", "2026-03-10", "--pain-after", "1"}).exit_code, 0);
  // THEN the plan starts the graded return on that day (5/10 is above the 2/10 gate), whatever came last
  const auto plan = json_of({"plan", "return", "--athlete", "Di", "--as-of", "2026-03-10"});
  EXPECT_EQ(plan["stage"], "cross_training") << plan.dump(1);
  // AND risk flags the day's worst pain, 5/10
  const auto risk = json_of({"risk", "--athlete", "Di", "--as-of", "2026-03-10"});
  bool flagged = false;
  for (const auto& f : risk["flags"]) {
    if (f["id"] == "symptoms.pain") flagged = f["value"] == 5.0;
  }
  EXPECT_TRUE(flagged) << risk["flags"].dump(1);
  EXPECT_EQ(risk["return_to_run"]["stage"], plan["stage"]);
  // AND the coach's roster shows the day at its worst, 5/10, not the last entry's 1/10
  ASSERT_EQ(rl({"report", "--team", "--as-of", "2026-03-10", "--out", dir_.file("team.html")}).exit_code, 0);
  const auto roster = testing::report_view(dir_.file("team.html"))["roster"]["athletes"];
  ASSERT_EQ(roster.size(), 1u) << roster;
  EXPECT_EQ(roster[0]["latest_pain"]["max_0_10"], 5.0) << roster[0]["latest_pain"];
  EXPECT_EQ(roster[0]["latest_pain"]["date"], "2026-03-10");
}

TEST_F(DailyLoopCliTest, AWatchRunnersTechniqueFlagsReadInPlainWords) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Gus"}).exit_code, 0);
  // GIVEN a Garmin Connect export: ten steady runs, then one with a lower cadence, a longer contact time
  // and a lopsided contact-time balance
  std::string csv = "Activity Type,Date,Title,Distance,Time,Avg Run Cadence,Avg Ground Contact Time,Avg GCT Balance\n";
  for (const char* day : {"01", "03", "05", "08", "10", "12", "15", "17", "19", "22"}) {
    csv += std::string("Running,2026-03-") + day + " 07:00:00,Run,8.00,00:44:00,172,245,50.1% L / 49.9% R\n";
  }
  csv += "Running,2026-03-24 07:00:00,Run,8.00,00:44:00,150,290,46.0% L / 54.0% R\n";
  ASSERT_EQ(rl({"import", write("Activities.csv", csv), "--athlete", "Gus"}).exit_code, 0);
  // THEN risk flags them in units a runner reads, never a snake_case key
  const auto risk = rl({"risk", "--athlete", "Gus", "--as-of", "2026-03-24"});
  ASSERT_EQ(risk.exit_code, 0) << risk.err;
  EXPECT_NE(risk.out.find("Cadence on 2026-03-24 was 150.0 steps/min"), std::string::npos) << risk.out;
  EXPECT_NE(risk.out.find("baseline of 245.0 ms"), std::string::npos) << risk.out;
  std::smatch key;
  EXPECT_FALSE(std::regex_search(risk.out, key, std::regex(R"(\b[a-z]+_[a-z0-9_]+\b)"))) << key.str() << " in\n" << risk.out;
  // AND load shows the asymmetry's change in percentage points, not a per cent of a per cent
  const auto load = rl({"load", "--athlete", "Gus", "--as-of", "2026-03-24"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_TRUE(std::regex_search(load.out, std::regex(R"(contact-time asymmetry: 16\.0 % vs your baseline 0\.\d % \(\+1\d\.\d percentage points\))")))
      << load.out;
}

TEST_F(DailyLoopCliTest, RiskAndPlanAgreeAndThePlanShowsTheLadder) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy"}).exit_code, 0);
  // GIVEN knee pain above the gate, then walks logged without any recorded run
  ASSERT_EQ(rl({"log", "--athlete", "Cy", "--date", "2026-03-01", "--pain-after", "4"}).exit_code, 0);
  for (const char* d : {"2026-03-02", "2026-03-03", "2026-03-04"}) {
    const auto r = rl({"log", "--athlete", "Cy", "--date", d, "--activity", "cross_training", "--duration-min", "30",
                       "--pain-during", "1", "--pain-morning", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // THEN the plan moved up to walking, and shows the whole ladder and what moves the runner on
  const auto plan = rl({"plan", "return", "--athlete", "Cy", "--as-of", "2026-03-05"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("cross-training > [walk] > walk-run > continuous running"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("to move up: 3 more session(s)"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("walk_run"), std::string::npos) << "plain words: " << plan.out;

  // WHEN a red flag is logged THEN risk says stop and the plan says the same
  ASSERT_EQ(rl({"log", "--athlete", "Cy", "--date", "2026-03-05", "--swelling"}).exit_code, 0);
  const auto risk = json_of({"risk", "--athlete", "Cy", "--as-of", "2026-03-05"});
  EXPECT_TRUE(risk["stop_and_seek_help"].get<bool>());
  const auto plan_json = json_of({"plan", "return", "--athlete", "Cy", "--as-of", "2026-03-05"});
  EXPECT_EQ(plan_json["stage"], "seek_professional");
  EXPECT_EQ(risk["return_to_run"]["stage"], plan_json["stage"]);
  // AND the risk text says "stop and see a professional" once, not once per flag and again in the plan
  const auto risk_text = rl({"risk", "--athlete", "Cy", "--as-of", "2026-03-05"}).out;
  std::size_t banners = 0;
  const std::string banner = "Stop running and see a health professional (doctor or physiotherapist)";
  for (auto at = risk_text.find(banner); at != std::string::npos; at = risk_text.find(banner, at + 1)) ++banners;
  EXPECT_EQ(banners, 1u) << risk_text;
  EXPECT_NE(risk_text.find("[see a professional]"), std::string::npos) << risk_text;
  const auto plan_text = rl({"plan", "return", "--athlete", "Cy", "--as-of", "2026-03-05"}).out;
  EXPECT_NE(plan_text.find("[see a professional]"), std::string::npos) << plan_text;
  EXPECT_NE(plan_text.find("--seen-professional"), std::string::npos) << plan_text;
}

TEST_F(DailyLoopCliTest, RestTakesRangesAsWellAsDates) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Dee"}).exit_code, 0);
  const auto range = rl({"rest", "--athlete", "Dee", "--from", "2026-03-01", "--to", "2026-03-07"});
  ASSERT_EQ(range.exit_code, 0) << range.err;
  EXPECT_NE(range.out.find("marked 7 days"), std::string::npos) << range.out;
  EXPECT_EQ(rl({"rest", "--athlete", "Dee", "--date", "2026-03-09", "--date", "2026-03-10"}).exit_code, 0);
  // A week of rest marks is a known week of 0 km
  const auto load = json_of({"load", "--athlete", "Dee", "--as-of", "2026-03-07"});
  EXPECT_EQ(load["weekly"].back()["covered_days"], 7);
  EXPECT_DOUBLE_EQ(load["weekly"].back()["distance_m"].get<double>(), 0.0);
  EXPECT_EQ(json_of({"load", "--athlete", "Dee", "--as-of", "2026-03-10"})["weekly"].back()["covered_days"], 6);
  // Bad ranges are usage errors
  EXPECT_EQ(rl({"rest", "--athlete", "Dee", "--from", "2026-03-07", "--to", "2026-03-01"}).exit_code, 2);
  EXPECT_EQ(rl({"rest", "--athlete", "Dee", "--from", "2026-03-07"}).exit_code, 2);
  EXPECT_EQ(rl({"rest", "--athlete", "Dee"}).exit_code, 2);
}

TEST_F(DailyLoopCliTest, SessionsAndAthletesCanBeEditedDeletedAndFoundLoosely) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Eva Lind", "--mass-kg", "60"}).exit_code, 0);
  ASSERT_EQ(rl({"shoe", "add", "--athlete", "Eva Lind", "--name", "Pegasus"}).exit_code, 0);
  const auto csv = write("h.csv", "date,distance_km,duration_min,rpe,shoe\n2026-03-02,8,45,4,Pegasus\n2026-03-04,10,52,5,\n");
  // Found by any capitalisation and by id
  ASSERT_EQ(rl({"import", csv, "--athlete", "eva lind"}).exit_code, 0);
  EXPECT_EQ(rl({"sessions", "--athlete", "1"}).exit_code, 0);
  // A typo gets a "did you mean"
  const auto typo = rl({"sessions", "--athlete", "Eva Lnd"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("did you mean 'Eva Lind'"), std::string::npos) << typo.err;
  // So does a first name alone
  const auto first_name = rl({"sessions", "--athlete", "eva"});
  EXPECT_EQ(first_name.exit_code, 1);
  EXPECT_NE(first_name.err.find("did you mean 'Eva Lind'"), std::string::npos) << first_name.err;

  auto sessions = json_of({"sessions"})["sessions"];
  ASSERT_EQ(sessions.size(), 2u);
  const auto first = std::to_string(sessions[0]["id"].get<std::int64_t>());
  const auto second = std::to_string(sessions[1]["id"].get<std::int64_t>());
  ASSERT_EQ(rl({"log", first, "--pain-after", "3"}).exit_code, 0);
  // The list has a header, the shoe and the pain
  const auto list = rl({"sessions"});
  EXPECT_TRUE(std::regex_search(list.out, std::regex(R"(^\s+id\s+date\s+athlete.*shoe\s+pain)"))) << list.out;
  EXPECT_TRUE(std::regex_search(list.out, std::regex(R"(2026-03-02 .*8\.00 km\s+45:00\s+5:38 /km\s+4\s+Pegasus\s+3)")))
      << list.out;
  EXPECT_EQ(sessions[0]["shoe"], "Pegasus");
  EXPECT_TRUE(sessions[1]["shoe"].is_null());

  // Edit a session, then delete one (with confirmation)
  const auto edited = rl({"session", "edit", second, "--distance", "11", "--duration-min", "60", "--date", "2026-03-05"});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  sessions = json_of({"sessions"})["sessions"];
  EXPECT_DOUBLE_EQ(sessions[1]["distance_m"].get<double>(), 11000.0);
  EXPECT_DOUBLE_EQ(sessions[1]["duration_s"].get<double>(), 3600.0);
  EXPECT_EQ(sessions[1]["date"], "2026-03-05");
  EXPECT_EQ(rl({"session", "delete", first}).exit_code, 2) << "needs --yes";
  ASSERT_EQ(rl({"session", "delete", first, "--yes"}).exit_code, 0);
  EXPECT_EQ(json_of({"sessions"})["sessions"].size(), 1u);
  EXPECT_EQ(rl({"session", "delete", "999", "--yes"}).exit_code, 1);

  // Edit and delete an athlete
  ASSERT_EQ(rl({"athlete", "edit", "EVA LIND", "--name", "Eva Lindqvist", "--mass-kg", "58.5"}).exit_code, 0);
  const auto athletes = json_of({"athlete", "list"})["athletes"];
  EXPECT_EQ(athletes[0]["name"], "Eva Lindqvist");
  EXPECT_DOUBLE_EQ(athletes[0]["body_mass_kg"].get<double>(), 58.5);
  EXPECT_EQ(rl({"athlete", "delete", "Eva Lindqvist"}).exit_code, 2) << "needs --yes";
  ASSERT_EQ(rl({"athlete", "delete", "eva lindqvist", "--yes"}).exit_code, 0);
  EXPECT_EQ(json_of({"athlete", "list"})["athletes"].size(), 0u);
  EXPECT_EQ(json_of({"sessions"})["sessions"].size(), 0u);
}

}  // namespace
}  // namespace runload
