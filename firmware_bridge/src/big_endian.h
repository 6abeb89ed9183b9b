#pragma once
// Big-endian field access for Xbus (all MTData2 values are big-endian). Internal to the bridge.
#include <bit>
#include <cstdint>

namespace runload::bridge::be {

inline std::uint16_t get_u16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t get_u32(const std::uint8_t* p) noexcept {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}
inline std::uint64_t get_u64(const std::uint8_t* p) noexcept {
  return (static_cast<std::uint64_t>(get_u32(p)) << 32) | get_u32(p + 4);
}
inline float get_f32(const std::uint8_t* p) noexcept { return std::bit_cast<float>(get_u32(p)); }
inline double get_f64(const std::uint8_t* p) noexcept { return std::bit_cast<double>(get_u64(p)); }

inline void put_u16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void put_u32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
inline void put_f32(std::uint8_t* p, float v) noexcept { put_u32(p, std::bit_cast<std::uint32_t>(v)); }

}  // namespace runload::bridge::be
