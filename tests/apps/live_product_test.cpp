// The product as a person meets it: the demo end to end, the live view in a real terminal (tmux),
// and Ctrl-C during `record` leaving a complete stored session.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::run;
using testing::runload_binary;

TEST(LiveProductTest, DemoRunsToTheEndAndPrintsTheReportPath) {
  testing::TempDir dir;
  const auto r = run({runload_binary(), "demo", "--store", dir.file("demo.db")}, 90s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 lost"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cadence"), std::string::npos);
  EXPECT_NE(r.out.find("single-run spike over 100 %"), std::string::npos) << "the seeded long run is flagged, in plain words";
  EXPECT_EQ(r.out.find("overuse.spike_gt100"), std::string::npos) << "no rule ids in human output: " << r.out;
  EXPECT_NE(r.out.find("not a diagnosis"), std::string::npos);
  // The demo's own 20 s run is a short test session, not "latest run ... 0.0 km ... 0.00 x" (issue 11)
  EXPECT_NE(r.out.find("short test session"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("0.00 x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latest run"), std::string::npos) << "the seeded long run is the latest compared run";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("HTML report: (\\S+)"))) << r.out;
  ASSERT_TRUE(std::filesystem::exists(m[1].str()));
  EXPECT_GT(std::filesystem::file_size(m[1].str()), 100'000u) << "self-contained: the chart library is inlined";
  // The live session is in the store with both sensors and its recording.
  const auto sessions = nlohmann::json::parse(run({runload_binary(), "sessions", "--json", "--store", dir.file("demo.db")}).out);
  const auto& last = sessions["sessions"].back();
  EXPECT_EQ(last["source"], "demo");
  EXPECT_EQ(last["placements"].size(), 2u);
  EXPECT_FALSE(last["pta_g"].is_null()) << "the shank's peak tibial acceleration";
  EXPECT_FALSE(last["foot_peak_accel_g"].is_null()) << "the foot's peak, kept apart";
  EXPECT_TRUE(std::filesystem::exists(last["recording"].get<std::string>()));
}

TEST(LiveProductTest, LiveViewShowsLiveNumbersInARealTerminal) {
  if (::access("/usr/bin/tmux", X_OK) != 0) GTEST_SKIP() << "tmux is not installed";
  testing::TempDir dir;
  const std::string session = "runload_live_" + std::to_string(::getpid());
  const std::string socket = dir.file("tmux.sock");
  const std::string command = std::string(runload_binary()) + " demo --duration 20 --store " + dir.file("demo.db");
  ASSERT_EQ(run({"tmux", "-S", socket, "new-session", "-d", "-s", session, "-x", "160", "-y", "50", command}).exit_code, 0);
  // WHEN the runner is a few seconds in
  std::string screen;
  bool live = false;
  for (int i = 0; i < 60 && !live; ++i) {
    std::this_thread::sleep_for(500ms);
    screen = run({"tmux", "-S", socket, "capture-pane", "-p", "-t", session}).out;
    live = std::regex_search(screen, std::regex(R"(left foot\s+cadence\s+1[5-9]\d\.\d spm\s+contact\s+\d+ ms)"));
  }
  run({"tmux", "-S", socket, "kill-server"});
  // THEN the view shows cadence and contact time with numbers, redrawn in place (one block, not a scroll)
  EXPECT_TRUE(live) << screen;
  EXPECT_NE(screen.find("link quality"), std::string::npos) << screen;
  std::size_t headers = 0;
  for (auto at = screen.find("runload live"); at != std::string::npos; at = screen.find("runload live", at + 1)) ++headers;
  EXPECT_EQ(headers, 1u) << "the block is redrawn in place, not appended: " << screen;
}

