// XbusDecoder: real Xsens MTi captures against their golden decodes, counter/time accounting and
// leveldb-style parser fault tests.
#include "runload/bridge/xbus_decoder.h"

#include <gtest/gtest.h>

#include <optional>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "runload/bridge/xbus_encoder.h"
#include "testing/chunking.h"
#include "testing/paths.h"

namespace runload::bridge {
namespace {

using Bytes = std::vector<std::uint8_t>;

using testing::CollectingSink;

std::filesystem::path capture(int n) {
  return runload::testing::shared_datasets() / "captures/xsens-mti" / std::to_string(n);
}

Bytes read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// One message of output.golden: blocks of `Name:` (unindented) followed by indented `X:value`
/// or bare `value` lines; messages separated by blank lines.
struct GoldenField {
  std::string name;                  ///< e.g. "Acceleration(FP1220)"
  std::vector<std::string> values;   ///< the text after "X:" / "Y:" ... or the bare value
};
using GoldenMessage = std::vector<GoldenField>;

std::vector<GoldenMessage> read_golden(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<GoldenMessage> messages(1);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (!messages.back().empty()) messages.emplace_back();
    } else if (line[0] != ' ') {
      messages.back().push_back({line.substr(0, line.size() - 1), {}});  // drop the ':'
    } else if (!messages.back().empty()) {
      const std::size_t start = line.find_first_not_of(' ');
      const std::size_t colon = line.find(':');
      messages.back().back().values.push_back(colon == std::string::npos ? line.substr(start) : line.substr(colon + 1));
    }
  }
  if (messages.back().empty()) messages.pop_back();
  return messages;
}

const GoldenField* find_field(const GoldenMessage& m, std::string_view name) {
  for (const auto& f : m) {
    if (f.name == name || f.name.rfind(std::string(name) + "(", 0) == 0) return &f;
  }
  return nullptr;
}

TEST(XbusDecoderCaptureTest, EachCaptureHas100CleanFramesWithContinuousCounters) {
  for (int n = 1; n <= 5; ++n) {
    // GIVEN a real capture; WHEN decoded in one push
    CollectingSink sink;
    XbusDecoder d(sink);
    const Bytes bytes = read_file(capture(n) / "output.bin");
    d.push(bytes);
    // THEN 100 frames, no errors, counters 43398 + 100 (n - 1) ... + 99
    const auto& s = d.stats();
    EXPECT_EQ(s.frames, 100u) << n;
    EXPECT_EQ(s.checksum_errors, 0u) << n;
    EXPECT_EQ(s.malformed + s.oversize + s.resyncs + s.dropped_bytes + s.unknown, 0u) << n;
    EXPECT_EQ(s.frame_gaps + s.lost_frames + s.lost_samples + s.duplicates, 0u) << n;
    ASSERT_TRUE(s.seq_first && s.seq_last);
    EXPECT_EQ(*s.seq_first, 43398u + 100u * static_cast<unsigned>(n - 1)) << n;
    EXPECT_EQ(*s.seq_last, *s.seq_first + 99u) << n;
    EXPECT_EQ(s.samples, sink.samples.size());
  }
}

TEST(XbusDecoderCaptureTest, FilesOneToFiveAreOneContinuousStream) {
  // GIVEN one decoder fed files 1..5 in order
  CollectingSink sink;
  XbusDecoder d(sink);
  for (int n = 1; n <= 5; ++n) d.push(read_file(capture(n) / "output.bin"));
  // THEN 500 frames, counters 43398..43897 without a gap
  EXPECT_EQ(d.stats().frames, 500u);
  EXPECT_EQ(*d.stats().seq_first, 43398u);
  EXPECT_EQ(*d.stats().seq_last, 43897u);
  EXPECT_EQ(d.stats().frame_gaps + d.stats().lost_frames, 0u);
  // AND GNSS messages (older SampleTimeFine) are neither samples nor time regressions
  EXPECT_EQ(d.message_counts().mtdata2_gnss, 22u);  // output.golden: 4 GNSSPVTData in files 1-4; 3 PVT + 3 SatInfo in 5
  for (std::size_t i = 1; i < sink.samples.size(); ++i) {
    EXPECT_GT(sink.samples[i].t_device, sink.samples[i - 1].t_device) << i;
    EXPECT_GT(sink.samples[i].index_samples, sink.samples[i - 1].index_samples) << i;
  }
}

