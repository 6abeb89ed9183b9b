#include "runload_wire.h"

#include <bit>

namespace runload::wire {
namespace {

constexpr std::uint32_t kCrc32cPolyReflected = 0x82F63B78u;

// Slicing-by-8 tables: table[0] is the classic byte table; table[k][b] advances b by k more zero
// bytes. 8 KiB of flash on a device; ~1 byte/cycle on a host.
struct Crc32cTables {
  std::uint32_t t[8][256];
};

constexpr Crc32cTables make_crc32c_tables() {
  Crc32cTables tables{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t crc = b;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ kCrc32cPolyReflected : crc >> 1;
    tables.t[0][b] = crc;
  }
  for (std::uint32_t b = 0; b < 256; ++b) {
    for (int k = 1; k < 8; ++k) {
      const std::uint32_t prev = tables.t[k - 1][b];
      tables.t[k][b] = (prev >> 8) ^ tables.t[0][prev & 0xFFu];
    }
  }
  return tables;
}

constexpr Crc32cTables kCrcTables = make_crc32c_tables();

}  // namespace

void put_f32(std::uint8_t* p, float v) noexcept { put_u32(p, std::bit_cast<std::uint32_t>(v)); }
float get_f32(const std::uint8_t* p) noexcept { return std::bit_cast<float>(get_u32(p)); }

std::uint32_t crc32c(const std::uint8_t* data, std::size_t size, std::uint32_t crc) noexcept {
  const auto& t = kCrcTables.t;
  crc = ~crc;
  while (size >= 8) {
    const std::uint32_t lo = get_u32(data) ^ crc;
    const std::uint32_t hi = get_u32(data + 4);
    crc = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
          t[3][hi & 0xFFu] ^ t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
    data += 8;
    size -= 8;
  }
  while (size-- > 0) crc = (crc >> 8) ^ t[0][(crc ^ *data++) & 0xFFu];
  return ~crc;
}

std::size_t cobs_encode(const std::uint8_t* in, std::size_t size, std::uint8_t* out, std::size_t out_cap) noexcept {
  // Worst case: one code byte per 254 data bytes, plus the first.
  if (out_cap < size + size / 254 + 1) return 0;
  std::size_t code_pos = 0;
  std::size_t write = 1;
  std::uint8_t code = 1;
  for (std::size_t i = 0; i < size; ++i) {
    if (in[i] == 0) {
      out[code_pos] = code;
      code_pos = write++;
      code = 1;
      continue;
    }
    out[write++] = in[i];
    if (++code == 0xFF) {  // a full 254-byte block: close it without an implied zero
      out[code_pos] = code;
      code_pos = write++;
      code = 1;
    }
  }
  out[code_pos] = code;
  return write;
}

std::size_t cobs_decode(const std::uint8_t* in, std::size_t size, std::uint8_t* out, std::size_t out_cap) noexcept {
  std::size_t read = 0;
  std::size_t write = 0;
  while (read < size) {
    const std::uint8_t code = in[read++];
    if (code == 0) return 0;
    const std::size_t run = code - 1u;
    if (read + run > size || write + run > out_cap) return 0;
    for (std::size_t i = 0; i < run; ++i) {
      const std::uint8_t b = in[read + i];
      if (b == 0) return 0;
      out[write + i] = b;
    }
    read += run;
    write += run;
    // A code below 0xFF implies a zero, except after the final block.
    if (code != 0xFF && read < size) {
      if (write >= out_cap) return 0;
      out[write++] = 0;
    }
  }
  return write;
}

std::size_t encode_frame(const FrameHeader& header, const std::uint8_t* payload, std::size_t payload_size,
                         std::uint8_t* scratch, std::size_t scratch_cap, std::uint8_t* out,
                         std::size_t out_cap) noexcept {
  const std::size_t frame_size = kHeaderBytes + payload_size + kCrcBytes;
  if (payload_size > kMaxPayloadBytes || scratch_cap < frame_size) return 0;
  scratch[0] = header.version;
  scratch[1] = static_cast<std::uint8_t>(header.type);
  scratch[2] = header.stream_id;
  scratch[3] = header.flags;
  put_u32(scratch + 4, header.seq);
  put_u16(scratch + 8, static_cast<std::uint16_t>(payload_size));
  put_u16(scratch + 10, 0);  // reserved: keeps the payload 4-byte aligned
  for (std::size_t i = 0; i < payload_size; ++i) scratch[kHeaderBytes + i] = payload[i];
  put_u32(scratch + kHeaderBytes + payload_size, crc32c(scratch, kHeaderBytes + payload_size));
  if (out_cap < 1) return 0;
  const std::size_t encoded = cobs_encode(scratch, frame_size, out, out_cap - 1);
  if (encoded == 0) return 0;
  out[encoded] = 0x00;
  return encoded + 1;
}

std::size_t encode_imu_batch_payload(const ImuBatchHeader& batch, const std::int16_t* samples,
                                     std::uint8_t* out, std::size_t out_cap) noexcept {
  const std::size_t channels = channels_per_sample(batch.layout);
  if (channels == 0 || batch.n_samples == 0 || batch.n_samples > kMaxSamplesPerBatch) return 0;
  const std::size_t values = channels * batch.n_samples;
  const std::size_t size = kImuBatchFixedBytes + 2 * values;
  if (size > out_cap || size > kMaxPayloadBytes) return 0;
  put_u64(out + 0, batch.t_first_us);
  put_u32(out + 8, batch.first_sample_index);
  put_u32(out + 12, batch.sample_period_ns);
  put_f32(out + 16, batch.accel_scale_mps2_per_lsb);
  put_f32(out + 20, batch.gyro_scale_radps_per_lsb);
  put_u16(out + 24, static_cast<std::uint16_t>(batch.temp_cdeg));
  out[26] = batch.n_samples;
  out[27] = static_cast<std::uint8_t>(batch.layout);
  for (std::size_t i = 0; i < values; ++i) {
    put_u16(out + kImuBatchFixedBytes + 2 * i, static_cast<std::uint16_t>(samples[i]));
  }
  return size;
}

std::size_t ImuFrameEncoder::encode_imu_batch(const ImuBatchHeader& batch, const std::int16_t* samples,
                                              std::uint8_t flags, std::uint8_t* out,
                                              std::size_t out_cap) noexcept {
  const std::size_t payload_size = encode_imu_batch_payload(batch, samples, payload_, sizeof payload_);
  if (payload_size == 0) return 0;
  FrameHeader header;
  header.type = FrameType::kImuBatchI16;
  header.stream_id = stream_id_;
  header.flags = flags;
  header.seq = seq_;
  const std::size_t written = encode_frame(header, payload_, payload_size, frame_, sizeof frame_, out, out_cap);
  if (written != 0) ++seq_;
  return written;
}

}  // namespace runload::wire
