// `runload replay DIR --out DIR`: batch replay for researchers, all cores, nothing lost when one
// file is bad.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;

TEST(ReplayBatchTest, EveryRecordingGetsItsJsonAndCsvAndABadOneIsReported) {
  testing::TempDir dir;
  const std::filesystem::path in = dir.file("in");
  std::filesystem::create_directories(in);
  for (const char* name : {"sim_foot_run_1khz_20s.bin", "sim_shank_run_1khz_20s.bin"}) {
    std::filesystem::copy_file(testing::source_dir() / "datasets" / name, in / name);
  }
  std::ofstream(in / "broken.rlrec") << "not a recording";
  const auto r = run({runload_binary(), "replay", in.string(), "--out", dir.file("out")});
  EXPECT_EQ(r.exit_code, 1) << "one input failed";
  EXPECT_NE(r.err.find("broken.rlrec"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 of 3"), std::string::npos) << r.err;
  for (const char* name : {"sim_foot_run_1khz_20s.bin", "sim_shank_run_1khz_20s.bin"}) {
    const auto json_path = std::filesystem::path(dir.file("out")) / (std::string(name) + ".json");
    ASSERT_TRUE(std::filesystem::exists(json_path)) << name;
    std::ifstream json(json_path);
    const auto j = nlohmann::json::parse(json);
    EXPECT_GT(j["summary"]["steps"].get<int>(), 20);
    EXPECT_FALSE(j["steps_detail"].empty());
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir.file("out")) / (std::string(name) + ".steps.csv")));
  }
  // The same files replayed one by one give the same summaries (batch == single).
  const auto single = run({runload_binary(), "replay", (in / "sim_foot_run_1khz_20s.bin").string(), "--json", "--steps"});
  ASSERT_EQ(single.exit_code, 0) << single.err;
  std::ifstream batch(std::filesystem::path(dir.file("out")) / "sim_foot_run_1khz_20s.bin.json");
  EXPECT_EQ(nlohmann::json::parse(single.out)["summary"], nlohmann::json::parse(batch)["summary"]);
}

TEST(ReplayBatchTest, PicksUpXImu3GuiRecordingFolders) {
  // GIVEN a folder as the x-IMU3 GUI writes it: <recording>/<device>/Inertial.csv beside the device's
  // other CSV files, for two devices, and a loose Inertial.csv log at the top
  testing::TempDir dir;
  const std::filesystem::path in = dir.file("in");
  const auto capture = testing::shared_datasets() / "captures/x-imu3";
  for (const char* device : {"x-IMU3 0001", "x-IMU3 0002"}) {
    const auto folder = in / "Logged Data 1" / device;
    std::filesystem::create_directories(folder);
    for (const char* name : {"Inertial.csv", "Battery.csv", "Magnetometer.csv", "Quaternion.csv"})
      std::filesystem::copy_file(capture / name, folder / name);
  }
  std::filesystem::copy_file(capture / "Inertial.csv", in / "loose.csv");
  // WHEN the folder is replayed
  const auto r = run({runload_binary(), "replay", in.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // THEN the three inertial logs are replayed as x-IMU3 CSV, and none of the other CSV files
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3u) << j.dump(1);
  for (const auto& one : j) {
    EXPECT_EQ(one["format"], "ximu3-csv") << one["file"];
    EXPECT_EQ(one["summary"]["quality"]["samples"], 362) << "the 362 samples of the capture";
  }
  // AND a batch writes one result per device, named by its folder, and a summary row for each
  const auto batch = run({runload_binary(), "replay", in.string(), "--out", dir.file("out")});
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  const std::filesystem::path out = dir.file("out");
  EXPECT_TRUE(std::filesystem::exists(out / "Logged Data 1_x-IMU3 0001_Inertial.csv.json"));
  EXPECT_TRUE(std::filesystem::exists(out / "Logged Data 1_x-IMU3 0002_Inertial.csv.json"));
  EXPECT_TRUE(std::filesystem::exists(out / "loose.csv.json"));
  std::ifstream summary(out / "summary.csv");
  std::string line;
  int rows = -1;  // the header
  while (std::getline(summary, line)) rows += line.empty() ? 0 : 1;
  EXPECT_EQ(rows, 3);
}

}  // namespace
}  // namespace runload
