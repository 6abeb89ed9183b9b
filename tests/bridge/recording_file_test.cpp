#include "runload/bridge/recording_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace runload::bridge {
namespace {

class RecordingFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("runload_recording_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".rlrec");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void write_three() {
    pb::RecordingHeader header;
    header.set_protocol("runload");
    header.set_source("serial:/dev/pts/9");
    auto writer = RecordingWriter::create(path_, header);
    ASSERT_TRUE(writer.has_value()) << writer.error();
    const std::vector<std::uint8_t> a{1, 2, 3}, b(5000, 0x42);
    ASSERT_TRUE(writer->write_bytes(a, signal::HostTime{std::chrono::nanoseconds{1000}}));
    ASSERT_TRUE(writer->write_event(pb::Record::LINK_LOST, signal::HostTime{std::chrono::nanoseconds{2000}}));
    ASSERT_TRUE(writer->write_bytes(b, signal::HostTime{std::chrono::nanoseconds{3000}}));
    ASSERT_TRUE(writer->flush());
  }
  std::filesystem::path path_;
};

TEST_F(RecordingFileTest, RoundTripsHeaderChunksAndEvents) {
  write_three();
  ASSERT_TRUE(is_recording_file(path_));
  auto reader = RecordingReader::open(path_);
  ASSERT_TRUE(reader.has_value()) << reader.error();
  EXPECT_EQ(reader->header().protocol(), "runload");
  pb::Record r;
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.raw_bytes(), std::string("\x01\x02\x03", 3));
  EXPECT_EQ(r.host_rx_ns(), 1000u);
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.event(), pb::Record::LINK_LOST);
  // Each record is read on its own, not merged into the one before (found by recording_fuzz: the event
  // carried the previous chunk's bytes, and every chunk after it the LINK_LOST, so a replay pushed bytes
  // twice and broke the link on every later chunk)
  EXPECT_TRUE(r.raw_bytes().empty());
  ASSERT_TRUE(reader->next(r));
  EXPECT_EQ(r.raw_bytes().size(), 5000u);
  EXPECT_NE(r.event(), pb::Record::LINK_LOST);
  EXPECT_FALSE(reader->next(r));
  EXPECT_FALSE(reader->truncated());
}

TEST_F(RecordingFileTest, ACutShortTailKeepsEverythingBeforeIt) {
  write_three();
  std::filesystem::resize_file(path_, std::filesystem::file_size(path_) - 100);
  auto reader = RecordingReader::open(path_);
  ASSERT_TRUE(reader.has_value());
  pb::Record r;
  EXPECT_TRUE(reader->next(r));
  EXPECT_TRUE(reader->next(r));
  EXPECT_FALSE(reader->next(r));
  EXPECT_TRUE(reader->truncated());
}

TEST_F(RecordingFileTest, RejectsFilesThatAreNotRecordings) {
  std::ofstream(path_) << "Timestamp (us),Gyroscope X (deg/s)\n";
  EXPECT_FALSE(is_recording_file(path_));
  auto reader = RecordingReader::open(path_);
  ASSERT_FALSE(reader.has_value());
  EXPECT_NE(reader.error().find("not a runload recording"), std::string::npos);
  EXPECT_FALSE(RecordingReader::open(path_.string() + ".missing").has_value());
}

}  // namespace
}  // namespace runload::bridge
