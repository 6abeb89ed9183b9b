#pragma once
/// The x-IMU3 inertial message stream shared by the live decoder and the logged-CSV decoder: plausibility
/// of values and timestamps, loss accounting, delivery to the sink.
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "runload/bridge/decoder.h"
#include "runload/bridge/sample_convert.h"
#include "runload/bridge/timestamp_gap_tracker.h"
#include "runload/bridge/ximu3_message.h"

namespace runload::bridge {

/// Inertial messages (timestamp µs, gyroscope deg/s, accelerometer g) → loss accounting → sink.
///
/// x-IMU3 messages carry no checksum, so a damaged one must be told by what it says:
/// - values beyond 1.25 × the sensor's full scale are impossible: the message is malformed (the caller's
///   check, plausible_values());
/// - a timestamp that breaks the stream's continuity (a gap, a step back of a second or more, a second or
///   more ahead) is a suspect: it is held until the next message. If that one goes on from it (at or
///   after it, less than a second later), the jump was real — a gap or a restart, accounted as such and
///   both samples delivered. Otherwise the held message was damaged: it is dropped as malformed, and its
///   slot shows up as one lost sample when the next message is accounted against the last good one.
/// So one flipped timestamp bit costs one sample, never a gap of trillions of samples or a clock that
/// leaps. A held message is delivered one message late; one held when the stream ends is not delivered.
class Ximu3InertialStream {
 public:
  /// A suspect's successor must follow it by less than this to confirm it (and a jump this far ahead is
  /// a suspect even before the sample period is known).
  static constexpr std::int64_t kSuspectJumpUs = TimestampGapTracker::kRestartBackwardsUs;

  /// Finite and within the sensor's full scale (× kXimu3PlausibleOverFullScale).
  static bool plausible_values(const float gyro_dps[3], const float accel_g[3]) noexcept {
    for (int i = 0; i < 3; ++i) {
      if (!(std::abs(gyro_dps[i]) <= kXimu3GyroFullScaleDps * kXimu3PlausibleOverFullScale)) return false;
      if (!(std::abs(accel_g[i]) <= kXimu3AccelFullScaleG * kXimu3PlausibleOverFullScale)) return false;
    }
    return true;
  }

  /// One accepted inertial message (the caller counts it in stats.frames). Returns true when it showed
  /// the message held before it damaged (taken back out of stats.frames, counted malformed).
  bool deliver(DecoderStats& stats, DecoderSink& sink, std::uint64_t timestamp_us, const float gyro_dps[3],
               const float accel_g[3]) noexcept {
    const Message m{static_cast<std::int64_t>(timestamp_us), {gyro_dps[0], gyro_dps[1], gyro_dps[2]},
                    {accel_g[0], accel_g[1], accel_g[2]}};
    bool held_was_damaged = false;
    if (held_) {
      const std::int64_t after_held_us =
          static_cast<std::int64_t>(static_cast<std::uint64_t>(m.t_us) - static_cast<std::uint64_t>(held_->t_us));
      if (after_held_us >= 0 && after_held_us < kSuspectJumpUs) {
        account(stats, sink, *held_);
      } else {  // damaged: no longer an accepted frame
        --stats.frames;
        ++stats.malformed;
        held_was_damaged = true;
      }
      held_.reset();
    }
    if (tracker_.breaks_continuity(m.t_us, kSuspectJumpUs)) {
      held_ = m;
    } else {
      account(stats, sink, m);
    }
    return held_was_damaged;
  }

  std::optional<std::int64_t> period_estimate_us() const noexcept { return tracker_.period_estimate_us(); }

 private:
  struct Message {
    std::int64_t t_us;
    std::array<float, 3> gyro_dps;
    std::array<float, 3> accel_g;
  };

  void account(DecoderStats& stats, DecoderSink& sink, const Message& m) noexcept {
    const TimestampStep step = tracker_.update(m.t_us);
    if (step.gap || step.backwards) ++stats.frame_gaps;
    if (step.restart) ++stats.restarts;
    stats.lost_samples += step.lost_samples;
    const signal::ImuSample sample = sample_from_ximu3(m.gyro_dps.data(), m.accel_g.data(), step.index_samples, step.t_us);
    ++stats.samples;
    sink.on_samples(SampleBatch{0, 0, 0, std::span<const signal::ImuSample>(&sample, 1)});
  }

  TimestampGapTracker tracker_;
  std::optional<Message> held_;
};

}  // namespace runload::bridge
