// History files: the generic CSV, GPX and TCX readers, and the all-or-nothing import.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "runload/store/local_time.h"
#include "runload/store/store.h"
#include "testing/child_process.h"

namespace runload::store {
namespace {

class HistoryImportTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::path(dir_.file(name));
    std::ofstream(path) << text;
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(HistoryImportTest, ReadsTheGenericCsvWithOptionalColumnsInAnyOrder) {
  const auto path = write("h.csv",
                          "\xEF\xBB\xBF" "duration_min,date,distance_km,rpe,pain,shoe,surface\n"
                          "55.5,2026-03-01,10.2,5,,Pegasus,road\n"
                          "\n"
                          "30,2026-03-03,5,,2,\"Clifton, v9\",trail\n");
  const auto h = read_history_csv(path);
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 2u);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.distance_m, 10200.0);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.duration_s, 3330.0);
  EXPECT_EQ(h->sessions[0].session.rpe, 5.0);
  EXPECT_EQ(h->sessions[1].shoe_name, "Clifton, v9");
  EXPECT_EQ(h->sessions[1].pain_0_10, 2.0);
  EXPECT_EQ(h->sessions[1].session.surface, core::Surface::kTrail);
  EXPECT_EQ(h->sessions[1].line, 4);
}

/// Runs the test body in the time zone `tz` (the runner's machine), then restores the old one.
class TimeZone {
 public:
  explicit TimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~TimeZone() {
    if (old_.empty()) {
      ::unsetenv("TZ");
    } else {
      ::setenv("TZ", old_.c_str(), 1);
    }
    ::tzset();
  }

 private:
  std::string old_;
};

std::string gpx_at(const std::string& first_time, const std::string& second_time) {
  return "<gpx><trk><trkseg><trkpt lat=\"40.7800\" lon=\"-73.9700\"><time>" + first_time +
         "</time></trkpt><trkpt lat=\"40.7890\" lon=\"-73.9700\"><time>" + second_time +
         "</time></trkpt></trkseg></trk></gpx>";
}

TEST_F(HistoryImportTest, AUtcGpxTimeIsDatedByTheRunnersLocalStartDate) {
  // GIVEN a 20:10 New York run on 31 March written in UTC (2026-04-01T00:10Z), imported in New York
  const TimeZone new_york("America/New_York");
  const auto h = read_gpx(write("evening.gpx", gpx_at("2026-04-01T00:10:00Z", "2026-04-01T00:50:00Z")));
  ASSERT_TRUE(h.has_value()) << h.error();
  const core::Session& s = h->sessions[0].session;
  // THEN it is a 31 March run that started at 20:10, UTC−4 (EDT), and its instant is kept in UTC
  EXPECT_EQ(core::to_iso_string(s.date), "2026-03-31");
  EXPECT_EQ(s.start_time_of_day_s, 20 * 3600 + 10 * 60);
  EXPECT_EQ(s.utc_offset_s, -4 * 3600);
  EXPECT_EQ(s.start_utc_s, 1775002200);  // date -u -d 2026-04-01T00:10:00Z +%s
  EXPECT_DOUBLE_EQ(s.duration_s, 2400.0);
}

TEST_F(HistoryImportTest, AStatedOffsetWinsOverTheMachinesTimeZone) {
  // GIVEN a TCX with a local offset, imported on a machine set to Tokyo time
  const TimeZone tokyo("Asia/Tokyo");
  const auto h = read_tcx(write("a.tcx", "<TrainingCenterDatabase><Activities><Activity><Id>2026-03-31T23:30:00-04:00</Id>"
                                         "<Lap><TotalTimeSeconds>3600</TotalTimeSeconds><DistanceMeters>10000</DistanceMeters>"
                                         "</Lap></Activity></Activities></TrainingCenterDatabase>"));
  ASSERT_TRUE(h.has_value()) << h.error();
  const core::Session& s = h->sessions[0].session;
  // THEN the run is dated by the file's own local time: 31 March, 23:30, although it ends on 1 April
  EXPECT_EQ(core::to_iso_string(s.date), "2026-03-31");
  EXPECT_EQ(s.start_time_of_day_s, 23 * 3600 + 30 * 60);
  EXPECT_EQ(s.utc_offset_s, -4 * 3600);
}

