#pragma once
/// The one IMU sample type every stage consumes. The bridge builds it once from wire data
/// (firmware_bridge/src/sample_convert.cpp); nothing downstream sees raw counts or wire units.
#include <Eigen/Core>
#include <cstdint>

#include "runload/signal/time.h"

namespace runload::signal {

using Vec3f = Eigen::Vector3f;

/// True when no component of the vectors is NaN or ±Inf. Any NaN or Inf makes the sum NaN or Inf,
/// and the sum of finite values is finite unless it overflows (then each vector is checked): one
/// test in the common case instead of a compare and a branch per component.
template <class... Vectors>
bool all_finite(const Vectors&... v) noexcept {
  const float sum = (v.sum() + ...);
  return sum - sum == 0.0f || (v.allFinite() && ...);
}

/// Which measurement channels a sample carries (bit mask).
enum ImuChannel : std::uint8_t {
  kChannelAccel = 1u << 0,
  kChannelGyro = 1u << 1,
  kChannelHighGAccel = 1u << 2,
};

/// One inertial sample in the sensor frame (docs/frames.md), SI units.
struct ImuSample {
  /// Running sample index on the device, unwrapped (a gap of k = k lost samples).
  std::uint64_t index_samples = 0;
  /// Device clock time at which the sample was taken.
  DeviceTime t_device{};
  /// Specific force, gravity included, sensor frame, m/s².
  Vec3f accel_sensor_mps2 = Vec3f::Zero();
  /// Angular rate, sensor frame, rad/s.
  Vec3f gyro_sensor_radps = Vec3f::Zero();
  /// High-range (impact) accelerometer, sensor frame, m/s²; valid when kChannelHighGAccel is set.
  Vec3f accel_high_g_sensor_mps2 = Vec3f::Zero();
  /// ImuChannel bits present in this sample.
  std::uint8_t channels = kChannelAccel | kChannelGyro;

  bool has(ImuChannel c) const noexcept { return (channels & c) != 0; }
};

/// Standard gravity, m/s² (ISO 80000-3).
inline constexpr float kStandardGravity_mps2 = 9.80665f;

}  // namespace runload::signal
