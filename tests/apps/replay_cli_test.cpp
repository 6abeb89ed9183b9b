// `runload replay`, `runload eval` and `runload sim --truth` as processes: the JSON contracts of
// issue #3, and bad input (missing file, corrupt recording, wrong flags) → exit code + one line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using nlohmann::json;
using testing::one_line;
using testing::run;
using testing::runload_binary;
using testing::source_dir;
using testing::TempDir;

std::string foot_fixture() { return (source_dir() / "datasets/sim_foot_run_1khz_20s.bin").string(); }

TEST(ReplayCliTest, JsonSummaryHoldsTheContractKeys) {
  const auto r = run({runload_binary(), "replay", foot_fixture(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  const json& s = j.at("summary");
  for (const char* key : {"duration_s", "steps", "cadence_steps_per_min", "gct_ms", "pta_g", "distance_m", "lost_samples"})
    EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_TRUE(s.at("quality").is_object());
  EXPECT_FALSE(j.contains("steps_detail"));  // only with --steps
  EXPECT_NEAR(s["duration_s"].get<double>(), 20.0, 1e-6);
  EXPECT_EQ(s["steps"].get<int>(), 2 * s["strides"].get<int>());
  EXPECT_EQ(s["placement"], "foot");  // from DEVICE_INFO
}

TEST(ReplayCliTest, StepsDetailOnlyWithSteps) {
  const auto r = run({runload_binary(), "replay", foot_fixture(), "--json", "--steps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_TRUE(j.at("steps_detail").is_array());
  EXPECT_GT(j["steps_detail"].size(), 10u);
  EXPECT_TRUE(j["steps_detail"][1].contains("gct_ms"));
}

TEST(ReplayCliTest, SimTruthAndReplayAgree) {
  // GIVEN a 60 s simulated run with its truth
  testing::TempDir dir;
  const auto sim = run({runload_binary(), "sim", "--out", dir.file("run.bin"), "--rate", "1000", "--duration", "60",
                        "--schedule", "run", "--speed", "3.8", "--truth", dir.file("run.bin.json")});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  std::ifstream in(dir.file("run.bin.json"));
  const json truth = json::parse(in);
  ASSERT_TRUE(truth.at("steps").is_array());
  ASSERT_TRUE(truth.at("summary").contains("cadence_steps_per_min"));
  // WHEN it is replayed
  const auto r = run({runload_binary(), "replay", dir.file("run.bin"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = json::parse(r.out)["summary"];
  // THEN the summary matches the truth (issue #3 simulator targets)
  EXPECT_EQ(s["strides"], truth["summary"]["strides"]);
  EXPECT_NEAR(s["cadence_steps_per_min"].get<double>(), truth["summary"]["cadence_steps_per_min"].get<double>(), 0.5);
  EXPECT_NEAR(s["gct_ms"].get<double>(), truth["summary"]["gct_ms"].get<double>(), 5.0);
  EXPECT_NEAR(s["pta_g"].get<double>(), truth["summary"]["pta_g"].get<double>(), 0.03 * truth["summary"]["pta_g"].get<double>());
  EXPECT_NEAR(s["distance_m"].get<double>(), truth["summary"]["distance_m"].get<double>(),
              0.02 * truth["summary"]["distance_m"].get<double>());
  // AND eval on the directory scores it
  const auto e = run({runload_binary(), "eval", dir.path(), "--json"});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const json d = json::parse(e.out)["datasets"][0];
  for (const char* key : {"name", "recordings", "step_f1", "ic_mae_ms", "tc_mae_ms", "cadence_mae_spm", "gct_bias_ms",
                          "distance_error_pct"})
    EXPECT_TRUE(d.contains(key)) << key;
  EXPECT_GE(d["step_f1"].get<double>(), 0.999);
  EXPECT_LE(std::fabs(d["distance_error_pct"].get<double>()), 2.0);
}

TEST(ReplayCliTest, DirectoryGivesOneObjectPerFileSorted) {
  testing::TempDir dir;
  for (const char* name : {"b.bin", "a.bin"})
    ASSERT_EQ(run({runload_binary(), "sim", "--out", dir.file(name), "--duration", "8"}).exit_code, 0);
  const auto r = run({runload_binary(), "replay", dir.path(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["file"], dir.file("a.bin"));
  EXPECT_EQ(j[1]["file"], dir.file("b.bin"));
}

TEST(ReplayCliTest, EvalSimulatedReportsBothPlacements) {
  const auto r = run({runload_binary(), "eval", "--simulated", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json d = json::parse(r.out)["datasets"];
  ASSERT_EQ(d.size(), 2u);
  EXPECT_GE(d[0]["step_f1"].get<double>(), 0.999);
  EXPECT_TRUE(d[1]["distance_error_pct"].is_null());  // shank: no distance ground truth estimate
  EXPECT_TRUE(d[0]["step_f1_straight"].is_null());    // no annotated turns
}

TEST(ReplayCliTest, EvalOnTheRealWalkingDataset) {
  // GIVEN the Voisard 2023 foot-IMU recordings (160 = 80 trials × 2 feet, hand-checked events)
  const auto dir = testing::shared_datasets() / "voisard-ipol-2023-walking";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "dataset not found: " << dir;
  // WHEN eval scores the whole pipeline on them
  const auto r = run({runload_binary(), "eval", dir.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json d = json::parse(r.out)["datasets"][0];
  // THEN the figures of docs/accuracy.md: the issue targets met on straight walking, and with the
  // turn steps just under them (floors: a regression fails)
  EXPECT_EQ(d["name"], "voisard-ipol-2023");
  EXPECT_EQ(d["recordings"], 160);
  EXPECT_LE(d["ic_median_abs_ms"].get<double>(), 20.0);
  EXPECT_GE(d["step_f1_straight"].get<double>(), 0.99);
  EXPECT_LE(d["cadence_mae_straight_spm"].get<double>(), 1.0);
  EXPECT_GE(d["step_f1"].get<double>(), 0.98);
  EXPECT_LE(d["cadence_mae_spm"].get<double>(), 1.7);
  EXPECT_TRUE(d["distance_error_pct"].is_null());  // no distance ground truth
}

TEST(ReplayCliTest, DeviceRebootChangesNoMetricInAnyProtocol) {
  // GIVEN the same simulated run streamed by a device that does not reboot and by one that reboots
  // half-way (counters and clock from 0, no sample lost), in each wire protocol
  TempDir dir;
  for (const auto& [protocol, rate] : {std::pair<std::string, std::string>{"runload", "1000"}, {"ximu3", "1000"}, {"xsens", "100"}}) {
    std::vector<std::string> sim{runload_binary(), "sim", "--protocol", protocol, "--rate", rate, "--duration", "20",
                                 "--schedule", "run", "--speed", "3.5"};
    const auto run_sim = [&](const std::string& out, std::vector<std::string> extra) {
      auto argv = sim;
      argv.insert(argv.end(), {"--out", out});
      argv.insert(argv.end(), extra.begin(), extra.end());
      const auto r = testing::run(argv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    run_sim(dir.file(protocol + "_steady.bin"), {});
    run_sim(dir.file(protocol + "_reboot.bin"), {"--restart-after", "10"});
    const auto replay = [&](const std::string& file) {
      const auto r = testing::run({runload_binary(), "replay", dir.file(file), "--json", "--steps"});
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return nlohmann::json::parse(r.out);
    };
    const auto steady = replay(protocol + "_steady.bin");
    const auto reboot = replay(protocol + "_reboot.bin");
    // THEN the reboot is counted, and every step and the summary are the same
    EXPECT_EQ(steady["stream"]["restarts"], 0) << protocol;
    EXPECT_EQ(reboot["stream"]["restarts"], 1) << protocol;
    EXPECT_EQ(reboot["stream"]["samples"], steady["stream"]["samples"]) << protocol;
    ASSERT_GT(steady["steps_detail"].size(), 10u) << protocol;
    EXPECT_EQ(reboot["steps_detail"], steady["steps_detail"]) << protocol;
    EXPECT_EQ(reboot["summary"], steady["summary"]) << protocol;
  }
}

TEST(ReplayCliTest, MissingFileIsAUsageError) {
  const auto r = run({runload_binary(), "replay", "/nonexistent.rlrec"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
}

TEST(ReplayCliTest, CorruptRecordingIsARuntimeError) {
  testing::TempDir dir;
  std::ofstream(dir.file("junk.bin")) << std::string(4096, 'x');
  const auto r = run({runload_binary(), "replay", dir.file("junk.bin")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("junk.bin"), std::string::npos);
}

TEST(ReplayCliTest, WrongFlagsAreUsageErrors) {
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{runload_binary(), "replay", foot_fixture(), "--speed", "warp"},
        {runload_binary(), "replay", foot_fixture(), "--bogus"},
        {runload_binary(), "eval"},
        {runload_binary(), "sim", "--out", "/tmp/x.bin", "--schedule", "marathon"}}) {
    const auto r = run(argv);
    EXPECT_EQ(r.exit_code, 2) << argv[1] << " " << argv.back();
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

TEST(ReplayCliTest, HelpShowsAnExample) {
  for (const char* cmd : {"replay", "eval"}) {
    const auto r = run({runload_binary(), cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Example"), std::string::npos) << cmd;
  }
}

}  // namespace
}  // namespace runload
