// Research outputs as a researcher pipes them (#12 §3): export CSVs without blank lines, `replay --csv -`
// on stdout.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/report_view.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Every key of `j` at any depth that names a distance in km or a duration in minutes (`pace_s_per_km`,
/// a rate, is not one).
void collect_km_or_min_keys(const nlohmann::json& j, const std::string& where, std::vector<std::string>& out) {
  const auto ends_with = [](const std::string& k, const std::string& tail) {
    return k.size() >= tail.size() && k.compare(k.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) collect_km_or_min_keys(j[i], where + "[" + std::to_string(i) + "]", out);
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      const bool per = ends_with(k, "_per_km") || ends_with(k, "_per_min");
      if (!per && (k == "km" || k == "min" || ends_with(k, "_km") || ends_with(k, "_min") || k.find("_km_") != std::string::npos)) {
        out.push_back(where + "." + k);
      }
      collect_km_or_min_keys(v, where + "." + k, out);
    }
  }
}

class ResearchOutputsTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  /// A recording made the way a runner makes one: a (simulated) foot sensor on a pty, `record --athlete`.
  void SetUp() override {
    ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Ana", "--store", store_}).exit_code, 0);
    testing::ChildProcess device({runload_binary(), "sim", "--pty", "--pty-link", dir_.file("tty0"), "--rate", "1000",
                                  "--duration", "8"});
    ASSERT_TRUE(device.read_stdout_line(std::chrono::seconds(10)).has_value()) << device.err();
    const auto r = run({runload_binary(), "record", "--serial", dir_.file("tty0"), "--athlete", "Ana", "--out",
                        dir_.file("run.rlrec"), "--store", store_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string store_ = dir_.file("store.db");
};

TEST_F(ResearchOutputsTest, ExportCsvsHaveNoBlankLines) {
  const auto r = run({runload_binary(), "export", "--all", "--format", "csv", "--out", dir_.file("export"), "--store", store_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"sessions.csv", "steps.csv"}) {
    const auto lines = lines_of(read_file(dir_.file("export") + "/" + name));
    ASSERT_GE(lines.size(), 2u) << name;
    const auto columns = std::count(lines.front().begin(), lines.front().end(), ',');
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_FALSE(lines[i].empty()) << name << " line " << i + 1 << " is blank";
      if (!lines[i].empty()) {
        EXPECT_EQ(std::count(lines[i].begin(), lines[i].end(), ','), columns) << name << " line " << i + 1;
      }
    }
  }
}

TEST_F(ResearchOutputsTest, ReplayCsvDashWritesTheStepsToStdout) {
  const auto to_file = run({runload_binary(), "replay", dir_.file("run.rlrec"), "--csv", dir_.file("steps.csv")});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  const auto piped = run({runload_binary(), "replay", dir_.file("run.rlrec"), "--csv", "-"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  // THEN stdout is exactly the CSV the file gets (no file named "-"), and the summary is on stderr
  EXPECT_EQ(piped.out, read_file(dir_.file("steps.csv")));
  EXPECT_EQ(piped.out.rfind("file,stream_id,", 0), 0u) << piped.out.substr(0, 200);
  EXPECT_NE(piped.err.find("cadence"), std::string::npos) << piped.err;
  EXPECT_EQ(run({runload_binary(), "replay", dir_.file("run.rlrec"), "--csv", "-", "--json"}).exit_code, 2);
}

TEST_F(ResearchOutputsTest, BatchReplayWritesAOneRowPerFileSummaryWithRelativePaths) {
  std::filesystem::create_directories(dir_.file("in"));
  std::filesystem::copy_file(dir_.file("run.rlrec"), dir_.file("in") + "/run.rlrec");
  std::ofstream(dir_.file("in") + "/broken.rlrec") << "not a recording";
  const auto r = run({runload_binary(), "replay", dir_.file("in"), "--out", dir_.file("out")});
  EXPECT_EQ(r.exit_code, 1) << "one file could not be replayed: " << r.err;
  const auto lines = lines_of(read_file(dir_.file("out") + "/summary.csv"));
  ASSERT_EQ(lines.size(), 3u) << read_file(dir_.file("out") + "/summary.csv");
  EXPECT_EQ(lines[0], "file,format,duration_s,steps,cadence_steps_per_min,gct_ms,pta_g,distance_m,lost_samples,error");
  EXPECT_EQ(lines[1].rfind("broken.rlrec,,", 0), 0u) << lines[1];
  EXPECT_GT(lines[1].size(), std::string("broken.rlrec,,,,,,,,,").size()) << "the error is in the row";
  EXPECT_EQ(lines[2].rfind("run.rlrec,", 0), 0u) << "relative to the input folder: " << lines[2];
  EXPECT_EQ(lines[2].back(), ',') << "no error: " << lines[2];
}

TEST_F(ResearchOutputsTest, ReplayExportAndTheDashboardNameEachQuantityAlike) {
  // GIVEN the recorded session, through replay (JSON and step CSV), export (CSVs and JSON) and the
  // session view the dashboard API serves (embedded in the session report)
  const auto replay = run({runload_binary(), "replay", dir_.file("run.rlrec"), "--json", "--csv", dir_.file("steps.csv")});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const auto summary = nlohmann::json::parse(replay.out)["summary"];
  const std::string replay_csv = lines_of(read_file(dir_.file("steps.csv"))).front();
  ASSERT_EQ(run({runload_binary(), "export", "--all", "--format", "csv", "--out", dir_.file("export"), "--store", store_}).exit_code, 0);
  const std::string sessions_csv = lines_of(read_file(dir_.file("export") + "/sessions.csv")).front();
  const std::string steps_csv = lines_of(read_file(dir_.file("export") + "/steps.csv")).front();
  const auto exported = run({runload_binary(), "export", "--all", "--format", "json", "--store", store_});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto metrics = nlohmann::json::parse(exported.out)["sessions"][0]["metrics"];
  const auto report = run({runload_binary(), "report", "--session", "1", "--out", dir_.file("s.html"), "--store", store_});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto view = testing::report_view(dir_.file("s.html"));
  ASSERT_TRUE(view["steps"].is_array() && !view["steps"].empty()) << "per-step records from the recording";
  const auto& api_step = view["steps"][0];
  const auto columns = [](const std::string& header) { return "," + header + ","; };
  // THEN cadence, contact time and impact carry one name each, everywhere
  for (const std::string name : {"cadence_steps_per_min", "gct_ms", "pta_g"}) {
    EXPECT_TRUE(summary.contains(name)) << name;
    EXPECT_NE(columns(replay_csv).find("," + name + ","), std::string::npos) << name << " in " << replay_csv;
    EXPECT_NE(columns(sessions_csv).find("," + name + ","), std::string::npos) << name << " in " << sessions_csv;
    EXPECT_NE(columns(steps_csv).find("," + name + ","), std::string::npos) << name << " in " << steps_csv;
    EXPECT_TRUE(metrics.contains(name)) << name << " in export JSON";
    EXPECT_TRUE(view["session"]["metrics"].contains(name)) << name << " in the API session";
    EXPECT_TRUE(api_step.contains(name)) << name << " in the API steps: " << api_step;
  }
  // AND pace is seconds per km in the API (the page shows it as m:ss)
  EXPECT_TRUE(view["session"].contains("pace_s_per_km")) << view["session"];
}

TEST_F(ResearchOutputsTest, DistanceAndDurationHaveOneNameInEveryJsonAndCsv) {
  // GIVEN the recorded session on a shoe, and every JSON the CLI and the dashboard API give about it
  ASSERT_EQ(run({runload_binary(), "shoe", "add", "--athlete", "Ana", "--name", "Pegasus", "--store", store_}).exit_code, 0);
  ASSERT_EQ(run({runload_binary(), "log", "1", "--shoe", "Pegasus", "--store", store_}).exit_code, 0);
  const auto json_of = [&](std::vector<std::string> args) {
    args.insert(args.begin(), runload_binary());
    args.insert(args.end(), {"--store", store_});
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  const auto sessions = json_of({"sessions", "--json"});
  const auto load = json_of({"load", "--athlete", "Ana", "--json"});
  const auto shoes = json_of({"shoe", "list", "--athlete", "Ana", "--json"});
  const auto exported = json_of({"export", "--all", "--format", "json"});
  for (const auto& [kind, file] : {std::pair{"--session", "s.html"}, {"--athlete", "a.html"}, {"--team", "t.html"}}) {
    std::vector<std::string> args{runload_binary(), "report", kind};
    if (std::string(kind) == "--session") args.emplace_back("1");
    if (std::string(kind) == "--athlete") args.emplace_back("Ana");
    args.insert(args.end(), {"--out", dir_.file(file), "--store", store_});
    ASSERT_EQ(run(args).exit_code, 0) << kind;
  }
  const auto session_view = testing::report_view(dir_.file("s.html"));
  const auto athlete_view = testing::report_view(dir_.file("a.html"));
  const auto team_view = testing::report_view(dir_.file("t.html"));
  ASSERT_EQ(run({runload_binary(), "export", "--all", "--format", "csv", "--out", dir_.file("export"), "--store", store_}).exit_code, 0);
  const std::string sessions_csv = "," + lines_of(read_file(dir_.file("export") + "/sessions.csv")).front() + ",";

  // THEN distance is distance_m and duration duration_s everywhere, with the same values
  const double distance_m = exported["sessions"][0]["distance_m"].get<double>();
  const double duration_s = exported["sessions"][0]["duration_s"].get<double>();
  ASSERT_GT(distance_m, 0.0) << "a foot sensor measures its distance";
  EXPECT_NEAR(sessions["sessions"][0]["distance_m"].get<double>(), distance_m, 1e-3);
  EXPECT_NEAR(sessions["sessions"][0]["duration_s"].get<double>(), duration_s, 1e-3);
  EXPECT_NEAR(load["daily"].back()["distance_m"].get<double>(), distance_m, 1e-3);
  EXPECT_NEAR(load["daily"].back()["duration_s"].get<double>(), duration_s, 1e-3);
  EXPECT_NEAR(shoes["shoes"][0]["distance_m"].get<double>(), distance_m, 1e-3);
  EXPECT_NEAR(session_view["session"]["distance_m"].get<double>(), distance_m, 1e-3);
  EXPECT_NEAR(session_view["session"]["duration_s"].get<double>(), duration_s, 1e-3);
  EXPECT_NEAR(athlete_view["sessions"][0]["distance_m"].get<double>(), distance_m, 1e-3);
  EXPECT_TRUE(team_view["roster"]["athletes"][0].contains("weekly_distance_m")) << team_view["roster"];
  EXPECT_NE(sessions_csv.find(",distance_m,"), std::string::npos) << sessions_csv;
  EXPECT_NE(sessions_csv.find(",duration_s,"), std::string::npos) << sessions_csv;
  // AND no key anywhere names a distance in km or a duration in minutes
  std::vector<std::string> stray;
  for (const auto& [name, j] : {std::pair{"sessions", &sessions}, {"load", &load}, {"shoe list", &shoes}, {"export", &exported},
                                {"session view", &session_view}, {"athlete view", &athlete_view}, {"team view", &team_view}}) {
    collect_km_or_min_keys(*j, name, stray);
  }
  EXPECT_TRUE(stray.empty()) << ::testing::PrintToString(stray);
}

}  // namespace
}  // namespace runload
