#include "runload/bridge/sample_convert.h"

#include <numbers>

namespace runload::bridge {

using signal::ImuSample;
using signal::Vec3f;

namespace {
constexpr float kDegToRad = std::numbers::pi_v<float> / 180.0f;
// High-g channels use a 16x coarser LSB than the main accelerometer (±256 g range at ±16 g scale).
constexpr float kHighGScaleFactor = 16.0f;
}  // namespace

ImuSample sample_from_runload_i16(const std::int16_t* channels, wire::ImuLayout layout, const RunloadScales& scales,
                                  std::uint64_t index_samples, std::int64_t t_device_us) noexcept {
  ImuSample s;
  s.index_samples = index_samples;
  s.t_device = signal::device_time_from_us(t_device_us);
  const float a = scales.accel_mps2_per_lsb;
  s.accel_sensor_mps2 = Vec3f(a * channels[0], a * channels[1], a * channels[2]);
  s.channels = signal::kChannelAccel;
  if (layout == wire::ImuLayout::kAccelGyro || layout == wire::ImuLayout::kAccelGyroHighG) {
    const float g = scales.gyro_radps_per_lsb;
    s.gyro_sensor_radps = Vec3f(g * channels[3], g * channels[4], g * channels[5]);
    s.channels |= signal::kChannelGyro;
  }
  if (layout == wire::ImuLayout::kAccelGyroHighG) {
    const float h = a * kHighGScaleFactor;
    s.accel_high_g_sensor_mps2 = Vec3f(h * channels[6], h * channels[7], h * channels[8]);
    s.channels |= signal::kChannelHighGAccel;
  }
  return s;
}

ImuSample sample_from_ximu3(const float gyro_dps[3], const float accel_g[3], std::uint64_t index_samples,
                            std::int64_t t_device_us) noexcept {
  ImuSample s;
  s.index_samples = index_samples;
  s.t_device = signal::device_time_from_us(t_device_us);
  s.gyro_sensor_radps = Vec3f(gyro_dps[0], gyro_dps[1], gyro_dps[2]) * kDegToRad;
  s.accel_sensor_mps2 = Vec3f(accel_g[0], accel_g[1], accel_g[2]) * signal::kStandardGravity_mps2;
  s.channels = signal::kChannelAccel | signal::kChannelGyro;
  return s;
}

ImuSample sample_from_xbus(const float* accel_mps2, const float* gyro_radps, std::uint64_t index_samples,
                           std::int64_t t_device_us) noexcept {
  ImuSample s;
  s.index_samples = index_samples;
  s.t_device = signal::device_time_from_us(t_device_us);
  s.channels = 0;
  if (accel_mps2 != nullptr) {
    s.accel_sensor_mps2 = Vec3f(accel_mps2[0], accel_mps2[1], accel_mps2[2]);
    s.channels |= signal::kChannelAccel;
  }
  if (gyro_radps != nullptr) {
    s.gyro_sensor_radps = Vec3f(gyro_radps[0], gyro_radps[1], gyro_radps[2]);
    s.channels |= signal::kChannelGyro;
  }
  return s;
}

}  // namespace runload::bridge
