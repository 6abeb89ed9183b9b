// Xbus encoder: frames, checksum, extended length, SI round trip through the decoder.
#include "runload/bridge/xbus_encoder.h"

#include <gtest/gtest.h>

#include <vector>

#include "runload/bridge/xbus_decoder.h"
#include "testing/collecting_sink.h"

namespace runload::bridge {
namespace {

using testing::CollectingSink;

TEST(XbusEncoderTest, CommandFramesMatchTheProtocolReference) {
  // GIVEN GoToConfig and GoToMeasurement (PROTOCOLS.md §3); THEN the documented bytes
  std::uint8_t buf[8];
  ASSERT_EQ(encode_xbus_message(0xFF, 0x30, {}, buf), 5u);
  EXPECT_EQ(std::vector<std::uint8_t>(buf, buf + 5), (std::vector<std::uint8_t>{0xFA, 0xFF, 0x30, 0x00, 0xD1}));
  ASSERT_EQ(encode_xbus_message(0xFF, 0x10, {}, buf), 5u);
  EXPECT_EQ(std::vector<std::uint8_t>(buf, buf + 5), (std::vector<std::uint8_t>{0xFA, 0xFF, 0x10, 0x00, 0xF1}));
}

TEST(XbusEncoderTest, ExtendedLengthAndChecksum) {
  // GIVEN a 255-byte payload; THEN LEN = 0xFF, EXT = 00 FF, and sum(BID..CS) = 0 mod 256
  const std::vector<std::uint8_t> payload(255, 0x11);
  std::vector<std::uint8_t> out(300);
  const std::size_t n = encode_xbus_message(0xFF, 0x36, payload, out);
  ASSERT_EQ(n, 6u + 255u + 1u);
  EXPECT_EQ(out[3], 0xFF);
  EXPECT_EQ(out[4], 0x00);
  EXPECT_EQ(out[5], 0xFF);
  unsigned sum = 0;
  for (std::size_t i = 1; i < n; ++i) sum += out[i];
  EXPECT_EQ(sum % 256u, 0u);
  EXPECT_EQ(encode_xbus_message(0xFF, 0x36, payload, std::span<std::uint8_t>(out.data(), 100)), 0u);
}

TEST(XbusEncoderTest, SiSampleRoundTripsExactly) {
  // GIVEN SI samples (Xbus wire units are SI, so no scaling); WHEN encoded and decoded
  CollectingSink sink;
  XbusDecoder d(sink);
  std::vector<signal::ImuSample> in;
  std::uint8_t buf[kXbusImuMessageMaxBytes];
  for (int k = 0; k < 1000; ++k) {
    signal::ImuSample s;
    s.index_samples = 65000u + static_cast<std::uint64_t>(k);  // crosses the u16 wrap
    s.t_device = signal::device_time_from_us(10'000'000 + 1000 * k);
    s.accel_sensor_mps2 = signal::Vec3f(0.1f * static_cast<float>(k), -9.81f, 1.0f / 3.0f);
    s.gyro_sensor_radps = signal::Vec3f(-0.01f * static_cast<float>(k), 0.5f, 2.0f / 3.0f);
    in.push_back(s);
    const std::size_t n = encode_xbus_mtdata2(s, buf);
    ASSERT_EQ(n, kXbusImuMessageMaxBytes);
    d.push(std::span<const std::uint8_t>(buf, n));
  }
  // THEN values and times are exact; indices count sample periods from the first sample, without
  // a jump where the packet counter wraps 65535 -> 0
  ASSERT_EQ(sink.samples.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(sink.samples[i].accel_sensor_mps2, in[i].accel_sensor_mps2);
    EXPECT_EQ(sink.samples[i].gyro_sensor_radps, in[i].gyro_sensor_radps);
    EXPECT_EQ(sink.samples[i].t_device, in[i].t_device);
    EXPECT_EQ(sink.samples[i].index_samples, in[i].index_samples - in[0].index_samples);
  }
  EXPECT_EQ(d.stats().checksum_errors + d.stats().lost_frames, 0u);
}

TEST(XbusEncoderTest, AccelOnlySampleOmitsRateOfTurn) {
  signal::ImuSample s;
  s.channels = signal::kChannelAccel;
  std::uint8_t buf[kXbusImuMessageMaxBytes];
  EXPECT_EQ(encode_xbus_mtdata2(s, buf), kXbusImuMessageMaxBytes - 15u);
}

}  // namespace
}  // namespace runload::bridge
