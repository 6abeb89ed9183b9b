// FIT activity files → imported sessions, over the real files in ../shared/datasets/fit (SOURCE.md
// there lists what each carries): running dynamics, multisport, local start dates, and what a truncated
// or corrupt file gives.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "runload/store/fit_activity.h"
#include "runload/store/history_import.h"
#include "runload/store/store.h"
#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload::store {
namespace {

namespace fs = std::filesystem;

fs::path fit_dir() { return testing::shared_datasets() / "fit"; }

std::vector<char> bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::int64_t unix_time(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  const auto days = std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}.time_since_epoch().count();
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

class HistoryFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(fit_dir())) GTEST_SKIP() << "dataset not found: " << fit_dir();
  }
  /// A copy of a shared file in the test's temp dir, changed by `edit`.
  template <typename Edit>
  fs::path edited_copy(const std::string& shared, const std::string& name, Edit edit) {
    auto bytes = bytes_of(fit_dir() / shared);
    edit(bytes);
    const fs::path out = dir_.file(name);
    std::ofstream(out, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return out;
  }
  testing::TempDir dir_;
};

TEST_F(HistoryFitTest, ARunWithRunningDynamicsKeepsItsCadenceContactTimeAndBalance) {
  // fenix 5X with HRM-Run: session avg_cadence 79 strides/min, stance time 271.1 ms, balance 49.72 % left.
  const auto h = read_history_file(fit_dir() / "fit-file-parser/running-with-developer-data.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 1u);
  const core::Session& s = h->sessions[0].session;
  EXPECT_EQ(s.activity, core::ActivityKind::kRun);
  EXPECT_NEAR(s.distance_m, 5383.0, 1.0);
  EXPECT_NEAR(s.duration_s, 1681.0, 1.0);
  EXPECT_EQ(s.utc_offset_s, 7200);  // activity local_timestamp − timestamp
  const std::int64_t created = unix_time(2018, 6, 14, 14, 55, 22);
  ASSERT_TRUE(s.start_utc_s);
  EXPECT_NEAR(static_cast<double>(*s.start_utc_s), static_cast<double>(created), 600.0);
  EXPECT_EQ(core::to_iso_string(s.date), "2018-06-14");
  ASSERT_TRUE(s.metrics.cadence_steps_per_min);
  EXPECT_NEAR(*s.metrics.cadence_steps_per_min, 158.0, 2.0);  // strides × 2
  EXPECT_NEAR(s.metrics.gct_ms.value_or(0), 271.1, 0.05);
  EXPECT_NEAR(s.metrics.asymmetry_pct.value_or(-1), std::abs(2 * 49.72 - 100) * 2, 0.01);
  EXPECT_EQ(h->source, "import:running-with-developer-data.fit");
  EXPECT_TRUE(h->notes.empty()) << h->notes.front();  // everything the file carries has a place now
}

TEST_F(HistoryFitTest, EveryRunningDynamicKeepsItsValueAndSource) {
  // fenix 5X + HRM-Run (ANT+ running dynamics, device type 30) + Stryd footpod with its Connect IQ app.
  // The session has no native power: Stryd's developer "Power" is averaged over the records.
  using core::Dynamic;
  using core::MetricSource;
  const auto h = read_history_file(fit_dir() / "fit-file-parser/running-with-developer-data.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  const core::SessionMetrics& m = h->sessions[0].session.metrics;
  EXPECT_EQ(m.sources.get(Dynamic::kCadence), MetricSource::kWatch);
  EXPECT_EQ(m.sources.get(Dynamic::kGct), MetricSource::kPod);
  EXPECT_NEAR(m.gct_balance_left_pct.value_or(0), 49.72, 1e-9);
  EXPECT_EQ(m.sources.get(Dynamic::kGctBalance), MetricSource::kPod);
  EXPECT_NEAR(m.vertical_oscillation_mm.value_or(0), 82.2, 1e-9);
  EXPECT_EQ(m.sources.get(Dynamic::kVerticalOscillation), MetricSource::kPod);
  EXPECT_NEAR(m.vertical_ratio_pct.value_or(0), 6.93, 1e-9);
  EXPECT_NEAR(m.step_length_mm.value_or(0), 1180.0, 1e-9);
  EXPECT_NEAR(m.power_w.value_or(0), 423151.0 / 1681.0, 1e-9);  // SOURCE.md oracle: sum / records
  EXPECT_EQ(m.sources.get(Dynamic::kPower), MetricSource::kStryd);
  EXPECT_NEAR(m.leg_spring_stiffness_kn_per_m.value_or(0), 14323.625 / 1681.0, 1e-9);
  EXPECT_EQ(m.sources.get(Dynamic::kLegSpringStiffness), MetricSource::kStryd);
  // 14 laps, each with its own dynamics.
  const auto& laps = h->sessions[0].laps;
  ASSERT_EQ(laps.size(), 14u);
  EXPECT_EQ(laps[0].index, 1);
  double km = 0;
  for (const auto& l : laps) {
    km += l.distance_m / 1000.0;
    EXPECT_TRUE(l.metrics.cadence_steps_per_min) << "lap " << l.index;
    if (l.duration_s > 30) {  // a lap of a few seconds may hold no record
      EXPECT_TRUE(l.metrics.power_w) << "lap " << l.index;
    }
  }
  EXPECT_NEAR(km, 5.383, 0.01);
}

TEST_F(HistoryFitTest, StrydFieldsStandInWhereTheWatchHasNoDynamics) {
  // FR920XT + Stryd (Connect IQ): no native stance time, oscillation or power; Stryd's Ground Time,
  // Vertical Oscillation (cm) and Power are averaged over the session's records.
  using core::Dynamic;
  using core::MetricSource;
  const auto h = read_history_file(fit_dir() / "tormoder-fit/mornindew-broken.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  const core::SessionMetrics& m = h->sessions[0].session.metrics;
  EXPECT_NEAR(m.gct_ms.value_or(0), 2247326.0 / 6874.0, 1e-6);
  EXPECT_EQ(m.sources.get(Dynamic::kGct), MetricSource::kStryd);
  EXPECT_NEAR(m.vertical_oscillation_mm.value_or(0), 10.0 * 40417.0 / 6874.0, 1e-6);
  EXPECT_NEAR(m.power_w.value_or(0), 1252209.0 / 6874.0, 1e-6);
  EXPECT_NEAR(m.leg_spring_stiffness_kn_per_m.value_or(0), 63239.5 / 6860.0, 1e-6);
  EXPECT_NEAR(m.step_length_mm.value_or(0), 872.8, 1e-9);  // the watch's own
  EXPECT_EQ(m.sources.get(Dynamic::kStepLength), MetricSource::kWatch);
  EXPECT_FALSE(m.gct_balance_left_pct);
}

TEST_F(HistoryFitTest, WristDynamicsAreTheWatchsAndAStrapsAreThePods) {
  using core::Dynamic;
  using core::MetricSource;
  // FR965, no external sensor: wrist running dynamics and native power.
  const auto wrist = read_history_file(fit_dir() / "fit-file-parser/garmin-stamina.fit");
  ASSERT_TRUE(wrist.has_value()) << wrist.error();
  const core::SessionMetrics& w = wrist->sessions[0].session.metrics;
  EXPECT_NEAR(w.power_w.value_or(0), 229.0, 1e-9);
  EXPECT_EQ(w.sources.get(Dynamic::kPower), MetricSource::kWatch);
  EXPECT_NEAR(w.vertical_oscillation_mm.value_or(0), 91.6, 1e-9);
  EXPECT_EQ(w.sources.get(Dynamic::kVerticalOscillation), MetricSource::kWatch);
  EXPECT_EQ(wrist->sessions[0].laps.size(), 12u);
  // Wahoo app + TICKR X: the session has no stance time; the strap's values are in the records.
  const auto strap = read_history_file(fit_dir() / "heartandsole/2019-05-11-144658-UBERDROID6944-216-1.fit");
  ASSERT_TRUE(strap.has_value()) << strap.error();
  const core::SessionMetrics& t = strap->sessions[0].session.metrics;
  ASSERT_TRUE(t.gct_ms);
  EXPECT_GT(*t.gct_ms, 150.0);
  EXPECT_LT(*t.gct_ms, 400.0);
  EXPECT_EQ(t.sources.get(Dynamic::kGct), MetricSource::kPod);
  // COROS writes 0 for the dynamics it lacks: 0 is "none", not a value.
  const auto coros = read_history_file(fit_dir() / "rust-fit-file/20210507_run_coros_pace_2.fit");
  ASSERT_TRUE(coros.has_value()) << coros.error();
  const core::SessionMetrics& c = coros->sessions[0].session.metrics;
  EXPECT_FALSE(c.gct_ms);
  EXPECT_FALSE(c.vertical_oscillation_mm);
  EXPECT_NEAR(c.step_length_mm.value_or(0), 1310.0, 1e-9);
  EXPECT_NEAR(c.power_w.value_or(0), 269.0, 1e-9);
}

TEST_F(HistoryFitTest, StrydLegSpringStiffnessIsReadFromItsDeveloperField) {
  const auto a = read_fit_activity(fit_dir() / "tormoder-fit/mornindew-broken.fit");
  ASSERT_TRUE(a.has_value()) << a.error();
  ASSERT_FALSE(a->error) << *a->error;
  const auto it = a->record_developer_fields.find("Leg Spring Stiffness");
  ASSERT_NE(it, a->record_developer_fields.end());
  EXPECT_EQ(it->second.units, "kN/m");
  EXPECT_EQ(it->second.count, 6860u);
  EXPECT_NEAR(it->second.sum / static_cast<double>(it->second.count), 9.2, 0.1);
}

TEST_F(HistoryFitTest, AMultisportFileImportsTheRunAsARunAndTheOtherSportsAsCrossTraining) {
  // FR920XT triathlon in four chained FIT files: swim, T1, bike, T2, run.
  const auto h = read_history_file(fit_dir() / "python-fitparse/sample_mulitple_header.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 3u);
  EXPECT_EQ(h->sessions[0].session.activity, core::ActivityKind::kCrossTraining);  // swim
  EXPECT_EQ(h->sessions[1].session.activity, core::ActivityKind::kCrossTraining);  // bike
  EXPECT_EQ(h->sessions[2].session.activity, core::ActivityKind::kRun);
  EXPECT_NEAR(h->sessions[2].session.distance_m, 9806.0, 1.0);
  EXPECT_FALSE(h->sessions[1].session.metrics.cadence_steps_per_min);  // a bike's rpm is not a step rate
  ASSERT_FALSE(h->notes.empty());
  EXPECT_NE(h->notes[0].find("skipped 2 transition(s)"), std::string::npos) << h->notes[0];
}

TEST_F(HistoryFitTest, DeviceRelativeTimestampsAreRefusedWithOneLine) {
  // FR70 with compressed timestamps: the clock was never set, so the run has no date.
  const auto a = read_fit_activity(fit_dir() / "python-fitparse/antfs-dump.63.fit");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->error);
  EXPECT_EQ(a->records, 686u);
  const auto h = read_history_file(fit_dir() / "python-fitparse/antfs-dump.63.fit");
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error(), "antfs-dump.63.fit: no session with a date (the watch clock was not set: "
                       "device-relative timestamps): nothing imported");
}

TEST_F(HistoryFitTest, ABrokenFileKeepsTheSessionSummaryBeforeTheFaultAndSaysWhatWasDropped) {
  // Strava Android: a data message of never-defined local type 11 at byte 7471; the session came first.
  const auto h = read_history_file(fit_dir() / "python-fitparse/strava-android-app-201.10-b1218918.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 1u);
  EXPECT_NEAR(h->sessions[0].session.distance_m, 11274.0, 1.0);
  ASSERT_EQ(h->notes.size(), 1u);
  EXPECT_EQ(h->notes[0], "strava-android-app-201.10-b1218918.fit: data message for local type 11, which was never "
                         "defined at byte 7471; kept the 1 session summary before it, dropped the rest of the file");
}

TEST_F(HistoryFitTest, AFileCutBeforeItsSessionSummaryIsRefusedWithOneLine) {
  const auto path = edited_copy("workoutizer/example.fit", "cut.fit", [](std::vector<char>& b) { b.resize(b.size() / 2); });
  const auto h = read_history_file(path);
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().find('\n'), std::string::npos);
  EXPECT_NE(h.error().find("cut.fit: truncated in "), std::string::npos) << h.error();
  EXPECT_NE(h.error().find("before any session summary: nothing imported"), std::string::npos) << h.error();
}

TEST_F(HistoryFitTest, AFlippedByteFailsTheCrcAndNothingIsImported) {
  const auto path = edited_copy("workoutizer/example.fit", "flipped.fit",
                                [](std::vector<char>& b) { b[b.size() / 2] = static_cast<char>(b[b.size() / 2] ^ 0x10); });
  const auto h = read_history_file(path);
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().rfind("flipped.fit: file CRC mismatch", 0), 0u) << h.error();
}

TEST_F(HistoryFitTest, ImportedFitSessionsAreStoredWithTheirMetrics) {
  Store store = *Store::open(dir_.file("s.db"));
  core::Athlete ana;
  ana.name = "Ana";
  const auto id = *store.add_athlete(ana);
  const auto h = read_history_file(fit_dir() / "python-fitparse/garmin-fenix-5-run.fit");
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_TRUE(store.import_history(id, *h));
  const auto stored = store.sessions(id);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].source, "import:garmin-fenix-5-run.fit");
  EXPECT_NEAR(stored[0].session.metrics.gct_ms.value_or(0), 270.3, 0.05);
  EXPECT_EQ(stored[0].session.utc_offset_s, -25200);
  EXPECT_NEAR(stored[0].session.metrics.step_count.value_or(0), 156.0, 0.5);  // 78 strides
  // Running dynamics, sources and laps come back as they went in.
  const auto& back = stored[0].session.metrics;
  const auto& in = h->sessions[0].session.metrics;
  EXPECT_EQ(back.cadence_steps_per_min, in.cadence_steps_per_min);
  EXPECT_EQ(back.gct_ms, in.gct_ms);
  EXPECT_EQ(back.asymmetry_pct, in.asymmetry_pct);
  EXPECT_EQ(back.gct_balance_left_pct, in.gct_balance_left_pct);
  EXPECT_EQ(back.vertical_oscillation_mm, in.vertical_oscillation_mm);
  EXPECT_EQ(back.vertical_ratio_pct, in.vertical_ratio_pct);
  EXPECT_EQ(back.step_length_mm, in.step_length_mm);
  EXPECT_EQ(back.power_w, in.power_w);
  EXPECT_EQ(back.speed_mps, in.speed_mps);
  EXPECT_EQ(back.step_count, in.step_count);
  EXPECT_EQ(core::to_text(back.sources), core::to_text(in.sources));
  EXPECT_EQ(back, in);
  EXPECT_EQ(store.laps(stored[0].session.id), h->sessions[0].laps);
  EXPECT_EQ(store.laps(stored[0].session.id).size(), 1u);
}

TEST_F(HistoryFitTest, FitFilesAreOneWatchExportForTheKnownSpan) {
  // Like GPX/TCX: the days between two watch activities are known (rest), not one span per file.
  Store store = *Store::open(dir_.file("s.db"));
  core::Athlete ana;
  ana.name = "Ana";
  const auto id = *store.add_athlete(ana);
  for (const char* file : {"python-fitparse/garmin-fenix-5-run.fit", "fit-file-parser/running-with-developer-data.fit"}) {
    const auto h = read_history_file(fit_dir() / file);
    ASSERT_TRUE(h.has_value()) << h.error();
    ASSERT_TRUE(store.import_history(id, *h));
  }
  const auto history = store.history(id);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->recorded_periods.size(), 1u);
  EXPECT_EQ(core::to_iso_string(history->recorded_periods[0].first), "2017-06-11");
  EXPECT_EQ(core::to_iso_string(history->recorded_periods[0].last), "2018-06-14");
}

}  // namespace
}  // namespace runload::store
