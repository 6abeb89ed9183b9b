// `runload sim --replay`: a recording (or a raw capture) played back as a live device.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::run;
using testing::runload_binary;

nlohmann::json record_from(ChildProcess& device, const std::string& out) {
  const auto address = device.read_stdout_line(10s);
  EXPECT_TRUE(address.has_value()) << device.err();
  std::vector<std::string> argv{runload_binary(), "record", "--json", "--duration", "30"};
  if (address->starts_with("tcp:")) {
    argv.insert(argv.end(), {"--tcp", address->substr(4)});
  } else {
    argv.insert(argv.end(), {"--serial", *address});
  }
  if (!out.empty()) argv.insert(argv.end(), {"--out", out});
  ChildProcess host(argv);
  EXPECT_EQ(device.wait(60s), 0) << device.err();
  EXPECT_EQ(host.wait(40s), 0) << host.err();
  return nlohmann::json::parse(host.out());
}

TEST(SimReplayTest, RawCaptureReplaysOverTcpAtFullSpeed) {
  testing::TempDir dir;
  ASSERT_EQ(run({runload_binary(), "sim", "--out", dir.file("raw.bin"), "--rate", "1000", "--duration", "2"}).exit_code, 0);
  ChildProcess device({runload_binary(), "sim", "--replay", dir.file("raw.bin"), "--tcp-listen", "127.0.0.1:0"});
  const auto received = record_from(device, "");
  EXPECT_EQ(received["samples"], 2000);
  EXPECT_EQ(received["lost_samples"], 0);
}

TEST(SimReplayTest, RecordingReplaysAtItsRecordedPaceAndDecodesTheSame) {
  testing::TempDir dir;
  ChildProcess first({runload_binary(), "sim", "--pty", "--pty-link", dir.file("tty0"), "--rate", "1000", "--duration", "2", "--drop", "0.1", "--seed", "3"});
  const auto original = record_from(first, dir.file("first.rlrec"));
  ASSERT_GT(original["lost_samples"].get<int>(), 0);
  ChildProcess again({runload_binary(), "sim", "--replay", dir.file("first.rlrec"), "--pty", "--pty-link", dir.file("tty1"), "--chunk", "20"});
  const auto replayed = record_from(again, "");
  EXPECT_EQ(replayed["samples"], original["samples"]);
  EXPECT_EQ(replayed["lost_samples"], original["lost_samples"]);
  EXPECT_EQ(replayed["frame_gaps"], original["frame_gaps"]);
}

TEST(SimReplayTest, MissingReplayFileIsAUsageError) {
  const auto r = run({runload_binary(), "sim", "--replay", "/nonexistent.rlrec", "--pty"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent.rlrec"), std::string::npos);
}

}  // namespace
}  // namespace runload
