// runload's FIT decoder against an independent oracle: Garmin's official FIT JavaScript SDK
// (@garmin/fitsdk, tests/fit/oracle.mjs, installed by `npm ci` in tests/fit) decodes every file of
// ../shared/datasets/fit, and the C++ results must match it field by field on each file the SDK reads
// cleanly. Where the SDK fails (compressed timestamps, its accumulated-field bug on the triathlon
// files, the truncated Strava file) the expectations are explicit, from SOURCE.md beside the files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "runload/store/fit_activity.h"
#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path fit_dir() { return testing::shared_datasets() / "fit"; }
fs::path oracle_dir() { return testing::source_dir() / "tests/fit"; }

std::vector<fs::path> fit_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(fit_dir())) {
    std::string ext = e.path().extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e.is_regular_file() && ext == ".fit") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

json oracle(const fs::path& file) {
  const auto r = testing::run({RUNLOAD_NODE, (oracle_dir() / "oracle.mjs").string(), file.string()});
  if (r.exit_code != 0) throw std::runtime_error("oracle failed on " + file.string() + ": " + r.err);
  return json::parse(r.out);
}

FitActivity decoded(const fs::path& file) {
  auto a = read_fit_activity(file);
  if (!a) throw std::runtime_error(a.error());
  return *a;
}

/// Equal to the oracle's value: both absent (null), or both present and equal to 1e-9 relative.
void expect_same(const std::optional<double>& ours, const json& theirs, const std::string& what) {
  if (theirs.is_null()) {
    EXPECT_FALSE(ours.has_value()) << what << ": runload has " << *ours << ", the SDK has none";
    return;
  }
  ASSERT_TRUE(ours.has_value()) << what << ": runload has none, the SDK has " << theirs;
  const double v = theirs.get<double>();
  EXPECT_NEAR(*ours, v, 1e-9 * std::max(1.0, std::abs(v))) << what;
}

template <typename T>
std::optional<double> num(const std::optional<T>& v) {
  if (!v) return std::nullopt;
  return static_cast<double>(*v);
}

void expect_same_means(const FitRecordMeans& m, const json& o, const std::string& where) {
  expect_same(m.power_w, o["power"], where + " record mean power");
  expect_same(m.vertical_oscillation_mm, o["verticalOscillation"], where + " record mean vertical_oscillation");
  expect_same(m.stance_time_ms, o["stanceTime"], where + " record mean stance_time");
  expect_same(m.vertical_ratio_pct, o["verticalRatio"], where + " record mean vertical_ratio");
  expect_same(m.stance_time_balance_pct, o["stanceTimeBalance"], where + " record mean stance_time_balance");
  expect_same(m.step_length_mm, o["stepLength"], where + " record mean step_length");
  expect_same(m.dev_power_w, o["devPower"], where + " record mean Power (developer)");
  expect_same(m.dev_ground_time_ms, o["devGroundTime"], where + " record mean Ground Time (developer)");
  expect_same(m.dev_vertical_oscillation, o["devVerticalOscillation"], where + " record mean Vertical Oscillation (developer)");
  expect_same(m.dev_leg_spring_stiffness, o["devLegSpringStiffness"], where + " record mean Leg Spring Stiffness (developer)");
}

/// A session or lap summary (same fields), with its record means when `with_means`.
void expect_same_session(const FitSession& s, const json& o, const std::string& where, bool with_means = true) {
  expect_same(num(s.start_time), o["startTime"], where + " start_time");
  expect_same(num(s.timestamp), o["timestamp"], where + " timestamp");
  expect_same(num(s.sport), o["sport"], where + " sport");
  expect_same(num(s.sub_sport), o["subSport"], where + " sub_sport");
  expect_same(s.total_elapsed_time_s, o["totalElapsedTime"], where + " total_elapsed_time");
  expect_same(s.total_timer_time_s, o["totalTimerTime"], where + " total_timer_time");
  expect_same(s.total_distance_m, o["totalDistance"], where + " total_distance");
  expect_same(s.total_cycles, o["totalCycles"], where + " total_cycles");
  expect_same(s.avg_cadence_rpm, o["avgCadence"], where + " avg_cadence");
  expect_same(s.avg_fractional_cadence_rpm, o["avgFractionalCadence"], where + " avg_fractional_cadence");
  expect_same(s.avg_speed_mps, o["avgSpeed"], where + " avg_speed");
  expect_same(s.avg_power_w, o["avgPower"], where + " avg_power");
  expect_same(s.avg_vertical_oscillation_mm, o["avgVerticalOscillation"], where + " avg_vertical_oscillation");
  expect_same(s.avg_stance_time_ms, o["avgStanceTime"], where + " avg_stance_time");
  expect_same(s.avg_stance_time_balance_pct, o["avgStanceTimeBalance"], where + " avg_stance_time_balance");
  expect_same(s.avg_vertical_ratio_pct, o["avgVerticalRatio"], where + " avg_vertical_ratio");
  expect_same(s.avg_step_length_mm, o["avgStepLength"], where + " avg_step_length");
  if (with_means) expect_same_means(s.record_means, o["recordMeans"], where);
}

