#pragma once
/// Host decoder for the runload wire protocol v1 (docs/wire_format.md): COBS frames delimited by
/// 0x00, CRC-32C checked, per-stream sequence and sample-index accounting.
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

 private:
  /// Continuity of one (stream, frame class): u32 counters unwrapped to u64.
  struct Continuity {
    bool seen = false;
    std::uint32_t next_seq = 0;
    std::uint64_t seq_unwrapped = 0;
    std::uint32_t next_index = 0;
    std::uint64_t next_index_unwrapped = 0;
  };

  void on_segment(const std::uint8_t* data, std::size_t size) noexcept;
  void on_frame(const std::uint8_t* frame, std::size_t size) noexcept;
  void on_imu_batch(const wire::FrameHeader& header, const std::uint8_t* payload, std::size_t size) noexcept;
  void on_device_info(std::uint8_t stream_id, const std::uint8_t* payload, std::size_t size) noexcept;
  void reject(std::size_t segment_bytes) noexcept;
  /// Advances the frame counter of `c`; false for a duplicate/old frame that must be skipped.
  bool track_seq(Continuity& c, std::uint32_t seq) noexcept;

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
