#pragma once
/// The one place where wire units become signal's SI sample type (STYLE §4.4). Every decoder
/// calls these; nothing downstream sees counts, g or deg/s.
#include <cstdint>

#include "runload/signal/imu_sample.h"
#include "runload_wire.h"

namespace runload::bridge {

/// Raw runload IMU_BATCH_I16 scales, as sent by the device.
struct RunloadScales {
  float accel_mps2_per_lsb = 0.0f;
  float gyro_radps_per_lsb = 0.0f;
};

/// One runload sample (int16 channels in `layout` order) to SI. High-g channels share the accel
/// scale's unit family: the device sends them pre-scaled with accel_scale x 16 (docs/wire_format.md).
signal::ImuSample sample_from_runload_i16(const std::int16_t* channels, wire::ImuLayout layout,
                                          const RunloadScales& scales, std::uint64_t index_samples,
                                          std::int64_t t_device_us) noexcept;

/// x-IMU3 inertial message: gyroscope deg/s, accelerometer g.
signal::ImuSample sample_from_ximu3(const float gyro_dps[3], const float accel_g[3], std::uint64_t index_samples,
                                    std::int64_t t_device_us) noexcept;

/// Xsens MTData2: Acceleration m/s², RateOfTurn rad/s (either may be absent).
signal::ImuSample sample_from_xbus(const float* accel_mps2, const float* gyro_radps, std::uint64_t index_samples,
                                   std::int64_t t_device_us) noexcept;

/// Scale factors the emulator and docs use: ±16 g and ±2000 dps full scale on int16.
inline constexpr float kAccelScale16g_mps2_per_lsb = signal::kStandardGravity_mps2 / 2048.0f;
inline constexpr float kGyroScale2000dps_radps_per_lsb = (2000.0f / 32768.0f) * 3.14159265358979f / 180.0f;

}  // namespace runload::bridge
