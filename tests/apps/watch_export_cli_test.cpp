// `runload import` of a platform's bulk export as a runner downloads it (issue 12 §1–2): Strava's
// activities.csv and the FIT file of the same run become one session, and an unzipped export folder
// imports like its zip. The exports are written by the test from a real FIT file.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/child_process.h"
#include "testing/paths.h"
#include "testing/store_cli.h"

namespace runload {
namespace {

namespace fs = std::filesystem;

/// A Strava bulk export's activities.csv (its real column names, Distance twice: km, then metres) with one
/// row for the fenix 5 run of python-fitparse/garmin-fenix-5-run.fit (started 2017-06-11 14:34:09 UTC,
/// 157.56 m): the shoe and the RPE only the CSV has.
std::string strava_csv(bool with_filename) {
  return std::string("Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,") +
         (with_filename ? "Filename," : "") + "Moving Time,Distance,Perceived Exertion\n" +
         "42,\"Jun 11, 2017, 2:34:09 PM\",Lunch Run,Run,57,0.16,Pegasus 40," +
         (with_filename ? "activities/42.fit.gz," : "") + "57,157.6,6\n";
}

class WatchExportCliTest : public ::testing::Test, public testing::StoreCli {
 protected:
  void SetUp() override {
    if (!fs::exists(fit())) GTEST_SKIP() << "dataset not found: " << fit();
  }
  static fs::path fit() { return testing::shared_datasets() / "fit/python-fitparse/garmin-fenix-5-run.fit"; }
  nlohmann::json sessions(const std::string& athlete) {
    return nlohmann::json::parse(rl({"sessions", "--athlete", athlete, "--json"}).out)["sessions"];
  }
  /// Runs a Python script with `args` (zip and gzip written by Python's own modules); skips without python3.
  void python(const std::string& script, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"python3", "-c", script};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto made = testing::run(argv, std::chrono::seconds(60));
    if (made.exit_code != 0) GTEST_SKIP() << "python3 cannot write the export: " << made.err;
  }
  /// The one session a Strava export of the fenix run must give: the FIT's laps and dynamics, the CSV's shoe and RPE.
  void expect_one_run_with_both_halves(const std::string& athlete) {
    const auto listed = sessions(athlete);
    ASSERT_EQ(listed.size(), 1u) << listed.dump(1);
    const auto& s = listed[0];
    EXPECT_EQ(s["date"], "2017-06-11");
    EXPECT_EQ(s["shoe"], "Pegasus 40");
    EXPECT_EQ(s["rpe"], 6.0);
    EXPECT_EQ(s["laps"].size(), 1u);
    EXPECT_NEAR(s["gct_ms"].get<double>(), 270.3, 0.05);
    EXPECT_NEAR(s["distance_m"].get<double>(), 157.56, 1e-6) << "the FIT's measured distance";
  }
};

TEST_F(WatchExportCliTest, AStravaZipImportsEachRunOnceWithTheCsvsShoeAndRpeAndTheFitsLaps) {
  for (const bool csv_first : {true, false}) {
    SCOPED_TRACE(csv_first ? "activities.csv before the FIT" : "the FIT before activities.csv");
    const fs::path zip = dir_.file(csv_first ? "export_csv_first.zip" : "export_fit_first.zip");
    const fs::path csv = write("activities.csv", strava_csv(true));
    python("import gzip, sys, zipfile\n"
           "fit = ('activities/42.fit.gz', gzip.compress(open(sys.argv[2], 'rb').read()))\n"
           "csv = ('activities.csv', open(sys.argv[3], 'rb').read())\n"
           "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
           "  for name, data in ([csv, fit] if sys.argv[4] == '1' else [fit, csv]): z.writestr(name, data)\n",
           {zip.string(), fit().string(), csv.string(), csv_first ? "1" : "0"});
    const std::string athlete = csv_first ? "Ana" : "Ben";
    ASSERT_EQ(rl({"athlete", "add", "--name", athlete}).exit_code, 0);
    const auto r = rl({"import", zip.string(), "--athlete", athlete});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("one session of"), std::string::npos) << r.out;
    expect_one_run_with_both_halves(athlete);
    // A re-import adds nothing and says both halves were there.
    const auto again = rl({"import", zip.string(), "--athlete", athlete});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("imported 0 sessions"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("2 already imported, skipped"), std::string::npos) << again.out;
    expect_one_run_with_both_halves(athlete);
  }
}