TEST_F(HistoryImportTest, TwoRunsOnOneDayAreOrderedByTheirStartNotByImportOrder) {
  // GIVEN an evening run imported before the same day's morning run
  const TimeZone utc("UTC");
  Store store = *Store::open(dir_.file("s.db"));
  core::Athlete a;
  a.name = "Ana";
  const auto id = *store.add_athlete(a);
  ASSERT_TRUE(store.import_history(id, *read_gpx(write("pm.gpx", gpx_at("2026-03-10T18:00:00Z", "2026-03-10T18:40:00Z")))));
  ASSERT_TRUE(store.import_history(id, *read_gpx(write("am.gpx", gpx_at("2026-03-10T06:00:00Z", "2026-03-10T06:40:00Z")))));
  // THEN the chronological order is morning, evening
  auto sessions = store.history(id)->sessions;
  std::sort(sessions.begin(), sessions.end(), core::session_before);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].start_time_of_day_s, 6 * 3600);
  EXPECT_EQ(sessions[1].start_time_of_day_s, 18 * 3600);
}

TEST(LocalTimeTest, ARunAcrossMidnightKeepsTheDayItStarted) {
  // GIVEN a run that started at 23:40 local (Berlin, UTC+1 in January) and ended at 00:25
  const TimeZone berlin("Europe/Berlin");
  const LocalStart start = local_start(1768430400);  // 2026-01-14T22:40Z: date -u -d 2026-01-14T22:40Z +%s
  // THEN the day is the start's, 14 January, at 23:40
  EXPECT_EQ(core::to_iso_string(start.date), "2026-01-14");
  EXPECT_EQ(start.time_of_day_s, 23 * 3600 + 40 * 60);
  EXPECT_EQ(start.utc_offset_s, 3600);
}

TEST_F(HistoryImportTest, BadFilesNameTheLine) {
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"date,distance_km\n2026-01-01,5\n", "h.csv:1: missing column 'duration_s' (or 'duration_min')"},
      {"date,duration_s\n2026-01-01,5\n", "h.csv:1: missing column 'distance_m' (or 'distance_km')"},
      {"date,distance_km,distance_m,duration_s\n", "h.csv:1: give 'distance_m' or 'distance_km', not both"},
      {"date,distance_m,duration_s\n2026-01-01,1000001,30\n", "h.csv:2: distance_m '1000001'"},
      {"date,distance_m,duration_s\n2026-01-01,5000,1e7\n", "h.csv:2: duration_s '1e7'"},
      {"date,distance_mi,duration_min\n", "h.csv:1: unknown column 'distance_mi'"},
      {"date,distance_km,duration_min\n2026-01-01,5,30\n2026-02-30,5,30\n", "h.csv:3: '2026-02-30' is not a date"},
      {"date,distance_km,duration_min\n2026-01-01,-5,30\n", "h.csv:2: distance_km '-5'"},
      {"date,distance_km,duration_min\n2026-01-01,5\n", "h.csv:2: 2 fields, the header has 3"},
      {"date,distance_km,duration_min,rpe\n2026-01-01,5,30,11\n", "h.csv:2: rpe '11'"},
      {"date,distance_km,duration_min\n2026-01-01,five,30\n", "h.csv:2: distance_km 'five'"},
      {"date,distance_km,duration_min\n\"2026-01-01,5,30\n", "h.csv:2: unterminated quote"},
      {"", "empty file"},
  };
  for (const auto& c : cases) {
    const auto h = read_history_csv(write("h.csv", c.text));
    ASSERT_FALSE(h.has_value()) << c.text;
    EXPECT_NE(h.error().find(c.expected), std::string::npos) << h.error();
  }
}

TEST_F(HistoryImportTest, ReadsDistanceAndDurationUnderRunloadsOwnNames) {
  // GIVEN a log with distance_m and duration_s, the names export and the API use (docs/units.md)
  const auto h = read_history_csv(write("h.csv", "Date,Distance_m,Duration_s\n2026-03-01,10200,3330\n2026-03-02,5000,25:30\n"));
  // THEN it reads as metres and seconds (a clock duration too)
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 2u);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.distance_m, 10200.0);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.duration_s, 3330.0);
  EXPECT_DOUBLE_EQ(h->sessions[1].session.duration_s, 1530.0);
}

