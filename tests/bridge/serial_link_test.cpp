// Link over serial: real ptys (openpty in-process, and a socat pair), no mocks.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>  // before Asio: Boost 1.74 awaitable.hpp needs std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

#include "bridge/link_test_util.h"
#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::RecordingObserver;
using test::run_until;

LinkEndpoint serial_endpoint(const std::filesystem::path& path) {
  LinkEndpoint endpoint;
  endpoint.kind = LinkEndpoint::Kind::kSerial;
  endpoint.address = path.string();
  return endpoint;
}

LinkOptions fast_options() {
  LinkOptions options;
  options.reconnect_min = 50ms;
  options.reconnect_max = 200ms;
  options.silence_timeout = 10s;  // these tests are about unplug, not silence
  return options;
}

bool is_unplug(LinkDownReason reason) {
  return reason == LinkDownReason::kEndOfFile || reason == LinkDownReason::kIoError;
}

/// Writes `data` into `fd` (a dup is taken) and drives `io` until `observer` saw `expected` bytes.
bool write_and_receive(asio::io_context& io, int fd, std::span<const std::uint8_t> data, std::size_t max_chunk,
                       const RecordingObserver& observer, std::size_t expected) {
  asio::posix::stream_descriptor writer(io, ::dup(fd));
  bool writer_failed = false;
  asio::co_spawn(io, test::write_chunked(writer, data, 11, max_chunk),
                 [&writer_failed](std::exception_ptr error) { writer_failed = error != nullptr; });
  const bool received =
      run_until(io, [&] { return writer_failed || observer.bytes_.size() >= expected; }, 30s);
  return received && !writer_failed;
}

TEST(SerialLinkTest, BytesArriveInOrderAndComplete) {
  // GIVEN a raw pty behind a symlink and a Link on the symlink
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  test::TempDir dir;
  const auto path = dir.path() / "ttyIMU0";
  test::repoint_symlink(path, pty.slave_path());
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, serial_endpoint(path), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  EXPECT_TRUE(link.connected());
  EXPECT_NE(observer.last_up_.find(pty.slave_path()), std::string::npos) << observer.last_up_;

  // WHEN 1 MiB is written to the master in random chunk sizes
  const auto before = host_now();
  const auto data = test::random_bytes(1 << 20, 7);
  ASSERT_TRUE(write_and_receive(io, pty.master(), data, 4096, observer, data.size()));

  // THEN every byte arrives once, in order, with a host arrival time, and the link never dropped
  EXPECT_TRUE(observer.bytes_ == data);
  EXPECT_TRUE(observer.downs_.empty());
  EXPECT_GE(observer.last_rx_, before);
  EXPECT_LE(observer.last_rx_, host_now());
  link.stop();
}

TEST(SerialLinkTest, UnplugIsReportedWithoutSpinningAndReplugReconnects) {
  // GIVEN a link receiving from a pty behind a symlink
  auto pty = std::make_unique<test::PtyPair>();
  ASSERT_TRUE(pty->ok());
  test::TempDir dir;
  const auto path = dir.path() / "ttyIMU0";
  test::repoint_symlink(path, pty->slave_path());
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, serial_endpoint(path), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  const auto first = test::random_bytes(10000, 1);
  ASSERT_TRUE(write_and_receive(io, pty->master(), first, 256, observer, first.size()));

  // WHEN the device goes away (master closed: the slave reads EOF/EIO; the symlink goes as udev's
  // by-id links do, so a pty number reused by another process meanwhile is not picked up)
  pty->unplug();
  std::filesystem::remove(path);

  // THEN the outage is reported once as an unplug
  ASSERT_TRUE(run_until(io, [&] { return !observer.downs_.empty(); }, 2s));
  EXPECT_TRUE(is_unplug(observer.downs_.front())) << to_string(observer.downs_.front());
  EXPECT_FALSE(link.connected());

  // AND for 500 ms it retries with back-off instead of spinning (50, 100, 200 ms => ~3 attempts)
  const auto attempts_before = link.open_attempts();
  const auto cpu_before = test::process_cpu_time();
  io.run_for(500ms);
  const auto attempts = link.open_attempts() - attempts_before;
  const auto cpu = test::process_cpu_time() - cpu_before;
  EXPECT_GE(attempts, 1U);
  EXPECT_LE(attempts, 6U);
  // A spinning loop would burn ~500 ms of CPU here; an idle one a few ms. 150 ms leaves room for a loaded CI box.
  EXPECT_LT(cpu, 150ms) << "cpu ns " << cpu.count();
  EXPECT_EQ(observer.downs_.size(), 1U) << "one report per outage, not per attempt";
  EXPECT_EQ(observer.ups_, 1);

  // WHEN a new pty appears behind the same symlink
  pty = std::make_unique<test::PtyPair>();
  ASSERT_TRUE(pty->ok());
  test::repoint_symlink(path, pty->slave_path());

  // THEN the link comes back and data flows again
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 2; }, 2s));
  EXPECT_EQ(link.reconnects(), 1U);
  EXPECT_NE(observer.last_up_.find(pty->slave_path()), std::string::npos) << observer.last_up_;
  const auto second = test::random_bytes(65536, 2);
  ASSERT_TRUE(write_and_receive(io, pty->master(), second, 1024, observer, first.size() + second.size()));
  const std::vector<std::uint8_t> tail(observer.bytes_.begin() + static_cast<std::ptrdiff_t>(first.size()),
                                       observer.bytes_.end());
  EXPECT_TRUE(tail == second);
  EXPECT_EQ(observer.downs_.size(), 1U);
  link.stop();
}

