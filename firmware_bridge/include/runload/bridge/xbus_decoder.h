#pragma once
/// Host decoder for Xsens Xbus / MTData2 (xbus_format.h, PROTOCOLS.md §3).
///
/// Framing: scan for 0xFA, bound LEN (xbus::kMaxPayloadBytes), check the 8-bit sum; on failure
/// advance one byte and rescan. Discarded bytes count in dropped_bytes; each run of discarded bytes
/// is one resync, and only the first failed candidate of a run counts as a checksum error / oversize
/// (later candidates inside the same garbage are not frames).
///
/// MTData2 (MID 0x36): PacketCounter (u16, unwrapped to u64 -> seq_first / seq_last; gaps ->
/// frame_gaps, lost_frames and lost_samples, the latter an upper bound since a lost message may have
/// carried no sample), SampleTimeFine (u32 10 kHz ticks -> µs, unwrapped), Acceleration (m/s²) and
/// RateOfTurn (rad/s) in Float32, Fp12.20, Fp16.32 or Float64. A message with Acceleration and/or
/// RateOfTurn yields one sample, index = unwrapped PacketCounter, time = SampleTimeFine (the last
/// IMU time when absent). GNSS messages (DataID group 0x70xx) carry an older SampleTimeFine: they
/// count as frames and advance the counter, but yield no sample and leave the time base alone.
/// Other MIDs (acks, errors, configuration) count as frames. A PacketCounter more than
/// kReorderWindowFrames behind, or a SampleTimeFine a second or more back, is a device restart
/// (`restarts`): the stream is carried on with monotonic index and time, nothing is skipped.
/// Never throws, no allocation.
/// Not thread-safe.
#include <array>
#include <cstdint>

#include "runload/bridge/decoder.h"
#include "runload/bridge/timestamp_gap_tracker.h"
#include "runload/bridge/xbus_format.h"

namespace runload::bridge {

/// Accepted messages by kind (each also counts in DecoderStats::frames).
struct XbusMessageCounts {
  std::uint64_t mtdata2_imu = 0;  ///< MTData2 with Acceleration and/or RateOfTurn
  std::uint64_t mtdata2_gnss = 0; ///< MTData2 with GNSS data
  std::uint64_t mtdata2_other = 0;///< MTData2 with neither (e.g. orientation only)
  std::uint64_t other = 0;        ///< any other MID
};

class XbusDecoder final : public Decoder {
 public:
  /// `sink` must outlive the decoder.
  explicit XbusDecoder(DecoderSink& sink) noexcept;

  void push(std::span<const std::uint8_t> bytes) noexcept override;
  /// Drops a partial frame; counter and time continuity are kept.
  void on_link_break() noexcept override;
  const DecoderStats& stats() const noexcept override { return stats_; }
  std::string_view protocol() const noexcept override { return "xsens"; }
  const XbusMessageCounts& message_counts() const noexcept { return counts_; }

  /// How far behind the expected PacketCounter a message may be and still count as a duplicate.
  static constexpr std::uint16_t kReorderWindowFrames = 256;

 private:
  /// Consumes whole frames and garbage from [data, data + size); returns the bytes consumed. What
  /// remains is a prefix of one candidate frame (< xbus::kMaxFrameBytes).
  std::size_t parse(const std::uint8_t* data, std::size_t size) noexcept;
  void discard(std::size_t bytes) noexcept;
  void on_message(std::uint8_t mid, const std::uint8_t* payload, std::size_t size) noexcept;
  void on_mtdata2(const std::uint8_t* payload, std::size_t size) noexcept;
  enum class CounterStep { kNext, kDuplicate, kRestart };
  /// Unwraps a PacketCounter: the next one (perhaps after a gap), an old / repeated one (skip the
  /// message) or a restart of the device's counter.
  CounterStep track_counter(std::uint16_t counter) noexcept;

  DecoderSink& sink_;
  DecoderStats stats_;
  XbusMessageCounts counts_;
  std::array<std::uint8_t, 2 * xbus::kMaxFrameBytes> buffer_{};
  std::size_t buffer_size_ = 0;
  bool discarding_ = false;  ///< inside a run of discarded bytes
  bool counter_seen_ = false;
  std::uint16_t next_counter_ = 0;
  std::uint64_t counter_unwrapped_ = 0;
  bool time_seen_ = false;
  std::uint32_t last_ticks_ = 0;
  std::int64_t ticks_unwrapped_ = 0;
  std::uint64_t next_index_samples_ = 0;
  std::int64_t sample_time_us_ = 0;  ///< monotonic time of the last IMU sample (SampleTimeFine)
  /// Sample index and loss from SampleTimeFine of IMU messages.
  TimestampGapTracker sample_clock_;  ///< SampleTimeFine of IMU messages: index, loss, monotonic time
};

}  // namespace runload::bridge
