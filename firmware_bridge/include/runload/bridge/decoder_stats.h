#pragma once
/// What a decoder saw: the counters every protocol keeps, in one value type.
#include <cstdint>
#include <optional>

namespace runload::bridge {

struct DecoderStats {
  std::uint64_t bytes = 0;            ///< bytes pushed into the decoder
  std::uint64_t frames = 0;           ///< frames accepted (checksum/CRC and length valid)
  std::uint64_t samples = 0;          ///< IMU samples delivered to the sink
  std::uint64_t checksum_errors = 0;  ///< frames rejected by CRC-32C / Xbus sum
  std::uint64_t malformed = 0;        ///< frames rejected for a bad length, COBS or layout
  std::uint64_t oversize = 0;         ///< frames longer than the protocol's bound
  std::uint64_t unknown = 0;          ///< well-formed frames of an unknown version/type/message id
  std::uint64_t resyncs = 0;          ///< times the decoder dropped bytes to find the next frame start
  std::uint64_t dropped_bytes = 0;    ///< bytes discarded while resynchronising or in rejected frames
  std::uint64_t frame_gaps = 0;       ///< discontinuities in the frame counter / timestamps (events)
  std::uint64_t lost_frames = 0;      ///< frames missing according to the frame counter
  std::uint64_t lost_samples = 0;     ///< samples missing according to sample index / counter / time
  std::uint64_t duplicates = 0;       ///< frames with an old or repeated counter (skipped)
  std::uint64_t link_breaks = 0;      ///< times the transport reported the link lost
  std::uint64_t restarts = 0;         ///< times a device's counters started over (reboot, another device)
  /// The protocol's own frame counter (runload seq, Xbus PacketCounter unwrapped); nullopt where the
  /// protocol has none (x-IMU3) or no frame has been accepted yet.
  std::optional<std::uint64_t> seq_first;
  std::optional<std::uint64_t> seq_last;

  /// Adds another link's counters (a session recorded from several links). seq_first/seq_last are
  /// kept from the first link that has them: frame counters of different links do not add up.
  DecoderStats& operator+=(const DecoderStats& o) noexcept {
    bytes += o.bytes;
    frames += o.frames;
    samples += o.samples;
    checksum_errors += o.checksum_errors;
    malformed += o.malformed;
    oversize += o.oversize;
    unknown += o.unknown;
    resyncs += o.resyncs;
    dropped_bytes += o.dropped_bytes;
    frame_gaps += o.frame_gaps;
    lost_frames += o.lost_frames;
    lost_samples += o.lost_samples;
    duplicates += o.duplicates;
    link_breaks += o.link_breaks;
    restarts += o.restarts;
    if (!seq_first) seq_first = o.seq_first;
    if (!seq_last) seq_last = o.seq_last;
    return *this;
  }
};

}  // namespace runload::bridge