TEST(XbusDecoderCaptureTest, AccelerationAndRateOfTurnEqualTheGoldenDecode) {
  // Files 1-4 carry Float32, Fp12.20, Fp16.32 and Float64; file 5 has neither quantity.
  for (int n = 1; n <= 5; ++n) {
    CollectingSink sink;
    XbusDecoder d(sink);
    d.push(read_file(capture(n) / "output.bin"));
    const auto golden = read_golden(capture(n) / "output.golden");
    ASSERT_EQ(golden.size(), 100u) << n;
    std::size_t k = 0;
    std::optional<long long> first_tick;
    for (const auto& m : golden) {
      const GoldenField* acc = find_field(m, "Acceleration");
      const GoldenField* gyr = find_field(m, "RateOfTurn");
      if (find_field(m, "GNSSPVTData") != nullptr || find_field(m, "GNSSSatInfo") != nullptr) continue;
      if (acc == nullptr && gyr == nullptr) continue;
      ASSERT_LT(k, sink.samples.size()) << n;
      const auto& s = sink.samples[k++];
      // THEN the time is SampleTimeFine x 100 µs and the sample index counts 10 ms sample periods
      // of it (the PacketCounter also counts GNSS messages, so it is not a sample index)
      const long long tick = std::stoll(find_field(m, "SampleTimeFine")->values.at(0));
      if (!first_tick) first_tick = tick;
      EXPECT_EQ(s.index_samples, static_cast<std::uint64_t>((tick - *first_tick) / 100));
      EXPECT_EQ(signal::to_us(s.t_device), std::stoll(find_field(m, "SampleTimeFine")->values.at(0)) * 100);
      // AND the values are exactly float(golden): the golden text is the exact value in double
      for (int axis = 0; axis < 3; ++axis) {
        if (acc != nullptr) {
          EXPECT_EQ(s.accel_sensor_mps2[axis], static_cast<float>(std::stod(acc->values.at(static_cast<std::size_t>(axis)))))
              << "file " << n << " sample " << k << " axis " << axis;
        }
        if (gyr != nullptr) {
          EXPECT_EQ(s.gyro_sensor_radps[axis], static_cast<float>(std::stod(gyr->values.at(static_cast<std::size_t>(axis)))))
              << "file " << n << " sample " << k << " axis " << axis;
        }
      }
    }
    EXPECT_EQ(k, sink.samples.size()) << n;
    EXPECT_EQ(k, n < 5 ? 96u : 0u) << n;
  }
}

// --- parser faults (leveldb log_test style) ---------------------------------------------------

Bytes imu_frame(std::uint16_t counter, std::uint32_t ticks) {
  XbusImuMessage m;
  m.packet_counter = counter;
  m.sample_time_fine = ticks;
  m.accel_mps2[2] = 9.8125f;
  m.gyro_radps[0] = 0.25f;
  Bytes out(kXbusImuMessageMaxBytes);
  out.resize(encode_xbus_mtdata2(m, out));
  return out;
}

class XbusDecoderFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::uint16_t c = 0; c < 5; ++c) frames_.push_back(imu_frame(static_cast<std::uint16_t>(100 + c), 1000u + 100u * c));
  }
  Bytes joined() const {
    Bytes out;
    for (const auto& f : frames_) out.insert(out.end(), f.begin(), f.end());
    return out;
  }
  void write(const Bytes& b) { decoder_.push(b); }
  const DecoderStats& stats() const { return decoder_.stats(); }
  std::vector<Bytes> frames_;
  CollectingSink sink_;
  XbusDecoder decoder_{sink_};
};

