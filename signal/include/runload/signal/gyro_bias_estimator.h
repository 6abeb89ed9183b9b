#pragma once
/// Gyroscope bias estimation from rest periods.
///
/// Samples are grouped into consecutive, non-overlapping blocks of `window_s`. A block is "at rest"
/// when every gyro axis has a standard deviation below `gyro_std_max_dps`, every |a| is within
/// `accel_tolerance_mps2` of standard gravity, and the block-mean rate is below `max_bias_dps`
/// (a slow steady turn is not a bias). A rest block's mean rate updates the bias (the first one sets
/// it; later ones blend with weight window_s / time_constant_s). Moving blocks freeze the estimate.
/// State is float (Welford mean/variance over at most a few thousand samples).
/// Thread-safety: none; one instance per sensor.
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct GyroBiasEstimatorSettings {
  float sample_rate_hz = 1000.0f;
  /// Length of one decision block, s.
  float window_s = 0.5f;
  /// Per-axis gyro standard deviation allowed at rest, deg/s: above the sensor's own noise. The PyShoe
  /// MicroStrain reads about 0.4–0.55 deg/s per axis standing still at 200 Hz, so at 0.5 three of its
  /// 15 trials never found a rest block and five more found theirs only 14–40 s in; a turn-on offset
  /// of 3 deg/s then moved their ZUPT distance by up to 1.9 %. At 1.0 every trial finds rest in its first
  /// 0.5 s, and that offset moves no distance (tests/bridge/sensor_variation_test.cpp). Nothing that
  /// moves passes as rest: every |a| must also stay within accel_tolerance_mps2 of gravity.
  float gyro_std_max_dps = 1.0f;
  /// Allowed | |a| − g | for every sample of a rest block, m/s².
  float accel_tolerance_mps2 = 0.4f;
  /// Largest believable bias magnitude, deg/s.
  float max_bias_dps = 5.0f;
  /// Time constant of the blend between successive rest blocks, s.
  float time_constant_s = 5.0f;
};

struct GyroBiasOutput {
  /// Current bias estimate, sensor frame, rad/s (subtract from the gyro reading).
  Vec3f bias_sensor_radps = Vec3f::Zero();
  /// The last completed block was at rest.
  bool at_rest = false;
  /// At least one rest block has been seen (before that the bias is zero).
  bool valid = false;
};

class GyroBiasEstimator {
 public:
  explicit GyroBiasEstimator(const GyroBiasEstimatorSettings& settings) noexcept;

  /// False for invalid settings; the estimate then stays zero (identity: nothing is subtracted).
  bool ok() const noexcept { return ok_; }
  const GyroBiasEstimatorSettings& settings() const noexcept { return settings_; }

  /// One sample (sensor frame): accel m/s², gyro rad/s. Non-finite samples are skipped.
  GyroBiasOutput update(const Vec3f& accel_sensor_mps2, const Vec3f& gyro_sensor_radps) noexcept;
  GyroBiasOutput update(const ImuSample& s) noexcept {
    return update(s.accel_sensor_mps2, s.gyro_sensor_radps);
  }
  /// Batch = loop over update(). REQUIRES: out.size() >= in.size().
  void process(std::span<const ImuSample> in, std::span<GyroBiasOutput> out) noexcept;
  /// Start again from `bias_sensor_radps` (marked valid when finite and non-zero).
  void reset(const Vec3f& bias_sensor_radps = Vec3f::Zero()) noexcept;
  const GyroBiasOutput& output() const noexcept { return output_; }

 private:
  void start_block() noexcept;

  GyroBiasEstimatorSettings settings_;
  bool ok_ = false;
  int window_samples_ = 1;
  float gyro_var_max_radps2_ = 0.0f;
  float max_bias_radps_ = 0.0f;
  float blend_ = 1.0f;
  // Current block (Welford).
  int count_ = 0;
  Vec3f mean_radps_ = Vec3f::Zero();
  Vec3f m2_radps2_ = Vec3f::Zero();
  bool accel_ok_ = true;
  GyroBiasOutput output_{};
};

}  // namespace runload::signal
