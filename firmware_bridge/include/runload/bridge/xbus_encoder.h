#pragma once
/// Xsens Xbus encoder, for the sensor emulator and tests (XbusDecoder's inverse). Allocation-free:
/// writes into caller buffers and returns the bytes written, 0 when the buffer is too small or the
/// payload exceeds 65535 bytes. Thread-safe (pure functions).
///
/// SI -> wire units happens here and only here on the encode side: xbus_imu_from_sample().
#include <cstddef>
#include <cstdint>
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::bridge {

/// One IMU MTData2 message in Xbus wire units (which are SI, plus 10 kHz time ticks).
struct XbusImuMessage {
  std::uint16_t packet_counter = 0;     ///< wraps at 2^16
  std::uint32_t sample_time_fine = 0;   ///< 10 kHz ticks (100 µs), wraps at 2^32
  bool has_accel = true;
  bool has_gyro = true;
  float accel_mps2[3] = {};             ///< Acceleration, sensor frame, m/s² (Float32)
  float gyro_radps[3] = {};             ///< RateOfTurn, sensor frame, rad/s (Float32)
};

/// FA + BID + MID + LEN + (5 + 7 + 15 + 15) payload + CS.
inline constexpr std::size_t kXbusImuMessageMaxBytes = 4 + 42 + 1;

/// Any Xbus message: FA | bus_id | mid | LEN | [EXT_LEN u16 BE when payload >= 255] | payload | CS.
std::size_t encode_xbus_message(std::uint8_t bus_id, std::uint8_t mid, std::span<const std::uint8_t> payload,
                                std::span<std::uint8_t> out) noexcept;

/// SI sample -> wire: counter = index_samples mod 2^16, ticks = t_device µs / 100 mod 2^32 (negative
/// times clamp to 0); the channels present in the sample select Acceleration / RateOfTurn.
XbusImuMessage xbus_imu_from_sample(const signal::ImuSample& sample) noexcept;

/// MTData2 (MID 0x36, BID 0xFF) with PacketCounter, SampleTimeFine, Acceleration and RateOfTurn in
/// Float32, in that order.
std::size_t encode_xbus_mtdata2(const XbusImuMessage& message, std::span<std::uint8_t> out) noexcept;
std::size_t encode_xbus_mtdata2(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept;

}  // namespace runload::bridge
