// The Voisard reader on a small synthetic trial: load() of the two files and load_text() of their text are
// one parser (the fuzz target feeds load_text()); errors name the file given in RecordingInfo and the line.
// The real recordings: voisard_eval_test.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "runload/bridge/datasets/voisard_adapter.h"
#include "testing/child_process.h"

namespace {

using runload::bridge::datasets::Recording;
using runload::bridge::datasets::RecordingInfo;
using runload::bridge::datasets::VoisardAdapter;
namespace sig = runload::signal;

constexpr const char* kFootText =
    "Acquisition frequency: 50 Hz\n"
    "PacketCounter\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z\tMag_X\tMag_Y\tMag_Z\n"
    "0\t0.1\t0.2\t9.8\t0.01\t0.02\t0.03\t1\t2\t3\n"
    "1\t0.4\t0.5\t9.7\t0.04\t0.05\t0.06\t1\t2\t3\r\n"
    "\n"
    "3\t0.7\t0.8\t9.6\t0.07\t0.08\t0.09\t1\t2\t3\n";
constexpr const char* kEventsJson =
    R"({"TrialBoundaries": [0, 3], "UTurnBoundaries": [1, 2], "LeftFootEvents": [[1, 2]], "RightFootEvents": []})";

RecordingInfo left_info(const std::string& dir) {
  RecordingInfo info;
  info.id = "1-2_lf";
  info.subject = 1;
  info.trial = 2;
  info.side = sig::BodySide::kLeft;
  info.placement = sig::Placement::kFoot;
  info.files = {dir + "/1-2_lf.txt", dir + "/1-2.json"};
  return info;
}

TEST(VoisardAdapterTest, LoadTextReadsSamplesRateAndEvents) {
  const auto rec = VoisardAdapter().load_text(left_info("d"), kFootText, kEventsJson);
  ASSERT_TRUE(rec) << rec.error();
  EXPECT_EQ(rec->sensor.sample_rate_hz, 50.0f);
  ASSERT_EQ(rec->samples.size(), 3u);  // the blank line is skipped
  EXPECT_EQ(rec->samples[2].index_samples, 3u);
  EXPECT_EQ(sig::to_us(rec->samples[2].t_device), 60'000);  // packet 3 at 50 Hz
  EXPECT_FLOAT_EQ(rec->samples[1].accel_sensor_mps2.z(), 9.7f);
  EXPECT_FLOAT_EQ(rec->samples[1].gyro_sensor_radps.z(), 0.06f);  // "\r\n" line end
  ASSERT_EQ(rec->reference.tc_index_samples.size(), 1u);
  EXPECT_EQ(rec->reference.tc_index_samples[0], 1u);
  EXPECT_EQ(rec->reference.ic_index_samples[0], 2u);
  ASSERT_TRUE(rec->reference.scored_samples);
  EXPECT_EQ(rec->reference.scored_samples->second, 3u);
  ASSERT_EQ(rec->reference.turn_samples.size(), 1u);
}

TEST(VoisardAdapterTest, LoadOfTheFilesEqualsLoadTextOfTheirText) {
  runload::testing::TempDir dir;
  std::ofstream(dir.file("1-2_lf.txt"), std::ios::binary) << kFootText;
  std::ofstream(dir.file("1-2.json"), std::ios::binary) << kEventsJson;
  const RecordingInfo info = left_info(dir.path());
  const auto from_files = VoisardAdapter().load(info);
  const auto from_text = VoisardAdapter().load_text(info, kFootText, kEventsJson);
  ASSERT_TRUE(from_files) << from_files.error();
  ASSERT_TRUE(from_text) << from_text.error();
  ASSERT_EQ(from_files->samples.size(), from_text->samples.size());
  for (std::size_t i = 0; i < from_text->samples.size(); ++i) {
    EXPECT_EQ(from_files->samples[i].t_device, from_text->samples[i].t_device);
    EXPECT_EQ(from_files->samples[i].accel_sensor_mps2, from_text->samples[i].accel_sensor_mps2);
  }
  EXPECT_EQ(from_files->reference.ic_index_samples, from_text->reference.ic_index_samples);

  // A file that cannot be read is named.
  RecordingInfo missing = info;
  missing.files[1] = dir.file("9-9.json");
  const auto rec = VoisardAdapter().load(missing);
  ASSERT_FALSE(rec);
  EXPECT_NE(rec.error().find("cannot open " + dir.file("9-9.json")), std::string::npos) << rec.error();
}

TEST(VoisardAdapterTest, ErrorsNameTheGivenFileAndLine) {
  const VoisardAdapter adapter;
  std::string short_row = kFootText;
  short_row += "4\t1\t2\n";
  auto rec = adapter.load_text(left_info("d"), short_row, kEventsJson);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error(), "d/1-2_lf.txt:7: expected 7+ columns");

  rec = adapter.load_text(left_info("d"), kFootText, R"({"LeftFootEvents": [[1, 2], [3]]})");
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error(), "d/1-2.json: odd event list");

  rec = adapter.load_text(left_info("d"), "Acquisition frequency: 0 Hz\n", kEventsJson);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error(), "d/1-2_lf.txt: bad sampling rate line");

  // A header and no samples is a truncated file, never a recording in which nothing was detected.
  rec = adapter.load_text(left_info("d"), "Acquisition frequency: 100 Hz\nPacketCounter\tAcc_X\n\n", kEventsJson);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error(), "d/1-2_lf.txt: no samples after the header");
}

TEST(VoisardAdapterTest, AFootFileWithoutItsEventsIsListedAndItsLoadNamesTheMissingFile) {
  runload::testing::TempDir dir;
  std::ofstream(dir.file("1-2_lf.txt"), std::ios::binary) << kFootText;
  std::ofstream(dir.file("1-2.json"), std::ios::binary) << kEventsJson;
  std::ofstream(dir.file("3-1_rf.txt"), std::ios::binary) << kFootText;  // 3-1.json is missing
  std::ofstream(dir.file("notes.txt"), std::ios::binary) << "not a recording";
  const VoisardAdapter adapter;
  const auto list = adapter.list(dir.path());
  ASSERT_TRUE(list) << list.error();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].id, "3-1_rf");
  EXPECT_TRUE(adapter.load((*list)[0]).has_value());
  const auto rec = adapter.load((*list)[1]);
  ASSERT_FALSE(rec);
  EXPECT_NE(rec.error().find("cannot open " + dir.file("3-1.json")), std::string::npos) << rec.error();
}

}  // namespace
