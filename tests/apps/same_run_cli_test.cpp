// A watch activity and a runload sensor recording of the same run become one session (#12 §1), whichever
// is stored first: the distance from the watch (the sensor is on the shank), the technique from the sensor.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

using testing::runload_binary;

std::string utc_text(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class SameRunCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  /// A watch's GPX of a run of 1.11 km in 6 minutes that started `ago` before now.
  std::string watch_gpx(const std::string& name, std::chrono::minutes ago) {
    const auto start = std::chrono::system_clock::now() - ago;
    return write(name, "<?xml version='1.0'?><gpx xmlns='http://www.topografix.com/GPX/1/1'><trk><trkseg>"
                       "<trkpt lat='47.0000' lon='8.0000'><time>" + utc_text(start) + "</time></trkpt>"
                       "<trkpt lat='47.0100' lon='8.0000'><time>" + utc_text(start + std::chrono::minutes(6)) +
                       "</time></trkpt></trkseg></trk></gpx>");
  }
  /// `record` of a shank sensor (simulated on a pty) for 8 s: a run whose distance the sensor cannot measure.
  testing::RunResult record_shank(const std::string& athlete, const std::string& out) {
    testing::ChildProcess device({runload_binary(), "sim", "--pty", "--pty-link", dir_.file("tty-" + athlete),
                                  "--placement", "shank", "--rate", "1000", "--duration", "8"});
    EXPECT_TRUE(device.read_stdout_line(std::chrono::seconds(10)).has_value()) << device.err();
    return rl({"record", "--serial", dir_.file("tty-" + athlete), "--athlete", athlete, "--out", dir_.file(out)});
  }
  /// `record` of a shank sensor (emulated over TCP, streaming from the moment the recorder connects)
  /// killed with SIGKILL after `run_for`: its session stays in progress until a command writes to the store.
  void record_shank_killed(const std::string& athlete, const std::string& out, std::chrono::milliseconds run_for,
                           const std::function<void()>& while_recording = {}) {
    testing::ChildProcess device({runload_binary(), "sim", "--tcp-listen", "127.0.0.1:0", "--placement", "shank", "--rate",
                                  "1000", "--duration", "600"});
    const auto address = device.read_stdout_line(std::chrono::seconds(10));
    ASSERT_TRUE(address.has_value() && address->starts_with("tcp:")) << device.err();
    testing::ChildProcess host({runload_binary(), "record", "--tcp", address->substr(4), "--athlete", athlete, "--out",
                                dir_.file(out), "--store", dir_.file("store.db")});
    ASSERT_TRUE(host.wait_for_stderr("link up", std::chrono::seconds(10))) << host.err();
    std::this_thread::sleep_for(run_for);
    if (while_recording) while_recording();
    host.send_signal(SIGKILL);
    host.wait(std::chrono::seconds(10));
    device.send_signal(SIGINT);
    const auto listed = sessions(athlete);
    ASSERT_TRUE(std::any_of(listed.begin(), listed.end(), [](const nlohmann::json& x) { return x["in_progress"].get<bool>(); }))
        << "killed: left in progress " << listed;
  }
  nlohmann::json sessions(const std::string& athlete) {
    const auto r = rl({"sessions", "--athlete", athlete, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["sessions"];
  }
};

void expect_one_merged_run(const nlohmann::json& sessions) {
  ASSERT_EQ(sessions.size(), 1u) << sessions.dump(1);
  const auto& s = sessions[0];
  ASSERT_TRUE(s["distance_m"].is_number()) << "the watch's distance: " << s;
  EXPECT_NEAR(s["distance_m"].get<double>(), 1110.0, 20.0);
  EXPECT_NEAR(s["duration_s"].get<double>(), 360.0, 0.6) << "the watch's time with its distance: its pace";
  EXPECT_TRUE(s["recording"].is_string()) << "the sensor's recording: " << s;
  EXPECT_EQ(s["placements"], nlohmann::json::array({"shank"}));
}

TEST_F(SameRunCliTest, AWatchRunImportedAfterTheRecordingMergesIntoIt) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  // GIVEN a run recorded with a shank sensor: its distance is unknown
  const auto recorded = record_shank("Ana", "run.rlrec");
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  ASSERT_TRUE(sessions("Ana")[0]["distance_m"].is_null());
  // WHEN the watch's activity of the same run (started 6 minutes earlier) is imported
  const auto gpx = watch_gpx("watch.gpx", std::chrono::minutes(6));
  const auto r = rl({"import", gpx, "--athlete", "Ana"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // THEN there is one session: the recording's, with the watch's distance
  EXPECT_NE(r.out.find("merged watch.gpx"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("distance and time from the watch"), std::string::npos) << r.out;
  expect_one_merged_run(sessions("Ana"));
  // AND importing the watch file again adds nothing
  const auto again = rl({"import", gpx, "--athlete", "Ana"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("1 already imported, skipped"), std::string::npos) << again.out;
  expect_one_merged_run(sessions("Ana"));
}

TEST_F(SameRunCliTest, ARecordingOfAWatchRunImportedBeforeMergesIntoOneSession) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Bo"}).exit_code, 0);
  // GIVEN the watch's activity of today's run, imported first
  ASSERT_EQ(rl({"import", watch_gpx("watch.gpx", std::chrono::minutes(6)), "--athlete", "Bo"}).exit_code, 0);
  // WHEN the shank recording of the same run is stored
  const auto recorded = record_shank("Bo", "run.rlrec");
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  // THEN record says so, and the run is one session with the watch's distance and the sensor's recording
  EXPECT_NE(recorded.out.find("merged watch.gpx"), std::string::npos) << recorded.out;
  expect_one_merged_run(sessions("Bo"));
}

TEST_F(SameRunCliTest, AWatchRunImportedWhileARecordingRanMergesWhenTheKilledRecordingIsFinalised) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Dee"}).exit_code, 0);
  // GIVEN a shank recording whose `record` is killed (SIGKILL), and the watch's activity of the same run
  // imported while it was still recording (so it could not merge then)
  record_shank_killed("Dee", "run.rlrec", std::chrono::milliseconds(2500), [&] {
    const auto r = rl({"import", watch_gpx("watch.gpx", std::chrono::minutes(6)), "--athlete", "Dee"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("merged"), std::string::npos) << "a live recording is not merged under its feet: " << r.out;
  });
  ASSERT_EQ(sessions("Dee").size(), 2u);
  // WHEN the next command that writes to the store (not an import) finalises the recording
  const auto next = rl({"log", "--athlete", "Dee", "--date", "2026-01-01", "--pain-after", "0"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  // THEN the watch activity merges into it then, and says so
  EXPECT_NE(next.err.find("finalised session"), std::string::npos) << next.err;
  EXPECT_NE(next.err.find("merged watch.gpx"), std::string::npos) << next.err;
  expect_one_merged_run(sessions("Dee"));
  EXPECT_FALSE(sessions("Dee")[0]["in_progress"].get<bool>());
}

TEST_F(SameRunCliTest, AWatchRunImportedAfterARecordingWasKilledMergesIntoIt) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Eve"}).exit_code, 0);
  // GIVEN a shank recording whose `record` was killed: in progress
  record_shank_killed("Eve", "run.rlrec", std::chrono::milliseconds(2500));
  // WHEN the watch's activity of the same run is imported
  const auto r = rl({"import", watch_gpx("watch.gpx", std::chrono::minutes(6)), "--athlete", "Eve"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // THEN the import finalises the recording first, then merges the watch's run into it
  EXPECT_NE(r.err.find("finalised session"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("merged watch.gpx"), std::string::npos) << r.out;
  expect_one_merged_run(sessions("Eve"));
}

TEST_F(SameRunCliTest, RunsMoreThanTenMinutesApartStayTwoSessions) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy"}).exit_code, 0);
  ASSERT_EQ(record_shank("Cy", "run.rlrec").exit_code, 0);
  // GIVEN a watch run that started 30 minutes before the recording: another run
  const auto r = rl({"import", watch_gpx("earlier.gpx", std::chrono::minutes(30)), "--athlete", "Cy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("merged"), std::string::npos) << r.out;
  EXPECT_EQ(sessions("Cy").size(), 2u);
}

}  // namespace
}  // namespace runload
