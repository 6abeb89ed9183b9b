#include "runload/signal/zero_velocity_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "signal/synthetic_foot.h"

namespace runload::signal {
namespace {

using testing::SyntheticFoot;
using testing::SyntheticFootSettings;

/// Brute-force SHOE statistic over in[end−W, end), straight from Skog 2010 (double).
double shoe_reference(const std::vector<ImuSample>& in, std::size_t end, std::size_t w,
                      const ZeroVelocityDetectorSettings& s) {
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (std::size_t k = end - w; k < end; ++k) mean += in[k].accel_sensor_mps2.cast<double>();
  mean /= static_cast<double>(w);
  const Eigen::Vector3d g_dir = kStandardGravity_mps2 * mean.normalized();
  const double sg = s.sigma_gyro_dps * std::numbers::pi / 180.0;
  double t = 0.0;
  for (std::size_t k = end - w; k < end; ++k) {
    t += (in[k].accel_sensor_mps2.cast<double>() - g_dir).squaredNorm() / (double(s.sigma_accel_mps2) * s.sigma_accel_mps2) +
         in[k].gyro_sensor_radps.cast<double>().squaredNorm() / (sg * sg);
  }
  return t / static_cast<double>(w);
}

struct Detection {
  double still_detected_fraction;
  int swing_false_stance;
};

Detection run(const SyntheticFoot& foot, const ZeroVelocityDetectorSettings& s) {
  ZeroVelocityDetector det(s);
  const std::vector<ImuSample> in = foot.samples();
  const double dt = 1.0 / foot.settings().sample_rate_hz;
  const std::size_t delay = det.delay_samples();
  const double margin_s = 2.0 * static_cast<double>(det.window_samples()) * dt;
  int still = 0, still_hit = 0, swing_false = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const ZeroVelocityOutput o = det.update(in[i]);
    if (i < det.window_samples() + delay) continue;
    // Compare with the truth at the window centre; skip samples near a transition.
    const double t_s = static_cast<double>(i - delay) * dt;
    const bool truth = foot.truth(t_s).still;
    if (truth != foot.truth(t_s - margin_s).still || truth != foot.truth(t_s + margin_s).still) continue;
    if (truth) {
      ++still;
      still_hit += o.stance ? 1 : 0;
    } else {
      swing_false += o.stance ? 1 : 0;
    }
  }
  return {static_cast<double>(still_hit) / still, swing_false};
}

TEST(ZeroVelocityDetectorTest, StatisticMatchesBruteForceSkog) {
  const SyntheticFoot foot({.strides = 2});
  const std::vector<ImuSample> in = foot.samples();
  const ZeroVelocityDetectorSettings s = ZeroVelocityDetectorSettings::running_1khz();
  ZeroVelocityDetector det(s);
  ASSERT_EQ(det.window_samples(), 20u);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const ZeroVelocityOutput o = det.update(in[i]);
    if (i + 1 < det.window_samples()) {
      EXPECT_FALSE(o.valid);
      continue;
    }
    const double ref = shoe_reference(in, i + 1, det.window_samples(), s);
    // Tolerance: float output of a double computation; sums are double and refreshed every W.
    ASSERT_NEAR(o.statistic, ref, 1e-5 * ref + 1e-3) << i;
    ASSERT_EQ(o.stance, ref < s.gamma) << i;
  }
}

TEST(ZeroVelocityDetectorTest, RunningPresetFindsStillPhasesAt1kHz) {
  // GIVEN a running foot (2.5 m strides, 0.45 s swing, 0.3 s still) with realistic noise
  const SyntheticFoot foot({.gyro_bias_radps = Vec3f(0.002f, -0.003f, 0.001f)});
  // WHEN the running preset runs over it
  const Detection d = run(foot, ZeroVelocityDetectorSettings::running_1khz());
  // THEN every still sample away from transitions is stance, and no swing sample is
  EXPECT_GT(d.still_detected_fraction, 0.99);
  EXPECT_EQ(d.swing_false_stance, 0);
}

TEST(ZeroVelocityDetectorTest, WalkingPresetFindsStillPhasesAt100Hz) {
  const SyntheticFoot foot({.sample_rate_hz = 100.0, .rest_s = 0.5, .swing_s = 0.55, .stride_length_m = 1.4,
                            .lift_height_m = 0.1, .pitch_peak_rad = 0.5, .accel_noise_mps2 = 0.02});
  const Detection d = run(foot, ZeroVelocityDetectorSettings::walking_100hz());
  EXPECT_GT(d.still_detected_fraction, 0.99);
  EXPECT_EQ(d.swing_false_stance, 0);
}

TEST(ZeroVelocityDetectorTest, InvalidSettingsNeverReportStance) {
  for (const ZeroVelocityDetectorSettings& s :
       {ZeroVelocityDetectorSettings{.sample_rate_hz = 0.0f}, ZeroVelocityDetectorSettings{.window_s = -1.0f},
        ZeroVelocityDetectorSettings{.sigma_gyro_dps = 0.0f},
        ZeroVelocityDetectorSettings{.gamma = std::numeric_limits<float>::quiet_NaN()}}) {
    ZeroVelocityDetector det(s);
    EXPECT_FALSE(det.ok());
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(det.update(Vec3f(0, 0, 9.80665f), Vec3f::Zero()).stance);
  }
}

TEST(ZeroVelocityDetectorTest, NonFiniteSamplesAreSkipped) {
  const std::vector<ImuSample> in = SyntheticFoot({.strides = 2}).samples();
  ZeroVelocityDetector a({}), b({});
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (i % 53 == 0) {
      ImuSample bad = in[i];
      bad.gyro_sensor_radps.y() = std::numeric_limits<float>::infinity();
      b.update(bad);
    }
    const ZeroVelocityOutput oa = a.update(in[i]), ob = b.update(in[i]);
    ASSERT_EQ(oa.statistic, ob.statistic) << i;
    ASSERT_EQ(oa.stance, ob.stance) << i;
  }
}

TEST(ZeroVelocityDetectorTest, StreamingEqualsBatch) {
  const std::vector<ImuSample> in = SyntheticFoot({.strides = 3}).samples();
  ZeroVelocityDetector streaming({}), batch({});
  std::vector<ZeroVelocityOutput> out(in.size());
  batch.process(in, out);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const ZeroVelocityOutput o = streaming.update(in[i]);
    ASSERT_EQ(o.statistic, out[i].statistic);
    ASSERT_EQ(o.stance, out[i].stance);
  }
}

}  // namespace
}  // namespace runload::signal