TEST(LiveProductTest, HangupStoresTheSessionAndAKilledRecordingImportsAsOne) {
  testing::TempDir dir;
  const std::string store = dir.file("store.db");
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Hal", "--store", store}).exit_code, 0);
  ChildProcess device({runload_binary(), "sim", "--pty", "--pty-link", dir.file("tty0"), "--rate", "1000", "--duration", "60"});
  ASSERT_TRUE(device.read_stdout_line(10s).has_value()) << device.err();
  // GIVEN a recording whose terminal goes away (SSH dropped): SIGHUP
  {
    ChildProcess host({runload_binary(), "record", "--serial", dir.file("tty0"), "--athlete", "Hal", "--store", store,
                       "--json", "--out", dir.file("hup.rlrec")});
    std::this_thread::sleep_for(3s);
    host.send_signal(SIGHUP);
    // THEN it ends like Ctrl-C: the session is stored (HUP used to kill it with nothing stored)
    ASSERT_EQ(host.wait(30s), 0) << host.err();
    EXPECT_TRUE(nlohmann::json::parse(host.out())["session_id"].is_number()) << host.out();
  }
  // GIVEN a recording killed with SIGKILL: nothing could be stored at the end
  {
    ChildProcess host({runload_binary(), "record", "--serial", dir.file("tty0"), "--out", dir.file("killed.rlrec")});
    std::this_thread::sleep_for(3s);
    host.send_signal(SIGKILL);
    host.wait(10s);
  }
  device.send_signal(SIGINT);
  // WHEN its recording is imported THEN it becomes a session of the athlete, once
  const auto imported = run({runload_binary(), "import", dir.file("killed.rlrec"), "--athlete", "Hal", "--store", store});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 1 session"), std::string::npos) << imported.out;
  const auto again = run({runload_binary(), "import", dir.file("killed.rlrec"), "--athlete", "Hal", "--store", store});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already"), std::string::npos) << again.err;
  const auto sessions = nlohmann::json::parse(run({runload_binary(), "sessions", "--json", "--store", store}).out)["sessions"];
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_NEAR(sessions[1]["duration_s"].get<double>(), 3.0, 1.5);
  EXPECT_EQ(sessions[1]["recording"], dir.file("killed.rlrec"));
}

TEST(LiveProductTest, CtrlCDuringRecordLeavesACompleteStoredSession) {
  testing::TempDir dir;
  const std::string store = dir.file("store.db");
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Ana", "--store", store}).exit_code, 0);
  ChildProcess device({runload_binary(), "sim", "--pty", "--pty-link", dir.file("tty0"), "--rate", "1000", "--duration", "60"});
  const auto path = device.read_stdout_line(10s);
  ASSERT_TRUE(path.has_value()) << device.err();
  ChildProcess host({runload_binary(), "record", "--serial", *path, "--athlete", "Ana", "--store", store, "--json"});
  std::this_thread::sleep_for(4s);
  // WHEN the runner presses Ctrl-C
  host.send_signal(SIGINT);
  const auto code = host.wait(30s);
  // THEN record finishes cleanly, flushes the recording and stores the session
  ASSERT_EQ(code, 0) << host.err();
  const auto j = nlohmann::json::parse(host.out());
  EXPECT_GT(j["samples"].get<int>(), 2000);
  ASSERT_TRUE(j["session_id"].is_number()) << host.out();
  const auto inspected = run({runload_binary(), "inspect", j["out"].get<std::string>(), "--json"});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  const auto rec = nlohmann::json::parse(inspected.out);
  EXPECT_EQ(rec["truncated"], false);
  EXPECT_EQ(rec["samples"], j["samples"]) << "every received sample is in the recording";
  const auto sessions = nlohmann::json::parse(run({runload_binary(), "sessions", "--json", "--store", store}).out);
  ASSERT_EQ(sessions["sessions"].size(), 1u);
  EXPECT_GT(sessions["sessions"][0]["duration_s"].get<double>(), 2.0);
  device.send_signal(SIGINT);
  // AND a researcher can export it per session and per step
  const auto exported = run({runload_binary(), "export", "--all", "--format", "csv", "--out", dir.file("export"), "--store", store});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream steps(dir.file("export/steps.csv"));
  std::string line;
  int rows = 0;
  while (std::getline(steps, line)) rows += line.empty() ? 0 : 1;
  EXPECT_GE(rows, 3) << "a header and a row per stride of the 4 s run";
  const auto json = run({runload_binary(), "export", "1", "--store", store});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_FALSE(nlohmann::json::parse(json.out)["sessions"][0]["steps"].empty());
  EXPECT_EQ(run({runload_binary(), "export", "--format", "csv", "--store", store}).exit_code, 2);
}

}  // namespace
}  // namespace runload
