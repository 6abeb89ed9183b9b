// Accelerometer-only sensors end to end (issue 15): the emulator streams a shank without a
// gyroscope over a real wire protocol, `runload replay` finds the steps from the impacts and says
// which method it used and what it cannot give.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;

nlohmann::json json_of(const testing::RunResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(AccelOnlyCliTest, ShankWithoutGyroscopeGivesStepsCadenceAndPtaAndSaysWhatItCannotGive) {
  for (const std::string protocol : {"runload", "ximu3", "xsens"}) {
    SCOPED_TRACE(protocol);
    testing::TempDir dir;
    // GIVEN a 2-minute shank run from a sensor whose gyroscope reads zero
    ASSERT_EQ(run({runload_binary(), "sim", "--out", dir.file("a.bin"), "--protocol", protocol, "--placement", "shank",
                   "--no-gyro", "--schedule", "run", "--rate", protocol == "xsens" ? "400" : "1000", "--duration", "120", "--truth",
                   dir.file("truth.json")})
                  .exit_code,
              0);
    std::ifstream truth_file(dir.file("truth.json"));
    const auto truth = nlohmann::json::parse(truth_file)["summary"];
    // WHEN it is replayed
    const auto j = json_of(run({runload_binary(), "replay", dir.file("a.bin"), "--json", "--placement", "shank"}));
    const auto& s = j["summary"];
    // THEN the steps and cadence follow the simulated contacts, the method is named, and contact
    // time and technique are unavailable with their reason
    EXPECT_EQ(s["event_method"], "accel_impact");
    EXPECT_EQ(j["sensors"][0]["event_method"], "accel_impact");
    EXPECT_NEAR(s["steps"].get<double>(), truth["steps"].get<double>(), 4.0);
    EXPECT_NEAR(s["cadence_steps_per_min"].get<double>(), truth["cadence_steps_per_min"].get<double>(), 1.0);
    EXPECT_NEAR(s["pta_g"].get<double>(), truth["pta_g"].get<double>(), 0.05 * truth["pta_g"].get<double>());
    EXPECT_TRUE(s["gct_ms"].is_null());
    EXPECT_EQ(s["quality"]["gct"]["status"], "unavailable");
    EXPECT_EQ(s["quality"]["gct"]["reasons"][0], "accel_only_no_toe_off");
    EXPECT_EQ(s["quality"]["technique"]["reasons"][0], "no_gyroscope");
    EXPECT_EQ(s["quality"]["cadence"]["status"], "ok");
  }
}

TEST(AccelOnlyCliTest, AccelOnlyFlagForcesTheMethodOnARecordingWithAGyroscope) {
  testing::TempDir dir;
  ASSERT_EQ(run({runload_binary(), "sim", "--out", dir.file("g.bin"), "--placement", "shank", "--schedule", "run", "--duration", "60"}).exit_code, 0);
  const auto with_gyro = json_of(run({runload_binary(), "replay", dir.file("g.bin"), "--json", "--placement", "shank"}));
  const auto forced = json_of(run({runload_binary(), "replay", dir.file("g.bin"), "--json", "--placement", "shank", "--accel-only"}));
  EXPECT_EQ(with_gyro["summary"]["event_method"], "gyro_sagittal_rate");
  EXPECT_FALSE(with_gyro["summary"]["gct_ms"].is_null());
  EXPECT_EQ(forced["summary"]["event_method"], "accel_impact");
  EXPECT_TRUE(forced["summary"]["gct_ms"].is_null());
  EXPECT_NEAR(forced["summary"]["steps"].get<double>(), with_gyro["summary"]["steps"].get<double>(), 4.0);
  // The text output says it too.
  const auto text = run({runload_binary(), "replay", dir.file("g.bin"), "--placement", "shank", "--accel-only"});
  EXPECT_NE(text.out.find("accelerometer only"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace runload