TEST_F(XbusDecoderFaultTest, CleanFramesDecode) {
  write(joined());
  EXPECT_EQ(stats().frames, 5u);
  ASSERT_EQ(sink_.samples.size(), 5u);
  EXPECT_EQ(sink_.samples[0].index_samples, 0u) << "sample indices count sample periods from the first";
  EXPECT_EQ(signal::to_us(sink_.samples[4].t_device), (1000 + 400) * 100);
  EXPECT_EQ(sink_.samples[0].accel_sensor_mps2.z(), 9.8125f);
}

TEST_F(XbusDecoderFaultTest, BadChecksumIsCountedAndTheNextFrameFound) {
  // GIVEN frame 2 with a flipped payload bit
  frames_[2][10] ^= 0x04;
  write(joined());
  // THEN one checksum error, one resync, the whole frame dropped, a counter gap of one
  EXPECT_EQ(stats().frames, 4u);
  EXPECT_EQ(stats().checksum_errors, 1u);
  EXPECT_EQ(stats().resyncs, 1u);
  EXPECT_EQ(stats().dropped_bytes, frames_[2].size());
  EXPECT_EQ(stats().lost_frames, 1u);
  EXPECT_EQ(stats().frame_gaps, 1u);
}

TEST_F(XbusDecoderFaultTest, BadLengthFailsTheChecksum) {
  // GIVEN frame 1 with LEN one byte short
  frames_[1][3] = static_cast<std::uint8_t>(frames_[1][3] - 1);
  write(joined());
  EXPECT_EQ(stats().frames, 4u);
  EXPECT_EQ(stats().checksum_errors, 1u);
  EXPECT_EQ(stats().dropped_bytes, frames_[1].size());
}

TEST_F(XbusDecoderFaultTest, ExtendedLengthBeyondTheBoundIsOversize) {
  // GIVEN garbage announcing a 4096-byte extended payload before the frames
  write(Bytes{0xFA, 0xFF, 0x36, 0xFF, 0x10, 0x00});
  write(joined());
  EXPECT_EQ(stats().oversize, 1u);
  EXPECT_EQ(stats().frames, 5u);
  EXPECT_EQ(stats().dropped_bytes, 6u);
}

TEST_F(XbusDecoderFaultTest, TruncatedTailIsHeldThenDroppedOnLinkBreak) {
  Bytes b = joined();
  b.resize(b.size() - 5);
  write(b);
  EXPECT_EQ(stats().frames, 4u);
  EXPECT_EQ(stats().dropped_bytes, 0u);
  decoder_.on_link_break();
  EXPECT_EQ(stats().dropped_bytes, frames_[4].size() - 5);
  EXPECT_EQ(stats().checksum_errors, 0u);
}

TEST_F(XbusDecoderFaultTest, GarbageBeforeSyncIsSkipped) {
  // GIVEN 37 bytes without a preamble, then the frames
  Bytes b(37, 0x55);
  const Bytes f = joined();
  b.insert(b.end(), f.begin(), f.end());
  write(b);
  EXPECT_EQ(stats().frames, 5u);
  EXPECT_EQ(stats().dropped_bytes, 37u);
  EXPECT_EQ(stats().resyncs, 1u);
}

TEST_F(XbusDecoderFaultTest, ZeroLengthPushChangesNothing) {
  write(Bytes{});
  EXPECT_EQ(stats().bytes, 0u);
  EXPECT_EQ(stats().frames, 0u);
}

