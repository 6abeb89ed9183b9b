// `runload sim` and `runload record` as two processes talking over a real pty, a socat pty pair,
// TCP and UDP loopback — the way a sensor and the host meet — with exact loss accounting.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::runload_binary;
using testing::TempDir;

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

struct LiveRun {
  nlohmann::json received;  ///< record --json
  nlohmann::json sent;      ///< sim --report
  double record_cpu_s = 0;
};

/// Starts the emulator with `sim_args`, then a recorder on the address it prints (or on
/// `record_args` when the recorder must come first), waits for both and returns their reports.
class LiveStreamTest : public ::testing::Test {
 protected:
  /// A pty device is reached through a by-id style link (like udev's): when a test's recorder outlives
  /// its device, it must not reopen a /dev/pts number the kernel has given to a concurrent test.
  std::vector<std::string> pty(const std::string& name) { return {"--pty", "--pty-link", dir_.file(name)}; }
  std::vector<std::string> sim(std::vector<std::string> args) {
    std::vector<std::string> argv{runload_binary(), "sim", "--report", dir_.file("report.json")};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  std::vector<std::string> record(std::vector<std::string> args) {
    // --duration only bounds a failing run; a passing one ends on the device's last-frame flag.
    std::vector<std::string> argv{runload_binary(), "record", "--json", "--duration", "30", "--out", dir_.file("run.rlrec")};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  LiveRun finish(ChildProcess& sim_process, ChildProcess& record_process) {
    LiveRun r;
    const auto sim_code = sim_process.wait(60s);
    EXPECT_EQ(sim_code, 0) << sim_process.err();
    const auto record_code = record_process.wait(30s);
    EXPECT_EQ(record_code, 0) << record_process.err();
    r.record_cpu_s = record_process.cpu_seconds();
    r.received = nlohmann::json::parse(record_process.out());
    r.sent = read_json_file(dir_.file("report.json"));
    // The recording replays through the same decoder to the same counts.
    const auto replay = testing::run({runload_binary(), "inspect", dir_.file("run.rlrec"), "--json"});
    EXPECT_EQ(replay.exit_code, 0) << replay.err;
    const auto replayed = nlohmann::json::parse(replay.out);
    EXPECT_EQ(replayed["samples"], r.received["samples"]);
    EXPECT_EQ(replayed["lost_samples"], r.received["lost_samples"]);
    return r;
  }
  static void expect_lossless(const LiveRun& r, int samples) {
    EXPECT_EQ(r.sent["samples_sent"], samples);
    EXPECT_EQ(r.received["samples"], samples);
    EXPECT_EQ(r.received["lost_samples"], 0);
    EXPECT_EQ(r.received["checksum_errors"], 0);
    EXPECT_EQ(r.received["frame_gaps"], 0);
    EXPECT_NEAR(r.received["rate_hz"].get<double>(), 1600.0, 0.01);
  }
  TempDir dir_;
};

TEST_F(LiveStreamTest, PtyAt1600HzFor10sLosesNothing) {
  auto args = pty("tty0");
  args.insert(args.end(), {"--rate", "1600", "--duration", "10"});
  ChildProcess device(sim(args));
  const auto path = device.read_stdout_line(10s);
  ASSERT_TRUE(path.has_value()) << device.err();
  ChildProcess host(record({"--serial", *path}));
  expect_lossless(finish(device, host), 16000);
}

TEST_F(LiveStreamTest, SocatPtyPairAt1600HzFor10sLosesNothing) {
  if (::access("/usr/bin/socat", X_OK) != 0) GTEST_SKIP() << "socat is not installed";
  ChildProcess socat({"socat", "-d", "-d", "pty,raw,echo=0,link=" + dir_.file("imu0"),
                      "pty,raw,echo=0,link=" + dir_.file("imu1")});
  // socat links the ptys before it sets their modes: wait until it says both are ready.
  ASSERT_TRUE(socat.wait_for_stderr("starting data transfer loop", 10s)) << socat.err();
  ChildProcess host(record({"--serial", dir_.file("imu1")}));
  ChildProcess device(sim({"--serial", dir_.file("imu0"), "--rate", "1600", "--duration", "10"}));
  ASSERT_TRUE(device.read_stdout_line(10s).has_value());
  expect_lossless(finish(device, host), 16000);
}

TEST_F(LiveStreamTest, TcpLoopbackAt1600HzFor10sLosesNothing) {
  ChildProcess device(sim({"--tcp-listen", "127.0.0.1:0", "--rate", "1600", "--duration", "10"}));
  const auto address = device.read_stdout_line(10s);
  ASSERT_TRUE(address.has_value() && address->starts_with("tcp:")) << device.err();
  ChildProcess host(record({"--tcp", address->substr(4)}));
  expect_lossless(finish(device, host), 16000);
}

/// True once `port` appears in a /proc/net table (udp: bound; tcp: in state 0A, listening), so the
/// sender cannot race the receiver's bind.
bool port_ready(const char* table, std::uint16_t port) {
  std::ifstream in(table);
  std::string line;
  char needle[16];
  std::snprintf(needle, sizeof needle, ":%04X ", port);
  const bool tcp = std::string(table).ends_with("tcp");
  while (std::getline(in, line)) {
    const auto at = line.find(needle);
    if (at != std::string::npos && at < 30 && (!tcp || line.find(" 0A ") != std::string::npos)) return true;
  }
  return false;
}
bool udp_port_bound(std::uint16_t port) { return port_ready("/proc/net/udp", port); }
bool tcp_port_listening(std::uint16_t port) { return port_ready("/proc/net/tcp", port); }
/// A port for a receiver the sender must be told before it runs, below the kernel's ephemeral range
/// (32768-60999): no connection or bind(0) of a concurrent test can hold it. `base` keeps the tests apart.
std::uint16_t named_port(int base) { return static_cast<std::uint16_t>(base + ::getpid() % 4000); }

TEST_F(LiveStreamTest, UdpLoopbackAt1600HzFor10sLosesNothing) {
  const auto port = named_port(20000);
  ChildProcess host(record({"--udp", "127.0.0.1:" + std::to_string(port)}));
  for (int i = 0; i < 500 && !udp_port_bound(port); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(udp_port_bound(port));
  ChildProcess device(sim({"--udp", "127.0.0.1:" + std::to_string(port), "--rate", "1600", "--duration", "10"}));
  expect_lossless(finish(device, host), 16000);
}

TEST_F(LiveStreamTest, UdpListensOnLoopbackByDefaultAndKeepsToItsFirstSender) {
  // GIVEN `record --udp PORT` (no host)
  const auto port = named_port(24000);
  ChildProcess host(record({"--udp", std::to_string(port)}));
  for (int i = 0; i < 500 && !udp_port_bound(port); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(udp_port_bound(port));
  // THEN it is bound to 127.0.0.1 only (/proc/net/udp: local address 0100007F)
  std::ifstream table("/proc/net/udp");
  char needle[32];
  std::snprintf(needle, sizeof needle, "0100007F:%04X ", port);
  EXPECT_NE(std::string(std::istreambuf_iterator<char>(table), {}).find(needle), std::string::npos);
  // WHEN a sensor streams 3 s and, half a second in, a second sender streams 1 s to the same port
  ChildProcess device(sim({"--udp", "127.0.0.1:" + std::to_string(port), "--rate", "1000", "--duration", "3"}));
  std::this_thread::sleep_for(500ms);
  ChildProcess intruder({runload_binary(), "sim", "--udp", "127.0.0.1:" + std::to_string(port), "--rate", "1000",
                         "--duration", "1", "--seed", "99"});
  EXPECT_EQ(intruder.wait(30s), 0) << intruder.err();
  // THEN only the first sender's samples are recorded, without false losses
  const LiveRun r = finish(device, host);
  EXPECT_EQ(r.received["samples"], r.sent["samples_sent"]);
  EXPECT_EQ(r.received["lost_samples"], 0);
}

TEST_F(LiveStreamTest, PhoneBridgeConnectingToATcpServerLosesNothing) {
  // GIVEN the recorder listening like a laptop waiting for a phone's BLE bridge
  const auto port = named_port(28000);
  ChildProcess host(record({"--tcp-listen", "127.0.0.1:" + std::to_string(port)}));
  for (int i = 0; i < 500 && !tcp_port_listening(port); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(tcp_port_listening(port)) << host.err();
  // WHEN the bridge connects and streams 20-byte notifications
  ChildProcess device(sim({"--tcp", "127.0.0.1:" + std::to_string(port), "--rate", "1600", "--duration", "3", "--chunk", "20"}));
  const LiveRun r = finish(device, host);
  EXPECT_EQ(r.received["samples"], r.sent["samples_sent"]);
  EXPECT_EQ(r.received["samples"], 4800);
  EXPECT_EQ(r.received["lost_samples"], 0);
}

TEST_F(LiveStreamTest, DeviceProtocolsStreamLiveThroughAPty) {
  // x-IMU3 (binary, 400 Hz) and Xsens Xbus (100 Hz) have no end-of-stream mark: record for a fixed time.
  for (const auto& [protocol, rate] : {std::pair<std::string, std::string>{"ximu3", "400"}, {"xsens", "100"}}) {
    auto args = pty("tty_" + protocol);
    args.insert(args.end(), {"--protocol", protocol, "--rate", rate, "--duration", "2"});
    ChildProcess device(sim(args));
    const auto path = device.read_stdout_line(10s);
    ASSERT_TRUE(path.has_value()) << device.err();
    ChildProcess host({runload_binary(), "record", "--json", "--serial", *path, "--protocol", protocol, "--duration", "3"});
    EXPECT_EQ(device.wait(30s), 0) << device.err();
    EXPECT_EQ(host.wait(30s), 0) << host.err();
    const auto received = nlohmann::json::parse(host.out());
    const auto sent = read_json_file(dir_.file("report.json"));
    EXPECT_EQ(received["protocol"], protocol);
    EXPECT_EQ(received["samples"], sent["samples_sent"]) << protocol;
    EXPECT_EQ(received["lost_samples"], 0) << protocol;
    EXPECT_NEAR(received["rate_hz"].get<double>(), std::stod(rate), 0.01) << protocol;
  }
}

TEST_F(LiveStreamTest, FaultsAreCountedExactlyThroughBleSizedChunks) {
  // GIVEN 1 % bit flips, 5 % dropped frames and 20-byte writes (BLE notifications at MTU 23)
  auto args = pty("tty0");
  args.insert(args.end(), {"--rate", "1600", "--duration", "10", "--corrupt", "0.01", "--drop", "0.05",
                           "--chunk", "20", "--seed", "7"});
  ChildProcess device(sim(args));
  const auto path = device.read_stdout_line(10s);
  ASSERT_TRUE(path.has_value()) << device.err();
  ChildProcess host(record({"--serial", *path}));
  const LiveRun r = finish(device, host);
  // THEN faults were injected, no corrupt frame was accepted, every intact frame was recovered
  ASSERT_GT(r.sent["frames_dropped"].get<int>(), 0);
  ASSERT_GT(r.sent["frames_corrupted"].get<int>(), 0);
  EXPECT_EQ(r.received["samples"], r.sent["samples_sent"]);
  EXPECT_GE(r.received["checksum_errors"].get<int>() + r.received["malformed"].get<int>(),
            r.sent["frames_corrupted"].get<int>());
  // AND the lost samples equal exactly what the emulator withheld or damaged
  EXPECT_EQ(r.received["lost_samples"], r.sent["expected_lost_samples"]);
  EXPECT_EQ(r.received["lost_samples"].get<int>(),
            r.sent["samples_dropped"].get<int>() + r.sent["samples_corrupted"].get<int>());
}

TEST_F(LiveStreamTest, PtyUnplugIsReportedAndTheLinkComesBackWithoutSpinning) {
  // GIVEN a device behind a by-id style symlink that unplugs after 2 s for 1 s
  const std::string link = dir_.file("ttyIMU");
  ChildProcess device(sim({"--pty", "--pty-link", link, "--rate", "1000", "--duration", "6", "--disconnect-after", "2",
                           "--down-for", "1"}));
  ASSERT_TRUE(device.read_stdout_line(10s).has_value()) << device.err();
  ChildProcess host(record({"--serial", link}));
  const LiveRun r = finish(device, host);
  // THEN the recorder saw the link drop, came back, and counted the outage exactly
  EXPECT_EQ(r.sent["disconnects"], 1);
  EXPECT_GE(r.received["link_downs"].get<int>(), 1);
  EXPECT_GE(r.received["reconnects"].get<int>(), 1);
  EXPECT_GT(r.sent["samples_lost_in_outage"].get<int>(), 0);
  EXPECT_EQ(r.received["lost_samples"], r.sent["expected_lost_samples"]);
  EXPECT_EQ(r.received["samples"], r.sent["samples_sent"]);
  // AND it did not spin: a 6 s session with a 1 s outage costs well under a second of CPU
  EXPECT_LT(r.record_cpu_s, 1.5);
  EXPECT_NE(host.err().find("link down"), std::string::npos) << host.err();
}

TEST_F(LiveStreamTest, DeviceRebootMidRunLosesNothing) {
  // GIVEN a device that reboots after 3 s (frame counter, sample index and clock start again at 0)
  auto args = pty("tty0");
  args.insert(args.end(), {"--rate", "1600", "--duration", "6", "--restart-after", "3"});
  ChildProcess device(sim(args));
  const auto path = device.read_stdout_line(10s);
  ASSERT_TRUE(path.has_value()) << device.err();
  ChildProcess host(record({"--serial", *path}));
  const LiveRun r = finish(device, host);
  // THEN the recorder counts one restart and keeps every sample after it (none taken as a duplicate)
  EXPECT_EQ(r.sent["restarts"], 1);
  EXPECT_EQ(r.received["restarts"], 1);
  EXPECT_EQ(r.received["duplicates"], 0);
  expect_lossless(r, 9600);
}

TEST_F(LiveStreamTest, AnotherSensorOnTheReusedPortIsLeftOutOfTheMetrics) {
  // GIVEN sensor A (serial SIM-1) behind a by-id style link; it is unplugged after 2 s and not seen again
  const std::string link = dir_.file("ttyIMU");
  const auto device = [&](const std::string& seed, std::vector<std::string> extra) {
    std::vector<std::string> argv{runload_binary(), "sim",  "--pty",  "--pty-link", link,   "--rate",
                                  "1000",           "--seed", seed, "--report", dir_.file("sent" + seed + ".json")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  ChildProcess a(device("1", {"--duration", "3", "--disconnect-after", "2", "--down-for", "60"}));
  ASSERT_TRUE(a.read_stdout_line(10s).has_value()) << a.err();
  ChildProcess host(record({"--serial", link}));
  EXPECT_EQ(a.wait(30s), 0) << a.err();
  // WHEN sensor B (serial SIM-2) then appears at the same path, and streams 3 s to its end
  ChildProcess b(device("2", {"--duration", "3"}));
  ASSERT_TRUE(b.read_stdout_line(10s).has_value()) << b.err();
  EXPECT_EQ(b.wait(30s), 0) << b.err();
  ASSERT_EQ(host.wait(30s), 0) << host.err();
  const auto received = nlohmann::json::parse(host.out());
  const auto sent_b = read_json_file(dir_.file("sent2.json"));
  // THEN the recorder took B's bytes (kept in the recording) but left B's samples out of the session
  EXPECT_EQ(received["other_device_samples"], sent_b["samples_sent"]);
  EXPECT_NE(host.err().find("another sensor (serial SIM-2)"), std::string::npos) << host.err();
  // AND a replay of the recording applies the same rule
  const auto replay = testing::run({runload_binary(), "replay", dir_.file("run.rlrec"), "--json"});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const auto replayed = nlohmann::json::parse(replay.out);
  ASSERT_EQ(replayed["sensors"].size(), 1u);
  EXPECT_EQ(replayed["sensors"][0]["other_device_samples"], sent_b["samples_sent"]);
  EXPECT_LT(replayed["summary"]["duration_s"].get<double>(), 2.5) << "only sensor A's time is in the session";
}

TEST_F(LiveStreamTest, TcpPeerLossIsReportedAndTheLinkComesBack) {
  ChildProcess device(sim({"--tcp-listen", "127.0.0.1:0", "--rate", "1000", "--duration", "6", "--disconnect-after", "2",
                           "--down-for", "1"}));
  const auto address = device.read_stdout_line(10s);
  ASSERT_TRUE(address.has_value()) << device.err();
  ChildProcess host(record({"--tcp", address->substr(4)}));
  const LiveRun r = finish(device, host);
  EXPECT_GE(r.received["reconnects"].get<int>(), 1);
  EXPECT_EQ(r.received["lost_samples"], r.sent["expected_lost_samples"]);
  EXPECT_EQ(r.received["samples"], r.sent["samples_sent"]);
  EXPECT_LT(r.record_cpu_s, 1.5);
}

}  // namespace
}  // namespace runload
