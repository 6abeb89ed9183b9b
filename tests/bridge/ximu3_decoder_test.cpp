// Ximu3Decoder: the x-IMU3 byte stream (ASCII, binary, JSON, mux), manual examples, real-data
// re-encoding and leveldb-style parser fault tests.
#include "runload/bridge/ximu3_decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "runload/bridge/sample_convert.h"
#include "runload/bridge/ximu3_encoder.h"
#include "runload/bridge/ximu3_stuffing.h"
#include "testing/chunking.h"
#include "testing/paths.h"

namespace runload::bridge {
namespace {

using Bytes = std::vector<std::uint8_t>;

using testing::CollectingSink;

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes hex(std::string_view text) {
  Bytes out;
  std::istringstream in{std::string(text)};
  std::string token;
  while (in >> token) out.push_back(static_cast<std::uint8_t>(std::stoul(token, nullptr, 16)));
  return out;
}


/// Inertial.csv rows as wire-unit messages (values parsed with strtof: correctly rounded, as from_chars).
std::vector<Ximu3Inertial> inertial_csv_rows() {
  std::ifstream in(runload::testing::shared_datasets() / "captures/x-imu3/Inertial.csv");
  std::vector<Ximu3Inertial> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    Ximu3Inertial m;
    const char* p = line.c_str();
    char* end = nullptr;
    m.timestamp_us = std::strtoull(p, &end, 10);
    for (float& v : m.gyro_dps) v = std::strtof(end + 1, &end);
    for (float& v : m.accel_g) v = std::strtof(end + 1, &end);
    rows.push_back(m);
  }
  return rows;
}

Bytes binary_stream(const std::vector<Ximu3Inertial>& rows) {
  Bytes out;
  std::uint8_t buf[kXimu3InertialBinaryMaxWireBytes];
  for (const auto& r : rows) {
    const std::size_t n = encode_ximu3_inertial_binary(r, buf);
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

/// Decoder + sink in one: the leveldb log_test fixture shape.
class Ximu3DecoderTest : public ::testing::Test {
 protected:
  void write(const Bytes& b) { decoder_.push(b); }
  void write(std::string_view s) { write(bytes_of(s)); }
  const DecoderStats& stats() const { return decoder_.stats(); }
  CollectingSink sink_;
  Ximu3Decoder decoder_{sink_};
};

// --- x-IMU3 user manual examples --------------------------------------------------------------

// Byte stuffing examples 1-4: x-IMU3 user manual, "Byte stuffing" table
// (github.com/xioTechnologies/x-IMU3-User-Manual, Sections/communicationProtocol.tex, commit 079ae31).
TEST(Ximu3StuffingTest, ManualByteStuffingExamplesRoundTrip) {
  const std::vector<std::pair<std::string, std::string>> examples = {
      {"45 58 41 4D 50 4C 45", "45 58 41 4D 50 4C 45"},
      {"45 0A 41 4D 50 4C 45", "45 DB DC 41 4D 50 4C 45"},
      {"45 58 DB 4D 50 4C 45", "45 58 DB DD 4D 50 4C 45"},
      {"45 58 41 4D 50 DB 0A", "45 58 41 4D 50 DB DD DB DC"},
  };
  for (const auto& [before, after] : examples) {
    // GIVEN a manual example; WHEN stuffed / unstuffed; THEN exactly the manual's bytes
    const Bytes raw = hex(before), stuffed = hex(after);
    Bytes out(2 * raw.size());
    const auto n = ximu3_stuff(raw, out);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n)), stuffed) << before;
    Bytes back(stuffed.size());
    const auto m = ximu3_unstuff(stuffed, back);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(Bytes(back.begin(), back.begin() + static_cast<std::ptrdiff_t>(*m)), raw) << after;
  }
}

