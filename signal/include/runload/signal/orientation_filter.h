#pragma once
/// Orientation (attitude) filter: a complementary filter in the style of the revised Madgwick AHRS
/// (EVIDENCE §1.1, x-io Fusion's behaviour; our own code). Gyro integration on a unit quaternion,
/// corrected toward the accelerometer's "up" at a rate set by `gain`, with acceleration rejection
/// and recovery, and re-initialisation after gyro saturation. No magnetometer: yaw drifts freely
/// and starts at 0 (docs/frames.md).
///
/// State: float quaternion `q_world_from_sensor` (world = ENU, kWorldFrame).
/// Thread-safety: none; one instance per sensor. Copying copies the state.
#include <Eigen/Geometry>
#include <cstdint>
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct OrientationFilterSettings {
  /// Nominal sample rate, Hz; used when a timestamp step is missing or implausible.
  float sample_rate_hz = 1000.0f;
  /// Accelerometer feedback gain, 1/s (≈ the inverse of the tilt-correction time constant).
  float gain = 0.5f;
  /// Accelerometer samples whose direction is further than this from the predicted "up" are
  /// ignored, deg. 0 disables rejection.
  float acceleration_rejection_deg = 10.0f;
  /// Recovery: a trigger counter rises by 1 per rejected sample and falls by 9 per accepted one;
  /// when it reaches this period (≈ rejection on > 90 % of samples for this long) the
  /// accelerometer is trusted again until the counter falls back to 0, s.
  float recovery_trigger_period_s = 5.0f;
  /// Gyro full-scale range, deg/s; |ω| above 98 % of it on any axis re-initialises. 0 = unknown.
  float gyro_range_dps = 0.0f;
  /// Duration of the (re)initialisation ramp from a high gain down to `gain`, s.
  float initialisation_period_s = 3.0f;
  /// Timestamp steps above this are treated as gaps and replaced by 1/sample_rate_hz, s.
  float max_dt_s = 0.1f;
};

struct OrientationOutput {
  /// Rotation taking sensor-frame vectors into the world (ENU) frame.
  Eigen::Quaternionf q_world_from_sensor = Eigen::Quaternionf::Identity();
  /// Angle between measured specific force and predicted up, deg (0 when no valid accel).
  float accel_error_deg = 0.0f;
  /// This sample's accelerometer was ignored (rejection or invalid).
  bool accel_rejected = false;
  /// Acceleration-rejection recovery is active (accelerometer trusted despite large error).
  bool recovering = false;
  /// Still in the start-up / post-saturation ramp.
  bool initialising = true;
};

class OrientationFilter {
 public:
  explicit OrientationFilter(const OrientationFilterSettings& settings) noexcept;

  /// False for invalid settings; update() then returns identity orientation and never changes.
  bool ok() const noexcept { return ok_; }
  const OrientationFilterSettings& settings() const noexcept { return settings_; }

  /// One step of `dt_s` seconds: gyro rad/s and accel m/s², both sensor frame. The first valid
  /// accelerometer sample sets the tilt directly (yaw 0). Non-finite gyro ⇒ the sample is
  /// skipped; non-finite accel ⇒ gyro-only step. REQUIRES: dt_s from sample timestamps.
  OrientationOutput update(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2,
                           float dt_s) noexcept;
  /// Same, with dt taken from consecutive `t_device` (1/sample_rate_hz for the first sample or a gap).
  OrientationOutput update(const ImuSample& s) noexcept;
  /// Batch = loop over update(const ImuSample&). REQUIRES: out.size() >= in.size().
  void process(std::span<const ImuSample> in, std::span<OrientationOutput> out) noexcept;
  /// Restart at a known orientation (skips tilt initialisation and the ramp).
  void reset(const Eigen::Quaternionf& q_world_from_sensor) noexcept;
  /// Restart as new (tilt from the next accelerometer sample, ramp).
  void reset() noexcept;
  const OrientationOutput& output() const noexcept { return output_; }

 private:
  void start_initialisation() noexcept;

  OrientationFilterSettings settings_;
  bool ok_ = false;
  float nominal_dt_s_ = 0.001f;
  float cos_rejection_ = -2.0f;  // cos of the rejection angle; -2 = rejection disabled
  int recovery_period_samples_ = 0;
  int initialisation_samples_ = 0;
  float saturation_radps_ = 0.0f;  // 0 = no saturation check

  bool tilt_initialised_ = false;
  int ramp_remaining_samples_ = 0;
  int recovery_trigger_ = 0;
  bool have_previous_time_ = false;
  DeviceTime previous_time_{};
  OrientationOutput output_{};
};

}  // namespace runload::signal
