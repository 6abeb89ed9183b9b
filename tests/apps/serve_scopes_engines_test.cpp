// `runload serve` on a club's store with users, on both engines, through real sockets: an athlete never
// reads another athlete and a coach never reads another team, through every route; revoked tokens stop.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "testing/child_process.h"
#include "testing/http_client.h"
#include "testing/postgres.h"
#include "testing/store_cli.h"
#include "testing/store_engines.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using testing::http_exchange;
using testing::http_get;
using testing::http_post_json;
using testing::http_status;

using testing::last_line;
using testing::StoreEngine;

class ServeScopesTest : public ::testing::TestWithParam<StoreEngine>, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (GetParam() == StoreEngine::kPostgres) {
      postgres_.emplace();
      use_store(postgres_->uri());
    }
    auto ok = [this](std::vector<std::string> args) {
      const auto r = rl(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return r.out;
    };
    // Two teams: Juniors (Ana, Ben) coached by maria, Masters (Cleo) coached by otto; Ana has her own login.
    for (const char* name : {"Ana", "Ben", "Cleo"}) {
      ok({"athlete", "add", "--name", name});
      ok({"import", write(std::string(name) + ".csv", "date,distance_km,duration_min,rpe\n2026-02-02,8,45,4\n2026-02-04,10,55,5\n"),
          "--athlete", name});
    }
    ok({"team", "add", "--name", "Juniors"});
    ok({"team", "add", "--name", "Masters"});
    ok({"team", "add-athlete", "--team", "Juniors", "--athlete", "Ana"});
    ok({"team", "add-athlete", "--team", "Juniors", "--athlete", "Ben"});
    ok({"team", "add-athlete", "--team", "Masters", "--athlete", "Cleo"});
    for (const auto& [user, role] : std::map<std::string, std::string>{{"maria", "coach"}, {"otto", "coach"}, {"root", "admin"}}) {
      tokens_[user] = last_line(ok({"user", "add", "--name", user, "--role", role}));
    }
    tokens_["ana"] = last_line(ok({"user", "add", "--name", "ana", "--role", "athlete", "--athlete", "Ana"}));
    ok({"team", "add-coach", "--team", "Juniors", "--user", "maria"});
    ok({"team", "add-coach", "--team", "Masters", "--user", "otto"});
    const auto athletes = nlohmann::json::parse(ok({"athlete", "list", "--json"}))["athletes"];
    for (const auto& a : athletes) athlete_ids_[a["name"].get<std::string>()] = a["id"].get<std::int64_t>();
    const auto sessions = nlohmann::json::parse(ok({"sessions", "--json"}))["sessions"];
    for (const auto& s : sessions) {
      sessions_of_[s["athlete"].get<std::string>()].push_back(s["id"].get<std::int64_t>());
    }
    port_ = start_server(server_);
  }
  /// The server of a club: writes allowed, its own token kept by the admin. Returns its port.
  int start_server(std::unique_ptr<testing::ChildProcess>& server) {
    std::vector<std::string> argv{testing::runload_binary(), "serve", "--store", store_.empty() ? dir_.file("store.db") : store_,
                                  "--bind", "127.0.0.1:0", "--allow-writes", "--token", "server-owner-token-0123456789"};
    server = std::make_unique<testing::ChildProcess>(argv);
    const auto url = server->read_stdout_line(15s);
    EXPECT_TRUE(url.has_value());
    return url ? std::stoi(url->substr(url->rfind(':') + 1)) : 0;
  }
  int get(const std::string& user, const std::string& target) {
    return http_status(http_exchange(port_, http_get(target, "Authorization: Bearer " + tokens_[user] + "\r\n")));
  }
  std::string body(int port, const std::string& user, const std::string& target) {
    return testing::http_body(http_exchange(port, http_get(target, "Authorization: Bearer " + tokens_[user] + "\r\n")));
  }
  int post(const std::string& user, const std::string& target, const std::string& body) {
    return http_status(http_exchange(port_, http_post_json(target, body, "Authorization: Bearer " + tokens_[user] + "\r\n")));
  }
  std::set<std::string> roster(const std::string& user) {
    const auto r = http_exchange(port_, http_get("/api/athletes", "Authorization: Bearer " + tokens_[user] + "\r\n"));
    std::set<std::string> names;
    const auto athletes = nlohmann::json::parse(testing::http_body(r))["athletes"];
    for (const auto& a : athletes) names.insert(a["name"].get<std::string>());
    return names;
  }

  std::optional<testing::TempPostgresDatabase> postgres_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::int64_t> athlete_ids_;
  std::map<std::string, std::vector<std::int64_t>> sessions_of_;
  std::unique_ptr<testing::ChildProcess> server_;
  int port_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, ServeScopesTest, testing::kBothStoreEngines,
                         testing::store_engine_name);

