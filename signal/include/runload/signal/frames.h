#pragma once
/// The world frame convention, chosen once for all of runload (docs/frames.md).
#include <Eigen/Core>
#include <Eigen/Geometry>
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
/// exponential map a strapdown uses for one gyro step (q ← q ⊗ exp(ω·dt)).
inline Eigen::Quaternionf quaternion_from_rotation_vector(const Vec3f& theta_rad) noexcept {
  const float angle_rad = theta_rad.norm();
  if (angle_rad < 1e-6f) {
    // Second-order small-angle form, normalised.
    return Eigen::Quaternionf(1.0f, 0.5f * theta_rad.x(), 0.5f * theta_rad.y(), 0.5f * theta_rad.z()).normalized();
  }
  return Eigen::Quaternionf(Eigen::AngleAxisf(angle_rad, theta_rad / angle_rad));
}

}  // namespace runload::signal
