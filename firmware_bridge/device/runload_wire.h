#pragma once
/// runload wire protocol v1 — the device side (docs/wire_format.md).
///
/// Freestanding C++: <cstddef>/<cstdint> only; no allocation, no exceptions, no RTTI, no globals
/// with constructors. Firmware compiles these two files as they are; the host decoder reuses the
/// same CRC-32C and COBS routines so both ends share one implementation.
///
/// Frame on the wire:  COBS( header[12] | payload[payload_len] | crc32c[4] ) 0x00
/// All multi-byte fields little-endian.
#include <cstddef>
#include <cstdint>

namespace runload::wire {

inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::size_t kCrcBytes = 4;
/// Largest decoded frame (header + payload + CRC).
inline constexpr std::size_t kMaxFrameBytes = 1024;
inline constexpr std::size_t kMaxPayloadBytes = kMaxFrameBytes - kHeaderBytes - kCrcBytes;
/// Largest encoded frame including the 0x00 delimiter: COBS adds 1 byte per 254 plus 1.
inline constexpr std::size_t kMaxWireBytes = kMaxFrameBytes + kMaxFrameBytes / 254 + 2;

enum class FrameType : std::uint8_t {
  kImuBatchI16 = 0x01,
  kProtobuf = 0x02,
  kDeviceInfo = 0x10,
  kStatus = 0x11,
  kCommand = 0x20,
  kResponse = 0x21,
  kBleNotification = 0x30,
  kForeignStream = 0x31,
  kLogText = 0x7E,
};

enum FrameFlags : std::uint8_t {
  kFlagOverflow = 1u << 0,     ///< the device's buffer overflowed before this frame
  kFlagClipped = 1u << 1,      ///< a sample in this frame hit the sensor's range
  kFlagTimeSynced = 1u << 2,   ///< t_first_us is synchronised to a reference
  kFlagLastFrame = 1u << 3,    ///< the last frame before the device stops streaming
};

struct FrameHeader {
  std::uint8_t version = kVersion;
  FrameType type = FrameType::kImuBatchI16;
  std::uint8_t stream_id = 0;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0;
  std::uint16_t payload_len = 0;
};

/// IMU_BATCH_I16 payload layout codes.
enum class ImuLayout : std::uint8_t { kAccelGyro = 0, kAccelOnly = 1, kAccelGyroHighG = 2 };
inline constexpr std::size_t kImuBatchFixedBytes = 28;
inline constexpr std::size_t kMaxSamplesPerBatch = 64;
inline constexpr std::int16_t kTempNotAvailable = static_cast<std::int16_t>(-32768);

/// Number of int16 channels per sample for a layout (0 for an unknown layout).
constexpr std::size_t channels_per_sample(ImuLayout layout) {
  switch (layout) {
    case ImuLayout::kAccelGyro: return 6;
    case ImuLayout::kAccelOnly: return 3;
    case ImuLayout::kAccelGyroHighG: return 9;
  }
  return 0;
}

/// IMU_BATCH_I16 fixed fields (payload bytes 0..27).
struct ImuBatchHeader {
  std::uint64_t t_first_us = 0;            ///< device µs of sample 0
  std::uint32_t first_sample_index = 0;    ///< running sample counter of sample 0
  std::uint32_t sample_period_ns = 0;      ///< configured ODR period
  float accel_scale_mps2_per_lsb = 0.0f;
  float gyro_scale_radps_per_lsb = 0.0f;
  std::int16_t temp_cdeg = kTempNotAvailable;
  std::uint8_t n_samples = 0;              ///< 1..64
  ImuLayout layout = ImuLayout::kAccelGyro;
};

/// CRC-32C (Castagnoli; reflected poly 0x82F63B78, init and xorout 0xFFFFFFFF).
/// crc32c("123456789") == 0xE3069283. Pass the previous result as `crc` to continue.
std::uint32_t crc32c(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0) noexcept;

/// COBS-encodes `size` bytes into `out` (no delimiter written). Returns the encoded size, or 0
/// when `out_cap` is too small. `out` must not overlap `in`.
std::size_t cobs_encode(const std::uint8_t* in, std::size_t size, std::uint8_t* out, std::size_t out_cap) noexcept;

/// COBS-decodes `size` bytes (no delimiter) into `out`. Returns the decoded size, or 0 when the
/// input is not valid COBS (a zero byte, a code running past the end) or `out_cap` is too small.
/// `out` may equal `in` (in-place decoding).
std::size_t cobs_decode(const std::uint8_t* in, std::size_t size, std::uint8_t* out, std::size_t out_cap) noexcept;

/// Builds a complete wire frame (COBS + 0x00) from a header and payload into `out`.
/// `header.payload_len` is set from `payload_size`. Returns the bytes written, 0 on any error
/// (payload too large, buffer too small). `scratch` holds the unencoded frame (>= 16 + payload).
std::size_t encode_frame(const FrameHeader& header, const std::uint8_t* payload, std::size_t payload_size,
                         std::uint8_t* scratch, std::size_t scratch_cap, std::uint8_t* out,
                         std::size_t out_cap) noexcept;

/// Writes an IMU_BATCH_I16 payload: the fixed fields then n_samples x channels int16 LE values
/// taken from `samples` (row-major, sample by sample). Returns the payload size, 0 on error.
std::size_t encode_imu_batch_payload(const ImuBatchHeader& batch, const std::int16_t* samples,
                                     std::uint8_t* out, std::size_t out_cap) noexcept;

/// A device-side streaming helper: owns the frame counter and the scratch buffers, so firmware
/// only calls encode_imu_batch() per FIFO read. No allocation; ~2.3 KiB of state.
class ImuFrameEncoder {
 public:
  explicit ImuFrameEncoder(std::uint8_t stream_id) noexcept : stream_id_(stream_id) {}
  /// Encodes one batch as a wire frame into `out` and advances seq. Returns bytes written or 0.
  std::size_t encode_imu_batch(const ImuBatchHeader& batch, const std::int16_t* samples, std::uint8_t flags,
                               std::uint8_t* out, std::size_t out_cap) noexcept;
  std::uint32_t next_seq() const noexcept { return seq_; }
  void set_next_seq(std::uint32_t seq) noexcept { seq_ = seq; }

 private:
  std::uint8_t stream_id_;
  std::uint32_t seq_ = 0;
  std::uint8_t payload_[kMaxPayloadBytes] = {};
  std::uint8_t frame_[kMaxFrameBytes] = {};
};

// ---- little-endian helpers (shared with the host decoder) ----
inline void put_u16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
inline void put_u32(std::uint8_t* p, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline void put_u64(std::uint8_t* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline std::uint16_t get_u16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::uint32_t get_u32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
inline std::uint64_t get_u64(const std::uint8_t* p) noexcept {
  return static_cast<std::uint64_t>(get_u32(p)) | (static_cast<std::uint64_t>(get_u32(p + 4)) << 32);
}
void put_f32(std::uint8_t* p, float v) noexcept;
float get_f32(const std::uint8_t* p) noexcept;

}  // namespace runload::wire
