// `runload replay`, `inspect` and `eval` on PyShoe VICON running trials (.mat, recognised by content)
// as processes: the JSON contracts, the per-trial reference figures in `eval --json`, and a cut-short
// file → exit code 1 and one line. The detector figures have regression floors just beyond today's
// (docs/accuracy.md states them against the issue-10 targets).
#include <gtest/gtest.h>

#include <cmath>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::one_line;
using testing::run;
using testing::runload_binary;
using testing::TempDir;

fs::path pyshoe_dir() { return testing::shared_datasets() / "pyshoe-vicon-running"; }
fs::path first_trial() { return pyshoe_dir() / "2017-11-27-11-11-24.mat"; }

TEST(PyShoeCliTest, ReplayOneTrialAsAFootOnTheRight) {
  if (!fs::exists(pyshoe_dir())) GTEST_SKIP() << "dataset not found: " << pyshoe_dir();
  const auto r = run({runload_binary(), "replay", first_trial().string(), "--json", "--steps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["format"], "pyshoe");
  EXPECT_EQ(j["sensors"].size(), 1u);
  EXPECT_EQ(j["sensors"][0]["placement"], "foot");
  EXPECT_EQ(j["sensors"][0]["side"], "right");
  EXPECT_NEAR(j["sensors"][0]["sample_rate_hz"].get<double>(), 200.0, 0.5);
  // 4203 samples over 21.0 s on the file's own clock
  EXPECT_NEAR(j["summary"]["duration_s"].get<double>(), 21.0, 0.1);
  EXPECT_TRUE(j["steps_detail"].is_array());
  std::printf("replay %s: %s strides, cadence %s steps/min, distance %s m\n", first_trial().filename().c_str(),
              j["summary"]["strides"].dump().c_str(), j["summary"]["cadence_steps_per_min"].dump().c_str(),
              j["summary"]["distance_m"].dump().c_str());
}

TEST(PyShoeCliTest, ReplayDirectoryPicksUpMatFilesByContent) {
  if (!fs::exists(pyshoe_dir())) GTEST_SKIP() << "dataset not found: " << pyshoe_dir();
  // GIVEN a copy named without the .mat extension beside a text file named .mat
  TempDir dir;
  fs::copy_file(first_trial(), dir.file("trial.data"));
  std::ofstream(dir.file("notes.mat")) << "not a MAT-file\n";
  const auto r = run({runload_binary(), "replay", dir.path(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["file"], dir.file("trial.data"));
  EXPECT_EQ(j[0]["format"], "pyshoe");
}

TEST(PyShoeCliTest, InspectReportsClockIrregularityAndReference) {
  if (!fs::exists(pyshoe_dir())) GTEST_SKIP() << "dataset not found: " << pyshoe_dir();
  const auto r = run({runload_binary(), "inspect", first_trial().string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["protocol"], "pyshoe-mat");
  EXPECT_EQ(j["samples"], 4203);
  EXPECT_NEAR(j["duration_s"].get<double>(), 21.0, 0.05);  // SOURCE.md table
  EXPECT_NEAR(j["rate_hz"].get<double>(), 200.0, 0.5);
  // SOURCE.md: steps of 4.8–5.2 ms typically; this trial's extremes are 4.29 and 5.48 ms (numpy)
  EXPECT_NEAR(j["period_min_us"].get<double>(), 4290.0, 1.0);
  EXPECT_NEAR(j["period_max_us"].get<double>(), 5480.0, 1.0);
  EXPECT_EQ(j["gaps"], 0);
  EXPECT_EQ(j["reference"]["kind"], "running");
  EXPECT_EQ(j["reference"]["strides"], 16);

  const auto text = run({runload_binary(), "inspect", first_trial().string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("irregularity"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("16 strides"), std::string::npos) << text.out;
}

TEST(PyShoeCliTest, CutShortTrialIsARuntimeErrorOnOneLine) {
  if (!fs::exists(pyshoe_dir())) GTEST_SKIP() << "dataset not found: " << pyshoe_dir();
  TempDir dir;
  const std::string cut = dir.file("cut.mat");
  fs::copy_file(first_trial(), cut);
  fs::resize_file(cut, fs::file_size(cut) / 2);
  for (const std::vector<std::string>& argv : {std::vector<std::string>{runload_binary(), "replay", cut},
                                               {runload_binary(), "inspect", cut},
                                               {runload_binary(), "eval", dir.path()}}) {
    const auto r = run(argv);
    EXPECT_EQ(r.exit_code, 1) << argv[1];
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("cut.mat: truncated MAT-file"), std::string::npos) << r.err;
  }
}

struct TrialTruth {
  const char* id;
  int strides;
  double cadence_spm, distance_m, contact_window_ms;
};

// The reference per trial, from an independent scipy implementation of SOURCE.md's definition
// (rounded to 0.1 spm, 0.1 m, 1 ms; tests/bridge/pyshoe_adapter_test.cpp checks the adapter itself).
constexpr TrialTruth kTruth[] = {
    {"2017-11-27-11-11-24", 16, 157.9, 20.0, 325}, {"2017-11-27-11-11-53", 17, 156.8, 22.4, 310},
    {"2017-11-27-11-12-18", 21, 153.9, 24.2, 333}, {"2017-11-27-11-12-44", 18, 147.7, 10.5, 445},
    {"2017-11-27-11-13-10", 28, 151.9, 24.3, 420}, {"2017-11-27-11-13-41", 18, 164.4, 24.9, 280},
    {"2017-11-27-11-14-03", 12, 164.4, 15.7, 330}, {"2017-11-27-11-14-52", 13, 156.4, 13.6, 387},
    {"2017-11-27-11-17-28", 24, 156.9, 23.0, 355}, {"2017-11-27-11-18-11", 36, 169.0, 46.4, 275},
    {"2017-11-27-11-19-16", 25, 164.4, 35.4, 315}, {"2017-11-27-11-22-22", 24, 161.1, 34.5, 290},
    {"2017-11-27-11-23-18", 24, 166.7, 29.4, 315}, {"2017-11-27-11-24-07", 43, 151.0, 47.6, 425},
    {"2017-11-27-11-25-12", 42, 159.0, 49.9, 310},
};

TEST(PyShoeCliTest, EvalReportsRunningPerTrialAgainstTheVicon) {
  if (!fs::exists(pyshoe_dir())) GTEST_SKIP() << "dataset not found: " << pyshoe_dir();
  // WHEN eval scores the pipeline on the shared running trials
  const auto r = run({runload_binary(), "eval", pyshoe_dir().string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = json::parse(r.out)["datasets"];
  ASSERT_EQ(all.size(), 1u);
  const json& d = all[0];
  // THEN one running dataset with every figure of issue 10
  EXPECT_EQ(d["name"], "pyshoe-vicon-running");
  EXPECT_EQ(d["kind"], "running");
  EXPECT_EQ(d["recordings"], 15);
  for (const char* key : {"step_f1", "ic_median_error_ms", "cadence_mae_spm", "distance_error_median_abs_pct",
                          "distance_error_worst_pct", "distance_session_m", "contact_time_ms", "contact_window_ms",
                          "contact_minus_window_ms", "duty_factor", "strides_ref", "strides_det"})
    EXPECT_TRUE(d.contains(key)) << key;
  EXPECT_EQ(d["strides_ref"], 361);  // Σ of the per-trial strides below
  // AND per-trial rows carrying the reference exactly as defined
  ASSERT_EQ(d["trials"].size(), std::size(kTruth));
  for (std::size_t k = 0; k < std::size(kTruth); ++k) {
    const json& t = d["trials"][k];
    const TrialTruth& want = kTruth[k];
    EXPECT_EQ(t["id"], want.id);
    EXPECT_EQ(t["strides_ref"], want.strides) << want.id;
    EXPECT_EQ(t["reference_ics"], want.strides) << want.id;
    EXPECT_NEAR(t["cadence_ref_spm"].get<double>(), want.cadence_spm, 0.05) << want.id;
    EXPECT_NEAR(t["distance_ref_m"].get<double>(), want.distance_m, 0.05) << want.id;
    EXPECT_NEAR(t["contact_window_ms"].get<double>(), want.contact_window_ms, 5.0) << want.id;
    for (const char* key : {"step_f1", "ic_median_error_ms", "cadence_det_spm", "distance_det_m", "distance_session_m",
                            "distance_error_pct", "contact_time_ms", "contact_minus_window_ms", "duty_factor"})
      EXPECT_TRUE(t.contains(key)) << key;
    // The unmatched events are listed: what is left of either side after them is the same matches.
    const std::size_t missed = t["missed_ic_ms"].size(), extra = t["extra_ic_ms"].size();
    EXPECT_EQ(t["reference_ics"].get<std::size_t>() - missed, t["detected_ics"].get<std::size_t>() - extra) << want.id;
  }
  // Regression floors just beyond today's figures (docs/accuracy.md states the issue-10 targets as
  // met or missed: F1 ≥ 0.99 is missed; IC, cadence, distance and contact time met).
  EXPECT_GE(d["step_f1"].get<double>(), 0.98);                                  // 0.985 (target 0.99)
  EXPECT_LE(std::fabs(d["ic_median_error_ms"].get<double>()), 20.0);           // −10 ms (target ≤ 30)
  EXPECT_LE(d["cadence_mae_spm"].get<double>(), 0.7);                          // 0.47 (target ≤ 1.0)
  EXPECT_LE(d["distance_error_median_abs_pct"].get<double>(), 3.0);            // 2.1 % (target ≤ 3 %)
  EXPECT_LE(std::fabs(d["distance_error_worst_pct"].get<double>()), 8.0);      // −4.9 % (target ± 8 %)
  EXPECT_LE(std::fabs(d["contact_minus_window_ms"].get<double>()), 35.0);      // +10 ms (target ± 40)
  // The achieved figures, for the log
  std::printf("pyshoe eval: F1 %s, IC error median %s ms, cadence MAE %s spm, distance error median |%s| %% worst %s %%, "
              "contact %s ms vs window %s ms (median diff %s ms), duty factor %s\n",
              d["step_f1"].dump().c_str(), d["ic_median_error_ms"].dump().c_str(), d["cadence_mae_spm"].dump().c_str(),
              d["distance_error_median_abs_pct"].dump().c_str(), d["distance_error_worst_pct"].dump().c_str(),
              d["contact_time_ms"].dump().c_str(), d["contact_window_ms"].dump().c_str(),
              d["contact_minus_window_ms"].dump().c_str(), d["duty_factor"].dump().c_str());

  // The text report has a running section with one row per trial
  const auto text = run({runload_binary(), "eval", pyshoe_dir().string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("running: pyshoe-vicon-running"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("2017-11-27-11-25-12"), std::string::npos) << text.out;
  std::printf("%s", text.out.c_str());
}

TEST(PyShoeCliTest, EvalGivesVoisardPerRecordingRowsToo) {
  // GIVEN two Voisard trials (four foot recordings) copied to a folder
  const auto voisard = testing::shared_datasets() / "voisard-ipol-2023-walking";
  if (!fs::exists(voisard)) GTEST_SKIP() << "dataset not found: " << voisard;
  TempDir dir;
  for (const char* f : {"1-1.json", "1-1_lf.txt", "1-1_rf.txt", "1-2.json", "1-2_lf.txt", "1-2_rf.txt"})
    fs::copy_file(voisard / f, dir.file(f));
  const auto r = run({runload_binary(), "eval", dir.path(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json d = json::parse(r.out)["datasets"][0];
  EXPECT_EQ(d["kind"], "walking");
  ASSERT_EQ(d["trials"].size(), 4u);
  EXPECT_EQ(d["trials"][0]["id"], "1-1_lf");
  for (const auto& t : d["trials"])
    for (const char* key : {"step_f1", "ic_median_error_ms", "ic_mae_ms", "cadence_ref_spm", "cadence_det_spm"})
      EXPECT_FALSE(t[key].is_null()) << key;
}

TEST(PyShoeCliTest, EvalOfAFootThatNeverMovesHasNoTimingErrorAndAMissingEventsFileIsAnError) {
  const auto voisard = testing::shared_datasets() / "voisard-ipol-2023-walking";
  if (!fs::exists(voisard)) GTEST_SKIP() << "dataset not found: " << voisard;
  TempDir dir;
  for (const char* f : {"1-1.json", "1-1_rf.txt"}) fs::copy_file(voisard / f, dir.file(f));
  // GIVEN 1-1_lf with every sample replaced by its first one (a foot standing still throughout)
  {
    std::ifstream in(voisard / "1-1_lf.txt");
    std::ofstream out(dir.file("1-1_lf.txt"));
    std::string line, first_values;
    for (int n = 0; std::getline(in, line); ++n) {
      const auto tab = line.find('\t');
      if (n >= 2 && first_values.empty()) first_values = line.substr(tab);
      out << (n < 2 ? line : line.substr(0, tab) + first_values) << '\n';
    }
  }
  // WHEN evaluated THEN its ICs are all missed, and its timing errors are absent, not 0 ms
  auto r = run({runload_binary(), "eval", dir.path(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json d = json::parse(r.out)["datasets"][0];
  ASSERT_EQ(d["trials"].size(), 2u);
  const json& still = d["trials"][0];
  EXPECT_EQ(still["id"], "1-1_lf");
  EXPECT_EQ(still["detected_ics"], 0);
  EXPECT_GT(still["reference_ics"].get<int>(), 10);
  EXPECT_EQ(still["step_recall"], 0.0);
  for (const char* key : {"ic_mae_ms", "ic_median_abs_ms", "ic_bias_ms", "tc_mae_ms", "ic_median_error_ms"})
    EXPECT_TRUE(still[key].is_null()) << key << " = " << still[key];
  EXPECT_FALSE(d["trials"][1]["ic_mae_ms"].is_null());

  // GIVEN a third foot file whose events file is missing WHEN evaluated THEN one line names it
  fs::copy_file(voisard / "1-2_lf.txt", dir.file("1-2_lf.txt"));
  r = run({runload_binary(), "eval", dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("cannot open " + dir.file("1-2.json")), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace runload
