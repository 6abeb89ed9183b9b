// `runload sim` when its receiver is not there, goes away or cannot take the bytes: it never hangs and
// never reports success for bytes that went nowhere.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::run;
using testing::runload_binary;

TEST(SimCliTest, PtyWhoseReaderIsGoneStopsOnSigterm) {
  // GIVEN a device on a pty that nobody reads: its queue fills at once at full speed
  ChildProcess device({runload_binary(), "sim", "--pty", "--rate", "1000", "--duration", "600", "--full-speed"});
  ASSERT_TRUE(device.read_stdout_line(10s).has_value()) << device.err();
  std::this_thread::sleep_for(1500ms);
  // WHEN it is asked to stop THEN it stops (it used to block in write() for ever)
  device.send_signal(SIGTERM);
  const auto code = device.wait(10s);
  ASSERT_TRUE(code.has_value()) << "sim blocked after SIGTERM";
  EXPECT_EQ(*code, 0) << device.err();
}

TEST(SimCliTest, PtyWhoseReaderIsGoneEndsOnTimeAndCountsTheFramesAsLost) {
  // GIVEN a 6 s stream on a pty that nobody reads WHEN it runs THEN it ends by itself (it used to block in
  // write() for ever once the queue was full) and reports the frames nobody took as lost
  testing::TempDir dir;
  ChildProcess device({runload_binary(), "sim", "--pty", "--rate", "1000", "--duration", "6", "--report",
                       dir.file("report.json")});
  const auto code = device.wait(20s);
  ASSERT_TRUE(code.has_value()) << "sim blocked in write()";
  EXPECT_EQ(*code, 0) << device.err();
  std::ifstream in(dir.file("report.json"));
  const auto report = nlohmann::json::parse(in);
  EXPECT_GT(report["frames_lost_in_outage"].get<std::uint64_t>(), 100u);
}

TEST(SimCliTest, TcpToAClosedPortIsAnErrorAtOnce) {
  // GIVEN no server on the port WHEN the bridge connects THEN it says so and exits 1 (it used to wait silently)
  const auto r = run({runload_binary(), "sim", "--tcp", "127.0.0.1:1", "--duration", "1"}, 20s);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
}

TEST(SimCliTest, AFullOutputFileIsAnError) {
  // GIVEN an output that takes no bytes (a full disk) WHEN the stream is written THEN exit 1 naming it
  for (const auto& extra : std::vector<std::vector<std::string>>{{}, {"--protocol", "xsens", "--rate", "100"}}) {
    std::vector<std::string> argv{runload_binary(), "sim", "--out", "/dev/full", "--duration", "2"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto r = run(argv, 30s);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
  }
  testing::TempDir dir;
  ASSERT_EQ(run({runload_binary(), "sim", "--out", dir.file("raw.bin"), "--duration", "1"}).exit_code, 0);
  const auto replayed = run({runload_binary(), "sim", "--replay", dir.file("raw.bin"), "--out", "/dev/full"}, 30s);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.err;
  EXPECT_NE(replayed.err.find("/dev/full"), std::string::npos) << replayed.err;
}

}  // namespace
}  // namespace runload
