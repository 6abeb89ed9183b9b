// `runload inspect` as a process, on the real captures in ../shared/datasets and on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

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

TEST(InspectCliTest, ReadsEveryFormatReplayReads) {
  // GIVEN one file of each input kind replay reads: a raw runload capture, an Xsens capture, an x-IMU3
  // CSV log, a Voisard foot file and a PyShoe MAT-file
  const auto data = shared_datasets();
  const std::vector<std::pair<std::filesystem::path, std::string>> inputs = {
      {testing::source_dir() / "datasets/sim_foot_run_1khz_20s.bin", "runload"},
      {data / "captures/xsens-mti/1/output.bin", "xsens"},
      {data / "captures/x-imu3/Inertial.csv", "ximu3-csv"},
      {data / "voisard-ipol-2023-walking/1-1_lf.txt", "voisard"},
      {data / "pyshoe-vicon-running/2017-11-27-11-11-24.mat", "pyshoe-mat"}};
  for (const auto& [file, protocol] : inputs) {
    // WHEN replay reads it
    const auto replayed = run({runload_binary(), "replay", file.string(), "--json"});
    ASSERT_EQ(replayed.exit_code, 0) << file << replayed.err;
    // THEN inspect reads it too, recognised as the same kind, and counts the samples replay used
    const auto j = inspect_json(file);
    EXPECT_EQ(j["protocol"], protocol) << file;
    const auto summary = nlohmann::json::parse(replayed.out)["summary"];
    EXPECT_EQ(j["samples"], summary["quality"]["samples"]) << file;
  }
}

TEST(InspectCliTest, VoisardFileShowsItsClockAndTheHandCheckedEvents) {
  const auto file = shared_datasets() / "voisard-ipol-2023-walking/1-1_lf.txt";
  const auto j = inspect_json(file);
  EXPECT_EQ(j["side"], "left");
  EXPECT_NEAR(j["period_us"].get<double>(), 10000.0, 50.0) << "Xsens MTw at 100 Hz (SOURCE.md)";
  EXPECT_GT(j["gaps"].get<int>(), 0) << "the real file has dropped samples";
  EXPECT_GT(j["reference"]["strides"].get<int>(), 3) << "hand-checked initial contacts";
  const auto text = run({runload_binary(), "inspect", file.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("voisard"), std::string::npos) << text.out;
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

/// `runload sim --protocol ximu3` at 1 kHz for 10 s with one bit flipped in `corrupt` of the messages,
/// written to a capture; returns the emulator's report.
nlohmann::json corrupted_ximu3_capture(const std::string& file, const std::string& corrupt) {
  const std::string report = file + ".report.json";
  const auto r = run({runload_binary(), "sim", "--protocol", "ximu3", "--rate", "1000", "--duration", "10", "--seed", "5",
                      "--corrupt", corrupt, "--full-speed", "--out", file, "--report", report});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(report);
  return nlohmann::json::parse(in);
}

TEST(InspectCliTest, XImu3BitFlipsCostAtMostTheDamagedMessagesNotTrillionsOfSamples) {
  // GIVEN x-IMU3 captures (no checksum on the wire) with 0.1 % and 5 % of the messages damaged by a bit flip
  testing::TempDir dir;
  for (const std::string corrupt : {"0.001", "0.05"}) {
    const auto sent = corrupted_ximu3_capture(dir.file("x.bin"), corrupt);
    ASSERT_GT(sent["samples_corrupted"].get<int>(), 0);
    // WHEN inspected
    const auto j = inspect_json(dir.file("x.bin"), "ximu3");
    // THEN at most the damaged messages are lost (a flipped timestamp is a suspect message, not a gap of
    // trillions of samples), and a damaged message adds at most one slot (a sub-period timestamp flip that
    // passes for a one-sample gap cannot be told without a checksum)
    const auto damaged = sent["samples_corrupted"].get<std::uint64_t>();
    EXPECT_LE(j["lost_samples"].get<std::uint64_t>(), damaged) << corrupt;
    EXPECT_LE(j["samples"].get<std::uint64_t>() + j["lost_samples"].get<std::uint64_t>(),
              sent["samples_sent"].get<std::uint64_t>() + 2 * damaged)
        << corrupt;
    // AND replayed, the session lasts the 10 s that were sent
    const auto r = run({runload_binary(), "replay", dir.file("x.bin"), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out)["summary"];
    EXPECT_NEAR(summary["duration_s"].get<double>(), 10.0, 0.1) << corrupt;
  }
}

TEST(InspectCliTest, XsensUnder5PercentCorruptionDeliversEveryIntactSampleAndCountsTheLoss) {
  // GIVEN Xsens captures with 5 % of the messages damaged by a bit flip (seed 1: a false frame found while
  // resyncing once swallowed six intact messages)
  testing::TempDir dir;
  for (const std::string seed : {"1", "2", "5"}) {
    const std::string file = dir.file("x" + seed + ".bin");
    const auto r = run({runload_binary(), "sim", "--protocol", "xsens", "--rate", "100", "--duration", "300", "--seed",
                        seed, "--corrupt", "0.05", "--full-speed", "--out", file, "--report", file + ".json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(file + ".json");
    const auto sent = nlohmann::json::parse(in);
    ASSERT_GT(sent["samples_corrupted"].get<int>(), 1000);
    // WHEN inspected
    const auto j = inspect_json(file, "xsens");
    // THEN every intact message is delivered, and the damaged ones are counted lost from the SampleTimeFine
    // gaps, exactly: also a gap among the first deltas, before the period is known (seed 5 loses its
    // second message)
    EXPECT_EQ(j["samples"].get<std::uint64_t>(), sent["samples_sent"].get<std::uint64_t>()) << "seed " << seed;
    EXPECT_EQ(j["lost_samples"].get<std::uint64_t>(), sent["expected_lost_samples"].get<std::uint64_t>()) << "seed " << seed;
  }
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
