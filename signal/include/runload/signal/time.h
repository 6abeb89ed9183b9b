#pragma once
/// Typed time for runload. Device time and host time are distinct types so they cannot be mixed:
/// DSP runs on device time only; host time aligns sensors and feeds the UI.
#include <chrono>
#include <cstdint>

namespace runload::signal {

/// Microseconds on the sensor's own monotonic clock (since the device started).
struct DeviceClock {
  using rep = std::int64_t;
  using period = std::micro;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<DeviceClock>;
  static constexpr bool is_steady = true;
};

/// Nanoseconds on the host's clock (std::chrono::system_clock epoch) when bytes arrived.
struct HostClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<HostClock>;
  static constexpr bool is_steady = false;
};

using DeviceTime = DeviceClock::time_point;
using HostTime = HostClock::time_point;

/// A device time from a raw microsecond count.
constexpr DeviceTime device_time_from_us(std::int64_t t_us) noexcept {
  return DeviceTime{DeviceClock::duration{t_us}};
}
/// The raw microsecond count of a device time.
constexpr std::int64_t to_us(DeviceTime t) noexcept { return t.time_since_epoch().count(); }

}  // namespace runload::signal
