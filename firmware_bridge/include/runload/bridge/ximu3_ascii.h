#pragma once
/// Parsing of the comma-separated numeric fields shared by x-IMU3 ASCII data messages
/// (`I,<ts>,gx,gy,gz,ax,ay,az`) and the x-IMU3 GUI's CSV logs (`<ts>,gx,...`). Pure, no allocation.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace runload::bridge {

/// Parses `<u64 timestamp>,<f32>,...` with exactly `args.size()` float fields and nothing after
/// them. Floats are correctly rounded (std::from_chars). Returns false on any deviation.
bool parse_ximu3_numeric_fields(std::string_view text, std::uint64_t& timestamp_us, std::span<float> args) noexcept;

/// Parses `<u64 timestamp>[,<anything>]` (string-argument messages). Returns false on a bad timestamp.
bool parse_ximu3_timestamp_field(std::string_view text, std::uint64_t& timestamp_us) noexcept;

}  // namespace runload::bridge
