// Ximu3CsvDecoder: the x-IMU3 logger's Inertial.csv as a byte stream.
#include "runload/bridge/ximu3_csv_decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "runload/bridge/sample_convert.h"
#include "testing/collecting_sink.h"
#include "testing/paths.h"

namespace runload::bridge {
namespace {

using Bytes = std::vector<std::uint8_t>;

using testing::CollectingSink;

std::filesystem::path inertial_csv() { return runload::testing::shared_datasets() / "captures/x-imu3/Inertial.csv"; }

Bytes read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(Ximu3CsvDecoderTest, InertialCsvDecodesWithFourGapsAndTheRealPeriod) {
  // GIVEN the real Inertial.csv; WHEN decoded in one push
  CollectingSink sink;
  Ximu3CsvDecoder d(sink);
  d.push(read_file(inertial_csv()));
  // THEN 362 rows, 4 gaps of one lost sample each (SOURCE.md), no errors
  EXPECT_EQ(d.stats().frames, 362u);
  EXPECT_EQ(sink.samples.size(), 362u);
  EXPECT_EQ(d.stats().frame_gaps, 4u);
  EXPECT_EQ(d.stats().lost_samples, 4u);
  EXPECT_EQ(d.stats().malformed + d.stats().unknown + d.stats().resyncs + d.stats().oversize, 0u);
  EXPECT_EQ(sink.samples.back().index_samples, 362u + 4u - 1u);
  // AND the period estimate (running median of the last 9 deltas) is 19 990 µs ± 5 µs
  ASSERT_TRUE(d.period_estimate_us().has_value());
  EXPECT_NEAR(static_cast<double>(*d.period_estimate_us()), 19'990.0, 5.0);
}

TEST(Ximu3CsvDecoderTest, ValuesEqualTheCsvExactly) {
  // GIVEN the CSV parsed independently (strtof: correctly rounded, like from_chars)
  CollectingSink sink;
  Ximu3CsvDecoder d(sink);
  d.push(read_file(inertial_csv()));
  std::ifstream in(inertial_csv());
  std::string line;
  std::getline(in, line);
  std::size_t i = 0;
  while (std::getline(in, line)) {
    char* end = nullptr;
    const long long t_us = std::strtoll(line.c_str(), &end, 10);
    float gyro_dps[3], accel_g[3];
    for (float& v : gyro_dps) v = std::strtof(end + 1, &end);
    for (float& v : accel_g) v = std::strtof(end + 1, &end);
    const auto expected = sample_from_ximu3(gyro_dps, accel_g, 0, t_us);
    ASSERT_LT(i, sink.samples.size());
    // THEN every decoded value is bit-identical to sample_from_ximu3(csv values)
    EXPECT_EQ(sink.samples[i].accel_sensor_mps2, expected.accel_sensor_mps2) << i;
    EXPECT_EQ(sink.samples[i].gyro_sensor_radps, expected.gyro_sensor_radps) << i;
    EXPECT_EQ(sink.samples[i].t_device, expected.t_device) << i;
    ++i;
  }
  EXPECT_EQ(i, 362u);
}

TEST(Ximu3CsvDecoderTest, EveryChunkingGivesTheSameResult) {
  // GIVEN the file fed with every split offset, and in 1..97-byte chunks
  const Bytes file = read_file(inertial_csv());
  const std::span<const std::uint8_t> all(file);
  for (std::size_t k = 0; k <= file.size(); k += 7) {
    CollectingSink sink;
    Ximu3CsvDecoder d(sink);
    d.push(all.first(k));
    d.push(all.subspan(k));
    ASSERT_EQ(sink.samples.size(), 362u) << k;
    ASSERT_EQ(d.stats().frame_gaps, 4u) << k;
  }
  for (std::size_t chunk = 1; chunk < 98; chunk += 8) {
    CollectingSink sink;
    Ximu3CsvDecoder d(sink);
    for (std::size_t pos = 0; pos < file.size(); pos += chunk) d.push(all.subspan(pos, std::min(chunk, file.size() - pos)));
    ASSERT_EQ(sink.samples.size(), 362u) << chunk;
  }
}

TEST(Ximu3CsvDecoderTest, BadRowsAreMalformedNeverThrown) {
  // GIVEN good rows around a short row, a non-numeric row and a CRLF row
  CollectingSink sink;
  Ximu3CsvDecoder d(sink);
  d.push(bytes_of("Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),Gyroscope Z (deg/s),"
                  "Accelerometer X (g),Accelerometer Y (g),Accelerometer Z (g)\n"
                  "100,0,0,0,0,0,1\n"
                  "120,0,0,0,0,1\n"
                  "140,0,0,x,0,0,1\n"
                  "160,0,0,0,0,0,1\r\n"));
  // THEN two malformed rows, two samples, the header not counted
  EXPECT_EQ(d.stats().malformed, 2u);
  EXPECT_EQ(d.stats().resyncs, 2u);
  EXPECT_EQ(d.stats().unknown, 0u);
  EXPECT_EQ(sink.samples.size(), 2u);
}

TEST(Ximu3CsvDecoderTest, OtherCsvHeaderIsUnknownAndItsRowsMalformed) {
  CollectingSink sink;
  Ximu3CsvDecoder d(sink);
  d.push(bytes_of("Timestamp (us),X (g),Y (g),Z (g)\n19154055,0.000183,-0.066190,1.019536\n"));
  EXPECT_EQ(d.stats().unknown, 1u);
  EXPECT_EQ(d.stats().malformed, 1u);
  EXPECT_TRUE(sink.samples.empty());
}

TEST(Ximu3CsvDecoderTest, OversizeRowAndTruncatedTailAndZeroLengthPush) {
  CollectingSink sink;
  Ximu3CsvDecoder d(sink);
  d.push(Bytes{});
  EXPECT_EQ(d.stats().bytes, 0u);
  d.push(Bytes(5000, '1'));
  d.push(bytes_of("\n100,0,0,0,0,0,1\n120,0,0"));
  EXPECT_EQ(d.stats().oversize, 1u);
  EXPECT_EQ(sink.samples.size(), 1u);
  d.on_link_break();
  EXPECT_EQ(d.stats().dropped_bytes, 5001u + 7u);  // the over-long row with its LF + "120,0,0"
}

TEST(Ximu3CsvDecoderFuzzTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 500), pick(0, 5);
  const char alphabet[] = "0123456789,.-\n";
  for (int round = 0; round < 3000; ++round) {
    Bytes b(static_cast<std::size_t>(len(rng)));
    for (auto& x : b) x = pick(rng) == 0 ? static_cast<std::uint8_t>(byte(rng)) : static_cast<std::uint8_t>(alphabet[byte(rng) % 14]);
    CollectingSink sink;
    Ximu3CsvDecoder d(sink);
    d.push(b);
    ASSERT_EQ(d.stats().bytes, b.size());
    ASSERT_EQ(d.stats().samples, d.stats().frames);
  }
}

}  // namespace
}  // namespace runload::bridge
