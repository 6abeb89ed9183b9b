// runload serve and report as processes, with a plain socket client: the HTTP security cases (403 off
// loopback without the token, traversal 400, oversized 413, read timeout, read-only 405) and report's
// usage errors. The browser side lives in tests/web.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "testing/child_process.h"
#include "testing/http_client.h"
#include "testing/paths.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::run;
using testing::runload_binary;

using testing::http_exchange;
int status_of(const std::string& response) { return testing::http_status(response); }
std::string get(const std::string& target, const std::string& extra = "") { return testing::http_get(target, extra); }

class ServeCliTest : public ::testing::Test {
 protected:
  /// Starts `runload serve ARGS` and returns the port from the URL on its first line.
  int start(std::vector<std::string> args) {
    if (!std::filesystem::exists(dir_.file("store.db"))) {  // serve reads a store; it never creates one
      EXPECT_EQ(run({runload_binary(), "athlete", "add", "--name", "Zoe", "--store", dir_.file("store.db")}).exit_code, 0);
    }
    std::vector<std::string> argv{runload_binary(), "serve", "--store", dir_.file("store.db")};
    argv.insert(argv.end(), args.begin(), args.end());
    server_ = std::make_unique<ChildProcess>(argv);
    const auto line = server_->read_stdout_line(15s);
    if (!line) return 0;
    url_ = *line;
    const auto colon = url_.rfind(':');
    return std::stoi(url_.substr(colon + 1));
  }
  testing::TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  std::string url_;
};