TEST_P(ServeScopesTest, EveryRouteShowsEachUserOnlyTheAthletesTheirRoleAllows) {
  const std::map<std::string, std::set<std::string>> sees = {
      {"root", {"Ana", "Ben", "Cleo"}}, {"maria", {"Ana", "Ben"}}, {"otto", {"Cleo"}}, {"ana", {"Ana"}}};
  for (const auto& [user, visible] : sees) {
    EXPECT_EQ(roster(user), visible) << user;
    for (const auto& [athlete, id] : athlete_ids_) {
      const int expected = visible.count(athlete) ? 200 : 404;
      const std::string base = "/api/athletes/" + std::to_string(id);
      for (const std::string suffix : {"", "/load", "/risk", "/sessions"}) {
        EXPECT_EQ(get(user, base + suffix), expected) << user << " GET " << base + suffix;
      }
      EXPECT_EQ(post(user, base + "/symptoms", R"({"date": "2026-02-05", "pain_after": 2})"), expected)
          << user << " POST symptoms of " << athlete;
      for (const auto session : sessions_of_[athlete]) {
        const std::string s = "/api/sessions/" + std::to_string(session);
        EXPECT_EQ(get(user, s), expected) << user << " GET " << s;
        EXPECT_EQ(post(user, s + "/log", R"({"rpe": 6})"), expected) << user << " POST " << s << "/log";
      }
    }
  }
  // The server's own token sees everyone; a made-up or near-miss user token nothing.
  tokens_["owner"] = "server-owner-token-0123456789";
  EXPECT_EQ(roster("owner"), (std::set<std::string>{"Ana", "Ben", "Cleo"}));
  tokens_["forged"] = tokens_["ana"].substr(0, tokens_["ana"].size() - 2) + "xx";
  EXPECT_EQ(get("forged", "/api/athletes"), 403);
  EXPECT_EQ(get("forged", "/"), 403) << "the page too";
}

