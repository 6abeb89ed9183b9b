// TLS for the club server: Debian's nginx with tools/nginx/runload.conf in front of `runload serve` on
// loopback (docs/club.md, "TLS with nginx"), met the way a user's client meets it: curl over HTTPS with a
// self-signed certificate. A coach's token reads the same roster as from serve directly; without a
// token nothing passes, whatever Host the client names; plain HTTP never reaches serve; port 80
// redirects to https; a body above nginx's default 1 MiB streams through to serve, which answers itself.
// nginx, openssl and curl are installed by ./setup.sh test; missing, the test fails in CI
// (RUNLOAD_CI, set by .ci/run) and is skipped elsewhere.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "testing/child_process.h"
#include "testing/http_client.h"
#include "testing/nginx.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

/// What curl got: status, HTTP version ("2", "1.1"), redirect target, headers (lower-cased) and body.
struct Answer {
  int status = 0;
  std::string http_version, redirect_url, headers, body, error;
};

class NginxTlsTest : public ::testing::Test, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (const auto missing = testing::TempNginx::missing_tools(); !missing.empty()) {
      if (std::getenv("RUNLOAD_CI") != nullptr) GTEST_FAIL() << missing;
      GTEST_SKIP() << missing;
    }
    // GIVEN a club store: Ana in maria's team, Ben in none; maria signs in with her own token
    for (const char* name : {"Ana", "Ben"}) {
      ok({"athlete", "add", "--name", name});
      ok({"import", write(std::string(name) + ".csv", "date,distance_km,duration_min,rpe\n2026-02-02,8,45,4\n"),
          "--athlete", name});
    }
    ok({"team", "add", "--name", "Juniors"});
    ok({"team", "add-athlete", "--team", "Juniors", "--athlete", "Ana"});
    const auto added = ok({"user", "add", "--name", "maria", "--role", "coach"});
    token_ = added.substr(added.rfind("rl_"));
    token_.erase(token_.find_last_not_of('\n') + 1);
    ok({"team", "add-coach", "--team", "Juniors", "--user", "maria"});
    // AND serve on loopback as docs/club.md starts it, nginx in front
    serve_ = start_serve({});
    ASSERT_TRUE(serve_port_ > 0) << serve_->err();
    nginx_ = std::make_unique<testing::TempNginx>(serve_port_);
  }

  /// serve on loopback as docs/club.md starts it, with `extra` options; sets serve_port_.
  std::unique_ptr<testing::ChildProcess> start_serve(const std::vector<std::string>& extra) {
    std::vector<std::string> argv{testing::runload_binary(), "serve", "--store", dir_.file("store.db"), "--bind",
                                  "127.0.0.1:0", "--max-connections-per-client", "64"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto serve = std::make_unique<testing::ChildProcess>(argv);
    const auto url = serve->read_stdout_line(15s);
    serve_port_ = url ? std::stoi(url->substr(url->rfind(':') + 1)) : 0;
    return serve;
  }

  std::string ok(const std::vector<std::string>& args) {
    const auto r = rl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  std::string https(const std::string& target) const {
    return "https://" + std::string(testing::TempNginx::kServerName) + ":" + std::to_string(nginx_->https_port()) +
           target;
  }
  std::string http(int port, const std::string& target) const {
    return "http://" + std::string(testing::TempNginx::kServerName) + ":" + std::to_string(port) + target;
  }
  std::string bearer() const { return "Authorization: Bearer " + token_; }

  /// curl `args` through nginx.
  Answer fetch(std::vector<std::string> args) {
    args.insert(args.begin(), {"-D", dir_.file("headers"), "-o", dir_.file("body"), "-w",
                               "%{http_code} %{http_version} %{redirect_url}"});
    const auto r = testing::run(nginx_->curl(args), 30s);
    Answer a;
    a.error = r.err;
    std::istringstream out(r.out);
    out >> a.status >> a.http_version >> a.redirect_url;
    std::ifstream headers(dir_.file("headers")), body(dir_.file("body"));
    a.headers.assign(std::istreambuf_iterator<char>(headers), std::istreambuf_iterator<char>());
    for (auto& c : a.headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    a.body.assign(std::istreambuf_iterator<char>(body), std::istreambuf_iterator<char>());
    std::remove(dir_.file("headers").c_str());
    std::remove(dir_.file("body").c_str());
    return a;
  }
  /// The `error` of one of serve's JSON answers; empty if `body` is not one (nginx's pages are HTML).
  static std::string serve_error(const std::string& body) {
    const auto j = json::parse(body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : std::string();
  }

  std::string token_;
  std::unique_ptr<testing::ChildProcess> serve_;
  int serve_port_ = 0;
  std::unique_ptr<testing::TempNginx> nginx_;
};

constexpr const char* kRoster = "/api/athletes?as_of=2026-02-10";

TEST_F(NginxTlsTest, ACoachReadsOverHttpsTheSameRosterAsFromServeDirectly) {
  // WHEN maria asks serve directly and through nginx (HTTP/2 and TLS 1.3 by default, then HTTP/1.1 on TLS 1.2)
  const auto direct = json::parse(
      testing::http_body(testing::http_exchange(serve_port_, testing::http_get(kRoster, bearer() + "\r\n"))));
  const auto h2 = fetch({"--tlsv1.3", "-H", bearer(), https(kRoster)});
  const auto h1 = fetch({"--http1.1", "--tlsv1.2", "--tls-max", "1.2", "-H", bearer(), https(kRoster)});
  // THEN both answer 200 with serve's JSON, her team only, and the browser is told to stay on HTTPS
  ASSERT_EQ(direct["athletes"].size(), 1u);
  EXPECT_EQ(direct["athletes"][0]["name"], "Ana");
  for (const auto& a : {h2, h1}) {
    ASSERT_EQ(a.status, 200) << a.error << a.body;
    EXPECT_EQ(json::parse(a.body), direct);
    EXPECT_NE(a.headers.find("strict-transport-security: max-age=63072000"), std::string::npos) << a.headers;
  }
  EXPECT_EQ(h2.http_version, "2");
  EXPECT_EQ(h1.http_version, "1.1");
}

TEST_F(NginxTlsTest, WithoutATokenNothingPassesWhateverHostTheClientNames) {
  // GIVEN serve answers a tokenless request on loopback (no --token: the machine's own dashboard)
  EXPECT_EQ(testing::http_status(testing::http_exchange(serve_port_, testing::http_get(kRoster))), 200);
  // THEN through nginx every tokenless request is serve's 403, even one that claims a loopback Host
  for (const std::string& host :
       std::vector<std::string>{"", "localhost", "127.0.0.1", "127.0.0.1:" + std::to_string(serve_port_)}) {
    std::vector<std::string> args{https(kRoster)};
    if (!host.empty()) args.insert(args.begin(), {"-H", "Host: " + host});
    const auto a = fetch(args);
    EXPECT_EQ(a.status, 403) << "Host " << host << ": " << a.error << a.body;
    EXPECT_EQ(serve_error(a.body), "the Host header must name this loopback server") << a.body;
  }
  // AND a made-up token is refused too
  EXPECT_EQ(fetch({"-H", "Authorization: Bearer rl_1_madeup", https(kRoster)}).status, 403);
}

TEST_F(NginxTlsTest, PlainHttpNeverReachesServeAndPort80RedirectsToHttps) {
  // WHEN a client speaks plain HTTP to the TLS port, with a valid token
  const auto plain = fetch({"-H", bearer(), http(nginx_->https_port(), kRoster)});
  // THEN nginx refuses it (400) and serve's answer never comes
  EXPECT_EQ(plain.status, 400) << plain.error;
  EXPECT_EQ(plain.body.find("athletes"), std::string::npos) << plain.body;
  // WHEN it uses port 80 THEN it is sent to the same path on https
  const auto redirect = fetch({"-H", bearer(), http(nginx_->http_port(), kRoster)});
  EXPECT_EQ(redirect.status, 301) << redirect.error;
  EXPECT_EQ(redirect.redirect_url, std::string("https://") + testing::TempNginx::kServerName + kRoster);
  EXPECT_EQ(redirect.body.find("athletes"), std::string::npos) << redirect.body;
}

TEST_F(NginxTlsTest, ALargeBodyStreamsThroughToServeWhichAnswersItself) {
  // GIVEN a 5 MB body: over nginx's default cap (1 MiB, its own 413) and over serve's 64 KiB JSON limit
  // (when POST /api/uploads lands, send it there: serve's answer is then an upload's)
  const std::string big = write("big.json", std::string(5 * 1000 * 1000, ' '));
  // WHEN maria posts it, over HTTP/2 and, several times, HTTP/1.1 (serve refuses it mid-body; if serve
  // closed before nginx had sent it all, nginx would answer 502: with a 1 MiB drain, one run in four)
  for (const char* version :
       {"--http2", "--http1.1", "--http1.1", "--http1.1", "--http1.1", "--http1.1", "--http1.1"}) {
    const auto a = fetch({version, "-H", bearer(), "-H", "Content-Type: application/json", "--data-binary", "@" + big,
                          https("/api/sessions/1/log")});
    // THEN the answer is serve's own, not nginx's (413 page or 502)
    EXPECT_EQ(a.status, 413) << version << ": " << a.error << a.body;
    EXPECT_NE(serve_error(a.body).find("request too large"), std::string::npos) << version << ": " << a.body;
  }
  // AND nginx never held the body: it streamed (a buffered body over 16 KiB goes to a file, with a warning)
  EXPECT_EQ(nginx_->error_log().find("buffered to a temporary file"), std::string::npos) << nginx_->error_log();
}

TEST_F(NginxTlsTest, TheDashboardsTokenCookieTravelsOverTlsOnly) {
  // WHEN maria opens the dashboard's URL with her token
  const auto a = fetch({https("/?token=" + token_)});
  // THEN the cookie that keeps it is marked Secure (serve on loopback cannot know the client uses TLS)
  ASSERT_EQ(a.status, 200) << a.error;
  const auto cookie = a.headers.find("set-cookie: runload_token=");
  ASSERT_NE(cookie, std::string::npos) << a.headers;
  const auto line = a.headers.substr(cookie, a.headers.find('\n', cookie) - cookie);
  EXPECT_NE(line.find("; secure"), std::string::npos) << line;
  EXPECT_NE(line.find("httponly"), std::string::npos) << line;
}

TEST_F(NginxTlsTest, ARecordingUploadedOverHttpsBecomesASession) {
  // GIVEN a 2-minute recording at 1 kHz (about 2 MB), as `runload record` writes it
  testing::ChildProcess device({testing::runload_binary(), "sim", "--tcp-listen", "127.0.0.1:0", "--full-speed",
                                "--rate", "1000", "--duration", "120"});
  const auto address = device.read_stdout_line(10s);
  ASSERT_TRUE(address && address->starts_with("tcp:")) << device.err();
  const std::string recording = dir_.file("run.rlrec");
  const auto recorded = testing::run({testing::runload_binary(), "record", "--tcp", address->substr(4), "--out",
                                      recording, "--silence-timeout", "0.5", "--quiet"});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const auto athletes = json::parse(ok({"athlete", "list", "--json"}))["athletes"];
  const auto ana = athletes[0]["name"] == "Ana" ? athletes[0]["id"] : athletes[1]["id"];
  // AND a serve that takes uploads (writes need a token: one is generated), nginx in front of it
  nginx_.reset();
  serve_ = start_serve({"--allow-writes", "--upload-dir", dir_.file("uploads")});
  ASSERT_TRUE(serve_port_ > 0) << serve_->err();
  nginx_ = std::make_unique<testing::TempNginx>(serve_port_);
  // WHEN her coach uploads it for Ana over HTTP/2
  const auto sent = fetch({"--http2", "-H", bearer(), "-H", "Content-Type: application/octet-stream", "--data-binary",
                           "@" + recording, https("/api/uploads?athlete=" + ana.dump())});
  // THEN serve takes it (streamed through nginx), and it becomes Ana's session
  ASSERT_EQ(sent.status, 202) << sent.error << sent.body;
  const auto id = json::parse(sent.body)["upload_id"].dump();
  json state = json::object();
  for (int i = 0; i < 200 && state.value("state", std::string("queued")) != "done"; ++i) {
    state = json::parse(fetch({"-H", bearer(), https("/api/uploads/" + id)}).body, nullptr, false);
    if (!state.is_object()) state = json::object();
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(state["state"], "done") << state;
  EXPECT_EQ(state["session_ids"].size(), 1u) << state;
  EXPECT_EQ(nginx_->error_log().find("buffered to a temporary file"), std::string::npos) << nginx_->error_log();
}

}  // namespace
}  // namespace runload
