#pragma once
// What both x-IMU3 readers (the live byte stream and the logged CSV) do on a link break and an oversize
// line.
#include <cstddef>

#include "runload/bridge/decoder.h"
#include "runload/bridge/line_framer.h"

namespace runload::bridge {

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
