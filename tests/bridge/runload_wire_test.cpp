// The device-side wire encoder: CRC-32C, COBS and the golden frame of docs/wire_format.md.
#include "runload_wire.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace runload::wire {
namespace {

std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int nibble = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (v < 0) continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

// docs/wire_format.md §"Golden vector" (also PROTOCOLS.md §6.3).
constexpr std::string_view kGoldenFrame =
    "01 01 00 00 2a 00 00 00 34 00 00 00 40 42 0f 00 00 00 00 00 40 06 00 00 68 89 09 00"
    "0a e8 9c 3b 58 a0 8b 3a e6 09 02 00 00 00 00 00 00 08 0a 00 f6 ff 00 00 10 00 f0 ff"
    "02 08 0b 00 f7 ff 01 00 ea 66 18 a5";
constexpr std::string_view kGoldenWire =
    "03 01 01 01 02 2a 01 01 02 34 01 01 04 40 42 0f 01 01 01 01 03 40 06 01 04 68 89 09"
    "0c 0a e8 9c 3b 58 a0 8b 3a e6 09 02 01 01 01 01 01 03 08 0a 03 f6 ff 01 02 10 06 f0 ff"
    "02 08 0b 04 f7 ff 01 05 ea 66 18 a5 00";

TEST(Crc32cTest, MatchesTheStandardCheckValue) {
  // GIVEN the CRC catalogue's check input  THEN CRC-32C is 0xE3069283 (RFC 3720 / PROTOCOLS §5).
  constexpr std::string_view kCheck = "123456789";
  EXPECT_EQ(crc32c(reinterpret_cast<const std::uint8_t*>(kCheck.data()), kCheck.size()), 0xE3069283u);
  EXPECT_EQ(crc32c(nullptr, 0), 0u);
}

TEST(Crc32cTest, IncrementalEqualsOneShotForEverySplit) {
  std::vector<std::uint8_t> data(100);
  std::mt19937 rng(7);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  const std::uint32_t whole = crc32c(data.data(), data.size());
  for (std::size_t split = 0; split <= data.size(); ++split) {
    const std::uint32_t head = crc32c(data.data(), split);
    EXPECT_EQ(crc32c(data.data() + split, data.size() - split, head), whole) << "split " << split;
  }
}

TEST(CobsTest, RoundTripsRandomFramesOfEverySizeUpToTheMaximum) {
  std::mt19937 rng(11);
  std::vector<std::uint8_t> in, enc(kMaxWireBytes), dec(kMaxFrameBytes);
  for (std::size_t size = 0; size <= kMaxFrameBytes; size += 7) {
    in.resize(size);
    // Many zeros, and long zero-free runs, to exercise both code paths.
    for (auto& b : in) b = (rng() % 4 == 0) ? 0 : static_cast<std::uint8_t>(rng());
    const std::size_t n = cobs_encode(in.data(), in.size(), enc.data(), enc.size());
    ASSERT_GT(n, 0u);
    for (std::size_t i = 0; i < n; ++i) ASSERT_NE(enc[i], 0) << "encoded data must be zero-free";
    const std::size_t m = cobs_decode(enc.data(), n, dec.data(), dec.size());
    ASSERT_EQ(m, size);
    EXPECT_TRUE(std::equal(in.begin(), in.end(), dec.begin()));
  }
}

TEST(CobsTest, HandlesZeroFreeRunsAcrossThe254ByteBoundary) {
  std::vector<std::uint8_t> in(600, 0x55), enc(700), dec(700);
  for (std::size_t size : {253u, 254u, 255u, 508u, 600u}) {
    const std::size_t n = cobs_encode(in.data(), size, enc.data(), enc.size());
    ASSERT_EQ(cobs_decode(enc.data(), n, dec.data(), dec.size()), size);
  }
}

TEST(CobsTest, RejectsInvalidInputWithoutWritingPastTheBuffer) {
  std::array<std::uint8_t, 8> out{};
  const std::array<std::uint8_t, 3> with_zero{0x03, 0x00, 0x01};
  EXPECT_EQ(cobs_decode(with_zero.data(), with_zero.size(), out.data(), out.size()), 0u);
  const std::array<std::uint8_t, 2> code_past_end{0x05, 0x01};
  EXPECT_EQ(cobs_decode(code_past_end.data(), code_past_end.size(), out.data(), out.size()), 0u);
  std::array<std::uint8_t, 20> long_run{};
  long_run.fill(0x11);
  long_run[0] = 20;
  EXPECT_EQ(cobs_decode(long_run.data(), long_run.size(), out.data(), out.size()), 0u) << "out_cap bound";
}

TEST(WireEncoderTest, ProducesTheGoldenVector) {
  // GIVEN the documented inputs (seq 42, t 1 s, index 1600, 1600 Hz, ±16 g / ±2000 dps, 25.34 °C)
  ImuBatchHeader batch;
  batch.t_first_us = 1'000'000;
  batch.first_sample_index = 1600;
  batch.sample_period_ns = 625'000;
  batch.accel_scale_mps2_per_lsb = 9.80665f / 2048.0f;
  batch.gyro_scale_radps_per_lsb = (2000.0f / 32768.0f) * 3.14159265358979f / 180.0f;
  batch.temp_cdeg = 2534;
  batch.n_samples = 2;
  batch.layout = ImuLayout::kAccelGyro;
  const std::array<std::int16_t, 12> samples{0, 0, 2048, 10, -10, 0, 16, -16, 2050, 11, -9, 1};
  ImuFrameEncoder encoder(/*stream_id=*/0);
  encoder.set_next_seq(42);
  std::array<std::uint8_t, kMaxWireBytes> out{};
  // WHEN encoded
  const std::size_t n = encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), out.size());
  // THEN the wire bytes equal the golden vector, and decoding them gives the golden frame
  const auto wire = hex(kGoldenWire);
  ASSERT_EQ(n, wire.size());
  EXPECT_TRUE(std::equal(wire.begin(), wire.end(), out.begin()));
  std::array<std::uint8_t, kMaxFrameBytes> frame{};
  const std::size_t m = cobs_decode(out.data(), n - 1, frame.data(), frame.size());
  const auto golden_frame = hex(kGoldenFrame);
  ASSERT_EQ(m, golden_frame.size());
  EXPECT_TRUE(std::equal(golden_frame.begin(), golden_frame.end(), frame.begin()));
  EXPECT_EQ(get_u32(frame.data() + m - 4), 0xA51866EAu);
  EXPECT_EQ(encoder.next_seq(), 43u);
}

TEST(WireEncoderTest, RefusesBadBatchesAndSmallBuffers) {
  ImuBatchHeader batch;
  batch.n_samples = 0;
  std::array<std::int16_t, 9 * 65> samples{};
  std::array<std::uint8_t, kMaxWireBytes> out{};
  ImuFrameEncoder encoder(0);
  EXPECT_EQ(encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), out.size()), 0u);
  batch.n_samples = 65;
  EXPECT_EQ(encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), out.size()), 0u);
  batch.n_samples = 64;
  batch.layout = static_cast<ImuLayout>(7);
  EXPECT_EQ(encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), out.size()), 0u);
  batch.layout = ImuLayout::kAccelGyro;
  EXPECT_EQ(encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), 100), 0u);
  EXPECT_EQ(encoder.next_seq(), 0u) << "a failed encode must not consume a sequence number";
  EXPECT_GT(encoder.encode_imu_batch(batch, samples.data(), 0, out.data(), out.size()), 0u);
}

}  // namespace
}  // namespace runload::wire