TEST(Ximu3StuffingTest, InvalidEscapesAreRejected) {
  Bytes out(8);
  EXPECT_FALSE(ximu3_unstuff(hex("45 DB"), out).has_value());     // escape as the last byte
  EXPECT_FALSE(ximu3_unstuff(hex("45 DB 00 46"), out).has_value());  // escape of nothing valid
  EXPECT_FALSE(ximu3_stuff(hex("0A 0A"), std::span<std::uint8_t>(out.data(), 3)).has_value());  // no room
}

// Inertial message example: x-IMU3 user manual, "Inertial message" (same file as above), identical
// to PROTOCOLS.md §2: ts = 1 s, gyro 0, accel (0, 0, 1 g).
TEST_F(Ximu3DecoderTest, ManualInertialAsciiExampleDecodesExactly) {
  // GIVEN the manual's ASCII example; WHEN decoded
  write("I,1000000,0.0000,0.0000,0.0000,0.0000,0.0000,1.0000\n");
  // THEN one sample at t = 1 s, accel z = 1 g exactly in m/s² (sample_convert's standard gravity)
  ASSERT_EQ(sink_.samples.size(), 1u);
  const auto& s = sink_.samples[0];
  EXPECT_EQ(signal::to_us(s.t_device), 1'000'000);
  EXPECT_EQ(s.index_samples, 0u);
  EXPECT_EQ(s.gyro_sensor_radps, signal::Vec3f::Zero());
  EXPECT_EQ(s.accel_sensor_mps2, signal::Vec3f(0.0f, 0.0f, signal::kStandardGravity_mps2));
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(stats().malformed, 0u);
}

TEST_F(Ximu3DecoderTest, ManualInertialBinaryExampleDecodesExactly) {
  // GIVEN the manual's / PROTOCOLS.md §2 34-byte binary example
  const Bytes example = hex("C9 40 42 0F 00 00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00"
                            " 00 00 00 00  00 00 00 00  00 00 80 3F 0A");
  ASSERT_EQ(example.size(), 34u);
  write(example);
  ASSERT_EQ(sink_.samples.size(), 1u);
  EXPECT_EQ(signal::to_us(sink_.samples[0].t_device), 1'000'000);
  EXPECT_EQ(sink_.samples[0].accel_sensor_mps2, signal::Vec3f(0.0f, 0.0f, signal::kStandardGravity_mps2));
  EXPECT_EQ(sink_.samples[0].gyro_sensor_radps, signal::Vec3f::Zero());
  // AND our encoder produces exactly these bytes
  Ximu3Inertial m;
  m.timestamp_us = 1'000'000;
  m.accel_g[2] = 1.0f;
  Bytes out(kXimu3InertialBinaryMaxWireBytes);
  out.resize(encode_ximu3_inertial_binary(m, out));
  EXPECT_EQ(out, example);
  Bytes ascii(kXimu3InertialAsciiMaxWireBytes);
  ascii.resize(encode_ximu3_inertial_ascii(m, ascii));
  EXPECT_EQ(ascii, bytes_of("I,1000000,0.0000,0.0000,0.0000,0.0000,0.0000,1.0000\n"));
}

