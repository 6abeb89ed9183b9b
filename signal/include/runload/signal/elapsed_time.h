#pragma once
/// Differences of device times that cannot overflow (corrupt or fuzzed timestamps far apart).
#include <cstdint>
#include <limits>

#include "runload/signal/time.h"

namespace runload::signal {

/// `later - earlier` in µs, saturated to the int64 range: a huge difference of the right sign, never a
/// signed overflow.
constexpr std::int64_t elapsed_us(DeviceTime later, DeviceTime earlier) noexcept {
  std::int64_t d = 0;
  if (!__builtin_sub_overflow(to_us(later), to_us(earlier), &d)) return d;
  return to_us(later) > to_us(earlier) ? std::numeric_limits<std::int64_t>::max()
                                       : std::numeric_limits<std::int64_t>::min();
}

}  // namespace runload::signal
