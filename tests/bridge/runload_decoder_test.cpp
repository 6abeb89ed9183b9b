// Host decoder for the runload wire protocol: golden vector, loss accounting and parser faults
// (leveldb log_test style: one short test per failure mode).
#include "runload/bridge/runload_decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "runload.pb.h"
#include "runload/bridge/proto_convert.h"
#include "runload/bridge/sample_convert.h"
#include "testing/collecting_sink.h"

namespace runload::bridge {
namespace {

using testing::CollectingSink;

/// Writes frames with the device encoder; reads them back through the decoder.
class RunloadDecoderTest : public ::testing::Test {
 protected:
  /// Appends one IMU frame of `n` samples (stream 0) and returns its wire bytes' range start.
  std::size_t write(std::uint8_t n = 16, std::uint8_t stream = 0, std::uint8_t flags = 0) {
    wire::ImuBatchHeader batch;
    batch.t_first_us = next_index_[stream] * 625u;  // 1600 Hz
    batch.first_sample_index = static_cast<std::uint32_t>(next_index_[stream]);
    batch.sample_period_ns = 625'000;
    batch.accel_scale_mps2_per_lsb = kAccelScale16g_mps2_per_lsb;
    batch.gyro_scale_radps_per_lsb = kGyroScale2000dps_radps_per_lsb;
    batch.n_samples = n;
    std::vector<std::int16_t> values(6u * n);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int16_t>(i * 37 - 100);
    std::array<std::uint8_t, wire::kMaxWireBytes> out{};
    if (encoders_.size() <= stream) encoders_.resize(stream + 1u, wire::ImuFrameEncoder(0));
    encoders_[stream] = wire::ImuFrameEncoder(stream);
    encoders_[stream].set_next_seq(next_seq_[stream]++);
    const std::size_t size = encoders_[stream].encode_imu_batch(batch, values.data(), flags, out.data(), out.size());
    next_index_[stream] += n;
    const std::size_t start = stream_.size();
    stream_.insert(stream_.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size));
    return start;
  }
  /// Skips a frame at the device (as if lost on the link).
  void lose(std::uint8_t n = 16, std::uint8_t stream = 0) {
    next_seq_[stream]++;
    next_index_[stream] += n;
  }
  /// The device reboots: its frame counter, sample index and clock start again at 0.
  void reboot(std::uint8_t stream = 0) {
    next_seq_[stream] = 0;
    next_index_[stream] = 0;
  }
  void flip_byte(std::size_t offset, std::uint8_t mask) { stream_[offset] ^= mask; }
  void read(std::size_t chunk = 0) {
    if (chunk == 0) chunk = stream_.size();
    for (std::size_t i = 0; i < stream_.size(); i += chunk) {
      decoder_.push(std::span(stream_).subspan(i, std::min(chunk, stream_.size() - i)));
    }
  }
  const DecoderStats& stats() const { return decoder_.stats(); }

