#pragma once
/// Foot-mounted strapdown INS with zero-velocity updates (ZUPT), as an error-state Kalman filter
/// (EVIDENCE §1.3; OpenShoe's stage list used as a checklist: initialise tilt at rest → propagate
/// nominal state → propagate error covariance → ZUPT pseudo-measurement → inject and reset).
///
/// Nominal state: position (double, m, world), velocity (float, m/s, world) and
/// `q_world_from_sensor` (float). Error state (9, float): δp, δv, δθ, where δθ is a small rotation
/// in the world frame: R_true = exp([δθ]×)·R_est. World = ENU (docs/frames.md); yaw starts at 0
/// and is unobservable, so only horizontal distances (not headings) are meaningful.
/// Gyro / accel biases are not estimated: subtract GyroBiasEstimator's output before update().
///
/// Strides: a stance period is a run of samples the detector marks as stance. When one ends (the
/// foot lifts), its position (after all of its ZUPTs) and its mid time define a mid-stance
/// point. Stride length = horizontal displacement between successive mid-stance points; stride
/// time = difference of their mid times; stride speed = length / time (Zrenner 2018). A long
/// stance is a rest: a stride into it ends at most `max_stance_anchor_s` after its start, one out
/// of it starts at most that long before its end (the position is the same throughout a stance, so
/// only the timing changes: a stride into a stop lasts a stride, not a stride plus half the rest).
/// Stance periods closer than `min_stride_s` to the previous point replace it instead of closing a
/// stride.
/// Thread-safety: none; one instance per foot.
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cstdint>
#include <optional>
#include <span>

#include "runload/signal/imu_sample.h"
#include "runload/signal/zero_velocity_detector.h"

namespace runload::signal {

struct ZuptStrapdownSettings {
  /// Nominal rate, Hz; dt comes from timestamps and falls back to 1/sample_rate_hz.
  float sample_rate_hz = 1000.0f;
  /// Process noise: per-sample white-noise std of the accelerometer, m/s², and gyro, deg/s.
  float accel_noise_mps2 = 0.1f;
  float gyro_noise_dps = 0.5f;
  /// Std of the zero-velocity pseudo-measurement, m/s.
  float zupt_velocity_std_mps = 0.01f;
  /// Initial attitude uncertainty (roll/pitch and yaw), deg.
  float initial_tilt_std_deg = 1.0f;
  float initial_yaw_std_deg = 0.1f;
  /// Consecutive stance needed to initialise the tilt from the mean accelerometer, s.
  float initialisation_still_s = 0.1f;
  /// Mid-stance points closer than this are merged (not a stride), s.
  float min_stride_s = 0.3f;
  /// A stride's end lies at most this long after its stance's start, its start at most this long
  /// before its stance's end, s: 0.3 s keeps the mid of every running and walking foot-flat (a
  /// walking stance is 0.6–0.7 s, Perry 2010) and times strides around rests by the motion.
  float max_stance_anchor_s = 0.3f;
  /// Timestamp steps above this are gaps (dt falls back to nominal), s.
  float max_dt_s = 0.1f;
};

/// One stride, between two successive mid-stance points.
struct StrideResult {
  DeviceTime t_start{};  ///< mid-stance time of the earlier stance (of a rest: its end − max_stance_anchor_s)
  DeviceTime t_end{};    ///< mid-stance time of the later stance (of a rest: its start + max_stance_anchor_s)
  Eigen::Vector3d displacement_world_m = Eigen::Vector3d::Zero();
  double length_m = 0.0;  ///< horizontal (x-y) length
  double duration_s = 0.0;
  double speed_mps = 0.0;
};

struct ZuptStrapdownOutput {
  Eigen::Vector3d position_world_m = Eigen::Vector3d::Zero();  ///< double: long accumulation
  Vec3f velocity_world_mps = Vec3f::Zero();
  Eigen::Quaternionf q_world_from_sensor = Eigen::Quaternionf::Identity();
  bool initialised = false;
  bool zupt_applied = false;
  /// Set on the sample that closed a stride (the lift-off after its second mid-stance).
  std::optional<StrideResult> stride;
  /// Sum of stride lengths so far, m (double).
  double distance_m = 0.0;
  std::uint32_t stride_count = 0;
};

class ZuptStrapdown {
 public:
  explicit ZuptStrapdown(const ZuptStrapdownSettings& settings) noexcept;

  /// False for invalid settings; update() then never initialises (outputs stay zero).
  bool ok() const noexcept { return ok_; }
  const ZuptStrapdownSettings& settings() const noexcept { return settings_; }

  /// One sample (sensor frame, SI) and the zero-velocity decision for it. dt from t_device.
  /// Non-finite samples are skipped (previous output returned, `stride` cleared).
  ZuptStrapdownOutput update(const ImuSample& s, bool stance) noexcept;
  /// Batch = loop over update(). REQUIRES: zv.size() >= in.size(), out.size() >= in.size().
  void process(std::span<const ImuSample> in, std::span<const ZeroVelocityOutput> zv,
               std::span<ZuptStrapdownOutput> out) noexcept;
  /// End of stream: closes an open stance period, returning the stride it completes, if any.
  std::optional<StrideResult> finish() noexcept;
  /// The stride the current stance period would complete if it ended now (its position is held by
  /// the zero-velocity updates; its mid time is that of the stance so far); nullopt outside stance.
  /// Lets a caller measure the stride into a stop before the runner moves again.
  std::optional<StrideResult> open_stride() const noexcept;
  /// Forget everything; re-initialise at the next still period.
  void reset() noexcept;
  const ZuptStrapdownOutput& output() const noexcept { return output_; }

 private:
  using Matrix9f = Eigen::Matrix<float, 9, 9>;
  void initialise(const Vec3f& mean_accel_sensor_mps2) noexcept;
  void propagate(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2, float dt_s) noexcept;
  void zero_velocity_update() noexcept;
  std::optional<StrideResult> close_stance_period() noexcept;
  std::optional<StrideResult> stride_to(DeviceTime end) const noexcept;
  /// The current stance period's time points: where a stride into it ends, and one out of it starts.
  DeviceTime stance_arrival() const noexcept;
  DeviceTime stance_departure() const noexcept;

  ZuptStrapdownSettings settings_;
  bool ok_ = false;
  float nominal_dt_s_ = 0.001f;
  float accel_var_mps2_ = 0.0f;
  float gyro_var_radps_ = 0.0f;
  float zupt_var_mps2_ = 0.0f;
  float tilt_var_rad2_ = 0.0f;
  float yaw_var_rad2_ = 0.0f;
  int init_samples_ = 1;
  std::int64_t min_stride_us_ = 0;
  DeviceClock::duration max_anchor_{};
  std::int64_t max_dt_us_ = 0;

  Matrix9f P_ = Matrix9f::Zero();
  bool have_time_ = false;
  DeviceTime t_previous_{};
  // Initialisation accumulator.
  Vec3f init_accel_sum_mps2_ = Vec3f::Zero();
  int init_count_ = 0;
  // Stance period tracking.
  bool in_stance_ = false;
  DeviceTime stance_start_{};
  DeviceTime stance_last_{};
  bool have_reference_ = false;
  DeviceTime reference_time_{};
  Eigen::Vector3d reference_position_m_ = Eigen::Vector3d::Zero();
  ZuptStrapdownOutput output_{};
};

}  // namespace runload::signal
