#include "runload/signal/gyro_bias_estimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace runload::signal {
namespace {

const Vec3f kBias_radps(0.01f, -0.02f, 0.005f);

ImuSample resting_sample(std::mt19937& rng) {
  std::normal_distribution<float> n(0.0f, 1.0f);
  ImuSample s;
  s.accel_sensor_mps2 = Vec3f(0.0f, 0.0f, kStandardGravity_mps2) + 0.05f * Vec3f(n(rng), n(rng), n(rng));
  s.gyro_sensor_radps = kBias_radps + 0.005f * Vec3f(n(rng), n(rng), n(rng));
  return s;
}

TEST(GyroBiasEstimatorTest, EstimatesBiasAtRest) {
  // GIVEN a resting sensor with a known bias and gait-simulator noise (0.005 rad/s per axis)
  GyroBiasEstimator est({});
  std::mt19937 rng(1);
  GyroBiasOutput out;
  // WHEN 10 s of samples arrive at 1 kHz
  for (int i = 0; i < 10000; ++i) out = est.update(resting_sample(rng));
  // THEN the bias is found; tolerance: noise/√500 per block ≈ 2e-4 rad/s, averaged further
  ASSERT_TRUE(out.valid);
  EXPECT_TRUE(out.at_rest);
  EXPECT_NEAR((out.bias_sensor_radps - kBias_radps).norm(), 0.0f, 3e-4f);
}

TEST(GyroBiasEstimatorTest, FreezesWhileMoving) {
  GyroBiasEstimator est({});
  std::mt19937 rng(2);
  for (int i = 0; i < 3000; ++i) est.update(resting_sample(rng));
  const Vec3f frozen = est.output().bias_sensor_radps;
  // WHEN the foot swings (5 rad/s pitch oscillation, accel off gravity) for 5 s
  for (int i = 0; i < 5000; ++i) {
    ImuSample s = resting_sample(rng);
    s.gyro_sensor_radps.y() += 5.0f * std::sin(2.0f * 3.14159f * 1.4f * static_cast<float>(i) / 1000.0f);
    s.accel_sensor_mps2.x() += 10.0f * std::cos(2.0f * 3.14159f * 1.4f * static_cast<float>(i) / 1000.0f);
    const GyroBiasOutput out = est.update(s);
    // THEN the estimate does not move
    ASSERT_EQ(out.bias_sensor_radps, frozen) << i;
  }
  EXPECT_FALSE(est.output().at_rest);
}

TEST(GyroBiasEstimatorTest, SteadyTurnIsNotABias) {
  // GIVEN a smooth 20 deg/s turn on a turntable (low variance, gravity only)
  GyroBiasEstimator est({});
  ImuSample s;
  s.accel_sensor_mps2 = Vec3f(0.0f, 0.0f, kStandardGravity_mps2);
  s.gyro_sensor_radps = Vec3f(0.0f, 0.0f, 0.349f);
  for (int i = 0; i < 3000; ++i) est.update(s);
  // THEN it is rejected by max_bias_dps
  EXPECT_FALSE(est.output().valid);
  EXPECT_EQ(est.output().bias_sensor_radps, Vec3f::Zero());
}

TEST(GyroBiasEstimatorTest, InvalidSettingsNeverEstimate) {
  GyroBiasEstimator est({.sample_rate_hz = -1.0f});
  EXPECT_FALSE(est.ok());
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; ++i) EXPECT_FALSE(est.update(resting_sample(rng)).valid);
}

TEST(GyroBiasEstimatorTest, NonFiniteSamplesAreSkipped) {
  GyroBiasEstimator clean({}), dirty({});
  std::mt19937 rng(4);
  for (int i = 0; i < 5000; ++i) {
    const ImuSample s = resting_sample(rng);
    if (i % 97 == 3) {
      ImuSample bad = s;
      bad.gyro_sensor_radps.x() = std::numeric_limits<float>::quiet_NaN();
      dirty.update(bad);
      bad = s;
      bad.accel_sensor_mps2.z() = std::numeric_limits<float>::infinity();
      dirty.update(bad);
    }
    ASSERT_EQ(clean.update(s).bias_sensor_radps, dirty.update(s).bias_sensor_radps);
  }
  EXPECT_TRUE(dirty.output().bias_sensor_radps.allFinite());
}

TEST(GyroBiasEstimatorTest, StreamingEqualsBatch) {
  std::mt19937 rng(5);
  std::vector<ImuSample> in(4000);
  for (auto& s : in) s = resting_sample(rng);
  GyroBiasEstimator streaming({}), batch({});
  std::vector<GyroBiasOutput> out(in.size());
  batch.process(in, out);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const GyroBiasOutput o = streaming.update(in[i]);
    ASSERT_EQ(o.bias_sensor_radps, out[i].bias_sensor_radps);
    ASSERT_EQ(o.at_rest, out[i].at_rest);
  }
}

}  // namespace
}  // namespace runload::signal