TEST(SerialLinkTest, MissingDeviceReportsOpenFailedOnceAndKeepsRetrying) {
  // GIVEN a path that does not exist yet
  test::TempDir dir;
  const auto path = dir.path() / "ttyMissing";
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, serial_endpoint(path), fast_options(), observer);

  // WHEN the link runs for a while
  link.start();
  io.run_for(400ms);

  // THEN it reported kOpenFailed exactly once while retrying several times
  ASSERT_EQ(observer.downs_.size(), 1U);
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kOpenFailed);
  EXPECT_NE(observer.last_down_.find("ttyMissing"), std::string::npos) << observer.last_down_;
  EXPECT_GE(link.open_attempts(), 2U);
  EXPECT_EQ(observer.ups_, 0);

  // WHEN the device appears, THEN the link opens (the first up is not a reconnect)
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  test::repoint_symlink(path, pty.slave_path());
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  EXPECT_EQ(link.reconnects(), 0U);
  link.stop();
}

TEST(SerialLinkTest, StopEndsTheLinkAndNoCallbackFollows) {
  // GIVEN an open link
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, serial_endpoint(pty.slave_path()), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));

  // WHEN it is stopped
  link.stop();

  // THEN the io_context runs out of work (both coroutines ended) without reporting a down
  io.restart();
  io.run_for(1s);
  EXPECT_TRUE(io.stopped());
  EXPECT_TRUE(observer.downs_.empty());
  EXPECT_FALSE(link.connected());
}

TEST(SerialLinkTest, DestroyingAnOpenLinkLetsTheIoContextFinishCleanly) {
  // GIVEN an open link with a read pending, and an observer that dies with it
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  asio::io_context io;
  {
    RecordingObserver observer;
    Link link(io, serial_endpoint(pty.slave_path()), fast_options(), observer);
    link.start();
    ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  }  // WHEN the Link (and the observer) go out of scope while the io_context lives on

  // THEN the coroutines wind down without touching the dead observer (ASan/UBSan builds check this)
  const std::uint8_t byte = 42;
  ASSERT_EQ(::write(pty.master(), &byte, 1), 1);
  io.restart();
  io.run_for(1s);
  EXPECT_TRUE(io.stopped());
}

/// socat as a child process, killed and reaped at scope exit.
class SocatProcess {
 public:
  SocatProcess(std::vector<std::string> args, const std::filesystem::path& log) {
    std::vector<char*> argv;
    argv.push_back(program_.data());
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (posix_spawnp(&pid_, program_.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~SocatProcess() { terminate(); }
  SocatProcess(const SocatProcess&) = delete;
  SocatProcess& operator=(const SocatProcess&) = delete;

  bool running() const { return pid_ > 0; }
  void terminate() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  std::string program_ = "socat";
  pid_t pid_ = -1;
};

/// Whether socat's -d -d log says both ptys are set up (symlinks exist a little before their
/// termios settings are applied; a reader opening b in between has its raw mode overwritten).
bool socat_ready(const std::filesystem::path& log) {
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("starting data transfer loop") != std::string::npos;
}

bool have_socat() {
  return std::filesystem::exists("/usr/bin/socat") || std::filesystem::exists("/usr/local/bin/socat") ||
         std::filesystem::exists("/bin/socat");
}

TEST(SerialLinkTest, SocatPtyPairCarriesBytesAndSocatExitIsAnUnplug) {
  if (!have_socat()) GTEST_SKIP() << "socat not installed";
  // GIVEN socat joining two ptys, $DIR/a <-> $DIR/b, and a Link on b
  test::TempDir dir;
  const auto a = dir.path() / "a";
  const auto b = dir.path() / "b";
  const auto log = dir.path() / "socat.log";
  asio::io_context io;
  SocatProcess socat({"-d", "-d", "pty,raw,echo=0,link=" + a.string(), "pty,raw,echo=0,link=" + b.string()}, log);
  ASSERT_TRUE(socat.running());
  // socat is another process: the io_context has nothing to drive yet, so this waits in 20 ms steps
  ASSERT_TRUE(run_until(io, [&] { return socat_ready(log); }, 5s)) << "socat did not start";
  RecordingObserver observer;
  Link link(io, serial_endpoint(b), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 5s));

  // WHEN 256 KiB are written into a in BLE-notification-sized chunks
  const int fd = ::open(a.c_str(), O_RDWR | O_NOCTTY);
  ASSERT_GE(fd, 0);
  const auto data = test::random_bytes(256 * 1024, 3);
  const bool received = write_and_receive(io, fd, data, 244, observer, data.size());
  ::close(fd);

  // THEN they come out of b through the Link, complete and in order
  ASSERT_TRUE(received);
  EXPECT_TRUE(observer.bytes_ == data);

  // WHEN socat exits, THEN the link reports an unplug
  const auto downs_before = observer.downs_.size();
  socat.terminate();
  ASSERT_TRUE(run_until(io, [&] { return observer.downs_.size() > downs_before; }, 2s));
  EXPECT_TRUE(is_unplug(observer.downs_.back())) << to_string(observer.downs_.back());
  link.stop();
}

}  // namespace
}  // namespace runload::bridge
