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
  const std::string html = read_file(dir_.file("s.html"));
  const std::string open = "<script type=\"application/json\" id=\"runload-data\">";
  const auto from = html.find(open) + open.size();
  const auto view = nlohmann::json::parse(html.substr(from, html.find("</script>", from) - from));
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

}  // namespace
}  // namespace runload
