// `runload import` with FIT files, as a runner with a watch export runs it: a single file, a folder
// with a broken file in it, and what the session list then shows.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

namespace fs = std::filesystem;

class FitImportCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (!fs::exists(fit_dir())) GTEST_SKIP() << "dataset not found: " << fit_dir();
  }
  static fs::path fit_dir() { return testing::shared_datasets() / "fit"; }
};

TEST_F(FitImportCliTest, ASingleFitFileImportsItsRunWithTheWatchsCadenceAndContactTime) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  const auto r = rl({"import", (fit_dir() / "python-fitparse/garmin-fenix-5-run.fit").string(), "--athlete", "Ana"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 1 session for Ana"), std::string::npos) << r.out;
  const auto sessions = nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"];
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["date"], "2017-06-11");
  EXPECT_NEAR(sessions[0]["gct_ms"].get<double>(), 270.3, 0.05);
  EXPECT_GT(sessions[0]["cadence_steps_per_min"].get<double>(), 160.0);
}

TEST_F(FitImportCliTest, AFolderImportsEveryGoodFileAndRefusesTheBrokenOneInOneLine) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ben"}).exit_code, 0);
  const fs::path export_dir = dir_.file("export");
  fs::create_directory(export_dir);
  fs::copy_file(fit_dir() / "heartandsole/B47I2852.FIT", export_dir / "B47I2852.FIT");  // upper-case extension
  fs::copy_file(fit_dir() / "sweatpy/6471559601_ACTIVITY.fit", export_dir / "multisport.fit");
  fs::copy_file(fit_dir() / "python-fitparse/antfs-dump.63.fit", export_dir / "no-clock.fit");
  fs::copy_file(fit_dir() / "heartandsole/B47I2852.FIT", export_dir / "notes.txt");  // not a history file
  const auto r = rl({"import", export_dir.string(), "--athlete", "Ben"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // B47I2852: 1 run; multisport: run + rowing (cross-training), the transition skipped.
  EXPECT_NE(r.out.find("imported 3 sessions for Ben from 2 of 3 files"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("multisport.fit: skipped 1 transition(s)"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("refused no-clock.fit: no session with a date"), std::string::npos) << r.err;
  const auto sessions = nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"];
  ASSERT_EQ(sessions.size(), 3u);
  std::vector<std::string> activities;
  for (const auto& s : sessions) activities.push_back(s["activity"].get<std::string>());
  std::sort(activities.begin(), activities.end());
  EXPECT_EQ(activities, (std::vector<std::string>{"cross_training", "run", "run"}));
  // The two indoor runs (FR220, fr935: 0 m, no distance in any record) have an unknown distance, not 0 km.
  for (const auto& s : sessions) {
    if (s["activity"] == "run") {
      EXPECT_TRUE(s["distance_m"].is_null()) << s["source"] << ": " << s["distance_m"];
    }
  }
  const auto text = rl({"sessions"}).out;
  EXPECT_NE(text.find("n/a: distance not measured"), std::string::npos) << text;
}

TEST_F(FitImportCliTest, TheSessionListGivesRunsAPaceAndCrossTrainingNone) {
  // fenix 2 multisport: two runs and two cross-training legs (25 and 29 km).
  ASSERT_EQ(rl({"athlete", "add", "--name", "Fin"}).exit_code, 0);
  ASSERT_EQ(rl({"import", (fit_dir() / "python-fitparse/activity-large-fenxi2-multisport.fit").string(), "--athlete", "Fin"}).exit_code, 0);
  const auto text = rl({"sessions"}).out;
  std::size_t rows = 0;
  for (std::size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
    const std::string line = text.substr(at, end - at);
    if (line.find("cross-training") != std::string::npos) {
      ++rows;
      EXPECT_EQ(line.find("/km"), std::string::npos) << line;
    }
  }
  EXPECT_EQ(rows, 2u) << text;
  EXPECT_NE(text.find("/km"), std::string::npos) << "the runs keep theirs: " << text;
}

TEST_F(FitImportCliTest, RunningDynamicsShowWithTheirSourcesInSessionsAndLoad) {
  // fenix 5X + HRM-Run + Stryd: the runner sees the pod's contact time and oscillation, Stryd's power and
  // leg-spring stiffness, per session and per lap, and `load` compares them with the runner's baseline.
  ASSERT_EQ(rl({"athlete", "add", "--name", "Dee"}).exit_code, 0);
  const auto r = rl({"import", (fit_dir() / "fit-file-parser/running-with-developer-data.fit").string(), "--athlete", "Dee"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto sessions = nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"];
  ASSERT_EQ(sessions.size(), 1u);
  const auto& d = sessions[0]["running_dynamics"];
  ASSERT_TRUE(d.is_object()) << sessions[0].dump();
  EXPECT_NEAR(d["vertical_oscillation_mm"].get<double>(), 82.2, 1e-9);
  EXPECT_EQ(d["vertical_oscillation_source"], "pod");
  EXPECT_EQ(d["gct_source"], "pod");
  EXPECT_EQ(d["cadence_source"], "watch");
  EXPECT_NEAR(d["power_w"].get<double>(), 251.7, 0.1);
  EXPECT_EQ(d["power_source"], "stryd");
  EXPECT_NEAR(d["leg_spring_stiffness_kn_per_m"].get<double>(), 8.52, 0.01);
  EXPECT_EQ(d["leg_spring_stiffness_source"], "stryd");
  EXPECT_NEAR(d["gct_balance_left_pct"].get<double>(), 49.72, 1e-9);
  ASSERT_EQ(sessions[0]["laps"].size(), 14u);
  EXPECT_TRUE(sessions[0]["laps"][1]["running_dynamics"]["power_w"].is_number());  // lap 1 lasts 1.4 s

  const auto load = rl({"load", "--athlete", "Dee", "--as-of", "2018-06-14", "--json"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  std::map<std::string, std::string> sources;
  const auto status = nlohmann::json::parse(load.out);
  for (const auto& drift : status["current"]["drifts"]) {
    sources[drift["metric"].get<std::string>()] = drift["source"].get<std::string>();
  }
  EXPECT_EQ(sources["vertical_oscillation_mm"], "pod");
  EXPECT_EQ(sources["power_w"], "stryd");
  EXPECT_EQ(sources["leg_spring_stiffness_kn_per_m"], "stryd");
  EXPECT_EQ(sources["step_length_mm"], "pod");
  const auto text = rl({"load", "--athlete", "Dee", "--as-of", "2018-06-14"});
  EXPECT_NE(text.out.find("power: 251.7 W"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("from the stryd"), std::string::npos) << text.out;
}

TEST_F(FitImportCliTest, AFolderWithNothingImportableIsAnError) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy"}).exit_code, 0);
  const fs::path empty = dir_.file("empty");
  fs::create_directory(empty);
  const auto r = rl({"import", empty.string(), "--athlete", "Cy"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no .csv, .gpx, .tcx or .fit files"), std::string::npos) << r.err;
}

TEST_F(FitImportCliTest, AWatchOnlyRunnerWithoutRpeGetsInsufficientDataNotZeroLoad) {
  // GIVEN a watch export (its span known, so its other days are rest days) and no RPE logged: the
  // fenix 2 run of 2015-08-15 has no impact peaks either.
  ASSERT_EQ(rl({"athlete", "add", "--name", "Eli"}).exit_code, 0);
  ASSERT_EQ(rl({"import", fit_dir().string(), "--athlete", "Eli"}).exit_code, 0);
  const auto load = [&](bool json) {
    std::vector<std::string> args{"load", "--athlete", "Eli", "--as-of", "2015-08-16"};
    if (json) args.push_back("--json");
    const auto r = rl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  // THEN sRPE load and mechanical exposure are unknown, not 0 AU/day or 0 g*steps/day.
  const std::string text = load(false);
  EXPECT_NE(text.find("fitness (CTL) insufficient data, fatigue (ATL) insufficient data, form (TSB) insufficient data"),
            std::string::npos) << text;
  EXPECT_NE(text.find("acute insufficient data"), std::string::npos) << text;
  EXPECT_EQ(text.find(" 0 AU/day"), std::string::npos) << text;
  EXPECT_EQ(text.find("acute 0 g*steps/day"), std::string::npos) << text;
  auto current = nlohmann::json::parse(load(true))["current"];
  EXPECT_TRUE(current["fitness_fatigue"]["ctl_au"].is_null()) << current["fitness_fatigue"];
  EXPECT_TRUE(current["fitness_fatigue"]["tsb_au"].is_null());
  EXPECT_TRUE(current["acute_chronic_srpe"]["acute_per_day"].is_null()) << current["acute_chronic_srpe"];
  EXPECT_TRUE(current["mechanical_load"]["acute_chronic"]["acute_per_day"].is_null()) << current["mechanical_load"];
  EXPECT_TRUE(current["acute_chronic"]["acute_per_day"].is_number()) << "the watch's distances are real";
  // AND once the run has an RPE, the load is a number again.
  std::string id;
  const auto listed = nlohmann::json::parse(rl({"sessions", "--json"}).out);
  for (const auto& s : listed["sessions"]) {
    if (s["date"] == "2015-08-15" && s["activity"] == "run") id = std::to_string(s["id"].get<int>());
  }
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(rl({"log", id, "--rpe", "6"}).exit_code, 0);
  current = nlohmann::json::parse(load(true))["current"];
  EXPECT_GT(current["fitness_fatigue"]["ctl_au"].get<double>(), 0.0) << current["fitness_fatigue"];
  EXPECT_GT(current["acute_chronic_srpe"]["acute_per_day"].get<double>(), 0.0);
}

}  // namespace
}  // namespace runload
