// Every subcommand as a process: --help with an example, exit codes (0 ok, 1 runtime error,
// 2 usage error) and one clear error line on stderr for bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

TEST(CliConventionsTest, EverySubcommandHasHelpWithAnExample) {
  const std::vector<std::vector<std::string>> commands = {
      {"demo"},   {"devices"},          {"sim"},           {"record"},          {"inspect"},
      {"import"}, {"sessions"},         {"log"},           {"rest"},            {"load"},
      {"risk"},   {"athlete", "add"},   {"athlete", "list"}, {"shoe", "add"},   {"shoe", "list"},
      {"shoe", "retire"}, {"plan", "return"}, {"athlete", "edit"}, {"athlete", "delete"}, {"session", "edit"},
      {"session", "delete"}};
  for (const auto& words : commands) {
    std::vector<std::string> argv{runload_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--help");
    const auto r = run(argv);
    const std::string cmd = words.back();
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << cmd << ": " << r.out;
  }
  EXPECT_EQ(run({runload_binary(), "--help"}).exit_code, 0);
}

TEST(CliConventionsTest, VersionNamesTheReleaseAndTheGitCommit) {
  const auto r = run({runload_binary(), "--version"});
  EXPECT_EQ(r.exit_code, 0);
  // Built from this checkout: the commit as `git describe` gave it at configure time.
  EXPECT_TRUE(std::regex_match(r.out, std::regex(R"(runload 0\.1\.0 \(commit [0-9A-Za-z._-]*[0-9a-f]{12}(-dirty)?\)\n)")))
      << r.out;
}

TEST(CliConventionsTest, EveryNumericOptionRefusesNonFiniteValues) {
  // GIVEN the options where NaN or infinity used to slip through the range checks (a NaN compares false)
  testing::TempDir dir;
  const std::string store = dir.file("store.db");
  const std::vector<std::vector<std::string>> cases = {
      {"athlete", "add", "--store", store, "--name", "Ana", "--mass-kg", "nan"},
      {"athlete", "add", "--store", store, "--name", "Ana", "--height-m", "NaN"},
      {"log", "1", "--store", store, "--rpe", "nan"},
      {"log", "1", "--store", store, "--pain-during", "-nan"},
      {"log", "1", "--store", store, "--distance", "nan"},
      {"session", "edit", "1", "--store", store, "--duration-min", "nan"},
      {"sim", "--out", dir.file("x.bin"), "--duration", "nan"},
      {"sim", "--out", dir.file("x.bin"), "--duration", "inf"},
      {"sim", "--out", dir.file("x.bin"), "--corrupt", "nan"},
      {"serve", "--store", store, "--timeout-s", "nan"},
      {"record", "--udp", "9", "--duration", "infinity"},
      {"demo", "--duration", "1e999"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv{runload_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run(argv, std::chrono::seconds(20));
    // THEN each is a usage error on one line (an infinity may already fail the option's range), and
    // nothing was created
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args.back() << "\n" << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_TRUE(r.err.find("finite") != std::string::npos || r.err.find("not in range") != std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.bin")));
}

TEST(CliConventionsTest, DevicesListsPortsAsJson) {
  const auto r = run({runload_binary(), "devices", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["ports"].is_array());
}

struct BadInput {
  std::vector<std::string> args;
  int exit_code;
  std::string mentions;
};

TEST(CliConventionsTest, BadInputGivesTheRightExitCodeAndOneErrorLine) {
  const std::vector<BadInput> cases = {
      {{"record"}, 2, "--serial"},                                            // no link given
      {{"record", "--serial", "/dev/a", "--udp", "9000"}, 2, "--udp"},      // two links
      {{"record", "--tcp", "localhost:99999"}, 2, "99999"},               // bad port
      {{"record", "--tcp", "127.0.0.1:x"}, 2, "127.0.0.1:x"},
      {{"record", "--serial", "/dev/runload-missing", "--duration", "1"}, 1, "/dev/runload-missing"},
      {{"record", "--tcp", "127.0.0.1:1", "--duration", "1"}, 1, "127.0.0.1:1"},
      {{"record", "--udp", "9000", "--protocol", "ximu3-csv"}, 2, "ximu3-csv"},
      {{"sim"}, 2, "--pty"},                                             // no output given
      {{"sim", "--pty", "--rate", "-5"}, 2, "--rate"},
      {{"sim", "--pty", "--drop", "1.5"}, 2, "--drop"},
      {{"sim", "--pty", "--protocol", "nmea"}, 2, "nmea"},
      {{"sim", "--serial", "/dev/runload-missing"}, 1, "/dev/runload-missing"},
      {{"sim", "--out", "/nonexistent-dir/x.bin"}, 1, "/nonexistent-dir/x.bin"},
      {{"sim", "--udp", "not-an-address:9000", "--duration", "0.1"}, 1, "not-an-address"},
      {{"sim", "--pty", "--samples-per-frame", "65"}, 2, "--samples-per-frame"},
      {{"inspect"}, 2, "file"},
      {{"demo", "--duration", "0"}, 2, "--duration"},
      {{"frobnicate"}, 2, "frobnicate"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv{runload_binary()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const auto r = run(argv, std::chrono::seconds(20));
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    EXPECT_EQ(r.exit_code, c.exit_code) << joined << "\n" << r.err;
    EXPECT_EQ(lines(r.err), 1) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find(c.mentions), std::string::npos) << joined << "\n" << r.err;
    EXPECT_TRUE(r.err.starts_with("runload: ")) << r.err;
  }
}

}  // namespace
}  // namespace runload