// All other data message examples of the manual (same file): each must be accepted as one frame.
// Note: the manual's Temperature binary example prints 25.0f as "00 00 41 C8" (big-endian order, an
// erratum; LE would be 00 00 C8 41); the length is right, and we do not decode temperature values.
TEST_F(Ximu3DecoderTest, ManualDataMessageExamplesAreAllAccepted) {
  const char* ts = "40 42 0F 00 00 00 00 00 ";
  const std::vector<std::string> binary = {
      std::string("CD ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 0A",
      std::string("D1 ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 00 00 00 00 0A",
      std::string("D2 ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 3F 00 00 00 00 "
                                "00 00 00 00 00 00 00 00 00 00 80 3F 0A",
      std::string("C1 ") + ts + "00 00 00 00 00 00 00 00 00 00 00 00 0A",
      std::string("CC ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                "00 00 00 00 0A",
      std::string("C5 ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                "00 00 00 00 0A",
      std::string("D5 ") + ts + "00 00 80 3F 00 00 00 00 00 00 00 00 00 00 00 00 0A",
      std::string("C8 ") + ts + "00 00 00 00 00 00 00 00 00 00 80 3F 0A",
      std::string("D4 ") + ts + "00 00 41 C8 0A",
      std::string("C2 ") + ts + "00 00 C8 42 66 66 86 40 00 00 00 40 0A",
      std::string("D7 ") + ts + "00 00 C8 42 00 00 48 C2 0A",
      std::string("D3 ") + ts + "61 62 63 31 32 33 F1 F2 F3 0A",
      std::string("CE ") + ts + "42 75 74 74 6F 6E 20 70 72 65 73 73 65 64 2E 0A",
      std::string("C6 ") + ts + "42 61 74 74 65 72 79 20 65 6D 70 74 79 2E 0A",
  };
  const std::string ascii =
      "M,1000000,1.0000,0.0000,0.0000\n"
      "Q,1000000,1.0000,0.0000,0.0000,0.0000\n"
      "R,1000000,1.0000,0.0000,0.0000,0.0000,1.0000,0.0000,0.0000,0.0000,1.0000\n"
      "A,1000000,0.0000,0.0000,0.0000\n"
      "L,1000000,1.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000\n"
      "E,1000000,1.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000\n"
      "U,1000000,1.0000,0.0000,0.0000,0.0000\n"
      "H,1000000,0.0000,0.0000,1.0000\n"
      "T,1000000,25.0000\n"
      "B,1000000,100.0000,4.2000,2.0000\n"
      "W,1000000,100.000,-50.0000\n"
      "S,1000000,abc123???\n"
      "N,1000000,Button pressed.\n"
      "F,1000000,Battery empty.\n";
  // GIVEN every example, binary then ASCII; WHEN decoded
  for (const auto& b : binary) write(hex(b));
  write(ascii);
  // THEN 28 frames, nothing rejected, no samples (none is inertial)
  EXPECT_EQ(stats().frames, 28u);
  EXPECT_EQ(stats().malformed + stats().unknown + stats().resyncs, 0u);
  EXPECT_EQ(decoder_.message_counts().high_g, 2u);
  EXPECT_EQ(decoder_.message_counts().magnetometer, 2u);
  EXPECT_EQ(decoder_.message_counts().quaternion, 2u);
  EXPECT_TRUE(sink_.samples.empty());
}

TEST_F(Ximu3DecoderTest, JsonCommandResponsesAreCountedNotDecoded) {
  // GIVEN the manual's ping response and Command.json's lines
  write("{\"ping\":{\"interface\":\"USB\",\"name\":\"x-IMU3\",\"sn\":\"01234567\"}}\n");
  write("{\"time\":\"2000-01-23 04:59:47\"}\n{\"apply\":null}\n");
  // THEN three command frames, no samples
  EXPECT_EQ(decoder_.message_counts().command, 3u);
  EXPECT_EQ(stats().frames, 3u);
  EXPECT_TRUE(sink_.samples.empty());
}

TEST_F(Ximu3DecoderTest, MuxMessagesAreCounted) {
  // GIVEN a mux message: '^', channel 0x01, inner ASCII message
  write("^\x01I,1,0,0,0,0,0,1\n");
  EXPECT_EQ(decoder_.message_counts().mux, 1u);
  EXPECT_EQ(stats().frames, 1u);
}

TEST_F(Ximu3DecoderTest, AsciiWithCrLfIsAccepted) {
  write("I,20,1.0,2.0,3.0,0.5,0.25,1.0\r\n");
  ASSERT_EQ(sink_.samples.size(), 1u);
  EXPECT_EQ(stats().malformed, 0u);
}

// --- real data, re-encoded (derived stream: values from a real device, bytes from our encoder) --

TEST_F(Ximu3DecoderTest, BinaryReencodingOfInertialCsvRoundTripsExactly) {
  // GIVEN Inertial.csv re-encoded as binary messages (some timestamps need byte stuffing)
  const auto rows = inertial_csv_rows();
  const Bytes stream = binary_stream(rows);
  EXPECT_GT(stream.size(), rows.size() * 34);  // proof that stuffing occurred
  // WHEN decoded in one push
  write(stream);
  // THEN every row comes back bit-exact (through sample_from_ximu3), with the 4 capture gaps
  ASSERT_EQ(sink_.samples.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto expected = sample_from_ximu3(rows[i].gyro_dps, rows[i].accel_g, 0, 0);
    EXPECT_EQ(sink_.samples[i].accel_sensor_mps2, expected.accel_sensor_mps2) << i;
    EXPECT_EQ(sink_.samples[i].gyro_sensor_radps, expected.gyro_sensor_radps) << i;
    EXPECT_EQ(static_cast<std::uint64_t>(signal::to_us(sink_.samples[i].t_device)), rows[i].timestamp_us);
  }
  EXPECT_EQ(stats().frames, rows.size());
  EXPECT_EQ(stats().frame_gaps, 4u);
  EXPECT_EQ(stats().lost_samples, 4u);
  EXPECT_EQ(sink_.samples.back().index_samples, rows.size() + 4 - 1);
  EXPECT_NEAR(static_cast<double>(*decoder_.period_estimate_us()), 19'990.0, 5.0);  // SOURCE.md
  EXPECT_EQ(stats().malformed + stats().checksum_errors + stats().resyncs, 0u);
  EXPECT_FALSE(stats().seq_first.has_value());
  EXPECT_FALSE(stats().seq_last.has_value());
}

TEST_F(Ximu3DecoderTest, DeviceRestartCarriesTheDeviceTimeOn) {
  // GIVEN the capture, then the same capture again from a device whose clock restarted near 0
  auto rows = inertial_csv_rows();
  const std::size_t n = rows.size();
  const std::uint64_t t0 = rows.front().timestamp_us;
  for (std::size_t i = 0; i < n; ++i) rows.push_back(rows[i]), rows.back().timestamp_us -= t0 - 1000u;
  write(binary_stream(rows));
  // THEN all samples arrive, one restart is counted, and device time never goes back
  ASSERT_EQ(sink_.samples.size(), 2 * n);
  EXPECT_EQ(stats().restarts, 1u);
  for (std::size_t i = 1; i < sink_.samples.size(); ++i) {
    ASSERT_GT(sink_.samples[i].t_device, sink_.samples[i - 1].t_device) << i;
    ASSERT_GT(sink_.samples[i].index_samples, sink_.samples[i - 1].index_samples) << i;
  }
  // AND after the restart the device's own spacing is kept
  EXPECT_EQ(signal::to_us(sink_.samples[n + 1].t_device) - signal::to_us(sink_.samples[n].t_device),
            static_cast<std::int64_t>(rows[n + 1].timestamp_us - rows[n].timestamp_us));
}

TEST_F(Ximu3DecoderTest, AsciiReencodingOfInertialCsvMatchesWithinFourDecimals) {
  // GIVEN Inertial.csv re-encoded as ASCII with 4 decimals (the device's ASCII format)
  const auto rows = inertial_csv_rows();
  Bytes stream;
  std::uint8_t buf[kXimu3InertialAsciiMaxWireBytes];
  for (const auto& r : rows) {
    const std::size_t n = encode_ximu3_inertial_ascii(r, buf);
    stream.insert(stream.end(), buf, buf + n);
  }
  write(stream);
  // THEN values match within half of the 4th decimal (0.5e-4 deg/s, g), converted to SI
  ASSERT_EQ(sink_.samples.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto expected = sample_from_ximu3(rows[i].gyro_dps, rows[i].accel_g, 0, 0);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(sink_.samples[i].accel_sensor_mps2[k], expected.accel_sensor_mps2[k], 0.51e-4 * 9.80665);
      EXPECT_NEAR(sink_.samples[i].gyro_sensor_radps[k], expected.gyro_sensor_radps[k], 0.51e-4 * 0.0174533);
    }
  }
  EXPECT_EQ(stats().frame_gaps, 4u);
}

// --- parser faults (leveldb log_test style) ---------------------------------------------------

Bytes one_binary(std::uint64_t ts_us, float az_g = 1.0f) {
  Ximu3Inertial m;
  m.timestamp_us = ts_us;
  m.accel_g[2] = az_g;
  Bytes out(kXimu3InertialBinaryMaxWireBytes);
  out.resize(encode_ximu3_inertial_binary(m, out));
  return out;
}

TEST_F(Ximu3DecoderTest, BitFlipInAFloatIsUndetectableWithoutChecksum) {
  // GIVEN a binary message with one flipped mantissa bit; THEN it is accepted: x-IMU3 has no checksum
  Bytes b = one_binary(1'000'000);
  b[30] ^= 0x01;
  write(b);
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(stats().checksum_errors, 0u);
}

TEST_F(Ximu3DecoderTest, FlippedTimestampBitsCostOneSampleEachNotAGapOfTrillions) {
  // GIVEN a 1 kHz stream at 5000 s device time in which three messages have one timestamp bit flipped:
  // bit 50 (35 years ahead), bit 19 (0.52 s ahead) and bit 32 (72 min back)
  const std::uint64_t t0_us = 5'000'000'000;
  const std::map<std::uint64_t, std::uint64_t> flipped = {{20, 1ull << 50}, {50, 1ull << 19}, {80, 1ull << 32}};
  for (std::uint64_t k = 0; k < 100; ++k) {
    const auto it = flipped.find(k);
    write(one_binary((t0_us + 1000 * k) ^ (it == flipped.end() ? 0 : it->second)));
  }
  // THEN each damaged message is dropped as malformed and counted as one lost sample
  EXPECT_EQ(stats().malformed, 3u);
  EXPECT_EQ(stats().lost_samples, 3u);
  EXPECT_EQ(stats().restarts, 0u);
  ASSERT_EQ(sink_.samples.size(), 97u);
  // AND the samples keep the device's time: 99 ms from the first to the last, never going back
  EXPECT_EQ(signal::to_us(sink_.samples.back().t_device) - signal::to_us(sink_.samples.front().t_device), 99'000);
  EXPECT_EQ(sink_.samples.back().index_samples, 99u);
  for (std::size_t i = 1; i < sink_.samples.size(); ++i) {
    ASSERT_GT(sink_.samples[i].t_device, sink_.samples[i - 1].t_device) << i;
  }
}

TEST_F(Ximu3DecoderTest, ARealLongGapIsConfirmedByTheNextMessageAndCountedExactly) {
  // GIVEN a 1 kHz stream that misses 5 s of messages, then goes on
  for (std::uint64_t k = 0; k < 20; ++k) write(one_binary(1'000'000 + 1000 * k));
  for (std::uint64_t k = 5020; k < 5040; ++k) write(one_binary(1'000'000 + 1000 * k));
  // THEN every message is delivered and the 5000 missing samples are counted
  EXPECT_EQ(sink_.samples.size(), 40u);
  EXPECT_EQ(stats().lost_samples, 5000u);
  EXPECT_EQ(stats().malformed, 0u);
  EXPECT_EQ(sink_.samples.back().index_samples, 5039u);
}

TEST_F(Ximu3DecoderTest, ValuesBeyondTheSensorsFullScaleAreMalformed) {
  // GIVEN after a good message, ones whose accelerometer reads 1e30 g, 21 g (a flipped exponent bit) and
  // 16 g (full scale)
  write(one_binary(999'000));
  write(one_binary(1'000'000, 1e30f));
  write(one_binary(1'001'000, 21.0f));
  write(one_binary(1'002'000, 16.0f));
  // THEN only the ones the sensor can produce are delivered
  EXPECT_EQ(stats().malformed, 2u);
  ASSERT_EQ(sink_.samples.size(), 2u);
  EXPECT_FLOAT_EQ(sink_.samples[1].accel_sensor_mps2.z(), 16.0f * 9.80665f);
}

TEST_F(Ximu3DecoderTest, BadLengthIsMalformedAndResyncsAtTheNextLf) {
  // GIVEN a good message, one with a byte missing, and a good one
  write(one_binary(1'000'000));
  Bytes bad = one_binary(1'020'000);
  bad.erase(bad.begin() + 5);
  write(bad);
  write(one_binary(1'040'000));
  // THEN the short one is malformed, the others decode
  EXPECT_EQ(sink_.samples.size(), 2u);
  EXPECT_EQ(stats().malformed, 1u);
  EXPECT_EQ(stats().resyncs, 1u);
  EXPECT_EQ(stats().dropped_bytes, bad.size());
  EXPECT_EQ(stats().checksum_errors, 0u);
}

TEST_F(Ximu3DecoderTest, InvalidEscapeIsMalformed) {
  write(one_binary(1'000'000));
  write(hex("C9 DB 00 0A"));
  EXPECT_EQ(stats().malformed, 1u);
}

TEST_F(Ximu3DecoderTest, UnparsableAsciiIsMalformed) {
  write("I,1000000,0.0000,0.0000,0.0000,0.0000,0.0000,1.0000\n");
  write("I,10x0000,0.0000,0.0000,0.0000,0.0000,0.0000,1.0000\n");  // bad timestamp
  write("I,1020000,0.0000,0.0000,0.0000,0.0000,1.0000\n");         // five arguments
  write("I,1040000,0.0000,0.0000,0.0000,0.0000,nan,1.0000\n");     // not finite
  write("i,1060000\n");                                            // not a message type
  EXPECT_EQ(sink_.samples.size(), 1u);
  EXPECT_EQ(stats().malformed, 4u);
  EXPECT_EQ(stats().resyncs, 4u);
}

TEST_F(Ximu3DecoderTest, UnknownMessageTypesAreCountedAsUnknown) {
  write("Z,1000000,1.0\n");
  write(hex("FF 40 42 0F 00 00 00 00 00 01 02 0A"));
  EXPECT_EQ(stats().unknown, 2u);
  EXPECT_EQ(stats().malformed, 0u);
}

TEST_F(Ximu3DecoderTest, TruncatedTailIsHeldThenDroppedOnLinkBreak) {
  // GIVEN a message without its LF; THEN nothing is decoded yet
  Bytes b = one_binary(1'000'000);
  b.pop_back();
  write(b);
  EXPECT_EQ(stats().frames, 0u);
  // WHEN the link breaks; THEN the partial bytes are dropped and counted
  decoder_.on_link_break();
  EXPECT_EQ(stats().dropped_bytes, b.size());
  EXPECT_EQ(stats().link_breaks, 1u);
  EXPECT_EQ(stats().malformed, 0u);
  // AND the next message decodes normally
  write(one_binary(1'020'000));
  EXPECT_EQ(sink_.samples.size(), 1u);
}

TEST_F(Ximu3DecoderTest, JoiningMidMessageDropsTheTailWithoutCallingItMalformed) {
  // GIVEN the stream is joined inside a message (garbage before the first LF)
  const Bytes b = one_binary(1'000'000);
  write(Bytes(b.begin() + 11, b.end()));
  write(one_binary(1'020'000));
  // THEN the tail is dropped (one resync) and the next message decodes
  EXPECT_EQ(sink_.samples.size(), 1u);
  EXPECT_EQ(stats().malformed, 0u);
  EXPECT_EQ(stats().resyncs, 1u);
  EXPECT_EQ(stats().dropped_bytes, b.size() - 11);
}

TEST_F(Ximu3DecoderTest, OversizeMessageIsDroppedUpToTheNextLf) {
  // GIVEN 5000 bytes without LF (over the 4096-byte bound), then a good message
  write(one_binary(1'000'000));
  write(Bytes(5000, 0x41));
  write(bytes_of("\n"));
  write(one_binary(1'020'000));
  // THEN one oversize, both good messages decode
  EXPECT_EQ(stats().oversize, 1u);
  EXPECT_EQ(stats().dropped_bytes, 5001u);
  EXPECT_EQ(sink_.samples.size(), 2u);
}

TEST_F(Ximu3DecoderTest, ZeroLengthPushChangesNothing) {
  write(Bytes{});
  EXPECT_EQ(stats().bytes, 0u);
  EXPECT_EQ(stats().frames, 0u);
}

TEST(Ximu3DecoderSplitTest, EverySplitOffsetAndByteAtATimeEqualOneShot) {
  // GIVEN a mixed stream: binary, ASCII, JSON, a corrupt message
  const auto rows = inertial_csv_rows();
  Bytes stream = binary_stream(std::vector<Ximu3Inertial>(rows.begin(), rows.begin() + 40));
  const std::string tail = "{\"ping\":null}\nI,20000000,1.0,2.0,3.0,0.1,0.2,0.9\nI,bad\n";
  stream.insert(stream.end(), tail.begin(), tail.end());
  CollectingSink one_sink;
  Ximu3Decoder one(one_sink);
  one.push(stream);
  const auto check = [&](const Ximu3Decoder& d, const CollectingSink& s, const std::string& what) {
    ASSERT_EQ(s.samples.size(), one_sink.samples.size()) << what;
    for (std::size_t i = 0; i < s.samples.size(); ++i) {
      ASSERT_EQ(s.samples[i].accel_sensor_mps2, one_sink.samples[i].accel_sensor_mps2) << what;
      ASSERT_EQ(s.samples[i].index_samples, one_sink.samples[i].index_samples) << what;
    }
    EXPECT_EQ(d.stats().frames, one.stats().frames) << what;
    EXPECT_EQ(d.stats().malformed, one.stats().malformed) << what;
    EXPECT_EQ(d.stats().dropped_bytes, one.stats().dropped_bytes) << what;
  };
  // WHEN split at every offset, and one byte at a time
  testing::for_every_chunking<Ximu3Decoder>(stream, check);
}

TEST(Ximu3DecoderFuzzTest, RandomBytesNeverCrashAndAreAllAccounted) {
  // GIVEN 3000 seeded random buffers, biased towards LF and escape bytes, fed in random chunks
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 600), pick(0, 9);
  for (int round = 0; round < 3000; ++round) {
    Bytes b(static_cast<std::size_t>(len(rng)));
    for (auto& x : b) {
      const int k = pick(rng);
      x = k == 0 ? 0x0A : k == 1 ? 0xDB : k == 2 ? 0xC9 : static_cast<std::uint8_t>(byte(rng));
    }
    CollectingSink sink;
    Ximu3Decoder d(sink);
    std::size_t pos = 0;
    while (pos < b.size()) {
      const std::size_t n = std::min<std::size_t>(b.size() - pos, static_cast<std::size_t>(len(rng) % 64));
      d.push(std::span<const std::uint8_t>(b).subspan(pos, n));
      pos += n;
    }
    d.on_link_break();
    // THEN every byte was pushed and nothing crashed; samples never exceed frames
    ASSERT_EQ(d.stats().bytes, b.size());
    ASSERT_LE(d.stats().samples, d.stats().frames);
    ASSERT_LE(d.stats().dropped_bytes, b.size());
  }
}

}  // namespace
}  // namespace runload::bridge
