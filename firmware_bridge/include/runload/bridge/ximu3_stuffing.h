#pragma once
/// x-IMU3 binary byte stuffing (SLIP with END = 0x0A; x-IMU3 user manual, "Byte stuffing"):
/// 0x0A -> DB DC, 0xDB -> DB DD, so 0x0A only ever terminates a message. Pure functions, no
/// allocation, thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace runload::bridge {

inline constexpr std::uint8_t kXimu3End = 0x0A;
inline constexpr std::uint8_t kXimu3Esc = 0xDB;
inline constexpr std::uint8_t kXimu3EscEnd = 0xDC;
inline constexpr std::uint8_t kXimu3EscEsc = 0xDD;

/// Stuffs `in` into `out` (no terminating 0x0A is appended). Returns the bytes written, or nullopt
/// when `out` is too small. REQUIRES: `out` does not overlap `in`. At most 2 x in.size() bytes.
std::optional<std::size_t> ximu3_stuff(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept;

/// Undoes the stuffing of one message body (without its terminating 0x0A). Returns the bytes
/// written, or nullopt on an invalid escape (DB followed by anything but DC/DD, or DB last) or when
/// `out` is too small. `out` may alias `in` exactly (in-place); it never writes ahead of reading.
std::optional<std::size_t> ximu3_unstuff(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept;

}  // namespace runload::bridge
