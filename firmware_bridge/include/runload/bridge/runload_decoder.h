#pragma once
/// Host decoder for the runload wire protocol v1 (docs/wire_format.md): COBS frames delimited by
/// 0x00, CRC-32C checked, per-stream sequence and sample-index accounting.
///
/// A device that restarts (power cycle, brown-out, a different sensor on the same port) starts its
/// counters again. A `seq` more than kReorderWindowFrames behind the expected one is taken as such a
/// restart, not as a duplicate, and so is one more than kMinRestartFrames behind that is nearer 0
/// than the expected seq (a device that ran for a short while): the stream continues (counted in
/// `restarts`) with its sample index and device time carried on from the last sample, so samples
/// stay monotonic for the DSP and the rest of the run is not dropped. Nearer old IMU frames are
/// duplicates and are skipped; old control frames (DEVICE_INFO...) carry no samples and are kept.
#include <array>
#include <cstdint>

#include "runload/bridge/decoder.h"
#include "runload_wire.h"

namespace runload::bridge {

class RunloadDecoder final : public Decoder {
 public:
  /// `sink` must outlive the decoder.
  explicit RunloadDecoder(DecoderSink& sink) noexcept;

  void push(std::span<const std::uint8_t> bytes) noexcept override;
  void on_link_break() noexcept override;
  const DecoderStats& stats() const noexcept override { return stats_; }
  std::string_view protocol() const noexcept override { return "runload"; }

  /// How far behind the expected `seq` a frame may be and still count as a duplicate/reordered
  /// frame (a BLE bridge re-sending its buffer); further back is a device restart.
  static constexpr std::uint32_t kReorderWindowFrames = 256;
  /// Below this many frames behind, an old seq is always a duplicate.
  static constexpr std::uint32_t kMinRestartFrames = 8;

 private:
  /// Continuity of one (stream, frame class): u32 counters unwrapped to u64.
  struct Continuity {
    bool seen = false;
    std::uint32_t next_seq = 0;
    std::uint64_t seq_unwrapped = 0;
    std::uint32_t next_index = 0;
    std::uint64_t next_index_unwrapped = 0;
    /// Added to the wire `t_first_us` so device time stays monotonic across a restart.
    std::int64_t time_offset_us = 0;
    /// Device time (after the offset) one period after the last delivered sample.
    std::int64_t next_t_us = 0;
  };
  enum class SeqStep { kNext, kDuplicate, kRestart };

  void on_segment(const std::uint8_t* data, std::size_t size) noexcept;
  void on_frame(const std::uint8_t* frame, std::size_t size) noexcept;
  void on_imu_batch(const wire::FrameHeader& header, const std::uint8_t* payload, std::size_t size) noexcept;
  void on_device_info(std::uint8_t stream_id, const std::uint8_t* payload, std::size_t size) noexcept;
  void reject(std::size_t segment_bytes) noexcept;
  /// Advances the frame counter of `c`: the next frame (perhaps after a gap), a duplicate/old frame
  /// that must be skipped (only for frames that carry samples), or a restart of the device's counters.
  SeqStep track_seq(Continuity& c, std::uint32_t seq, bool carries_samples) noexcept;

  DecoderSink& sink_;
  DecoderStats stats_;
  /// Bytes of the frame being received (still COBS-encoded).
  std::array<std::uint8_t, wire::kMaxWireBytes> pending_{};
  std::size_t pending_size_ = 0;
  bool pending_overflowed_ = false;
  /// False until the first delimiter after start or a link break: bytes before it are a partial
  /// frame we joined mid-way, dropped without counting a checksum error.
  bool synced_ = false;
  std::array<std::uint8_t, wire::kMaxFrameBytes> frame_{};
  std::array<signal::ImuSample, wire::kMaxSamplesPerBatch> samples_{};
  std::array<Continuity, 256> imu_continuity_{};
  std::array<Continuity, 256> control_continuity_{};
};

}  // namespace runload::bridge