void expect_same_file_id(const FitFileId& id, const json& o) {
  expect_same(num(id.manufacturer), o["manufacturer"], "file_id manufacturer");
  expect_same(num(id.product), o["product"], "file_id product");
  expect_same(num(id.serial_number), o["serialNumber"], "file_id serial_number");
  expect_same(num(id.time_created), o["timeCreated"], "file_id time_created");
}

class FitOracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(fit_dir())) GTEST_SKIP() << "dataset not found: " << fit_dir();
    if (std::string(RUNLOAD_NODE).empty()) GTEST_SKIP() << "node not found: the FIT oracle cannot run";
    ASSERT_TRUE(fs::exists(oracle_dir() / "node_modules/@garmin/fitsdk"))
        << "the FIT oracle is not installed: run `npm ci` in tests/fit (./setup.sh test does it)";
  }
};

TEST_F(FitOracleTest, MatchesGarminsSdkFieldByFieldOnEveryFileItReadsCleanly) {
  std::size_t clean = 0;
  for (const auto& file : fit_files()) {
    const json o = oracle(file);
    if (!o["errors"].empty() || !o["checkIntegrity"].get<bool>()) continue;
    ++clean;
    SCOPED_TRACE(file.lexically_relative(fit_dir()).string());
    const FitActivity a = decoded(file);
    EXPECT_FALSE(a.error) << *a.error;
    expect_same_file_id(a.file_id, o["fileId"]);
    ASSERT_EQ(a.sessions.size(), o["sessions"].size());
    for (std::size_t i = 0; i < a.sessions.size(); ++i) {
      expect_same_session(a.sessions[i], o["sessions"][i], "session " + std::to_string(i + 1));
    }
    EXPECT_EQ(a.records, o["records"].get<std::size_t>());
    ASSERT_EQ(a.laps.size(), o["laps"].get<std::size_t>());
    for (std::size_t i = 0; i < a.laps.size(); ++i) {
      expect_same_session(a.laps[i], o["lapSummaries"][i], "lap " + std::to_string(i + 1));
    }
    if (o["activity"].is_object() && !o["activity"]["localTimestamp"].is_null()) {
      const double offset_s = o["activity"]["localTimestamp"].get<double>() - o["activity"]["timestamp"].get<double>();
      EXPECT_EQ(a.utc_offset_s, static_cast<std::int32_t>(std::round(offset_s / 900) * 900));
    } else {
      EXPECT_FALSE(a.utc_offset_s);
    }
    ASSERT_EQ(a.record_developer_fields.size(), o["recordDeveloperFields"].size());
    for (const auto& [name, series] : o["recordDeveloperFields"].items()) {
      const auto it = a.record_developer_fields.find(name);
      ASSERT_NE(it, a.record_developer_fields.end()) << name;
      EXPECT_EQ(it->second.count, series["count"].get<std::size_t>()) << name;
      expect_same(it->second.sum, series["sum"], name + " sum");
    }
  }
  EXPECT_EQ(clean, 18u);  // SOURCE.md: 23 files, 5 with SDK errors
}