TEST_F(ServeCliTest, LoopbackRefusesTraversalOversizeWritesAndSlowSenders) {
  // GIVEN a read-only loopback server with a 1 s request deadline
  const int port = start({"--bind", "127.0.0.1:0", "--timeout-s", "1"});
  ASSERT_GT(port, 0) << server_->err();
  EXPECT_EQ(url_, "http://127.0.0.1:" + std::to_string(port) + "/");
  // THEN the API answers, traversal is a 400, unknown assets a 404
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes"))), 200);
  for (const char* target : {"/../etc/passwd", "/assets/..%2F..%2Fetc%2Fpasswd", "/%2e%2e/x", "/assets/a%5Cb", "/a/%00"}) {
    EXPECT_EQ(status_of(http_exchange(port, get(target))), 400) << target;
  }
  EXPECT_EQ(status_of(http_exchange(port, get("/assets/passwd"))), 404);
  // AND oversized requests are 413, writes 405 (read-only)
  const std::string body(100 * 1024, 'x');
  EXPECT_EQ(status_of(http_exchange(port, "POST /api/sessions/1/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                     "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body)),
            413);
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes", "X-Fill: " + std::string(70 * 1024, 'y') + "\r\n"))), 413);
  EXPECT_EQ(status_of(http_exchange(port, "POST /api/sessions/1/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                     "Content-Length: 2\r\nConnection: close\r\n\r\n{}")),
            405);
  EXPECT_EQ(status_of(http_exchange(port, "GET /api/athletes HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")), 403);
  // AND a half-sent request is dropped at the deadline
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(http_exchange(port, "GET /api/athletes HTTP/1.1\r\nHost: 127.0.0.1\r\n"), "");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  // WHEN SIGTERM arrives THEN it exits cleanly
  server_->send_signal(SIGTERM);
  EXPECT_EQ(server_->wait(10s), 0);
}

TEST_F(ServeCliTest, LoopbackAcceptsOnlyLiteralLoopbackHostsAgainstDnsRebinding) {
  // GIVEN a loopback server without a token (the Host header is its only guard against DNS rebinding)
  const int port = start({"--bind", "127.0.0.1:0"});
  ASSERT_GT(port, 0) << server_->err();
  const std::string p = std::string(":").append(std::to_string(port));  // (GCC 12 -O3 -Wrestrict on "lit" + string)
  auto with_host = [](const std::string& host) {
    return std::string("GET /api/athletes HTTP/1.1\r\nHost: ").append(host).append("\r\nConnection: close\r\n\r\n");
  };
  // THEN names that merely look like loopback (an attacker's DNS can point them anywhere) are refused
  for (const std::string& host : std::vector<std::string>{std::string("127.attacker.example") + p, std::string("127.0.0.1.attacker.example") + p, std::string("localhost.attacker.example") + p,
                                 std::string("127.1") + p, "[::1].attacker.example", std::string("127.0.0.1") + p + "x", "127.0.0.1:"}) {
    EXPECT_EQ(status_of(http_exchange(port, with_host(host))), 403) << host;
  }
  // AND literal loopback addresses and localhost, with or without the port, are served
  for (const std::string& host : std::vector<std::string>{std::string("127.0.0.1") + p, "127.0.0.1", std::string("127.0.0.2") + p, std::string("localhost") + p, "LOCALHOST", std::string("[::1]") + p, "[::1]"}) {
    EXPECT_EQ(status_of(http_exchange(port, with_host(host))), 200) << host;
  }
}

/// The server closed or reset this connection (checked without waiting).
bool closed_by_peer(int fd) {
  char byte = 0;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/// A TCP connection from `source` (a loopback address) to 127.0.0.1:port; -1 when refused.
int connect_from(const char* source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_F(ServeCliTest, ASlowlorisClientCannotLockOutTheOthers) {
  // GIVEN a loopback server (default limits: 64 connections, 10 s per request)
  const int port = start({"--bind", "127.0.0.1:0"});
  ASSERT_GT(port, 0) << server_->err();
  // WHEN one client (127.0.0.2) opens 64 connections and dribbles a header line on each, never finishing
  std::vector<int> slow;
  for (int i = 0; i < 64; ++i) {
    const int fd = connect_from("127.0.0.2", port);
    if (fd < 0) continue;
    const std::string start_of_request = "GET /api/athletes HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    ::send(fd, start_of_request.data(), start_of_request.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  // THEN another client (127.0.0.1) keeps getting answers all the while
  int answered = 0;
  for (int i = 0; i < 10; ++i) {
    for (const int fd : slow) ::send(fd, "X", 1, MSG_NOSIGNAL);
    answered += status_of(http_exchange(port, get("/api/athletes"))) == 200 ? 1 : 0;
    std::this_thread::sleep_for(300ms);
  }
  for (const int fd : slow) ::close(fd);
  EXPECT_EQ(answered, 10);
}

TEST_F(ServeCliTest, SeveralThreadsAnswerConcurrentClientsWithinTheConnectionLimits) {
  // GIVEN a server on 4 threads that allows 8 connections
  const int port = start({"--bind", "127.0.0.1:0", "--threads", "4", "--max-connections", "8",
                          "--max-connections-per-client", "8"});
  ASSERT_GT(port, 0) << server_->err();
  // WHEN 6 clients ask 20 times each, at once
  std::vector<int> answered(6, 0);
  {
    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < answered.size(); ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; i < 20; ++i) answered[c] += status_of(http_exchange(port, get("/api/athletes"))) == 200 ? 1 : 0;
      });
    }
    for (auto& client : clients) client.join();
  }
  // THEN every request is answered
  for (const int n : answered) EXPECT_EQ(n, 20);
  // AND with 8 connections held open (from 127.0.0.2), a ninth is refused, and answered again once they close
  const auto hold = [port] {
    const int fd = connect_from("127.0.0.2", port);
    if (fd >= 0) ::send(fd, "GET /api/athletes HTTP/1.1\r\n", 28, MSG_NOSIGNAL);
    return fd;
  };
  std::vector<int> held;
  for (int i = 0; i < 8; ++i) {
    held.push_back(hold());
    ASSERT_GE(held.back(), 0);
  }
  // (on a busy machine the server may still count the clients above when a held one arrives, and refuse
  // it; it may not have counted all 8 yet: a refused one is held again, and the ninth asked again)
  bool refused = false;
  for (int i = 0; i < 50 && !refused; ++i) {
    for (int& fd : held) {
      if (!closed_by_peer(fd)) continue;
      ::close(fd);
      fd = hold();
      ASSERT_GE(fd, 0);
    }
    refused = http_exchange(port, get("/api/athletes")).empty();
    if (!refused) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(refused);
  for (const int fd : held) ::close(fd);
  bool answered_again = false;
  for (int i = 0; i < 50 && !answered_again; ++i) {
    answered_again = status_of(http_exchange(port, get("/api/athletes"))) == 200;
    if (!answered_again) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(answered_again);
}

TEST_F(ServeCliTest, AClientThatReadTheAnswerToItsEndMayConnectAgainAtOnce) {
  // GIVEN a server on 4 threads that allows one connection
  const int port = start({"--bind", "127.0.0.1:0", "--threads", "4", "--max-connections", "1",
                          "--max-connections-per-client", "1"});
  ASSERT_GT(port, 0) << server_->err();
  // WHEN one client asks 300 times, each time as soon as it has read the previous answer to its close
  int answered = 0;
  for (int i = 0; i < 300; ++i) answered += status_of(http_exchange(port, get("/api/athletes"))) == 200 ? 1 : 0;
  // THEN every request is answered: the server no longer counts a connection its client has seen closed
  EXPECT_EQ(answered, 300);
}

TEST_F(ServeCliTest, ABurstOfConnectionsNeverPassesTheLimit) {
  // GIVEN a server on 4 threads that allows 4 connections (the header timeout, 3 s, closes idle ones)
  const int port = start({"--bind", "127.0.0.1:0", "--threads", "4", "--max-connections", "4",
                          "--max-connections-per-client", "64"});
  ASSERT_GT(port, 0) << server_->err();
  // WHEN 32 connections arrive at once and send nothing (queued by the kernel while the server is
  // stopped, then accepted in one go)
  server_->send_signal(SIGSTOP);
  std::vector<int> burst;
  for (int i = 0; i < 32; ++i) {
    burst.push_back(connect_from("127.0.0.2", port));
    if (burst.back() < 0) break;
  }
  server_->send_signal(SIGCONT);
  ASSERT_GE(burst.back(), 0);
  // THEN the server closes all but 4 of them at once (well before the header timeout)
  const auto closed = [&burst] {
    return std::count_if(burst.begin(), burst.end(), [](int fd) { return closed_by_peer(fd); });
  };
  for (int i = 0; i < 20 && closed() < 28; ++i) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(closed(), 28);
  for (const int fd : burst) ::close(fd);
}

TEST_F(ServeCliTest, AKeptStoreConnectionSeesWhatAnotherProcessWrote) {
  // GIVEN a server that has answered once (its store connection is kept)
  const int port = start({"--bind", "127.0.0.1:0"});
  ASSERT_GT(port, 0) << server_->err();
  EXPECT_EQ(http_exchange(port, get("/api/athletes")).find("Noor"), std::string::npos);
  // WHEN another process adds an athlete
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Noor", "--store", dir_.file("store.db")}).exit_code, 0);
  // THEN the next answer lists them
  const auto response = http_exchange(port, get("/api/athletes"));
  EXPECT_EQ(status_of(response), 200);
  EXPECT_NE(response.find("Noor"), std::string::npos) << response;
}

TEST_F(ServeCliTest, AFailedRequestLeaksNeitherTheTokenNorTheStorePath) {
  // GIVEN a server with a token whose store is replaced by a folder after it started (every request fails)
  const int port = start({"--bind", "127.0.0.1:0", "--token", "s3cret-token"});
  ASSERT_GT(port, 0) << server_->err();
  std::filesystem::remove(dir_.file("store.db"));
  std::filesystem::create_directory(dir_.file("store.db"));
  // WHEN a request carrying the token in its URL fails
  const std::string response = http_exchange(port, get("/api/athletes?token=s3cret-token"));
  EXPECT_EQ(status_of(response), 500) << response;
  // THEN the answer does not show where the store is, and the log does not show the token
  EXPECT_EQ(response.find(dir_.path()), std::string::npos) << response;
  server_->send_signal(SIGTERM);
  EXPECT_EQ(server_->wait(10s), 0);
  EXPECT_NE(server_->err().find("/api/athletes"), std::string::npos) << server_->err();
  EXPECT_EQ(server_->err().find("s3cret-token"), std::string::npos) << server_->err();
}

TEST_F(ServeCliTest, NonLoopbackBindRequiresTheToken) {
  const int port = start({"--bind", "0.0.0.0:0", "--token", "s3cret-token"});
  ASSERT_GT(port, 0) << server_->err();
  EXPECT_NE(url_.find("?token=s3cret-token"), std::string::npos);
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes"))), 403);
  EXPECT_EQ(status_of(http_exchange(port, get("/"))), 403);
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes", "Authorization: Bearer wrong-token\r\n"))), 403);
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes", "Authorization: Bearer s3cret-token\r\n"))), 200);
  EXPECT_EQ(status_of(http_exchange(port, get("/api/athletes?token=s3cret-token"))), 200);
}

TEST_F(ServeCliTest, DayLevelSymptomEntryWithoutASessionReachesTheRiskReport) {
  // GIVEN an athlete without any session, and a writable dashboard
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "Ana", "--store", dir_.file("store.db")}).exit_code, 0);
  const int port = start({"--bind", "127.0.0.1:0", "--token", "tok-12345678", "--allow-writes", "--as-of", "2026-03-10"});
  ASSERT_GT(port, 0) << server_->err();
  const auto post = [&](const std::string& body) {
    return http_exchange(port, "POST /api/athletes/1/symptoms HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok-12345678\r\n"
                               "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\nConnection: close\r\n\r\n" + body);
  };
  // WHEN swelling is logged on a rest day, and a milder entry three days later
  EXPECT_EQ(status_of(post(R"({"date": "2026-03-05", "pain_after": 3, "swelling": true})")), 200);
  EXPECT_EQ(status_of(post(R"({"date": "2026-03-08", "pain_after": 1})")), 200);
  // THEN the risk report still says stop and see a professional
  const auto risk = http_exchange(port, get("/api/athletes/1/risk", "Authorization: Bearer tok-12345678\r\n"));
  EXPECT_EQ(status_of(risk), 200);
  EXPECT_NE(risk.find("\"stop_and_seek_help\":true"), std::string::npos) << risk;
  EXPECT_NE(risk.find("symptoms.swelling"), std::string::npos) << risk;
  // AND bad entries are clear 400s
  EXPECT_EQ(status_of(post(R"({"date": "yesterday", "pain_after": 1})")), 400);
  EXPECT_EQ(status_of(post(R"({"date": "2026-03-08"})")), 400);
  EXPECT_EQ(status_of(post(R"({"date": "2026-03-08", "swelling": "yes"})")), 400);
}

