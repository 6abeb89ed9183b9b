// A recorded session is in the store while it is recorded (issue 14 §2.2): `record --athlete` killed with
// SIGKILL at random points loses at most a second, a live recording is never finalised under its feet,
// and a store locked at the end says where the recording is.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::ChildProcess;
using testing::run;
using testing::runload_binary;

nlohmann::json sessions(const std::string& store) {
  const auto listed = run({runload_binary(), "sessions", "--json", "--store", store});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  return nlohmann::json::parse(listed.out)["sessions"];
}

double duration_s(const nlohmann::json& session) { return session["duration_s"].get<double>(); }

/// A device streaming at 1 kHz from the moment a recorder connects (so what was streamed is the time
/// since the link came up; a pty would hand over a backlog), and `record --athlete` connected to it.
struct Recording {
  Recording(const std::string& store, const std::string& out)
      : device({runload_binary(), "sim", "--tcp-listen", "127.0.0.1:0", "--rate", "1000", "--duration", "600"}) {
    const auto address = device.read_stdout_line(10s);
    EXPECT_TRUE(address.has_value() && address->starts_with("tcp:")) << device.err();
    host = std::make_unique<ChildProcess>(std::vector<std::string>{runload_binary(), "record", "--tcp", address->substr(4),
                                                                   "--athlete", "Kit", "--store", store, "--out", out,
                                                                   "--json"});
    EXPECT_TRUE(host->wait_for_stderr("link up", 10s)) << host->err();
    up = Clock::now();
  }
  ~Recording() { device.send_signal(SIGINT); }
  /// Seconds streamed since the link came up.
  double streamed_s() const { return std::chrono::duration<double>(Clock::now() - up).count(); }

  ChildProcess device;
  std::unique_ptr<ChildProcess> host;
  Clock::time_point up;
};

/// A store with the athlete Kit.
class RecordCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Kit", "--store", store}).exit_code, 0);
  }
  testing::TempDir dir;
  const std::string store = dir.file("store.db");
};

TEST_F(RecordCrashTest, KilledAtRandomPointsTheSessionIsInTheStoreWithinASecond) {
  std::random_device entropy;
  const unsigned seed = entropy();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> kill_after_ms(1500, 5000);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (int round = 0; round < 3; ++round) {
    const std::string out = dir.file("killed" + std::to_string(round) + ".rlrec");
    Recording recording(store, out);
    auto& host = recording.host;
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    if (round == 0) {
      // GIVEN another command writing to the store while the recording runs
      ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Lee", "--store", store}).exit_code, 0);
      // THEN the live session stays in progress (its recording is locked by the recorder)
      const auto live = sessions(store);
      ASSERT_EQ(live.size(), 1u);
      EXPECT_TRUE(live[0]["in_progress"].get<bool>());
      std::this_thread::sleep_for(500ms);
    }
    // WHEN the recorder is killed at a random point
    host->send_signal(SIGKILL);
    const double streamed_s = recording.streamed_s();
    host->wait(10s);
    SCOPED_TRACE("round " + std::to_string(round) + ", streamed " + std::to_string(streamed_s) + " s");
    // THEN the session is already in the store, in progress, with what the last checkpoint committed
    auto listed = sessions(store);
    ASSERT_EQ(listed.size(), static_cast<std::size_t>(round + 1));
    EXPECT_TRUE(listed.back()["in_progress"].get<bool>());
    EXPECT_EQ(listed.back()["recording"], out);
    EXPECT_GT(duration_s(listed.back()), streamed_s - 2.0);
    // AND the next command that writes to the store finalises it from the recording: at most 1 s lost
    const auto next = run({runload_binary(), "log", "--athlete", "Kit", "--date", "2026-01-01", "--pain-after", "1",
                           "--store", store});
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_NE(next.err.find("finalised session"), std::string::npos) << next.err;
    listed = sessions(store);
    EXPECT_FALSE(listed.back()["in_progress"].get<bool>());
    EXPECT_NEAR(duration_s(listed.back()), streamed_s, 1.0);
  }
}

TEST_F(RecordCrashTest, WithoutItsRecordingAKilledSessionIsFinalisedAsCommitted) {
  const std::string out = dir.file("lost.rlrec");
  Recording recording(store, out);
  auto& host = recording.host;
  std::this_thread::sleep_for(3500ms);
  host->send_signal(SIGKILL);
  const double streamed_s = recording.streamed_s();
  host->wait(10s);
  // GIVEN the recording is gone too
  std::filesystem::remove(out);
  // WHEN a command writes to the store THEN the session is finalised from its last checkpoint (≤ 1 s old)
  const auto next = run({runload_binary(), "athlete", "add", "--name", "Lee", "--store", store});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.err.find("from its last checkpoint"), std::string::npos) << next.err;
  const auto listed = sessions(store);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0]["in_progress"].get<bool>());
  EXPECT_LE(duration_s(listed[0]), streamed_s);
  EXPECT_GE(duration_s(listed[0]), streamed_s - 1.5) << "a checkpoint a second, plus the kill's own latency";
}

TEST_F(RecordCrashTest, AStoreLockedAtTheEndSaysWhereTheRecordingIs) {
  const std::string out = dir.file("locked.rlrec");
  Recording recording(store, out);
  auto& host = recording.host;
  std::this_thread::sleep_for(2500ms);
  // GIVEN another process holds the store's write lock for longer than 5 s
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::this_thread::sleep_for(1500ms);
  // WHEN the recording ends
  host->send_signal(SIGINT);
  const double streamed_s = recording.streamed_s();
  const auto code = host->wait(30s);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  // THEN it fails saying where the recording is and what becomes of the session
  ASSERT_EQ(code, 1) << host->err();
  EXPECT_NE(host->err().find("recording is kept at " + out), std::string::npos) << host->err();
  EXPECT_NE(host->err().find("stays in progress"), std::string::npos) << host->err();
  // AND the next command that writes finalises it from the recording, whole
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Lee", "--store", store}).exit_code, 0);
  const auto listed = sessions(store);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0]["in_progress"].get<bool>());
  EXPECT_NEAR(duration_s(listed[0]), streamed_s, 0.5);
}

}  // namespace
}  // namespace runload
