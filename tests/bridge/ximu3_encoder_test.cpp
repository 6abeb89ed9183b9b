// x-IMU3 encoder: SI -> wire and back through the decoder.
#include "runload/bridge/ximu3_encoder.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "runload/bridge/ximu3_decoder.h"
#include "testing/collecting_sink.h"

namespace runload::bridge {
namespace {

using testing::CollectingSink;

signal::ImuSample random_sample(std::mt19937& rng, std::int64_t t_us) {
  std::uniform_real_distribution<float> accel(-150.0f, 150.0f), gyro(-30.0f, 30.0f);
  signal::ImuSample s;
  s.t_device = signal::device_time_from_us(t_us);
  s.accel_sensor_mps2 = signal::Vec3f(accel(rng), accel(rng), accel(rng));
  s.gyro_sensor_radps = signal::Vec3f(gyro(rng), gyro(rng), gyro(rng));
  return s;
}

TEST(Ximu3EncoderTest, BinarySiRoundTripWithinFloatRounding) {
  // GIVEN seeded random SI samples; WHEN encoded binary (SI -> g, deg/s) and decoded (-> SI)
  std::mt19937 rng(1);
  CollectingSink sink;
  Ximu3Decoder d(sink);
  std::vector<signal::ImuSample> in;
  std::uint8_t buf[kXimu3InertialBinaryMaxWireBytes];
  for (int k = 0; k < 2000; ++k) {
    in.push_back(random_sample(rng, 1'000'000 + 2'500 * k));
    d.push(std::span<const std::uint8_t>(buf, encode_ximu3_inertial_binary(in.back(), buf)));
  }
  // THEN values agree within 4 float ulps (two scalings, each rounding once: relative 2^-22)
  ASSERT_EQ(sink.samples.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    for (int a = 0; a < 3; ++a) {
      EXPECT_NEAR(sink.samples[i].accel_sensor_mps2[a], in[i].accel_sensor_mps2[a], std::abs(in[i].accel_sensor_mps2[a]) * 2.4e-7f);
      EXPECT_NEAR(sink.samples[i].gyro_sensor_radps[a], in[i].gyro_sensor_radps[a], std::abs(in[i].gyro_sensor_radps[a]) * 2.4e-7f);
    }
    EXPECT_EQ(sink.samples[i].t_device, in[i].t_device);
    EXPECT_EQ(sink.samples[i].index_samples, i);
  }
  EXPECT_EQ(d.stats().malformed, 0u);
}

TEST(Ximu3EncoderTest, AsciiHasFourDecimals) {
  // GIVEN gyro 1 rad/s about x and 1 g on z; WHEN encoded as ASCII; THEN 57.2958 deg/s and 1.0000 g
  signal::ImuSample s;
  s.t_device = signal::device_time_from_us(42);
  s.gyro_sensor_radps = signal::Vec3f(1.0f, 0.0f, -0.5f);
  s.accel_sensor_mps2 = signal::Vec3f(0.0f, 0.0f, signal::kStandardGravity_mps2);
  std::uint8_t buf[kXimu3InertialAsciiMaxWireBytes];
  const std::size_t n = encode_ximu3_inertial_ascii(s, buf);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf), n), "I,42,57.2958,0.0000,-28.6479,0.0000,0.0000,1.0000\n");
}

TEST(Ximu3EncoderTest, TooSmallBufferWritesNothing) {
  signal::ImuSample s;
  std::uint8_t buf[10];
  EXPECT_EQ(encode_ximu3_inertial_binary(s, buf), 0u);
  EXPECT_EQ(encode_ximu3_inertial_ascii(s, buf), 0u);
}

}  // namespace
}  // namespace runload::bridge