  CollectingSink sink_;
  RunloadDecoder decoder_{sink_};
  std::vector<std::uint8_t> stream_;
  std::vector<wire::ImuFrameEncoder> encoders_;
  std::array<std::uint32_t, 4> next_seq_{};
  std::array<std::uint64_t, 4> next_index_{};
};

TEST_F(RunloadDecoderTest, DecodesCleanStreamExactly) {
  for (int i = 0; i < 10; ++i) write();
  read();
  EXPECT_EQ(stats().frames, 10u);
  EXPECT_EQ(stats().samples, 160u);
  EXPECT_EQ(stats().checksum_errors + stats().resyncs + stats().lost_samples + stats().dropped_bytes, 0u);
  ASSERT_EQ(sink_.samples.size(), 160u);
  for (std::size_t i = 0; i < sink_.samples.size(); ++i) {
    EXPECT_EQ(sink_.samples[i].index_samples, i);
    EXPECT_EQ(signal::to_us(sink_.samples[i].t_device), static_cast<std::int64_t>(i * 625));
  }
  // First sample's accel x = -100 LSB at ±16 g.
  EXPECT_FLOAT_EQ(sink_.samples[0].accel_sensor_mps2.x(), -100.0f * kAccelScale16g_mps2_per_lsb);
  EXPECT_EQ(stats().seq_first, 0u);
  EXPECT_EQ(stats().seq_last, 9u);
}

TEST_F(RunloadDecoderTest, FrameSplitAcrossReadsAtEveryChunkSize) {
  for (int i = 0; i < 5; ++i) write();
  for (std::size_t chunk : {1u, 2u, 3u, 20u, 77u, 244u}) {
    CollectingSink sink;
    RunloadDecoder decoder(sink);
    for (std::size_t i = 0; i < stream_.size(); i += chunk) {
      decoder.push(std::span(stream_).subspan(i, std::min(chunk, stream_.size() - i)));
    }
    EXPECT_EQ(decoder.stats().frames, 5u) << "chunk " << chunk;
    EXPECT_EQ(sink.samples.size(), 80u);
  }
}

TEST_F(RunloadDecoderTest, ZeroLengthReadIsHarmless) {
  write();
  decoder_.push({});
  read();
  decoder_.push({});
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(stats().bytes, stream_.size());
}

TEST_F(RunloadDecoderTest, BadCrcIsCountedAndTheNextFrameRecovered) {
  write();
  const std::size_t second = write();
  write();
  flip_byte(second + 30, 0x04);
  read();
  EXPECT_EQ(stats().frames, 2u);
  EXPECT_EQ(stats().checksum_errors, 1u);
  EXPECT_EQ(stats().resyncs, 1u);
  EXPECT_EQ(stats().lost_samples, 16u) << "the sample index gap after the bad frame is exact";
  EXPECT_EQ(stats().lost_frames, 1u);
}

TEST_F(RunloadDecoderTest, EverySingleBitFlipIsCaught) {
  write(4);
  const std::vector<std::uint8_t> clean = stream_;
  for (std::size_t byte = 0; byte + 1 < clean.size(); ++byte) {  // the delimiter is tested separately
    for (int bit = 0; bit < 8; ++bit) {
      CollectingSink sink;
      RunloadDecoder decoder(sink);
      std::vector<std::uint8_t> corrupt = clean;
      corrupt[byte] ^= static_cast<std::uint8_t>(1u << bit);
      const std::uint8_t sync = 0;
      decoder.push(std::span(&sync, 1));
      decoder.push(corrupt);
      ASSERT_EQ(decoder.stats().frames, 0u) << "byte " << byte << " bit " << bit;
      ASSERT_EQ(sink.samples.size(), 0u);
    }
  }
}

TEST_F(RunloadDecoderTest, GarbageBeforeSyncIsDroppedNotCountedAsCorruption) {
  // The tail of a frame we joined mid-way, then the delimiter that ends it.
  stream_ = {0x12, 0x34, 0x56, 0x00};
  write();
  read();
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(stats().checksum_errors, 0u);
  EXPECT_EQ(stats().dropped_bytes, 3u);
  EXPECT_EQ(stats().resyncs, 1u);
}

TEST_F(RunloadDecoderTest, GarbageBetweenFramesIsCountedAsCorruption) {
  write();
  const std::vector<std::uint8_t> garbage{0x05, 0x99, 0x98, 0x97, 0x96, 0x95, 0x94, 0x00};
  stream_.insert(stream_.end(), garbage.begin(), garbage.end());
  write();
  read();
  EXPECT_EQ(stats().frames, 2u);
  EXPECT_EQ(stats().malformed + stats().checksum_errors, 1u);
  EXPECT_EQ(stats().lost_samples, 0u);
}

TEST_F(RunloadDecoderTest, TruncatedTailIsNotAFrameUntilTheLinkBreaks) {
  write();
  const std::size_t second = write();
  stream_.resize(second + 40);
  read();
  EXPECT_EQ(stats().frames, 1u);
  decoder_.on_link_break();
  EXPECT_EQ(stats().dropped_bytes, 40u);
  EXPECT_EQ(stats().link_breaks, 1u);
  // After the break, the next device frame continues the counters: loss stays exact.
  next_seq_[0] = 2;
  stream_.clear();
  write();
  read();
  EXPECT_EQ(stats().frames, 2u);
  EXPECT_EQ(stats().lost_samples, 16u);
}

TEST_F(RunloadDecoderTest, OversizeRunIsBoundedAndResynced) {
  // GIVEN a synced stream, then 3000 bytes without a delimiter (> kMaxWireBytes), then a frame
  write();
  stream_.insert(stream_.end(), 3000, 0x42);
  stream_.push_back(0);
  write();
  // WHEN read in 100-byte chunks
  read(/*chunk=*/100);
  // THEN the run is dropped as one oversize frame and the next frame is recovered
  EXPECT_EQ(stats().oversize, 1u);
  EXPECT_EQ(stats().resyncs, 1u);
  EXPECT_EQ(stats().dropped_bytes, 3000u);
  EXPECT_EQ(stats().frames, 2u);
}

TEST_F(RunloadDecoderTest, OversizeGarbageBeforeFirstSyncIsOnlyDropped) {
  stream_.assign(5000, 0x42);
  stream_.push_back(0);
  write();
  read(/*chunk=*/333);
  EXPECT_EQ(stats().frames, 1u);
  EXPECT_EQ(stats().oversize, 0u);
  EXPECT_EQ(stats().dropped_bytes, 5000u);
}

TEST_F(RunloadDecoderTest, LengthFieldDisagreeingWithTheFrameIsMalformed) {
  // Build a frame whose header says 10 payload bytes but carries 12 (valid CRC over what is sent).
  std::array<std::uint8_t, 28> frame{};
  frame[0] = 1;
  frame[1] = 0x7E;
  wire::put_u16(frame.data() + 8, 10);
  wire::put_u32(frame.data() + 24, wire::crc32c(frame.data(), 24));
  std::array<std::uint8_t, 64> out{};
  const std::size_t n = wire::cobs_encode(frame.data(), frame.size(), out.data(), out.size());
  out[n] = 0;
  const std::uint8_t sync = 0;
  decoder_.push(std::span(&sync, 1));
  decoder_.push(std::span(out).first(n + 1));
  EXPECT_EQ(stats().malformed, 1u);
  EXPECT_EQ(stats().frames, 0u);
}

TEST_F(RunloadDecoderTest, CountsLostFramesAndSamplesExactlyPerStream) {
  write(16, 0);
  write(8, 2);
  lose(16, 0);
  lose(16, 0);
  write(16, 0);
  lose(8, 2);
  write(8, 2);
  read();
  EXPECT_EQ(stats().frames, 4u);
  EXPECT_EQ(stats().lost_frames, 3u);
  EXPECT_EQ(stats().frame_gaps, 2u);
  EXPECT_EQ(stats().lost_samples, 2u * 16u + 8u);
}

TEST_F(RunloadDecoderTest, DuplicateFramesAreSkipped) {
  const std::size_t first = write();
  const std::vector<std::uint8_t> copy(stream_.begin() + static_cast<std::ptrdiff_t>(first), stream_.end());
  stream_.insert(stream_.end(), copy.begin(), copy.end());
  write();
  read();
  EXPECT_EQ(stats().frames, 2u);
  EXPECT_EQ(stats().duplicates, 1u);
  EXPECT_EQ(sink_.samples.size(), 32u);
}

TEST_F(RunloadDecoderTest, OldFrameWithinTheReorderWindowIsADuplicate) {
  for (int i = 0; i < 600; ++i) write();
  const std::uint32_t seq_now = next_seq_[0];
  const std::uint64_t index_now = next_index_[0];
  next_seq_[0] = seq_now - RunloadDecoder::kReorderWindowFrames;  // the oldest frame still "recent"
  next_index_[0] = index_now - 16u * RunloadDecoder::kReorderWindowFrames;
  write();
  read();
  EXPECT_EQ(stats().duplicates, 1u);
  EXPECT_EQ(stats().restarts, 0u);
  EXPECT_EQ(sink_.samples.size(), 600u * 16u);
}

TEST_F(RunloadDecoderTest, DeviceRestartCarriesTheStreamOn) {
  // 300 frames, then the device reboots: seq, sample index and device clock start again at 0.
  for (int i = 0; i < 300; ++i) write();
  reboot();
  for (int i = 0; i < 100; ++i) write();
  read();
  EXPECT_EQ(stats().restarts, 1u);
  EXPECT_EQ(stats().duplicates, 0u);
  EXPECT_EQ(stats().lost_samples, 0u);
  ASSERT_EQ(sink_.samples.size(), 400u * 16u) << "nothing after the restart is dropped";
  for (std::size_t i = 1; i < sink_.samples.size(); ++i) {
    ASSERT_EQ(sink_.samples[i].index_samples, sink_.samples[i - 1].index_samples + 1u) << i;
    ASSERT_GT(sink_.samples[i].t_device, sink_.samples[i - 1].t_device) << i;
  }
  // The restarted clock continues one period after the last sample before the restart.
  const std::size_t splice = 300u * 16u;
  EXPECT_EQ(signal::to_us(sink_.samples[splice].t_device) - signal::to_us(sink_.samples[splice - 1].t_device), 625);
}

TEST_F(RunloadDecoderTest, RestartSoonAfterStartIsStillARestart) {
  // 40 frames (well inside the reorder window), then a reboot: seq 0 is nearer 0 than the expected 40
  for (int i = 0; i < 40; ++i) write();
  reboot();
  for (int i = 0; i < 10; ++i) write();
  read();
  EXPECT_EQ(stats().restarts, 1u);
  EXPECT_EQ(stats().duplicates, 0u);
  EXPECT_EQ(sink_.samples.size(), 50u * 16u);
}

TEST_F(RunloadDecoderTest, LossAfterARestartIsStillCountedExactly) {
  for (int i = 0; i < 300; ++i) write();
  reboot();
  write();
  lose();
  write();
  read();
  EXPECT_EQ(stats().restarts, 1u);
  EXPECT_EQ(stats().lost_frames, 1u);
  EXPECT_EQ(stats().lost_samples, 16u);
  EXPECT_EQ(sink_.samples.size(), 302u * 16u);
}

TEST_F(RunloadDecoderTest, CountersUnwrapAcross32Bits) {
  next_seq_[0] = 0xFFFFFFFFu;
  next_index_[0] = 0xFFFFFFF8u;
  write(16);
  write(16);
  read();
  EXPECT_EQ(stats().lost_samples, 0u);
  EXPECT_EQ(stats().lost_frames, 0u);
  ASSERT_EQ(sink_.samples.size(), 32u);
  EXPECT_EQ(sink_.samples[31].index_samples, 0xFFFFFFF8ull + 31u) << "sample index keeps counting past 2^32";
}

TEST_F(RunloadDecoderTest, DeviceInfoFrameReachesTheSink) {
  signal::SensorInfo info;
  info.serial = "RL-0001";
  info.placement = signal::Placement::kShank;
  info.side = signal::BodySide::kLeft;
  info.sample_rate_hz = 1600.0f;
  const std::string payload = sensor_info_to_proto(info, 2).SerializeAsString();
  wire::FrameHeader header;
  header.type = wire::FrameType::kDeviceInfo;
  header.stream_id = 2;
  std::array<std::uint8_t, wire::kMaxFrameBytes> scratch{};
  std::array<std::uint8_t, wire::kMaxWireBytes> out{};
  const std::size_t n = wire::encode_frame(header, reinterpret_cast<const std::uint8_t*>(payload.data()),
                                           payload.size(), scratch.data(), scratch.size(), out.data(), out.size());
  decoder_.push(std::span(out).first(n));
  ASSERT_EQ(sink_.infos.count(2), 1u);
  EXPECT_EQ(sink_.infos[2].serial, "RL-0001");
  EXPECT_EQ(sink_.infos[2].placement, signal::Placement::kShank);
  EXPECT_EQ(sink_.infos[2].side, signal::BodySide::kLeft);
}

TEST(RunloadDecoderFuzzTest, RandomBytesNeverCrashOrDeliverSamples) {
  std::mt19937 rng(1234);
  CollectingSink sink;
  RunloadDecoder decoder(sink);
  std::vector<std::uint8_t> buf;
  for (int round = 0; round < 3000; ++round) {
    buf.resize(rng() % 600);
    for (auto& b : buf) b = (rng() % 8 == 0) ? 0 : static_cast<std::uint8_t>(rng());
    decoder.push(buf);
  }
  EXPECT_EQ(sink.samples.size(), 0u);
  EXPECT_GT(decoder.stats().resyncs, 0u);
}

}  // namespace
}  // namespace runload::bridge
