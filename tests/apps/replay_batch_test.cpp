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

}  // namespace
}  // namespace runload
