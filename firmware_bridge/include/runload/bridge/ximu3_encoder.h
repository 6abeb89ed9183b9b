#pragma once
/// x-IMU3 inertial message encoder, for the sensor emulator and tests (the decoder's inverse).
/// Allocation-free: writes into caller buffers and returns the bytes written, 0 when the buffer is
/// too small. Thread-safe (pure functions).
///
/// SI -> wire units happens here and only here on the encode side (the decode side is
/// sample_convert.h): ximu3_inertial_from_sample().
#include <cstddef>
#include <cstdint>
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::bridge {

/// One inertial message in x-IMU3 wire units.
struct Ximu3Inertial {
  std::uint64_t timestamp_us = 0;  ///< device µs since power-up
  float gyro_dps[3] = {};          ///< sensor frame, deg/s
  float accel_g[3] = {};           ///< sensor frame, g (standard gravity 9.80665 m/s²)
};

/// Worst-case binary wire size: 33 bytes, each possibly stuffed to 2, plus the LF.
inline constexpr std::size_t kXimu3InertialBinaryMaxWireBytes = 2 * 33 + 1;
/// Generous bound for the ASCII form (`I,<20 digits>,` + 6 x `-<digits>.dddd,` + LF).
inline constexpr std::size_t kXimu3InertialAsciiMaxWireBytes = 256;

/// SI sample (m/s², rad/s, DeviceTime µs) -> x-IMU3 units (g, deg/s, µs), saturated at the sensor's full
/// scale as the device does. Negative times clamp to 0.
Ximu3Inertial ximu3_inertial_from_sample(const signal::ImuSample& sample) noexcept;

/// Binary message: 0xC9 | u64 LE µs | 6 x f32 LE, byte-stuffed, terminated by 0x0A.
std::size_t encode_ximu3_inertial_binary(const Ximu3Inertial& message, std::span<std::uint8_t> out) noexcept;
/// ASCII message `I,<ts>,gx,gy,gz,ax,ay,az\n` with 4 decimals, as the device sends it.
std::size_t encode_ximu3_inertial_ascii(const Ximu3Inertial& message, std::span<std::uint8_t> out) noexcept;

/// Convenience: ximu3_inertial_from_sample() then the binary / ASCII encoding.
std::size_t encode_ximu3_inertial_binary(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept;
std::size_t encode_ximu3_inertial_ascii(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept;

}  // namespace runload::bridge