TEST(ReportCliTest, UsageAndRuntimeErrorsAreOneLine) {
  testing::TempDir dir;
  const std::string store = dir.file("s.db");
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "A", "--store", store}).exit_code, 0);  // report reads a store
  const auto none = run({runload_binary(), "report", "--out", dir.file("x.html"), "--store", store});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  const auto both = run({runload_binary(), "report", "--team", "--athlete", "A", "--out", dir.file("x.html"), "--store", store});
  EXPECT_EQ(both.exit_code, 2);
  const auto missing = run({runload_binary(), "report", "--athlete", "Nobody", "--out", dir.file("x.html"), "--store", store});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  const auto session = run({runload_binary(), "report", "--session", "99", "--out", dir.file("x.html"), "--store", store});
  EXPECT_EQ(session.exit_code, 1);
  const auto team = run({runload_binary(), "report", "--team", "--out", dir.file("t.html"), "--store", store});
  EXPECT_EQ(team.exit_code, 0) << team.err;
  const auto bind = run({runload_binary(), "serve", "--bind", "nowhere", "--store", store});
  EXPECT_EQ(bind.exit_code, 2);
}

TEST(ReportCliTest, OutWritesThroughASymlinkAndRefusesWhatIsNotARegularFile) {
  testing::TempDir dir;
  const std::string store = dir.file("s.db");
  ASSERT_EQ(run({runload_binary(), "athlete", "add", "--name", "A", "--store", store}).exit_code, 0);  // report reads a store
  // GIVEN --out naming a symlink to a report elsewhere; WHEN the report is written
  std::filesystem::create_directory(dir.file("reports"));
  std::filesystem::create_symlink(dir.file("reports/team.html"), dir.file("latest.html"));
  const auto via_link = run({runload_binary(), "report", "--team", "--out", dir.file("latest.html"), "--store", store});
  ASSERT_EQ(via_link.exit_code, 0) << via_link.err;
  // THEN the link stays a link and its target holds the report
  EXPECT_TRUE(std::filesystem::is_symlink(dir.file("latest.html")));
  EXPECT_GT(std::filesystem::file_size(dir.file("reports/team.html")), 1000u);
  // AND a FIFO (like a device node) is refused and left alone
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  const auto fifo = run({runload_binary(), "report", "--team", "--out", dir.file("fifo"), "--store", store});
  EXPECT_EQ(fifo.exit_code, 1);
  EXPECT_NE(fifo.err.find("not a regular file"), std::string::npos) << fifo.err;
  EXPECT_TRUE(std::filesystem::is_fifo(dir.file("fifo")));
}

}  // namespace
}  // namespace runload
