#include "runload/signal/orientation_filter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace runload::signal {
namespace {

using Eigen::AngleAxisf;
using Eigen::Quaternionf;

float angle_between_deg(const Quaternionf& a, const Quaternionf& b) {
  return a.angularDistance(b) * 180.0f / std::numbers::pi_v<float>;
}

/// A resting sensor at orientation q with gait-simulator noise, sampled at 1 kHz.
ImuSample resting(const Quaternionf& q_world_from_sensor, std::mt19937& rng, std::int64_t i) {
  std::normal_distribution<float> n(0.0f, 1.0f);
  ImuSample s;
  s.index_samples = static_cast<std::uint64_t>(i);
  s.t_device = device_time_from_us(i * 1000);
  s.accel_sensor_mps2 = q_world_from_sensor.conjugate() * Vec3f(0.0f, 0.0f, kStandardGravity_mps2) +
                        0.05f * Vec3f(n(rng), n(rng), n(rng));
  s.gyro_sensor_radps = 0.005f * Vec3f(n(rng), n(rng), n(rng));
  return s;
}

// ---- Conformance suite for orientation estimators (STYLE §7.5). Add implementations to the list.
template <typename T>
class OrientationConformanceTest : public ::testing::Test {};
using OrientationEstimators = ::testing::Types<OrientationFilter>;
TYPED_TEST_SUITE(OrientationConformanceTest, OrientationEstimators);

TYPED_TEST(OrientationConformanceTest, EmptyAndShortInput) {
  TypeParam f(OrientationFilterSettings{});
  std::vector<ImuSample> in;
  std::vector<OrientationOutput> out;
  f.process(in, out);  // empty: nothing happens
  EXPECT_TRUE(f.output().q_world_from_sensor.isApprox(Quaternionf::Identity()));
  std::mt19937 rng(1);
  in.push_back(resting(Quaternionf::Identity(), rng, 0));
  out.resize(1);
  f.process(in, out);
  EXPECT_TRUE(out[0].q_world_from_sensor.coeffs().allFinite());
}

TYPED_TEST(OrientationConformanceTest, StationaryFootGivesZeroAngularChange) {
  // GIVEN a foot at rest, tilted 20° about x, settled for 10 s (past the 3 s start-up ramp)
  const Quaternionf q_true(AngleAxisf(0.349f, Vec3f::UnitX()));
  TypeParam f(OrientationFilterSettings{});
  std::mt19937 rng(2);
  std::int64_t i = 0;
  for (; i < 10000; ++i) f.update(resting(q_true, rng, i));
  const Quaternionf q_start = f.output().q_world_from_sensor;
  // WHEN it stays at rest for another 50 s
  for (; i < 60000; ++i) f.update(resting(q_true, rng, i));
  // THEN the orientation has not drifted; tolerance: yaw random walk of the gyro noise
  // 0.005 rad/s·1 ms·√50000 ≈ 0.06°, tilt jitter from accel noise averaged over the 2 s
  // correction time constant < 0.05°
  EXPECT_LT(angle_between_deg(f.output().q_world_from_sensor, q_start), 0.2f);
  // and the tilt itself is right (yaw is unobservable, so compare "up")
  const Vec3f up_est = f.output().q_world_from_sensor.conjugate() * Vec3f::UnitZ();
  const Vec3f up_true = q_true.conjugate() * Vec3f::UnitZ();
  EXPECT_LT(std::acos(std::min(1.0f, up_est.dot(up_true))) * 57.2958f, 0.1f);
}

TYPED_TEST(OrientationConformanceTest, HalfTurnAboutEachAxisMatchesAngleAxis) {
  for (int axis = 0; axis < 3; ++axis) {
    for (const float gain : {0.0f, 0.5f}) {
      SCOPED_TRACE(::testing::Message() << "axis " << axis << " gain " << gain);
      // GIVEN a filter at identity and a rotation of π rad at π/2 rad/s over 2 s
      TypeParam f(OrientationFilterSettings{.gain = gain});
      f.reset(Quaternionf::Identity());
      const Vec3f axis_sensor = Vec3f::Unit(axis);
      const float rate_radps = std::numbers::pi_v<float> / 2.0f;
      const int n = 2000;
      for (int i = 0; i < n; ++i) {
        // consistent accelerometer: gravity seen at the true mid-step orientation
        const Quaternionf q_true(AngleAxisf(rate_radps * (static_cast<float>(i) + 0.5f) / 1000.0f, axis_sensor));
        f.update(rate_radps * axis_sensor,
                 q_true.conjugate() * Vec3f(0.0f, 0.0f, kStandardGravity_mps2), 0.001f);
      }
      // THEN the result equals Eigen's AngleAxis(π, axis); tolerance: float rounding over
      // 2000 quaternion products (~1e-4 rad)
      const Quaternionf expected(AngleAxisf(std::numbers::pi_v<float>, axis_sensor));
      EXPECT_LT(angle_between_deg(f.output().q_world_from_sensor, expected), 0.05f);
    }
  }
}

TYPED_TEST(OrientationConformanceTest, OutputAlignedWithInput) {
  std::mt19937 rng(3);
  std::vector<ImuSample> in(500);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = resting(Quaternionf::Identity(), rng, static_cast<std::int64_t>(i));
  TypeParam streaming(OrientationFilterSettings{}), batch(OrientationFilterSettings{});
  std::vector<OrientationOutput> out(in.size());
  batch.process(in, out);
  for (std::size_t i = 0; i < in.size(); ++i) {
    // streaming == batch, sample for sample
    ASSERT_EQ(streaming.update(in[i]).q_world_from_sensor.coeffs(), out[i].q_world_from_sensor.coeffs()) << i;
  }
}

TYPED_TEST(OrientationConformanceTest, SettingsRoundTrip) {
  const OrientationFilterSettings s{.sample_rate_hz = 400.0f, .gain = 0.7f, .acceleration_rejection_deg = 12.0f,
                                    .recovery_trigger_period_s = 4.0f, .gyro_range_dps = 2000.0f};
  TypeParam f(s);
  EXPECT_TRUE(f.ok());
  EXPECT_EQ(f.settings().sample_rate_hz, s.sample_rate_hz);
  EXPECT_EQ(f.settings().gain, s.gain);
  EXPECT_EQ(f.settings().acceleration_rejection_deg, s.acceleration_rejection_deg);
  EXPECT_EQ(f.settings().gyro_range_dps, s.gyro_range_dps);
}

// ---- OrientationFilter specifics

TEST(OrientationFilterTest, AccelerationRejectionIgnoresTransient) {
  // GIVEN two settled filters, one with rejection disabled
  OrientationFilter with({}), without({.acceleration_rejection_deg = 0.0f});
  with.reset(Quaternionf::Identity());
  without.reset(Quaternionf::Identity());
  // WHEN a 0.3 s push of 5 m/s² sideways (≈ 27° off "up") arrives with no rotation
  for (int i = 0; i < 300; ++i) {
    const Vec3f accel(5.0f, 0.0f, kStandardGravity_mps2);
    const OrientationOutput o = with.update(Vec3f::Zero(), accel, 0.001f);
    EXPECT_TRUE(o.accel_rejected);
    without.update(Vec3f::Zero(), accel, 0.001f);
  }
  // THEN the rejecting filter did not tilt; the other tilted by ≈ gain·sin(27°)·0.3 s ≈ 3.9°
  EXPECT_LT(angle_between_deg(with.output().q_world_from_sensor, Quaternionf::Identity()), 1e-3f);
  EXPECT_GT(angle_between_deg(without.output().q_world_from_sensor, Quaternionf::Identity()), 3.0f);
  EXPECT_FALSE(with.output().recovering);
}

TEST(OrientationFilterTest, RecoversAfterPersistentRejection) {
  // GIVEN a filter that wrongly believes it is level while the sensor is tilted 30°
  OrientationFilter f({});
  f.reset(Quaternionf::Identity());
  const Quaternionf q_true(AngleAxisf(0.5236f, Vec3f::UnitY()));
  const Vec3f accel = q_true.conjugate() * Vec3f(0.0f, 0.0f, kStandardGravity_mps2);
  // WHEN the disagreement persists
  int recovery_start = -1;
  for (int i = 0; i < 20000; ++i) {
    const OrientationOutput o = f.update(Vec3f::Zero(), accel, 0.001f);
    if (o.recovering && recovery_start < 0) recovery_start = i;
  }
  // THEN recovery starts after one trigger period (5 s) and the estimate converges to the truth
  EXPECT_NEAR(recovery_start, 5000, 2);
  EXPECT_LT(angle_between_deg(f.output().q_world_from_sensor, q_true), 0.5f);
  EXPECT_FALSE(f.output().recovering);
}

TEST(OrientationFilterTest, InitialTiltComesFromFirstAccelSample) {
  const Quaternionf q_true(AngleAxisf(-0.8f, Vec3f(1.0f, 1.0f, 0.0f).normalized()));
  OrientationFilter f({});
  f.update(Vec3f::Zero(), q_true.conjugate() * Vec3f(0.0f, 0.0f, 9.81f), 0.001f);
  const Vec3f up_est = f.output().q_world_from_sensor.conjugate() * Vec3f::UnitZ();
  EXPECT_TRUE(up_est.isApprox(q_true.conjugate() * Vec3f::UnitZ(), 1e-5f));
}

TEST(OrientationFilterTest, GyroSaturationRestartsInitialisation) {
  OrientationFilter f({.gyro_range_dps = 2000.0f});
  f.reset(Quaternionf::Identity());
  EXPECT_FALSE(f.output().initialising);
  f.update(Vec3f(0.0f, 35.0f, 0.0f), Vec3f(0.0f, 0.0f, 9.81f), 0.001f);  // 2005 dps
  EXPECT_TRUE(f.output().initialising);
}

TEST(OrientationFilterTest, InvalidSettingsGiveIdentity) {
  for (const OrientationFilterSettings& s :
       {OrientationFilterSettings{.sample_rate_hz = 0.0f}, OrientationFilterSettings{.gain = -1.0f},
        OrientationFilterSettings{.gain = std::numeric_limits<float>::quiet_NaN()},
        OrientationFilterSettings{.acceleration_rejection_deg = 200.0f}}) {
    OrientationFilter f(s);
    EXPECT_FALSE(f.ok());
    const OrientationOutput o = f.update(Vec3f(1.0f, 2.0f, 3.0f), Vec3f(0.0f, 5.0f, 5.0f), 0.01f);
    EXPECT_TRUE(o.q_world_from_sensor.isApprox(Quaternionf::Identity()));
  }
}

TEST(OrientationFilterTest, NonFiniteInputNeverEntersState) {
  OrientationFilter clean({}), dirty({});
  std::mt19937 rng(9);
  const Quaternionf q(AngleAxisf(0.3f, Vec3f::UnitY()));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (std::int64_t i = 0; i < 3000; ++i) {
    const ImuSample s = resting(q, rng, i);
    if (i % 101 == 7) {
      // non-finite gyro: skipped; also a non-finite dt
      dirty.update(Vec3f(nan, 0.0f, 0.0f), s.accel_sensor_mps2, 0.001f);
      dirty.update(s.gyro_sensor_radps, s.accel_sensor_mps2, nan);
    }
    ASSERT_EQ(dirty.update(s.gyro_sensor_radps, s.accel_sensor_mps2, 0.001f).q_world_from_sensor.coeffs(),
              clean.update(s.gyro_sensor_radps, s.accel_sensor_mps2, 0.001f).q_world_from_sensor.coeffs());
  }
  // non-finite accel: a gyro-only step, still finite
  const OrientationOutput o = dirty.update(Vec3f(0.1f, 0.0f, 0.0f), Vec3f(nan, 0.0f, 9.8f), 0.001f);
  EXPECT_TRUE(o.q_world_from_sensor.coeffs().allFinite());
  EXPECT_TRUE(o.accel_rejected);
}

}  // namespace
}  // namespace runload::signal
