#include "runload/signal/gyro_presence.h"

#include <algorithm>
#include <cmath>

namespace runload::signal {

GyroPresence::GyroPresence(float sample_rate_hz, float decide_s) noexcept {
  const float fs = std::isfinite(sample_rate_hz) && sample_rate_hz > 0.0f ? sample_rate_hz : 1000.0f;
  const float s = std::isfinite(decide_s) && decide_s > 0.0f ? decide_s : 1.0f;
  decide_samples_ = std::max<std::uint64_t>(2, static_cast<std::uint64_t>(std::lround(fs * s)));
}

std::optional<bool> GyroPresence::update(const ImuSample& sample) noexcept {
  if (decision_) return decision_;
  if (sample.has(kChannelGyro)) {
    if (!any_gyro_channel_) {
      any_gyro_channel_ = true;
      first_gyro_radps_ = sample.gyro_sensor_radps;
    } else if (sample.gyro_sensor_radps != first_gyro_radps_) {
      varied_ = true;
    }
  }
  if (++seen_ >= decide_samples_ || varied_) decision_ = varied_;
  return decision_;
}

bool GyroPresence::decide_now() noexcept {
  if (!decision_) decision_ = varied_;
  return *decision_;
}

}  // namespace runload::signal
