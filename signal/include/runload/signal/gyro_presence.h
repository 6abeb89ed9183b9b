#pragma once
/// Does a stream carry a usable gyroscope? Accelerometer-only sensors and datasets arrive either
/// without the gyro channel (ImuSample::channels) or with the gyro columns written as constants
/// (zeros from a converter, a stuck part). Decided once, from the first `decide_s` of finite
/// samples: absent when no sample carries kChannelGyro, or when every gyro axis held one exact value
/// throughout. A real gyroscope's noise moves its lowest bits from sample to sample even at rest, so
/// a second of bit-identical readings on all three axes is not a sensor at rest.
/// update() is noexcept, O(1), allocation-free. Thread-safety: none; one per stream.
#include <cstdint>
#include <optional>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

class GyroPresence {
 public:
  explicit GyroPresence(float sample_rate_hz, float decide_s = 1.0f) noexcept;
  /// One finite sample; the decision once made (true = usable gyroscope), else nullopt.
  std::optional<bool> update(const ImuSample& sample) noexcept;
  /// End of a short stream: decides from what was seen (no sample at all = absent).
  bool decide_now() noexcept;
  std::optional<bool> decision() const noexcept { return decision_; }

 private:
  std::uint64_t decide_samples_ = 1;
  std::uint64_t seen_ = 0;
  bool any_gyro_channel_ = false;
  bool varied_ = false;
  Vec3f first_gyro_radps_ = Vec3f::Zero();
  std::optional<bool> decision_;
};

}  // namespace runload::signal
