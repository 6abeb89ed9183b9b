// `runload import` of history files as a runner uses it again and again (issue 12 §2): the same FIT, CSV
// or GPX imported twice leaves the history as it was and says what it skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <set>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

namespace fs = std::filesystem;

class ImportCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_.file(name);
    std::ofstream(path) << text;
    return path;
  }
  nlohmann::json sessions() { return nlohmann::json::parse(rl({"sessions", "--json"}).out)["sessions"]; }
};

const char* kGpx =
    "<?xml version='1.0'?><gpx xmlns='http://www.topografix.com/GPX/1/1'><trk><trkseg>"
    "<trkpt lat='47.0000' lon='8.0000'><time>2026-03-10T06:00:00Z</time></trkpt>"
    "<trkpt lat='47.0100' lon='8.0000'><time>2026-03-10T06:06:00Z</time></trkpt>"
    "</trkseg></trk></gpx>";

TEST_F(ImportCliTest, ImportingTheSameFilesTwiceLeavesTheHistoryUnchanged) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  std::vector<fs::path> files = {
      write("log.csv", "date,distance_km,duration_min,pain\n2026-03-01,8,48,2\n2026-03-03,5,30,\n2026-03-03,5,30,\n"),
      write("morning.gpx", kGpx)};
  const fs::path fit = testing::shared_datasets() / "fit/python-fitparse/garmin-fenix-5-run.fit";
  if (fs::exists(fit)) files.push_back(fit);
  for (const auto& f : files) {
    const auto r = rl({"import", f.string(), "--athlete", "Ana"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("already imported"), std::string::npos) << r.out;
  }
  const auto before = sessions();
  ASSERT_EQ(before.size(), files.size() + 2);  // the CSV's two identical 5 km rows are two runs
  const auto load_before = rl({"load", "--athlete", "Ana", "--as-of", "2026-03-10", "--json"}).out;
  for (const auto& f : files) {
    const auto r = rl({"import", f.string(), "--athlete", "Ana"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string n = f.extension() == ".csv" ? "3" : "1";
    EXPECT_NE(r.out.find("imported 0 sessions for Ana from " + f.string() + "; " + n + " already imported, skipped"),
              std::string::npos)
        << r.out;
  }
  EXPECT_EQ(sessions(), before);
  EXPECT_EQ(rl({"load", "--athlete", "Ana", "--as-of", "2026-03-10", "--json"}).out, load_before);  // pain not doubled either
}

TEST_F(ImportCliTest, AnEditedLogAddsOnlyItsNewRuns) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ben"}).exit_code, 0);
  ASSERT_EQ(rl({"import", write("a.csv", "date,distance_km,duration_min\n2026-03-01,8,48\n").string(), "--athlete", "Ben"}).exit_code, 0);
  const auto r = rl({"import", write("b.csv", "date,distance_km,duration_min,rpe\n2026-03-01,8,48,5\n2026-03-02,6,36,4\n").string(),
                     "--athlete", "Ben"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 1 session for Ben"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 already imported, skipped"), std::string::npos) << r.out;
  EXPECT_EQ(sessions().size(), 2u);
}

TEST_F(ImportCliTest, AFolderImportedTwiceCountsWhatItSkipped) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy"}).exit_code, 0);
  const fs::path dir = dir_.file("export");
  fs::create_directory(dir);
  std::ofstream(dir / "a.gpx") << kGpx;
  std::ofstream(dir / "log.csv") << "date,distance_km,duration_min\n2026-03-01,8,48\n";
  ASSERT_EQ(rl({"import", dir.string(), "--athlete", "Cy"}).exit_code, 0);
  const auto r = rl({"import", dir.string(), "--athlete", "Cy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 0 sessions for Cy from 2 of 2 files in " + dir.string() + "; 2 already imported, skipped"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(sessions().size(), 2u);
}

TEST_F(ImportCliTest, AnOldGarminExportWithMonthDayYearDatesIsRead) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  // GIVEN Garmin Connect's older CSV: dates as M/D/YYYY H:MM (and one with AM/PM), running dynamics
  const auto csv = write("Activities.csv",
                         "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg Run Cadence\n"
                         "Running,3/14/2021 7:05,false,Run,5.00,300,00:30:00,172\n"
                         "Running,3/2/2021 6:33 PM,false,Run,8.00,500,00:48:00,170\n"
                         "Running,12/31/2020,false,Run,4.00,250,00:25:00,168\n");
  // WHEN imported
  const auto r = rl({"import", csv.string(), "--athlete", "Ana"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // THEN each date is the month/day Garmin wrote, in date order
  std::vector<std::string> dates;
  for (const auto& x : sessions()) dates.push_back(x["date"].get<std::string>());
  EXPECT_EQ(dates, (std::vector<std::string>{"2020-12-31", "2021-03-02", "2021-03-14"}));
}

TEST_F(ImportCliTest, AGarminExportThatMixesDateFormatsIsRefusedInOneLine) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  for (const std::string& second : {std::string("2021-03-04 07:00:00"), std::string("25/3/2021 7:00")}) {
    // GIVEN a file whose dates are in two forms (ISO and M/D, or M/D and D/M: 3/4 is then ambiguous)
    const auto csv = write("Activities.csv",
                           "Activity Type,Date,Favorite,Title,Distance,Calories,Time\n"
                           "Running,3/14/2021 7:05,false,Run,5.00,300,00:30:00\n"
                           "Running,3/4/2021 7:05,false,Run,5.00,300,00:30:00\n"
                           "Running," + second + ",false,Run,8.00,500,00:48:00\n");
    const auto r = rl({"import", csv.string(), "--athlete", "Ana"});
    // THEN nothing is imported and one line says why
    EXPECT_EQ(r.exit_code, 1) << second;
    EXPECT_NE(r.err.find("dates in two formats"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(sessions().empty());
  }
}

TEST_F(ImportCliTest, LoadSaysInsufficientDataOnceWhenThereIsNoBaselineYet) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Ana"}).exit_code, 0);
  // GIVEN one watch run with cadence: a value, but no baseline to compare it with
  const auto csv = write("Activities.csv",
                         "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg Run Cadence\n"
                         "Running,2026-03-02 07:05:11,false,Run,5.00,300,00:30:00,172\n");
  ASSERT_EQ(rl({"import", csv.string(), "--athlete", "Ana"}).exit_code, 0);
  const auto load = rl({"load", "--athlete", "Ana", "--as-of", "2026-03-03"});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const auto at = load.out.find("  cadence: ");
  ASSERT_NE(at, std::string::npos) << load.out;
  const std::string line = load.out.substr(at, load.out.find('\n', at) - at);
  EXPECT_NE(line.find("172"), std::string::npos) << line;
  std::size_t said = 0;
  for (auto pos = line.find("insufficient data"); pos != std::string::npos; pos = line.find("insufficient data", pos + 1)) ++said;
  EXPECT_EQ(said, 1u) << line;
  // AND the JSON notes cite their sources in plain words, never "EVIDENCE §x"
  const auto json = rl({"load", "--athlete", "Ana", "--as-of", "2026-03-03", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out.find("EVIDENCE"), std::string::npos) << json.out;
}

TEST_F(ImportCliTest, AStravaExportImportsAsItComesAndListsTheShoesItCreated) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Dee"}).exit_code, 0);
  const auto r = rl({"import", (testing::source_dir() / "tests/fixtures/history/strava_activities.csv").string(), "--athlete", "Dee"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("new shoe 'Pegasus 40': budget 800 km"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("imported 3 sessions for Dee"), std::string::npos) << r.out;
  const auto shoes = rl({"shoe", "list", "--athlete", "Dee"});
  EXPECT_NE(shoes.out.find("Pegasus 40"), std::string::npos) << shoes.out;
}

TEST_F(ImportCliTest, AZipExportImportsItsFilesAlsoGzippedAndInAnInnerZip) {
  // A Strava-like export (activities.csv + activities/*.gpx.gz) with a Garmin-like zip of FIT files in
  // it, a broken .gz and a file that is no history; made with Python's zipfile.
  const fs::path fit = testing::shared_datasets() / "fit/python-fitparse/garmin-fenix-5-run.fit";
  if (!fs::exists(fit)) GTEST_SKIP() << "dataset not found: " << fit;
  const fs::path gpx = write("morning.gpx", kGpx);
  const fs::path zip = dir_.file("export.zip");
  const std::string script =
      "import gzip, io, sys, zipfile\n"
      "inner = io.BytesIO()\n"
      "with zipfile.ZipFile(inner, 'w') as z: z.write(sys.argv[2], 'run.fit')\n"
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "  z.writestr('activities/1.gpx.gz', gzip.compress(open(sys.argv[3], 'rb').read()))\n"
      "  z.writestr('activities/2.fit.gz', b'not gzip')\n"
      "  z.writestr('DI_CONNECT/UploadedFiles_Part1.zip', inner.getvalue())\n"
      "  z.writestr('profile.json', b'{}')\n";
  const auto made = testing::run({"python3", "-c", script, zip.string(), fit.string(), gpx.string()}, std::chrono::seconds(60));
  if (made.exit_code != 0) GTEST_SKIP() << "python3 cannot write the zip: " << made.err;
  ASSERT_EQ(rl({"athlete", "add", "--name", "Eve"}).exit_code, 0);
  const auto r = rl({"import", zip.string(), "--athlete", "Eve"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("export.zip/activities/2.fit.gz: cannot be unpacked (corrupt entry): skipped"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("imported 2 sessions for Eve from 2 of 2 files in " + zip.string()), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);  // no progress bar into a pipe
  const auto listed = sessions();
  ASSERT_EQ(listed.size(), 2u);
  std::set<std::string> sources;
  for (const auto& x : listed) sources.insert(x["source"].get<std::string>());
  EXPECT_EQ(sources, (std::set<std::string>{"import:1.gpx", "import:run.fit"}));
  // The same zip again adds nothing.
  const auto again = rl({"import", zip.string(), "--athlete", "Eve"});
  EXPECT_NE(again.out.find("2 already imported, skipped"), std::string::npos) << again.out;
  EXPECT_EQ(sessions().size(), 2u);
}

TEST_F(ImportCliTest, AFileThatIsNoZipIsRefusedInOneLine) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Fay"}).exit_code, 0);
  const auto r = rl({"import", write("export.zip", "not a zip").string(), "--athlete", "Fay"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("export.zip: not a readable zip"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace runload