TEST_F(HistoryImportTest, HugeFilesAreRefusedBeforeReading) {
  const auto path = write("huge.csv", "date,distance_km,duration_min\n");
  std::filesystem::resize_file(path, kMaxHistoryFileBytes + 1);  // sparse: costs no disk
  const auto h = read_history_csv(path);
  ASSERT_FALSE(h.has_value());
  EXPECT_NE(h.error().find("64 MiB"), std::string::npos) << h.error();
}

TEST_F(HistoryImportTest, GpxDistanceAndDurationComeFromTheTrack) {
  // Three points 0.01° of latitude apart (≈ 1 111.95 m each) over 10 minutes.
  const auto path = write("run.gpx", R"(<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
 <trkpt lat="45.00" lon="7.0"><time>2026-04-05T07:00:00Z</time></trkpt>
 <trkpt lat="45.01" lon="7.0"><time>2026-04-05T07:05:00Z</time></trkpt>
 <trkpt lat="45.02" lon="7.0"><time>2026-04-05T07:10:00Z</time></trkpt>
</trkseg></trk></gpx>)");
  const auto h = read_history_file(path);
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 1u);
  EXPECT_NEAR(h->sessions[0].session.distance_m, 2 * 1111.95, 1.0);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.duration_s, 600.0);
  EXPECT_EQ(core::to_iso_string(h->sessions[0].session.date), "2026-04-05");
}

TEST_F(HistoryImportTest, TcxSumsItsLaps) {
  const auto path = write("run.tcx", R"(<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>
 <Activity Sport="Running"><Id>2026-04-06T06:30:00+02:00</Id>
  <Lap StartTime="2026-04-06T06:30:00+02:00"><TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters></Lap>
  <Lap StartTime="2026-04-06T06:35:00+02:00"><TotalTimeSeconds>290.5</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters></Lap>
 </Activity></Activities></TrainingCenterDatabase>)");
  const auto h = read_history_file(path);
  ASSERT_TRUE(h.has_value()) << h.error();
  EXPECT_DOUBLE_EQ(h->sessions[0].session.distance_m, 2000.0);
  EXPECT_DOUBLE_EQ(h->sessions[0].session.duration_s, 590.5);
}

TEST_F(HistoryImportTest, GpxAndTcxWithNonFiniteOrAbsurdValuesNameTheElement) {
  auto gpx = [](const std::string& points) {
    return R"(<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>)" + points +
           "</trkseg></trk></gpx>";
  };
  auto tcx = [](const std::string& laps) {
    return R"(<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running">)"
           "<Id>2026-04-06T06:30:00Z</Id>" + laps + "</Activity></Activities></TrainingCenterDatabase>";
  };
  auto lap = [](const std::string& s, const std::string& m) {
    return "<Lap><TotalTimeSeconds>" + s + "</TotalTimeSeconds><DistanceMeters>" + m + "</DistanceMeters></Lap>";
  };
  const std::string t1 = "<time>2026-04-05T07:00:00Z</time>", t2 = "<time>2026-04-05T07:30:00Z</time>";
  struct Case {
    std::string name, text, expected;
  };
  const std::vector<Case> cases = {
      {"nan.gpx", gpx(R"(<trkpt lat="45" lon="7">)" + t1 + R"(</trkpt><trkpt lat="nan" lon="7">)" + t2 + "</trkpt>"),
       "track point 2 has no valid lat/lon"},
      {"inf.gpx", gpx(R"(<trkpt lat="45" lon="inf">)" + t1 + R"(</trkpt><trkpt lat="45" lon="7">)" + t2 + "</trkpt>"),
       "track point 1 has no valid lat/lon"},
      {"ages.gpx", gpx(R"(<trkpt lat="45" lon="7"><time>0001-01-01T00:00:00Z</time></trkpt>)"
                       R"(<trkpt lat="45" lon="7.001"><time>9999-12-31T23:59:59Z</time></trkpt>)"),
       "lasts"},
      {"far.gpx", gpx(R"(<trkpt lat="0" lon="0">)" + t1 + R"(</trkpt><trkpt lat="0" lon="179">)" + t2 + "</trkpt>"),
       "km"},
      {"huge.tcx", tcx(lap("300", "1000") + lap("300", "1e300")), "<Lap> 2"},
      {"nan.tcx", tcx(lap("nan", "1000")), "<Lap> 1"},
      {"long.tcx", tcx(lap("86400", "1000") + lap("604800", "1000")), "lasts"},
      // Found by history_fuzz: "nan" seconds passed the range check, and the start became a NaN cast to an
      // integer (UB) before the duration check refused the track
      {"nantime.gpx", gpx(R"(<trkpt lat="45" lon="7"><time>2026-04-05T07:00:nanZ</time></trkpt><trkpt lat="45" lon="7.001">)" +
                          t2 + "</trkpt>"),
       "track point 1 has a bad time '2026-04-05T07:00:nanZ'"},
  };
  for (const auto& c : cases) {
    const auto h = read_history_file(write(c.name, c.text));
    ASSERT_FALSE(h.has_value()) << c.name;
    EXPECT_NE(h.error().find(c.expected), std::string::npos) << c.name << ": " << h.error();
    EXPECT_NE(h.error().find(c.name), std::string::npos) << h.error();
  }
}