TEST_P(ServeScopesTest, ARevokedTokenStopsAtOnceAndTheUsersOtherTokensKeepWorking) {
  const auto second = rl({"user", "token", "--name", "maria", "--label", "phone"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  tokens_["maria-phone"] = last_line(second.out);
  EXPECT_EQ(get("maria", "/api/athletes"), 200);
  const auto listed = nlohmann::json::parse(rl({"user", "list", "--json"}).out)["users"];
  for (const auto& u : listed) {
    if (u["name"] == "maria") {
      EXPECT_EQ(u["live_tokens"], 2);
    }
  }
  const std::string& t = tokens_["maria"];
  const auto first_token = std::stoll(t.substr(3, t.find('_', 3) - 3));
  const auto revoked = rl({"user", "revoke", "--name", "maria", "--token-id", std::to_string(first_token)});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(get("maria", "/api/athletes"), 403);
  EXPECT_EQ(get("maria-phone", "/api/athletes"), 200);
  EXPECT_EQ(roster("maria-phone"), (std::set<std::string>{"Ana", "Ben"}));
}

TEST_P(ServeScopesTest, TwoServeProcessesOnOneStoreAnswerAlikeAndSeeEachOthersWrites) {
  std::unique_ptr<testing::ChildProcess> second;
  const int other = start_server(second);
  ASSERT_NE(other, 0);
  const std::string ana = "/api/athletes/" + std::to_string(athlete_ids_["Ana"]);
  for (const std::string& target : {std::string("/api/athletes?as_of=2026-02-10"), ana + "?as_of=2026-02-10", ana + "/risk?as_of=2026-02-10"}) {
    EXPECT_EQ(body(port_, "maria", target), body(other, "maria", target)) << target;
  }
  // A symptom the athlete logs through one process shows at once through the other.
  ASSERT_EQ(http_status(http_exchange(port_, http_post_json(ana + "/symptoms", R"({"date": "2026-02-09", "pain_after": 4})",
                                                            "Authorization: Bearer " + tokens_["ana"] + "\r\n"))),
            200);
  const auto roster = nlohmann::json::parse(body(other, "maria", "/api/athletes?as_of=2026-02-10"))["athletes"];
  bool seen = false;
  for (const auto& a : roster) {
    if (a["name"] == "Ana") seen = a["latest_pain"]["max_0_10"] == 4.0;
  }
  EXPECT_TRUE(seen) << roster.dump();
}

TEST_P(ServeScopesTest, AnswersKeptByOneProcessGiveWayToAWriteThroughTheOther) {
  // GIVEN a second server, and the roster, Ana's page and her session's page asked of it twice (kept)
  std::unique_ptr<testing::ChildProcess> second;
  const int other = start_server(second);
  ASSERT_NE(other, 0);
  const std::int64_t session = sessions_of_["Ana"].front();
  const std::string roster = "/api/athletes?as_of=2026-02-10";
  const std::string ana = "/api/athletes/" + std::to_string(athlete_ids_["Ana"]) + "?as_of=2026-02-10";
  const std::string run = "/api/sessions/" + std::to_string(session) + "?as_of=2026-02-10";
  std::map<std::string, std::string> before;
  for (const auto& target : {roster, ana, run}) {
    before[target] = body(other, "maria", target);
    EXPECT_EQ(body(other, "maria", target), before[target]) << "a kept answer is the answer: " << target;
  }
  // WHEN the coach logs an RPE and a note on the session through the first server
  ASSERT_EQ(http_status(http_exchange(port_, http_post_json("/api/sessions/" + std::to_string(session) + "/log",
                                                            R"({"rpe": 9, "note": "hill repeats", "pain_after": 3})",
                                                            "Authorization: Bearer " + tokens_["maria"] + "\r\n"))),
            200);
  // THEN the second server's next answers show it: the session page, the athlete page's list, the roster's pain
  const auto page = nlohmann::json::parse(body(other, "maria", run));
  EXPECT_EQ(page["session"]["rpe"], 9.0) << page["session"].dump();
  EXPECT_EQ(page["session"]["notes"], "hill repeats");
  const auto athlete = nlohmann::json::parse(body(other, "maria", ana));
  bool logged = false;
  for (const auto& row : athlete["sessions"]) {
    if (row["id"] == session) logged = row["rpe"] == 9.0;
  }
  EXPECT_TRUE(logged) << athlete["sessions"].dump();
  const auto rows = nlohmann::json::parse(body(other, "maria", roster))["athletes"];
  bool pain = false;
  for (const auto& a : rows) {
    if (a["name"] == "Ana") pain = a["latest_pain"]["max_0_10"] == 3.0;
  }
  EXPECT_TRUE(pain) << rows.dump();
  // AND Ben's row, untouched, is what it was
  const auto rows_before = nlohmann::json::parse(before[roster])["athletes"];
  for (const auto& a : rows) {
    if (a["name"] != "Ben") continue;
    for (const auto& b : rows_before) {
      if (b["name"] == "Ben") {
        EXPECT_EQ(a, b);
      }
    }
  }
  // AND the scope still holds on a kept answer: otto (Masters) gets a 404 for Ana's pages maria warmed
  EXPECT_EQ(http_status(http_exchange(other, http_get(ana, "Authorization: Bearer " + tokens_["otto"] + "\r\n"))), 404);
  EXPECT_EQ(http_status(http_exchange(other, http_get(run, "Authorization: Bearer " + tokens_["otto"] + "\r\n"))), 404);
  EXPECT_EQ(nlohmann::json::parse(body(other, "otto", roster))["athletes"].size(), 1u);
}

}  // namespace
}  // namespace runload
