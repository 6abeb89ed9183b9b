// Uploads to `runload serve` on both store engines, through real sockets and processes: a recording or a
// FIT file becomes one session however often it is sent; what is not one is refused and leaves nothing;
// scopes hold; a server killed while it processes an upload loses nothing (another process finishes it).
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "testing/child_process.h"
#include "testing/http_client.h"
#include "testing/paths.h"
#include "testing/postgres.h"
#include "testing/store_cli.h"
#include "testing/store_engines.h"

namespace runload {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;

using testing::last_line;
using testing::StoreEngine;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Every regular file below `dir`.
std::vector<fs::path> files_below(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

class UploadsTest : public ::testing::TestWithParam<StoreEngine>, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (GetParam() == StoreEngine::kPostgres) {
      postgres_.emplace();
      use_store(postgres_->uri());
    }
    for (const char* name : {"Ana", "Ben", "Cleo"}) ok({"athlete", "add", "--name", name});
    ok({"team", "add", "--name", "Juniors"});
    ok({"team", "add", "--name", "Masters"});
    ok({"team", "add-athlete", "--team", "Juniors", "--athlete", "Ana"});
    ok({"team", "add-athlete", "--team", "Juniors", "--athlete", "Ben"});
    ok({"team", "add-athlete", "--team", "Masters", "--athlete", "Cleo"});
    tokens_["maria"] = last_line(ok({"user", "add", "--name", "maria", "--role", "coach"}));
    tokens_["otto"] = last_line(ok({"user", "add", "--name", "otto", "--role", "coach"}));
    tokens_["ana"] = last_line(ok({"user", "add", "--name", "ana", "--role", "athlete", "--athlete", "Ana"}));
    ok({"team", "add-coach", "--team", "Juniors", "--user", "maria"});
    ok({"team", "add-coach", "--team", "Masters", "--user", "otto"});
    const auto athletes = json::parse(ok({"athlete", "list", "--json"}))["athletes"];
    for (const auto& a : athletes) {
      ids_[a["name"].get<std::string>()] = a["id"].get<std::int64_t>();
    }
  }