TEST_F(FitOracleTest, CompressedTimestampFilesTheSdkCannotReadHaveExplicitValues) {
  // SDK: "compressed timestamp messages are not currently supported", 0 records. SOURCE.md: FR70,
  // 12-byte header, 686 / 755 compressed-timestamp records, durations 3427 s and 3773 s (3883 s elapsed),
  // distance none / 10249 m, 1 / 11 laps; timestamps device-relative (1990).
  const FitActivity a = decoded(fit_dir() / "python-fitparse/antfs-dump.63.fit");
  EXPECT_FALSE(a.error);
  EXPECT_EQ(a.stats.compressed_timestamps, 686u);
  EXPECT_EQ(a.records, 686u);
  EXPECT_EQ(a.laps.size(), 1u);
  ASSERT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sessions[0].sport, kFitSportRunning);
  EXPECT_NEAR(a.sessions[0].total_timer_time_s.value_or(0), 3427, 0.5);
  EXPECT_FALSE(a.sessions[0].total_distance_m);
  EXPECT_LT(a.sessions[0].start_time.value_or(0), fit::kMinAbsoluteTime);

  const FitActivity b = decoded(fit_dir() / "python-fitparse/compressed-speed-distance.fit");
  EXPECT_FALSE(b.error);
  EXPECT_EQ(b.stats.compressed_timestamps, 755u);
  EXPECT_EQ(b.records, 755u);
  EXPECT_EQ(b.laps.size(), 11u);
  ASSERT_EQ(b.sessions.size(), 1u);
  EXPECT_NEAR(b.sessions[0].total_timer_time_s.value_or(0), 3773, 0.5);
  EXPECT_NEAR(b.sessions[0].total_elapsed_time_s.value_or(0), 3883, 0.5);
  EXPECT_NEAR(b.sessions[0].total_distance_m.value_or(0), 10249, 0.5);
}

TEST_F(FitOracleTest, TriathlonFilesMatchWhatTheSdkReadBeforeItsAccumulatedFieldBug) {
  // The SDK throws at the first record (cycles → total_cycles expansion). With the summary first, it
  // has read the 5 sessions and 11 laps by then: those must match. With the summary last it reads
  // none; the same triathlon must then give the same sessions as the summary-first file.
  const json o = oracle(fit_dir() / "fit-file-parser/triathlon_summary_first.fit");
  ASSERT_FALSE(o["errors"].empty());
  const FitActivity first = decoded(fit_dir() / "fit-file-parser/triathlon_summary_first.fit");
  EXPECT_FALSE(first.error);
  EXPECT_EQ(first.stats.big_endian_definitions, 59u);
  expect_same_file_id(first.file_id, o["fileId"]);
  ASSERT_EQ(first.sessions.size(), 5u);
  ASSERT_EQ(o["sessions"].size(), 5u);
  // The SDK read no record, so its record means are empty: compare the summary messages only.
  for (std::size_t i = 0; i < 5; ++i) {
    expect_same_session(first.sessions[i], o["sessions"][i], "session " + std::to_string(i + 1), false);
  }
  ASSERT_EQ(first.laps.size(), o["laps"].get<std::size_t>());
  for (std::size_t i = 0; i < first.laps.size(); ++i) {
    expect_same_session(first.laps[i], o["lapSummaries"][i], "lap " + std::to_string(i + 1), false);
  }

  const FitActivity last = decoded(fit_dir() / "fit-file-parser/triathlon_summary_last.fit");
  EXPECT_FALSE(last.error);
  EXPECT_EQ(last.stats.big_endian_definitions, 68u);
  ASSERT_EQ(last.sessions.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(last.sessions[i].sport, first.sessions[i].sport);
    EXPECT_EQ(last.sessions[i].total_distance_m, first.sessions[i].total_distance_m);
    EXPECT_EQ(last.sessions[i].total_timer_time_s, first.sessions[i].total_timer_time_s);
  }
  EXPECT_EQ(last.records, first.records);
  EXPECT_GT(last.records, 0u);
}

TEST_F(FitOracleTest, TheTruncatedStravaFileMatchesTheSdkUpToTheSameFault) {
  // Both stop at the data message of never-defined local type 11 (its header byte is 7471; the SDK
  // counts the byte after it, 7472) and agree on everything before it.
  const auto file = fit_dir() / "python-fitparse/strava-android-app-201.10-b1218918.fit";
  const json o = oracle(file);
  ASSERT_EQ(o["errors"].size(), 1u);
  EXPECT_NE(o["errors"][0].get<std::string>().find("7472"), std::string::npos) << o["errors"][0];
  const FitActivity a = decoded(file);
  ASSERT_TRUE(a.error);
  EXPECT_EQ(a.error_offset, 7471u);
  EXPECT_EQ(a.stats.big_endian_definitions, 14u);
  expect_same_file_id(a.file_id, o["fileId"]);
  ASSERT_EQ(a.sessions.size(), 1u);
  expect_same_session(a.sessions[0], o["sessions"][0], "session 1");
  EXPECT_EQ(a.records, o["records"].get<std::size_t>());
  ASSERT_EQ(a.laps.size(), o["laps"].get<std::size_t>());
  for (std::size_t i = 0; i < a.laps.size(); ++i) expect_same_session(a.laps[i], o["lapSummaries"][i], "lap " + std::to_string(i + 1));
}

}  // namespace
}  // namespace runload::store