TEST_F(XbusDecoderFaultTest, DeviceRestartCarriesTheStreamOn) {
  // GIVEN 1000 messages (counter and 10 ms SampleTimeFine running), then a power cycle: both restart at 0
  for (unsigned u = 0; u < 1000; ++u) write(imu_frame(static_cast<std::uint16_t>(5000 + u), 100'000u + 100u * u));
  for (unsigned u = 0; u < 50; ++u) write(imu_frame(static_cast<std::uint16_t>(u), 100u * u));
  // THEN every sample after the restart is delivered, counted once as a restart, with no loss
  EXPECT_EQ(stats().restarts, 1u);
  EXPECT_EQ(stats().duplicates, 0u);
  EXPECT_EQ(stats().lost_samples, 0u);
  ASSERT_EQ(sink_.samples.size(), 1050u);
  for (std::size_t i = 1; i < sink_.samples.size(); ++i) {
    ASSERT_EQ(sink_.samples[i].index_samples, sink_.samples[i - 1].index_samples + 1u) << i;
    ASSERT_EQ(signal::to_us(sink_.samples[i].t_device) - signal::to_us(sink_.samples[i - 1].t_device), 10'000) << i;
  }
}

TEST_F(XbusDecoderFaultTest, CounterWrapIsContinuousAndRepeatsAreDuplicates) {
  // GIVEN counters 65534, 65535, 0, 0 (repeat), 2 (one lost)
  // (SampleTimeFine advances 100 ticks = one 10 ms period per counter step)
  for (const unsigned u : {65534u, 65535u, 65536u, 65536u, 65538u}) {
    write(imu_frame(static_cast<std::uint16_t>(u), 100u * u));
  }
  EXPECT_EQ(stats().duplicates, 1u);
  EXPECT_EQ(stats().lost_frames, 1u);
  EXPECT_EQ(*stats().seq_first, 65534u);
  EXPECT_EQ(*stats().seq_last, 65536u + 2u);
  EXPECT_EQ(stats().lost_samples, 1u);
  ASSERT_EQ(sink_.samples.size(), 4u);
  EXPECT_EQ(sink_.samples[2].index_samples, 2u);
  EXPECT_EQ(sink_.samples[3].index_samples, 4u);
}

TEST_F(XbusDecoderFaultTest, GnssMessageCountsButYieldsNoSampleAndNoTime) {
  // GIVEN IMU(100, t=1000), GNSS(101, older t=500, with an Acceleration block), IMU(102, t=1200)
  write(imu_frame(100, 1000));
  std::vector<std::uint8_t> gnss = {0x10, 0x20, 2, 0, 101, 0x10, 0x60, 4, 0, 0, 0x01, 0xF4,
                                    0x70, 0x10, 3, 1, 2, 3,  0x40, 0x20, 12};
  gnss.resize(gnss.size() + 12, 0);
  Bytes frame(300);
  frame.resize(encode_xbus_message(0xFF, 0x36, gnss, frame));
  write(frame);
  write(imu_frame(102, 1200));
  // THEN 3 frames, 2 samples, no loss, time monotonic
  EXPECT_EQ(stats().frames, 3u);
  EXPECT_EQ(decoder_.message_counts().mtdata2_gnss, 1u);
  ASSERT_EQ(sink_.samples.size(), 2u);
  EXPECT_EQ(stats().lost_frames, 0u);
  EXPECT_EQ(signal::to_us(sink_.samples[1].t_device), 120'000);
}

TEST_F(XbusDecoderFaultTest, ExtendedLengthMessageWithUnknownBlocksDecodes) {
  // GIVEN an MTData2 of 300 bytes (EXT_LEN) with an unknown 250-byte block before the IMU data
  std::vector<std::uint8_t> payload = {0x10, 0x20, 2, 0x12, 0x34, 0xA0, 0x10, 250};
  payload.resize(payload.size() + 250, 0xFA);  // preamble bytes inside data must not confuse framing
  const std::vector<std::uint8_t> tail = {0x80, 0x20, 12, 0x3F, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  payload.insert(payload.end(), tail.begin(), tail.end());
  Bytes frame(400);
  frame.resize(encode_xbus_message(0xFF, 0x36, payload, frame));
  EXPECT_EQ(frame[3], 0xFF);  // extended length used
  write(frame);
  ASSERT_EQ(sink_.samples.size(), 1u);
  EXPECT_EQ(sink_.samples[0].gyro_sensor_radps.x(), 1.0f);
  EXPECT_FALSE(sink_.samples[0].has(signal::kChannelAccel));
  EXPECT_EQ(sink_.samples[0].index_samples, 0x1234u);
}

TEST_F(XbusDecoderFaultTest, TruncatedTlvIsMalformed) {
  const std::vector<std::uint8_t> payload = {0x10, 0x20, 2, 0x00, 0x01, 0x40, 0x20, 12, 1, 2};
  Bytes frame(64);
  frame.resize(encode_xbus_message(0xFF, 0x36, payload, frame));
  write(frame);
  EXPECT_EQ(stats().malformed, 1u);
  EXPECT_EQ(stats().frames, 0u);
}

TEST_F(XbusDecoderFaultTest, OtherMidsAreFrames) {
  Bytes ack(8);
  ack.resize(encode_xbus_message(0xFF, 0x31, {}, ack));  // GoToConfigAck
  EXPECT_EQ(ack, (Bytes{0xFA, 0xFF, 0x31, 0x00, 0xD0}));
  write(ack);
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(decoder_.message_counts().other, 1u);
}

TEST(XbusDecoderSplitTest, EverySplitOffsetAndByteAtATimeEqualOneShot) {
  // GIVEN capture 1 with garbage and a corrupted frame inserted
  Bytes stream = read_file(capture(1) / "output.bin");
  stream.insert(stream.begin() + 500, {0xFA, 0x01, 0x02, 0x55, 0x00});
  stream[2000] ^= 0x10;
  CollectingSink one_sink;
  XbusDecoder one(one_sink);
  one.push(stream);
  const auto check = [&](const XbusDecoder& d, const CollectingSink& s, const std::string& what) {
    ASSERT_EQ(s.samples.size(), one_sink.samples.size()) << what;
    for (std::size_t i = 0; i < s.samples.size(); ++i) {
      ASSERT_EQ(s.samples[i].accel_sensor_mps2, one_sink.samples[i].accel_sensor_mps2) << what;
    }
    EXPECT_EQ(d.stats().frames, one.stats().frames) << what;
    EXPECT_EQ(d.stats().checksum_errors, one.stats().checksum_errors) << what;
    EXPECT_EQ(d.stats().dropped_bytes, one.stats().dropped_bytes) << what;
    EXPECT_EQ(d.stats().resyncs, one.stats().resyncs) << what;
  };
  EXPECT_EQ(one.stats().frames, 98u);  // the garbage lands inside a frame and the flip hits another
  testing::for_every_chunking<XbusDecoder>(stream, check);
}

TEST(XbusDecoderFuzzTest, RandomBytesNeverCrashAndAreAllAccounted) {
  // GIVEN 3000 seeded random buffers (biased to 0xFA / 0xFF) and 300 bit-flipped captures
  std::mt19937 rng(424242);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 3000), pick(0, 9);
  for (int round = 0; round < 3000; ++round) {
    Bytes b(static_cast<std::size_t>(len(rng)));
    for (auto& x : b) {
      const int k = pick(rng);
      x = k == 0 ? 0xFA : k == 1 ? 0xFF : static_cast<std::uint8_t>(byte(rng));
    }
    CollectingSink sink;
    XbusDecoder d(sink);
    std::size_t pos = 0;
    while (pos < b.size()) {
      const std::size_t n = std::min<std::size_t>(b.size() - pos, static_cast<std::size_t>(len(rng) % 300));
      d.push(std::span<const std::uint8_t>(b).subspan(pos, n));
      pos += n;
    }
    d.on_link_break();
    // THEN every byte was seen, and accepted + dropped bytes never exceed the input
    ASSERT_EQ(d.stats().bytes, b.size());
    ASSERT_LE(d.stats().dropped_bytes, b.size());
  }
  const Bytes clean = read_file(capture(2) / "output.bin");
  for (int round = 0; round < 300; ++round) {
    Bytes b = clean;
    for (int flips = 0; flips < 5; ++flips) {
      b[static_cast<std::size_t>(len(rng)) % b.size()] ^= static_cast<std::uint8_t>(1u << (byte(rng) % 8));
    }
    CollectingSink sink;
    XbusDecoder d(sink);
    d.push(b);
    ASSERT_LE(d.stats().frames, 100u);
    ASSERT_GE(d.stats().frames, 90u);  // 5 flips can cost at most a few frames each
  }
}

}  // namespace
}  // namespace runload::bridge