TEST_F(WatchExportCliTest, AStravaCsvWithoutFilenameMatchesTheFitOfTheSameStartAndDistance) {
  ASSERT_EQ(rl({"athlete", "add", "--name", "Cy"}).exit_code, 0);
  ASSERT_EQ(rl({"import", fit().string(), "--athlete", "Cy"}).exit_code, 0);
  const auto r = rl({"import", write("activities.csv", strava_csv(false)), "--athlete", "Cy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_one_run_with_both_halves("Cy");
  const auto again = rl({"import", dir_.file("activities.csv"), "--athlete", "Cy"});
  EXPECT_NE(again.out.find("1 already imported, skipped"), std::string::npos) << again.out;
  expect_one_run_with_both_halves("Cy");
}

TEST_F(WatchExportCliTest, AStravaRowOfAnotherRunStaysItsOwnSession) {
  // Same start, a distance ten times the FIT's: not the same run.
  ASSERT_EQ(rl({"athlete", "add", "--name", "Di"}).exit_code, 0);
  ASSERT_EQ(rl({"import", fit().string(), "--athlete", "Di"}).exit_code, 0);
  std::string csv = strava_csv(false);
  csv.replace(csv.find(",157.6,"), 7, ",1576.0,");
  ASSERT_EQ(rl({"import", write("activities.csv", csv), "--athlete", "Di"}).exit_code, 0);
  EXPECT_EQ(sessions("Di").size(), 2u);
}

TEST_F(WatchExportCliTest, AnUnzippedExportFolderImportsLikeItsZip) {
  // A bulk export as unzipped: activities.csv on top, activities/42.fit.gz below it, a Garmin zip of FIT
  // files two folders down and a plain FIT in a subfolder; and the same folder zipped.
  const fs::path folder = dir_.file("export");
  const fs::path zip = dir_.file("export.zip");
  const fs::path csv = write("activities.csv", strava_csv(true));
  const fs::path other = testing::shared_datasets() / "fit/heartandsole/B47I2852.FIT";
  const fs::path multisport = testing::shared_datasets() / "fit/sweatpy/6471559601_ACTIVITY.fit";
  python("import gzip, io, os, shutil, sys, zipfile\n"
         "root, fit, csv, other, multi, zip = sys.argv[1:7]\n"
         "os.makedirs(root + '/activities'); os.makedirs(root + '/DI_CONNECT/DI-Connect-Uploaded-Files')\n"
         "os.makedirs(root + '/more/older')\n"
         "shutil.copy(csv, root + '/activities.csv')\n"
         "open(root + '/activities/42.fit.gz', 'wb').write(gzip.compress(open(fit, 'rb').read()))\n"
         "with zipfile.ZipFile(root + '/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', 'w') as z:\n"
         "  z.write(other, 'B47I2852.FIT')\n"
         "shutil.copy(multi, root + '/more/older/multisport.fit')\n"
         "open(root + '/more/profile.json', 'w').write('{}')\n"
         "with zipfile.ZipFile(zip, 'w') as z:\n"
         "  for d, _, names in sorted(os.walk(root)):\n"
         "    for n in sorted(names): z.write(os.path.join(d, n), os.path.relpath(os.path.join(d, n), root))\n",
         {folder.string(), fit().string(), csv.string(), other.string(), multisport.string(), zip.string()});
  ASSERT_EQ(rl({"athlete", "add", "--name", "Folder"}).exit_code, 0);
  ASSERT_EQ(rl({"athlete", "add", "--name", "Zip"}).exit_code, 0);
  const auto from_zip = rl({"import", zip.string(), "--athlete", "Zip"});
  ASSERT_EQ(from_zip.exit_code, 0) << from_zip.err;
  const auto from_folder = rl({"import", folder.string(), "--athlete", "Folder"});
  ASSERT_EQ(from_folder.exit_code, 0) << from_folder.err;
  // csv row + fenix run (one session), B47I2852 (a run), multisport (run + rowing).
  EXPECT_NE(from_folder.out.find("imported 5 sessions for Folder from 4 of 4 files"), std::string::npos) << from_folder.out;
  EXPECT_NE(from_zip.out.find("imported 5 sessions for Zip from 4 of 4 files"), std::string::npos) << from_zip.out;
  const auto folder_sessions = sessions("Folder"), zip_sessions = sessions("Zip");
  ASSERT_EQ(folder_sessions.size(), 4u) << folder_sessions.dump(1);
  ASSERT_EQ(zip_sessions.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    for (const char* key : {"date", "source", "distance_m", "shoe", "rpe", "activity"}) {
      EXPECT_EQ(folder_sessions[i][key], zip_sessions[i][key]) << key << " of session " << i;
    }
  }
  const auto again = rl({"import", folder.string(), "--athlete", "Folder"});
  EXPECT_NE(again.out.find("imported 0 sessions"), std::string::npos) << again.out;
  EXPECT_EQ(sessions("Folder").size(), 4u);
}

}  // namespace
}  // namespace runload
