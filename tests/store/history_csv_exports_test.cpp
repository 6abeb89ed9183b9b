// Real-world history CSVs (issue 12 §2): headers in any case, clock durations, and the activity lists of
// Garmin Connect and Strava read as they come (tests/fixtures/history: fabricated rows, real headers).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runload/store/history_import.h"
#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload::store {
namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) { return testing::source_dir() / "tests/fixtures/history" / name; }

class HistoryCsvExportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* old = std::getenv("TZ")) old_tz_ = old;
    ::setenv("TZ", "UTC", 1);  // Strava's dates are UTC; the day is the runner's local one
    ::tzset();
  }
  void TearDown() override {
    if (old_tz_.empty()) {
      ::unsetenv("TZ");
    } else {
      ::setenv("TZ", old_tz_.c_str(), 1);
    }
    ::tzset();
  }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_.file(name);
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir dir_;
  std::string old_tz_;
};

TEST_F(HistoryCsvExportsTest, HeadersAreReadInAnyCaseAndDurationsAsClockTimes) {
  const auto h = read_history_csv(write("h.csv",
                                        "Date,Distance_KM,DURATION_MIN,RPE\n"
                                        "2026-03-01,10,1:02:30,5\n"
                                        "2026-03-02,8,45:10,\n"
                                        "2026-03-03,5,30.5,\n"));
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 3u);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.duration_s, 3750.0);
  EXPECT_DOUBLE_EQ(h->sessions[1].session.duration_s, 2710.0);
  EXPECT_DOUBLE_EQ(h->sessions[2].session.duration_s, 1830.0);
  EXPECT_EQ(h->sessions[0].session.rpe, 5.0);
}

TEST_F(HistoryCsvExportsTest, AClockDurationMustBeOne) {
  for (const char* bad : {"1:75:00", "1:2:3:4", "-5:00", "5:", ":30", "1.5:00"}) {
    const auto h = read_history_csv(write("h.csv", std::string("date,distance_km,duration_min\n2026-03-01,5,") + bad + "\n"));
    ASSERT_FALSE(h.has_value()) << bad;
    EXPECT_NE(h.error().find("h.csv:2: duration_min '" + std::string(bad) + "' must be minutes from 0 to 10080, or h:mm:ss or mm:ss"),
              std::string::npos)
        << h.error();
  }
}

TEST_F(HistoryCsvExportsTest, GarminConnectActivitiesCsvIsReadAsItComes) {
  const auto h = read_history_file(fixture("garmin_connect_activities.csv"));
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 4u);
  const core::Session& run = h->sessions[0].session;
  EXPECT_EQ(core::to_iso_string(run.date), "2026-03-02");
  EXPECT_EQ(run.start_time_of_day_s, 7 * 3600 + 5 * 60 + 11);
  EXPECT_EQ(run.activity, core::ActivityKind::kRun);
  EXPECT_DOUBLE_EQ(run.distance_m, 10020.0);
  EXPECT_DOUBLE_EQ(run.duration_s, 52 * 60 + 40);
  // The watch's running dynamics, in runload's units.
  EXPECT_DOUBLE_EQ(run.metrics.cadence_steps_per_min.value_or(0), 168.0);
  EXPECT_DOUBLE_EQ(run.metrics.gct_ms.value_or(0), 255.0);
  EXPECT_DOUBLE_EQ(run.metrics.gct_balance_left_pct.value_or(0), 49.6);
  EXPECT_NEAR(run.metrics.asymmetry_pct.value_or(0), 1.6, 1e-9);
  EXPECT_DOUBLE_EQ(run.metrics.vertical_oscillation_mm.value_or(0), 92.0);
  EXPECT_DOUBLE_EQ(run.metrics.vertical_ratio_pct.value_or(0), 8.1);
  EXPECT_DOUBLE_EQ(run.metrics.step_length_mm.value_or(0), 1130.0);
  EXPECT_DOUBLE_EQ(run.metrics.power_w.value_or(0), 262.0);
  EXPECT_EQ(run.metrics.sources.get(core::Dynamic::kGct), core::MetricSource::kWatch);
  // "6,00" km (decimal comma) in "35:10" on a treadmill; "--" dynamics are absent.
  const core::Session& treadmill = h->sessions[1].session;
  EXPECT_DOUBLE_EQ(treadmill.distance_m, 6000.0);
  EXPECT_DOUBLE_EQ(treadmill.duration_s, 35 * 60 + 10);
  EXPECT_EQ(treadmill.surface, core::Surface::kTreadmill);
  EXPECT_FALSE(treadmill.metrics.gct_ms);
  EXPECT_EQ(h->sessions[2].session.activity, core::ActivityKind::kCrossTraining);  // strength training
  EXPECT_EQ(h->sessions[3].session.activity, core::ActivityKind::kWalk);
  EXPECT_FALSE(h->sessions[3].session.metrics.cadence_steps_per_min);  // a walk's cadence is not a run's
  for (const auto& row : h->sessions) EXPECT_TRUE(row.import_id && row.import_id->starts_with("garmin-csv:"));

  HistoryReadOptions miles;
  miles.export_distance_in_miles = true;
  const auto in_miles = read_history_file(fixture("garmin_connect_activities.csv"), miles);
  ASSERT_TRUE(in_miles.has_value()) << in_miles.error();
  EXPECT_NEAR(in_miles->sessions[0].session.distance_m, 10.02 * 1609.344, 1e-6);
}

TEST_F(HistoryCsvExportsTest, StravaActivitiesCsvIsReadAsItComes) {
  const auto h = read_history_file(fixture("strava_activities.csv"));
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 3u);
  const ImportedSession& run = h->sessions[0];
  EXPECT_EQ(core::to_iso_string(run.session.date), "2026-03-02");
  EXPECT_EQ(run.session.start_utc_s, 1772449511);  // date -u -d 2026-03-02T11:05:11Z +%s
  EXPECT_DOUBLE_EQ(run.session.distance_m, 10021.7);  // the second Distance column, metres
  EXPECT_DOUBLE_EQ(run.session.duration_s, 3160.0);   // Moving Time
  EXPECT_EQ(run.session.activity, core::ActivityKind::kRun);
  EXPECT_EQ(run.shoe_name, "Pegasus 40");
  EXPECT_EQ(run.session.rpe, 6.0);
  EXPECT_EQ(run.import_id, "strava:11000000001");
  EXPECT_EQ(h->sessions[1].session.activity, core::ActivityKind::kCrossTraining);  // Ride
  EXPECT_FALSE(h->sessions[1].shoe_name);
  EXPECT_EQ(core::to_iso_string(h->sessions[1].session.date), "2026-03-03");  // 5:30 PM
  EXPECT_EQ(h->sessions[1].session.start_time_of_day_s, 17 * 3600 + 30 * 60);
  EXPECT_EQ(h->sessions[2].session.surface, core::Surface::kTrail);
}

TEST_F(HistoryCsvExportsTest, ABadExportRowNamesItsLine) {
  const auto h = read_history_csv(write("Activities.csv",
                                        "Activity Type,Date,Favorite,Title,Distance,Calories,Time\n"
                                        "Running,2026-03-02 07:05:11,false,Run,5.00,300,00:30:00\n"
                                        "Running,yesterday,false,Run,5.00,300,00:30:00\n"));
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error(), "Activities.csv:3: Date 'yesterday' is not YYYY-MM-DD HH:MM:SS");
}

}  // namespace
}  // namespace runload::store
