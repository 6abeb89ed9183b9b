#pragma once
/// The world frame convention, chosen once for all of runload (docs/frames.md).
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cmath>
#include <cstdint>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

/// World-frame conventions a stage could use. runload uses kEnu everywhere (kWorldFrame).
enum class WorldFrame : std::uint8_t {
  kEnu = 0,  ///< x east, y north, z up
  kNwu = 1,  ///< x north, y west, z up
};

/// The world frame of every `*_world_*` quantity and `q_world_from_sensor` in runload.
/// Without a magnetometer only "z up" is observable: yaw is fixed by the initial orientation.
inline constexpr WorldFrame kWorldFrame = WorldFrame::kEnu;

/// Unit vector pointing up, world frame.
inline Eigen::Vector3f up_world() noexcept { return Eigen::Vector3f::UnitZ(); }

/// What an accelerometer at rest measures, world frame, m/s²: specific force = −gravity = +g·up.
inline Eigen::Vector3f specific_force_at_rest_world_mps2() noexcept {
  return Eigen::Vector3f(0.0f, 0.0f, kStandardGravity_mps2);
}

/// The rotation by the rotation vector `theta_rad` (axis × angle, rad) as a unit quaternion: the
/// exponential map a strapdown uses for one gyro step (q ← q ⊗ exp(ω·dt)). Below 0.2 rad (a gyro
/// step up to 40 rad/s at 200 Hz) cos(|θ|/2) and sin(|θ|/2)/|θ| are their series to |θ|⁴
/// (truncation < 2·10⁻⁹, below float resolution), so the per-sample step needs no trigonometry.
inline Eigen::Quaternionf quaternion_from_rotation_vector(const Vec3f& theta_rad) noexcept {
  const float angle_sq = theta_rad.squaredNorm();
  if (angle_sq < 0.04f) {
    const float cos_half = 1.0f - angle_sq / 8.0f + angle_sq * angle_sq / 384.0f;
    const float sin_half_over_angle = 0.5f - angle_sq / 48.0f + angle_sq * angle_sq / 3840.0f;
    return Eigen::Quaternionf(cos_half, sin_half_over_angle * theta_rad.x(), sin_half_over_angle * theta_rad.y(),
                              sin_half_over_angle * theta_rad.z());
  }
  const float angle_rad = std::sqrt(angle_sq);
  return Eigen::Quaternionf(Eigen::AngleAxisf(angle_rad, theta_rad / angle_rad));
}

}  // namespace runload::signal
