// Accelerometer-only sensors end to end (issue 15): the emulator streams a shank without a
// gyroscope over a real wire protocol, `runload replay` finds the steps from the impacts and says
// which method it used and what it cannot give.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "runload/signal/gait_simulator.h"

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

TEST(AccelOnlyCliTest, XImu3CsvWithTheGyroColumnsAtZeroIsReplayedFromItsAccelerometer) {
  // GIVEN what issue 15's user made of a treadmill shank accelerometer: an x-IMU3-style CSV at
  // 142.9 Hz whose gyro columns are all zero (2 s standing, 90 s running, 2 s standing)
  signal::GaitSimulatorSettings settings;
  settings.placement = signal::Placement::kShank;
  settings.sample_rate_hz = 142.9f;
  settings.gyro_present = false;
  settings.seed = 4;
  settings.schedule = {{2.0, signal::GaitMode::kStand, 0.0f, {}},
                       {90.0, signal::GaitMode::kRun, 3.3f, {}},
                       {2.0, signal::GaitMode::kStand, 0.0f, {}}};
  signal::GaitSimulator sim(settings);
  testing::TempDir dir;
  {
    std::ofstream csv(dir.file("Inertial.csv"));
    csv << "Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),Gyroscope Z (deg/s),Accelerometer X (g),"
           "Accelerometer Y (g),Accelerometer Z (g)\n";
    const auto n = static_cast<std::uint64_t>(sim.schedule_duration_s() * settings.sample_rate_hz);
    for (std::uint64_t k = 0; k < n; ++k) {
      const signal::ImuSample x = sim.next();
      const signal::Vec3f a_g = x.accel_sensor_mps2 / signal::kStandardGravity_mps2;
      csv << signal::to_us(x.t_device) << ",0,0,0," << a_g.x() << "," << a_g.y() << "," << a_g.z() << "\n";
    }
  }
  std::size_t true_strides = 0;
  for (const auto& t : sim.truth()) true_strides += t.ic_time_s ? 1u : 0u;
  // WHEN it is replayed as a shank recording
  const auto j = json_of(run({runload_binary(), "replay", dir.file("Inertial.csv"), "--json", "--placement", "shank"}));
  // THEN the steps are found from the impacts (today's 0 steps was the bug), with cadence and PTA
  const auto& s = j["summary"];
  EXPECT_EQ(j["format"], "ximu3-csv");
  EXPECT_EQ(s["event_method"], "accel_impact");
  EXPECT_NEAR(s["strides"].get<double>(), static_cast<double>(true_strides), 2.0);
  EXPECT_FALSE(s["cadence_steps_per_min"].is_null());
  EXPECT_FALSE(s["pta_g"].is_null());
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
