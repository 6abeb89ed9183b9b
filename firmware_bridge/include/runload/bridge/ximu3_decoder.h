#pragma once
/// Host decoder for the x-IMU3 byte stream (PROTOCOLS.md §2; x-IMU3 user manual, "Communication
/// protocol"): LF-terminated messages of four kinds, told apart by their first byte:
///   `{`          JSON command / response            -> counted as a frame (command_messages)
///   `A`..`Z`     ASCII data message `X,<ts>,args`   -> inertial 'I' becomes a sample
///   >= 0x80      binary data message, SLIP-stuffed  -> inertial 0xC9 becomes a sample
///   `^`          mux message (channel u8, inner)    -> counted as a frame; inner not decoded
/// There is no checksum and no counter: corruption shows only as a wrong length, unparsable text,
/// impossible values or an implausible timestamp (`malformed`; see Ximu3InertialStream; checksum_errors
/// stays 0), loss only as timestamp gaps (TimestampGapTracker: frame_gaps, lost_samples, synthetic sample
/// indices). seq_first / seq_last stay nullopt.
/// Messages longer than LineFramer::kMaxLineBytes (4096, as the official API) count as `oversize`.
/// Never throws, no allocation per message. Not thread-safe.
#include <array>
#include <cstdint>
#include <optional>

#include "runload/bridge/decoder.h"
#include "runload/bridge/line_framer.h"
#include "runload/bridge/ximu3_inertial_stream.h"
#include "runload/bridge/ximu3_message.h"

namespace runload::bridge {

/// Accepted messages by kind (each also counts in DecoderStats::frames).
struct Ximu3MessageCounts {
  std::uint64_t inertial = 0;      ///< 'I' / 0xC9
  std::uint64_t high_g = 0;        ///< 'H' / 0xC8 (counted, not yet delivered as samples)
  std::uint64_t magnetometer = 0;  ///< 'M' / 0xCD
  std::uint64_t quaternion = 0;    ///< 'Q' / 0xD1
  std::uint64_t other_data = 0;    ///< any other known data message
  std::uint64_t command = 0;       ///< JSON command responses `{...}`
  std::uint64_t mux = 0;           ///< `^` mux messages
};

class Ximu3Decoder final : public Decoder {
 public:
  /// `sink` must outlive the decoder.
  explicit Ximu3Decoder(DecoderSink& sink) noexcept;

  void push(std::span<const std::uint8_t> bytes) noexcept override;
  /// Drops a partial message; the timestamp history is kept, so loss across the break still counts.
  void on_link_break() noexcept override;
  const DecoderStats& stats() const noexcept override { return stats_; }
  std::string_view protocol() const noexcept override { return "ximu3"; }

  /// Median inertial message period from device timestamps, µs; nullopt before two inertial messages.
  std::optional<std::int64_t> period_estimate_us() const noexcept { return inertial_.period_estimate_us(); }
  const Ximu3MessageCounts& message_counts() const noexcept { return counts_; }

 private:
  enum class Outcome { kAccepted, kMalformed, kUnknown };

  void on_line(std::span<const std::uint8_t> line) noexcept;
  Outcome on_ascii(std::string_view text) noexcept;
  Outcome on_binary(std::span<const std::uint8_t> stuffed) noexcept;
  void count_data_message(char letter) noexcept;
  void on_inertial(std::uint64_t timestamp_us, const float gyro_dps[3], const float accel_g[3]) noexcept;

  DecoderSink& sink_;
  DecoderStats stats_;
  Ximu3MessageCounts counts_;
  LineFramer framer_;
  Ximu3InertialStream inertial_;
  /// Un-stuffed binary message.
  std::array<std::uint8_t, LineFramer::kMaxLineBytes> message_{};
  /// False until the first LF after start or a link break: an unparsable first line is the tail
  /// of a message we joined mid-way, dropped without counting it as malformed.
  bool synced_ = false;
};

}  // namespace runload::bridge
