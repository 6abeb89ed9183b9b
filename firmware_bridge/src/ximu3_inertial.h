#pragma once
// What both x-IMU3 readers (the live byte stream and the logged CSV) do with a line: account an
// inertial message through the timestamp-gap tracker and deliver its sample, and count a link break.
#include <cstdint>

#include "runload/bridge/decoder.h"
#include "runload/bridge/line_framer.h"
#include "runload/bridge/sample_convert.h"
#include "runload/bridge/timestamp_gap_tracker.h"

namespace runload::bridge {

/// Inertial message (timestamp µs, gyroscope deg/s, accelerometer g) → loss accounting → sink.
inline void deliver_ximu3_inertial(TimestampGapTracker& tracker, DecoderStats& stats, DecoderSink& sink,
                                   std::uint64_t timestamp_us, const float gyro_dps[3], const float accel_g[3]) {
  const auto t_us = static_cast<std::int64_t>(timestamp_us);
  const TimestampStep step = tracker.update(t_us);
  if (step.gap || step.backwards) ++stats.frame_gaps;
  if (step.restart) ++stats.restarts;
  stats.lost_samples += step.lost_samples;
  const signal::ImuSample sample = sample_from_ximu3(gyro_dps, accel_g, step.index_samples, step.t_us);
  ++stats.samples;
  sink.on_samples(SampleBatch{0, 0, 0, std::span<const signal::ImuSample>(&sample, 1)});
}

/// The link broke: a partial line is dropped and counted; the timestamp history is kept so loss
/// across the break is still counted.
inline void count_ximu3_link_break(LineFramer& framer, DecoderStats& stats) noexcept {
  ++stats.link_breaks;
  const std::size_t dropped = framer.drop_partial();
  if (dropped > 0) {
    stats.dropped_bytes += dropped;
    ++stats.resyncs;
  }
}

/// A line longer than the framer holds was dropped (the decoder resynchronises at the next LF).
inline void count_ximu3_oversize(DecoderStats& stats, std::size_t dropped) noexcept {
  ++stats.oversize;
  ++stats.resyncs;
  stats.dropped_bytes += dropped;
}

}  // namespace runload::bridge
