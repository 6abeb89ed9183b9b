#include "runload/bridge/ximu3_ascii.h"

#include <charconv>

namespace runload::bridge {

bool parse_ximu3_numeric_fields(std::string_view text, std::uint64_t& timestamp_us, std::span<float> args) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  auto [after_ts, ts_error] = std::from_chars(p, end, timestamp_us);
  if (ts_error != std::errc{} || after_ts == p) return false;
  p = after_ts;
  for (float& value : args) {
    if (p == end || *p != ',') return false;
    ++p;
    auto [after, error] = std::from_chars(p, end, value, std::chars_format::general);
    if (error != std::errc{} || after == p) return false;
    p = after;
  }
  return p == end;
}

bool parse_ximu3_timestamp_field(std::string_view text, std::uint64_t& timestamp_us) noexcept {
  const char* const end = text.data() + text.size();
  auto [after, error] = std::from_chars(text.data(), end, timestamp_us);
  if (error != std::errc{} || after == text.data()) return false;
  return after == end || *after == ',';
}

}  // namespace runload::bridge