TEST_F(HistoryImportTest, BrokenXmlIsAClearError) {
  const auto h = read_history_file(write("bad.gpx", "<gpx><trk><trkpt lat='1' lon='2'>"));
  ASSERT_FALSE(h.has_value());
  EXPECT_NE(h.error().find("not valid XML"), std::string::npos) << h.error();
  EXPECT_FALSE(read_history_file(write("notes.txt", "hello")).has_value());
}

TEST_F(HistoryImportTest, ImportCreatesShoesAndPainEntriesInOneTransaction) {
  auto store = Store::open(dir_.file("db.sqlite"));
  ASSERT_TRUE(store.has_value()) << store.error();
  core::Athlete a;
  a.name = "Eva";
  const auto athlete_id = *store->add_athlete(a);
  const auto h = read_history_csv(write("h.csv",
                                        "date,distance_km,duration_min,shoe,pain\n"
                                        "2026-03-01,10,55,Pegasus,\n2026-03-02,8,44,Pegasus,3\n2026-03-03,6,33,Clifton,\n"));
  ASSERT_TRUE(h.has_value());
  const auto n = store->import_history(athlete_id, *h);
  ASSERT_TRUE(n.has_value()) << n.error();
  EXPECT_EQ(n->imported, 3u);
  EXPECT_EQ(n->new_shoes, (std::vector<std::string>{"Pegasus", "Clifton"}));
  const auto history = store->history(athlete_id);
  EXPECT_EQ(history->shoes.size(), 2u);
  EXPECT_EQ(history->symptoms.size(), 1u);
  EXPECT_EQ(history->sessions[1].shoe_id, history->sessions[0].shoe_id);
}

TEST_F(HistoryImportTest, ReimportingAFileSkipsEveryActivityItHoldsAndItsPain) {
  auto store = Store::open(dir_.file("db.sqlite"));
  ASSERT_TRUE(store.has_value()) << store.error();
  core::Athlete a;
  a.name = "Eva";
  const auto athlete_id = *store->add_athlete(a);
  const auto path = write("h.csv", "date,distance_km,duration_min,shoe,pain\n2026-03-01,10,55,Pegasus,\n2026-03-02,8,44,Pegasus,3\n");
  for (int round = 0; round < 2; ++round) {
    const auto h = read_history_file(path);
    ASSERT_TRUE(h.has_value()) << h.error();
    const auto n = store->import_history(athlete_id, *h);
    ASSERT_TRUE(n.has_value()) << n.error();
    EXPECT_EQ(n->imported, round == 0 ? 2u : 0u);
    EXPECT_EQ(n->skipped, round == 0 ? 0u : 2u);
  }
  const auto history = store->history(athlete_id);
  EXPECT_EQ(history->sessions.size(), 2u);
  EXPECT_EQ(history->symptoms.size(), 1u);
  EXPECT_EQ(history->shoes.size(), 1u);
  // Another athlete's history is their own: the same file imports for them.
  core::Athlete b;
  b.name = "Finn";
  const auto other = *store->add_athlete(b);
  const auto n = store->import_history(other, *read_history_file(path));
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->imported, 2u);
}

}  // namespace
}  // namespace runload::store
