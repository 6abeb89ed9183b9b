// Golden replay (STYLE §7.7, PX4 "change indication"): `runload replay` on committed fixtures and one
// real recording must reproduce tests/golden/ byte for byte. An intended numeric change is made
// visible as a diff: run tools/update_goldens.sh and review `git diff tests/golden`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;
using testing::shared_datasets;
using testing::source_dir;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The binary runs with absolute paths; the goldens name inputs relative to the source tree.
std::string relative_paths(std::string text) {
  const std::pair<std::string, std::string> prefixes[] = {
      {(shared_datasets()).lexically_normal().string(), "../shared/datasets"},
      {source_dir().string() + "/", ""}};
  for (const auto& [from, to] : prefixes)
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

/// First differing line, for the failure message.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(a, la)), hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "identical";
    if (!ha || !hb || la != lb) return "line " + std::to_string(line) + ":\n  golden: " + la + "\n  now:    " + lb;
  }
}

void expect_golden(const std::string& input, const std::string& golden_json, const std::string& golden_csv) {
  testing::TempDir dir;
  std::vector<std::string> argv{runload_binary(), "replay", input, "--json", "--steps"};
  if (!golden_csv.empty()) argv.insert(argv.end(), {"--csv", dir.file("steps.csv")});
  const auto r = run(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string hint = "\n(intended? run tools/update_goldens.sh and review git diff tests/golden)";
  const std::string want = read_file(source_dir() / "tests/golden" / golden_json);
  const std::string got = relative_paths(r.out);
  EXPECT_EQ(want, got) << golden_json << " differs at " << first_difference(want, got) << hint;
  if (!golden_csv.empty()) {
    const std::string want_csv = read_file(source_dir() / "tests/golden" / golden_csv);
    const std::string got_csv = relative_paths(read_file(dir.file("steps.csv")));
    EXPECT_EQ(want_csv, got_csv) << golden_csv << " differs at " << first_difference(want_csv, got_csv) << hint;
  }
}

TEST(GoldenReplayTest, SimulatedFootRun) {
  expect_golden((source_dir() / "datasets/sim_foot_run_1khz_20s.bin").string(), "sim_foot_run_1khz_20s.json",
                "sim_foot_run_1khz_20s.csv");
}

TEST(GoldenReplayTest, SimulatedShankRun) {
  expect_golden((source_dir() / "datasets/sim_shank_run_1khz_20s.bin").string(), "sim_shank_run_1khz_20s.json",
                "sim_shank_run_1khz_20s.csv");
}

TEST(GoldenReplayTest, RealVoisardWalkingRecording) {
  const auto file = shared_datasets() / "voisard-ipol-2023-walking/1-1_lf.txt";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " not available";
  expect_golden(file.lexically_normal().string(), "voisard_1-1_lf.json", "");
}

TEST(GoldenReplayTest, ReplayIsDeterministic) {
  const auto file = (source_dir() / "datasets/sim_foot_run_1khz_20s.bin").string();
  const auto a = run({runload_binary(), "replay", file, "--json", "--steps"});
  const auto b = run({runload_binary(), "replay", file, "--json", "--steps"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

}  // namespace
}  // namespace runload
