#pragma once
/// The x-IMU3 data message catalogue (x-IMU3 user manual, "Data messages"): which ASCII letters /
/// binary ids exist and how many arguments each carries. A binary id is 0x80 + the ASCII letter;
/// a binary message body is id u8 | timestamp u64 LE (µs) | arguments (f32 LE or raw string bytes).
#include <cstddef>
#include <cstdint>

namespace runload::bridge {

/// One kind of data message.
struct Ximu3MessageSpec {
  char letter = 0;                 ///< ASCII id, e.g. 'I'; the binary id is 0x80 + letter
  std::uint8_t float_args = 0;     ///< number of f32 arguments (0 for string messages)
  bool string_arg = false;         ///< true: one free-form argument (serial, notification, error...)

  std::uint8_t binary_id() const noexcept { return static_cast<std::uint8_t>(0x80u + static_cast<unsigned>(letter)); }
  /// Unstuffed binary size without the terminating 0x0A; for string messages the minimum.
  std::size_t binary_bytes() const noexcept { return 1u + 8u + 4u * float_args; }
};

inline constexpr char kXimu3Inertial = 'I';
inline constexpr char kXimu3HighG = 'H';
inline constexpr char kXimu3Magnetometer = 'M';
inline constexpr char kXimu3Quaternion = 'Q';
inline constexpr std::size_t kXimu3InertialBinaryBytes = 1 + 8 + 6 * 4;  ///< 33, plus 0x0A on the wire

/// Full scale of the x-IMU3's inertial sensors (x-IMU3 datasheet: gyroscope ±2000 °/s, accelerometer
/// ±16 g; the ±400 g high-g accelerometer sends its own 'H' message). The device saturates there.
inline constexpr float kXimu3GyroFullScaleDps = 2000.0f;
inline constexpr float kXimu3AccelFullScaleG = 16.0f;
/// An inertial value beyond this multiple of full scale cannot come from the sensor (calibration stretches
/// full scale by a few percent at most): the message was damaged on the way (there is no checksum).
inline constexpr float kXimu3PlausibleOverFullScale = 1.25f;

/// The spec for an ASCII letter, or nullptr for an unknown one.
const Ximu3MessageSpec* ximu3_message_spec(char letter) noexcept;
/// The spec for a binary id (>= 0x80), or nullptr for an unknown one.
const Ximu3MessageSpec* ximu3_message_spec_binary(std::uint8_t id) noexcept;

}  // namespace runload::bridge
