// `runload inspect` as a process, on the real captures in ../shared/datasets and on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload {
namespace {

using testing::run;
using testing::runload_binary;
using testing::shared_datasets;

nlohmann::json inspect_json(const std::filesystem::path& file, const std::string& protocol = "auto") {
  const auto r = run({runload_binary(), "inspect", file.string(), "--json", "--protocol", protocol});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(InspectCliTest, XsensCapturesHave100CleanFramesWithContinuousCounters) {
  // GIVEN the five consecutive Xsens MTi captures
  std::uint64_t expected_first = 43398;
  for (int i = 1; i <= 5; ++i) {
    const auto file = shared_datasets() / "captures/xsens-mti" / std::to_string(i) / "output.bin";
    // WHEN inspected with protocol auto-detection
    const auto j = inspect_json(file);
    // THEN each has 100 frames, no checksum errors, and the packet counter continues across files
    EXPECT_EQ(j["protocol"], "xsens");
    EXPECT_EQ(j["frames"], 100) << file;
    EXPECT_EQ(j["checksum_errors"], 0);
    EXPECT_EQ(j["resyncs"], 0);
    EXPECT_EQ(j["frame_gaps"], 0);
    EXPECT_EQ(j["lost_samples"], 0);
    EXPECT_EQ(j["seq_first"], expected_first);
    EXPECT_EQ(j["seq_last"], expected_first + 99);
    expected_first += 100;
  }
  EXPECT_EQ(expected_first - 1, 43897u);
}

TEST(InspectCliTest, XImu3LogShowsFourGapsAndTheRealClockError) {
  const auto j = inspect_json(shared_datasets() / "captures/x-imu3/Inertial.csv");
  EXPECT_EQ(j["protocol"], "ximu3-csv");
  EXPECT_EQ(j["samples"], 362);
  EXPECT_EQ(j["frame_gaps"], 4);
  EXPECT_EQ(j["seq_first"], nullptr) << "x-IMU3 has no frame counter";
  // SOURCE.md: median period 19 990 µs; the fit must land within ±5 µs.
  EXPECT_NEAR(j["period_us"].get<double>(), 19990.0, 5.0);
  EXPECT_NEAR(j["drift_ppm"].get<double>(), -500.0, 250.0);
}

TEST(InspectCliTest, HumanReadableOutputNamesTheKeyFigures) {
  const auto r = run({runload_binary(), "inspect", (shared_datasets() / "captures/x-imu3/Inertial.csv").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("frame gaps 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ximu3-csv"), std::string::npos);
}

TEST(InspectCliTest, MissingFileIsAUsageErrorOnOneLine) {
  const auto r = run({runload_binary(), "inspect", "/nonexistent/run.rlrec"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/run.rlrec"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(InspectCliTest, UnknownFlagAndBadProtocolAreUsageErrors) {
  const auto csv = (shared_datasets() / "captures/x-imu3/Inertial.csv").string();
  EXPECT_EQ(run({runload_binary(), "inspect", csv, "--frobnicate"}).exit_code, 2);
  EXPECT_EQ(run({runload_binary(), "inspect", csv, "--protocol", "nmea"}).exit_code, 2);
  EXPECT_EQ(run({runload_binary()}).exit_code, 2);
  EXPECT_EQ(run({runload_binary(), "launch"}).exit_code, 2);
}

TEST(InspectCliTest, GarbageFileIsARuntimeErrorNotACrash) {
  testing::TempDir dir;
  const std::string path = dir.file("garbage.bin");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 100000; ++i) out.put(static_cast<char>((i * 7919) % 251 + 1));
  }
  const auto r = run({runload_binary(), "inspect", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no known protocol"), std::string::npos) << r.err;
  // Forced to a protocol, the same bytes are decoded and counted, never trusted.
  const auto forced = run({runload_binary(), "inspect", path, "--protocol", "runload", "--json"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(nlohmann::json::parse(forced.out)["samples"], 0);
}

TEST(InspectCliTest, CutShortRecordingIsReadUpToTheCut) {
  testing::TempDir dir;
  const std::string stream = dir.file("stream.bin");
  // A raw stream from the emulator, then a truncated copy: the decoder counts what is whole.
  ASSERT_EQ(run({runload_binary(), "sim", "--out", stream, "--rate", "1000", "--duration", "2"}).exit_code, 0);
  const auto full = inspect_json(stream);
  EXPECT_EQ(full["samples"], 2000);
  EXPECT_EQ(full["lost_samples"], 0);
  std::filesystem::resize_file(stream, std::filesystem::file_size(stream) / 2);
  const auto half = inspect_json(stream);
  EXPECT_GT(half["samples"].get<int>(), 800);
  EXPECT_LT(half["samples"].get<int>(), 1200);
  EXPECT_EQ(half["checksum_errors"], 0);
}

}  // namespace
}  // namespace runload