  std::string ok(std::vector<std::string> args) {
    const auto r = rl(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  std::string store() { return store_.empty() ? dir_.file("store.db") : store_; }
  fs::path upload_dir() { return dir_.file("uploads"); }

  /// A club server with uploads on (and `extra` options); its port.
  int start_server(std::unique_ptr<testing::ChildProcess>& server, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{testing::runload_binary(), "serve", "--store", store(), "--bind", "127.0.0.1:0",
                                  "--allow-writes", "--token", "server-owner-token-0123456789",
                                  "--upload-dir", upload_dir().string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    server = std::make_unique<testing::ChildProcess>(argv);
    const auto url = server->read_stdout_line(15s);
    EXPECT_TRUE(url.has_value()) << server->err();
    return url ? std::stoi(url->substr(url->rfind(':') + 1)) : 0;
  }

  /// A runload recording of `duration_s` of a foot sensor at 1 kHz, as `runload record` writes it from
  /// an emulated device streaming at full speed; `seed` makes its content differ.
  std::string make_recording(const std::string& name, double duration_s, int seed) {
    testing::ChildProcess device({testing::runload_binary(), "sim", "--tcp-listen", "127.0.0.1:0", "--full-speed",
                                  "--rate", "1000", "--duration", std::to_string(duration_s), "--seed",
                                  std::to_string(seed)});
    const auto address = device.read_stdout_line(10s);
    EXPECT_TRUE(address && address->starts_with("tcp:")) << device.err();
    const std::string out = dir_.file(name);
    const auto r = testing::run({testing::runload_binary(), "record", "--tcp", address->substr(4), "--out", out,
                                 "--silence-timeout", "0.5", "--quiet"},
                                60s);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }

  std::string upload(int port, const std::string& user, const std::string& bytes, const std::string& query = "") {
    return testing::http_exchange(
        port, testing::http_post_bytes("/api/uploads" + query, bytes, "Authorization: Bearer " + tokens_[user] + "\r\n"));
  }
  std::string get(int port, const std::string& user, const std::string& target) {
    return testing::http_exchange(port, testing::http_get(target, "Authorization: Bearer " + tokens_[user] + "\r\n"));
  }
  /// The upload's JSON once it is done or failed (polled; at most `limit`).
  json finished(int port, const std::string& user, std::int64_t id, std::chrono::seconds limit = 60s) {
    json j;
    for (const auto until = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < until;) {
      j = json::parse(testing::http_body(get(port, user, "/api/uploads/" + std::to_string(id))), nullptr, false);
      if (j.is_object() && (j["state"] == "done" || j["state"] == "failed")) return j;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "upload " << id << " did not finish: " << j;
    return j;
  }
  json sessions(const std::string& athlete) {
    return json::parse(ok({"sessions", "--athlete", athlete, "--json"}))["sessions"];
  }

  std::optional<testing::TempPostgresDatabase> postgres_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::int64_t> ids_;
  std::unique_ptr<testing::ChildProcess> server_;
};

INSTANTIATE_TEST_SUITE_P(Engines, UploadsTest, testing::kBothStoreEngines,
                         testing::store_engine_name);

TEST_P(UploadsTest, ARecordingBecomesOneSessionHoweverOftenItIsSent) {
  const std::string recording = read_file(make_recording("run.rlrec", 60, 1));
  const int port = start_server(server_);
  // WHEN the athlete uploads her recording
  const auto first = upload(port, "ana", recording);
  ASSERT_EQ(testing::http_status(first), 202) << first;
  const auto queued = json::parse(testing::http_body(first));
  EXPECT_EQ(queued["athlete_id"], ids_["Ana"]);
  EXPECT_EQ(queued["kind"], "recording");
  EXPECT_EQ(queued["bytes"], recording.size());
  // THEN it is replayed into one session, kept under the upload folder, with the recording's figures
  const auto done = finished(port, "ana", queued["upload_id"]);
  ASSERT_EQ(done["state"], "done") << done;
  ASSERT_EQ(done["session_ids"].size(), 1u);
  auto stored = sessions("Ana");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["id"], done["session_ids"][0]);
  EXPECT_NEAR(stored[0]["duration_s"].get<double>(), 60.0, 2.0);
  EXPECT_GT(stored[0]["cadence_steps_per_min"].get<double>(), 150.0);
  EXPECT_EQ(read_file(stored[0]["recording"].get<std::string>()), recording);
  // AND the same file again, by her coach this time, is the same upload: no second session
  const auto again = upload(port, "maria", recording, "?athlete=" + std::to_string(ids_["Ana"]));
  ASSERT_EQ(testing::http_status(again), 200) << again;
  const auto same = json::parse(testing::http_body(again));
  EXPECT_EQ(same["upload_id"], queued["upload_id"]);
  EXPECT_TRUE(same["duplicate"].get<bool>());
  EXPECT_EQ(same["session_ids"], done["session_ids"]);
  EXPECT_EQ(sessions("Ana").size(), 1u);
}

/// The UTC calendar date of `utc_s` shifted by `offset_s`, YYYY-MM-DD.
std::string local_date(std::int64_t utc_s, std::int64_t offset_s) {
  const std::time_t t = static_cast<std::time_t>(utc_s + offset_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[11];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

TEST_P(UploadsTest, ARecordingIsDatedInTheUploadersTimeZone) {
  // GIVEN two recordings made now, uploaded from clients at UTC+14 and UTC−12 (26 h apart: never one day)
  const std::string east = read_file(make_recording("east.rlrec", 10, 5));
  const std::string west = read_file(make_recording("west.rlrec", 10, 6));
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  const int port = start_server(server_);
  EXPECT_EQ(testing::http_status(upload(port, "ana", east, "?utc_offset_s=90000")), 400);
  EXPECT_EQ(testing::http_status(upload(port, "ana", east, "?utc_offset_s=1.5")), 400);
  for (const auto& [bytes, offset] : {std::pair{east, 50400}, std::pair{west, -43200}}) {
    const auto sent = upload(port, "ana", bytes, "?utc_offset_s=" + std::to_string(offset));
    ASSERT_EQ(testing::http_status(sent), 202) << sent;
    const auto done = finished(port, "ana", json::parse(testing::http_body(sent))["upload_id"]);
    ASSERT_EQ(done["state"], "done") << done;
    // THEN each session is on the athlete's local date at its start
    const auto session = json::parse(testing::http_body(get(port, "ana", "/api/sessions/" + done["session_ids"][0].dump())));
    EXPECT_EQ(session["session"]["date"], local_date(now_s, offset)) << offset;
  }
}

TEST_P(UploadsTest, AnUploadThroughOneServerShowsInTheOthersKeptPages) {
  // GIVEN two servers on the store, and Ana's page and roster asked of the second (kept there)
  const std::string recording = read_file(make_recording("kept.rlrec", 30, 5));
  std::unique_ptr<testing::ChildProcess> second;
  const int port = start_server(server_);
  const int other = start_server(second);
  const std::string page = "/api/athletes/" + std::to_string(ids_["Ana"]);
  const auto sessions_on_page = [&] {
    return json::parse(testing::http_body(get(other, "ana", page)))["sessions"].size();
  };
  const auto sessions_in_roster = [&] {
    return json::parse(testing::http_body(get(other, "ana", "/api/athletes")))["athletes"][0]["sessions"].get<int>();
  };
  EXPECT_EQ(sessions_on_page(), 0u);
  EXPECT_EQ(sessions_in_roster(), 0);
  EXPECT_EQ(sessions_on_page(), 0u);
  // WHEN Ana uploads a recording through the first server and it is processed
  const auto sent = upload(port, "ana", recording);
  ASSERT_EQ(testing::http_status(sent), 202) << sent;
  const auto done = finished(port, "ana", json::parse(testing::http_body(sent))["upload_id"]);
  ASSERT_EQ(done["state"], "done") << done;
  // THEN the second server's next answers hold the new session
  EXPECT_EQ(sessions_on_page(), 1u);
  EXPECT_EQ(sessions_in_roster(), 1);
}

TEST_P(UploadsTest, AFitFileIsImportedAndABrokenOneFailsLeavingNothing) {
  const auto fit = testing::shared_datasets() / "fit" / "python-fitparse" / "activity-small-fenix2-run.fit";
  if (!fs::exists(fit)) GTEST_SKIP() << "the shared FIT files are not beside the checkout";
  const std::string bytes = read_file(fit);
  const int port = start_server(server_);
  const auto sent = upload(port, "ana", bytes);
  ASSERT_EQ(testing::http_status(sent), 202) << sent;
  const auto done = finished(port, "ana", json::parse(testing::http_body(sent))["upload_id"]);
  ASSERT_EQ(done["state"], "done") << done;
  EXPECT_EQ(done["kind"], "fit");
  const auto stored = sessions("Ana");
  ASSERT_EQ(stored.size(), done["session_ids"].size());
  // WHEN a copy cut in the middle is uploaded: accepted as a FIT file, but no session comes of it
  const auto cut = upload(port, "ana", bytes.substr(0, bytes.size() / 2));
  ASSERT_EQ(testing::http_status(cut), 202) << cut;
  const auto failed = finished(port, "ana", json::parse(testing::http_body(cut))["upload_id"]);
  EXPECT_EQ(failed["state"], "failed") << failed;
  EXPECT_NE(failed["error"].get<std::string>().find("truncated"), std::string::npos) << failed;
  EXPECT_TRUE(failed["session_ids"].empty());
  // THEN nothing of it is kept: the sessions are those of the whole file, the only file kept is the whole one
  EXPECT_EQ(sessions("Ana").size(), stored.size());
  const auto kept = files_below(upload_dir());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(read_file(kept[0]), bytes);
}

TEST_P(UploadsTest, WhatIsNoRecordingOrTooLargeIsRefusedAndNothingIsKept) {
  const int port = start_server(server_, {"--max-upload-mib", "1", "--timeout-s", "1"});
  // Not a recording, not a FIT file
  const auto text = upload(port, "ana", "date,distance_km\n2026-02-02,8\n");
  EXPECT_EQ(testing::http_status(text), 415) << text;
  EXPECT_NE(testing::http_body(text).find("runload recording"), std::string::npos) << text;
  // A body declared larger than the cap: refused on its headers
  const std::string headers_only = "POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                   tokens_["ana"] + "\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n";
  const auto declared = testing::http_exchange(port, headers_only);
  EXPECT_EQ(testing::http_status(declared), 413) << declared;
  EXPECT_NE(testing::http_body(declared).find("1 MiB"), std::string::npos) << declared;
  // A chunked body that grows past the cap: refused once it does
  std::string chunked = "POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tokens_["ana"] +
                        "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (int i = 0; i < 24; ++i) chunked += "10000\r\n" + std::string(0x10000, 'x') + "\r\n";  // 1.5 MiB
  chunked += "0\r\n\r\n";
  const auto grown = testing::http_exchange(port, chunked);
  EXPECT_EQ(testing::http_status(grown), 413) << grown.substr(0, 200);
  // A request cut off in the middle of its body (the client went away)
  const std::string recording = read_file(make_recording("run.rlrec", 10, 2));
  const auto half = testing::http_post_bytes("/api/uploads", recording, "Authorization: Bearer " + tokens_["ana"] + "\r\n");
  testing::http_exchange(port, half.substr(0, half.size() / 2));  // the server gives up after --timeout-s
  // THEN no upload exists, no session, no file
  EXPECT_EQ(testing::http_status(get(port, "ana", "/api/uploads/1")), 404);
  EXPECT_TRUE(sessions("Ana").empty());
  EXPECT_TRUE(files_below(upload_dir()).empty()) << files_below(upload_dir()).front();
}

TEST_P(UploadsTest, UploadsAndTheirStateFollowTheScopes) {
  const std::string recording = read_file(make_recording("run.rlrec", 10, 3));
  const int port = start_server(server_);
  const auto for_id = [&](const char* athlete) { return "?athlete=" + std::to_string(ids_[athlete]); };
  // An athlete uploads only her own runs; a coach those of the teams they coach
  EXPECT_EQ(testing::http_status(upload(port, "ana", recording, for_id("Ben"))), 404);
  EXPECT_EQ(testing::http_status(upload(port, "maria", recording, for_id("Cleo"))), 404);
  EXPECT_EQ(testing::http_status(upload(port, "maria", recording)), 400);  // whose run?
  EXPECT_EQ(testing::http_status(upload(port, "maria", recording, "?athlete=999")), 404);
  tokens_["nobody"] = "rl_999_not-a-token";
  EXPECT_EQ(testing::http_status(upload(port, "nobody", recording, for_id("Ana"))), 403);
  const auto ben = upload(port, "maria", recording, for_id("Ben"));
  ASSERT_EQ(testing::http_status(ben), 202) << ben;
  const auto id = json::parse(testing::http_body(ben))["upload_id"].get<std::int64_t>();
  const std::string target = "/api/uploads/" + std::to_string(id);
  EXPECT_EQ(finished(port, "maria", id)["state"], "done");
  // Its state: the coach of Ben's team sees it; Ben's teammate and another team's coach do not
  EXPECT_EQ(testing::http_status(get(port, "maria", target)), 200);
  EXPECT_EQ(testing::http_status(get(port, "ana", target)), 404);
  EXPECT_EQ(testing::http_status(get(port, "otto", target)), 404);
  EXPECT_EQ(sessions("Ben").size(), 1u);
  EXPECT_TRUE(sessions("Ana").empty());
  EXPECT_TRUE(sessions("Cleo").empty());
  // A read-only server takes no upload
  std::unique_ptr<testing::ChildProcess> reader;
  reader = std::make_unique<testing::ChildProcess>(std::vector<std::string>{
      testing::runload_binary(), "serve", "--store", store(), "--bind", "127.0.0.1:0", "--token", "reader-token-0123456789"});
  const auto url = reader->read_stdout_line(15s);
  ASSERT_TRUE(url.has_value()) << reader->err();
  EXPECT_EQ(testing::http_status(upload(std::stoi(url->substr(url->rfind(':') + 1)), "ana", recording)), 405);
}

TEST_P(UploadsTest, AServerKilledWhileItProcessesAnUploadLosesNothing) {
  // GIVEN a long recording (30 min at 1 kHz: a second or more to replay) uploaded to server A, whose one
  // worker has started on it
  const std::string recording = read_file(make_recording("long.rlrec", 1800, 4));
  std::unique_ptr<testing::ChildProcess> a;
  const int port_a = start_server(a, {"--upload-workers", "1", "--upload-lease-s", "2"});
  const auto sent = upload(port_a, "ana", recording);
  ASSERT_EQ(testing::http_status(sent), 202) << sent;
  const auto id = json::parse(testing::http_body(sent))["upload_id"].get<std::int64_t>();
  json state = json::object();
  for (const auto until = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < until && state.value("state", "") != "processing";) {
    const auto now = json::parse(testing::http_body(get(port_a, "ana", "/api/uploads/" + std::to_string(id))), nullptr, false);
    if (now.is_object()) state = now;
  }
  ASSERT_EQ(state["state"], "processing") << state;
  // WHEN A is killed mid-way and server B starts on the same store and upload folder
  a->send_signal(SIGKILL);
  a->wait(10s);
  std::unique_ptr<testing::ChildProcess> b;
  const int port_b = start_server(b, {"--upload-lease-s", "2"});
  // THEN B takes the upload over once A's lease has run out, and it becomes exactly one session
  const auto done = finished(port_b, "ana", id);
  EXPECT_EQ(done["state"], "done") << done << b->err();
  EXPECT_EQ(done["attempts"], 2);
  EXPECT_EQ(sessions("Ana").size(), 1u);
  // AND B answers for what A received: the same file again is that upload
  const auto again = upload(port_b, "ana", recording);
  EXPECT_EQ(testing::http_status(again), 200) << again;
}

}  // namespace
}  // namespace runload
