// PyShoe VICON running trials (MAT v5 through matio): the reference computed from `gt` against an
// independent scipy implementation of the SOURCE.md definition on the 15 shared trials, the
// definition itself on a synthetic foot trajectory whose strides are known, and every kind of bad
// file (not MAT, MAT v4, missing / wrong-class / wrong-shape variables, times the device clock cannot
// hold, truncated) → one-line error. Damaged sizes inside a variable: mat_layout_test.cpp.
#include <gtest/gtest.h>
#include <matio.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "bridge/mat_fixture.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "testing/child_process.h"
#include "testing/paths.h"

namespace {

namespace fs = std::filesystem;
using runload::bridge::datasets::GaitKind;
using runload::bridge::datasets::PyShoeAdapter;
using runload::bridge::datasets::Recording;

using runload::testing::MatVar;
using runload::testing::write_mat;

/// A synthetic right-foot trial at ~200 Hz with irregular steps: standing 1 s, then strides of
/// 0.30 s stance + 0.45 s swing (2.0 m forward, 0.12 m foot lift, heading turning 30° per stride),
/// one 2 s pause after the 6th swing, standing 1 s at the end. 12 swings → 12 reference strides.
struct SyntheticTrial {
  static constexpr std::size_t kSwings = 12;
  static constexpr double kStance_s = 0.30, kSwing_s = 0.45, kStride_m = 2.0, kLift_m = 0.12, kPause_s = 2.0;
  std::vector<double> ts, imu, gt;  // imu, gt column-major
  std::size_t n = 0;

  SyntheticTrial() {
    // Swing start times.
    std::vector<double> swing_start;
    double t = 1.0;
    for (std::size_t k = 0; k < kSwings; ++k) {
      swing_start.push_back(t);
      t += kSwing_s + kStance_s + (k == 5 ? kPause_s : 0.0);
    }
    const double end_s = t + 1.0;
    for (int i = 0;; ++i) {
      const double ti = 0.005 * i + 0.0004 * std::sin(1.7 * i);  // 4.2–5.8 ms steps
      if (ti > end_s) break;
      ts.push_back(ti);
    }
    n = ts.size();
    imu.assign(6 * n, 0.0);
    gt.assign(3 * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      double x = 0.0, y = 0.0, z = 0.0;
      for (std::size_t k = 0; k < kSwings; ++k) {
        const double heading = static_cast<double>(k) * std::numbers::pi / 6.0;
        const double u = std::clamp((ts[i] - swing_start[k]) / kSwing_s, 0.0, 1.0);
        const double along = kStride_m * (u - std::sin(2.0 * std::numbers::pi * u) / (2.0 * std::numbers::pi));
        x += along * std::cos(heading);
        y += along * std::sin(heading);
        z += kLift_m * 0.5 * (1.0 - std::cos(2.0 * std::numbers::pi * u)) * (u < 1.0 ? 1.0 : 0.0);
      }
      gt[i] = x;
      gt[n + i] = y;
      gt[2 * n + i] = z;
      for (std::size_t c = 0; c < 6; ++c) imu[c * n + i] = 10.0 * static_cast<double>(c) + 0.001 * static_cast<double>(i);
    }
  }

  std::vector<MatVar> vars() const { return {{"ts", 1, n, ts}, {"imu", n, 6, imu}, {"gt", n, 3, gt}}; }
};

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == std::string::npos; }

// ---- The reference on the shared trials against the scipy oracle -----------------------------------

struct OracleRow {
  const char* trial;
  std::size_t samples;
  std::size_t strides;
  double cadence_spm, distance_m, contact_window_ms;
};

// Computed by an independent scipy script of the SOURCE.md definition (butter(4, 10, fs) + filtfilt,
// numpy.gradient with ts, find_peaks(height=1.5, distance=0.4·fs), …), printed rounded to 0.1 spm,
// 0.1 m and 1 ms; the tolerances below are those roundings.
constexpr OracleRow kOracle[] = {
    {"2017-11-27-11-11-24", 4203, 16, 157.9, 20.0, 325}, {"2017-11-27-11-11-53", 4114, 17, 156.8, 22.4, 310},
    {"2017-11-27-11-12-18", 4419, 21, 153.9, 24.2, 333}, {"2017-11-27-11-12-44", 4425, 18, 147.7, 10.5, 445},
    {"2017-11-27-11-13-10", 5419, 28, 151.9, 24.3, 420}, {"2017-11-27-11-13-41", 3767, 18, 164.4, 24.9, 280},
    {"2017-11-27-11-14-03", 3838, 12, 164.4, 15.7, 330}, {"2017-11-27-11-14-52", 3310, 13, 156.4, 13.6, 387},
    {"2017-11-27-11-17-28", 5117, 24, 156.9, 23.0, 355}, {"2017-11-27-11-18-11", 8878, 36, 169.0, 46.4, 275},
    {"2017-11-27-11-19-16", 5079, 25, 164.4, 35.4, 315}, {"2017-11-27-11-22-22", 5203, 24, 161.1, 34.5, 290},
    {"2017-11-27-11-23-18", 5191, 24, 166.7, 29.4, 315}, {"2017-11-27-11-24-07", 8490, 43, 151.0, 47.6, 425},
    {"2017-11-27-11-25-12", 7495, 42, 159.0, 49.9, 310},
};

fs::path shared_pyshoe() { return runload::testing::shared_datasets() / "pyshoe-vicon-running"; }

TEST(PyShoeAdapterTest, ReferenceReproducesTheScipyOracleOnEverySharedTrial) {
  if (!fs::exists(shared_pyshoe())) GTEST_SKIP() << "dataset not found: " << shared_pyshoe();
  // GIVEN the shared folder, listed by content
  const PyShoeAdapter adapter;
  const auto list = adapter.list(shared_pyshoe());
  ASSERT_TRUE(list) << list.error();
  ASSERT_EQ(list->size(), std::size(kOracle));
  for (std::size_t k = 0; k < list->size(); ++k) {
    const auto& info = (*list)[k];
    const OracleRow& want = kOracle[k];
    EXPECT_EQ(info.id, want.trial);
    EXPECT_EQ(info.trial, static_cast<int>(k) + 1);
    // WHEN loaded
    const auto rec = adapter.load(info);
    ASSERT_TRUE(rec) << rec.error();
    // THEN samples, sensor and the reference figures are the oracle's
    EXPECT_EQ(rec->samples.size(), want.samples) << want.trial;
    EXPECT_EQ(rec->sensor.placement, runload::signal::Placement::kFoot);
    EXPECT_EQ(rec->sensor.side, runload::signal::BodySide::kRight);
    EXPECT_NEAR(rec->sensor.sample_rate_hz, 200.0, 0.5) << want.trial;  // SOURCE.md: about 200 Hz
    const auto& ref = rec->reference;
    EXPECT_EQ(ref.kind, GaitKind::kRunning);
    EXPECT_EQ(ref.ic_index_samples.size(), want.strides) << want.trial;
    ASSERT_TRUE(ref.cadence_steps_per_min && ref.distance_m && ref.contact_window_ms);
    EXPECT_NEAR(*ref.cadence_steps_per_min, want.cadence_spm, 0.05) << want.trial;
    EXPECT_NEAR(*ref.distance_m, want.distance_m, 0.05) << want.trial;
    EXPECT_NEAR(*ref.contact_window_ms, want.contact_window_ms, 5.0) << want.trial;
    EXPECT_EQ(ref.max_stride_s.value_or(0.0), 1.3);
    // Each contact end follows its IC; here only a last stride may end the trial on the ground.
    ASSERT_LE(ref.tc_index_samples.size(), ref.ic_index_samples.size());
    EXPECT_GE(ref.tc_index_samples.size() + 1, ref.ic_index_samples.size()) << want.trial;
    for (std::size_t i = 0; i < ref.tc_index_samples.size(); ++i) EXPECT_GT(ref.tc_index_samples[i], ref.ic_index_samples[i]);
  }
}

// ---- The definition on a trajectory with known strides ---------------------------------------------

TEST(PyShoeAdapterTest, SyntheticTrajectoryGivesItsKnownStridesCadenceAndDistance) {
  // GIVEN a synthetic trial written as a MAT v5 file
  runload::testing::TempDir dir;
  const SyntheticTrial trial;
  write_mat(dir.file("run.mat"), trial.vars());
  // WHEN loaded
  const auto rec = PyShoeAdapter().load_file(dir.file("run.mat"));
  ASSERT_TRUE(rec) << rec.error();
  // THEN one stride per swing; the pause is one gap left out of cadence and distance
  const auto& ref = rec->reference;
  EXPECT_EQ(ref.ic_index_samples.size(), SyntheticTrial::kSwings);
  ASSERT_EQ(ref.stride_gap_samples.size(), 1u);
  // cadence = 120 / 0.75 s; ICs recur at the same phase, so only the ±0.4 ms time jitter remains
  EXPECT_NEAR(*ref.cadence_steps_per_min, 120.0 / (SyntheticTrial::kStance_s + SyntheticTrial::kSwing_s), 0.2);
  // 11 foot-flat pairs minus the one across the pause, 2.0 m each (path length, the heading turns);
  // the low-passed position is settled mid-stance to well under 1 mm per foot-flat
  EXPECT_NEAR(*ref.distance_m, 10 * SyntheticTrial::kStride_m, 0.01);
  // The window holds the stance and ends early in the next swing, when the foot rises at 0.5 m/s
  EXPECT_GT(*ref.contact_window_ms, 1000.0 * SyntheticTrial::kStance_s);
  EXPECT_LT(*ref.contact_window_ms, 1000.0 * (SyntheticTrial::kStance_s + 0.5 * SyntheticTrial::kSwing_s));
}

TEST(PyShoeAdapterTest, SamplesKeepTheFileClockAndColumns) {
  runload::testing::TempDir dir;
  const SyntheticTrial trial;
  write_mat(dir.file("run.mat"), trial.vars());
  const auto rec = PyShoeAdapter().load_file(dir.file("run.mat"));
  ASSERT_TRUE(rec) << rec.error();
  ASSERT_EQ(rec->samples.size(), trial.n);
  EXPECT_EQ(rec->info.id, "run");
  const double rate = static_cast<double>(trial.n - 1) / (trial.ts.back() - trial.ts.front());
  EXPECT_NEAR(rec->sensor.sample_rate_hz, rate, 1e-3);
  EXPECT_EQ(rec->sensor.accel_range_g, 0.0f);  // unknown
  for (std::size_t i = 0; i < trial.n; i += 97) {
    const auto& s = rec->samples[i];
    EXPECT_EQ(s.index_samples, i);
    // device time = ts[i] − ts[0] in µs (irregular steps kept)
    EXPECT_EQ(runload::signal::to_us(s.t_device), std::llround((trial.ts[i] - trial.ts[0]) * 1e6));
    for (std::size_t c = 0; c < 3; ++c) {
      const auto axis = static_cast<Eigen::Index>(c);
      EXPECT_FLOAT_EQ(s.accel_sensor_mps2[axis], static_cast<float>(trial.imu[c * trial.n + i]));
      EXPECT_FLOAT_EQ(s.gyro_sensor_radps[axis], static_cast<float>(trial.imu[(c + 3) * trial.n + i]));
    }
  }
}

TEST(PyShoeAdapterTest, ListFindsMatFilesByContentSortedByName) {
  // GIVEN a MAT-file with another extension, a PyShoe .mat and a text file named .mat
  runload::testing::TempDir dir;
  const SyntheticTrial trial;
  write_mat(dir.file("b.mat"), trial.vars());
  write_mat(dir.file("a.dat"), trial.vars());
  std::ofstream(dir.file("c.mat")) << "ts,imu,gt\n";
  // WHEN listed
  const auto list = PyShoeAdapter().list(dir.path());
  ASSERT_TRUE(list) << list.error();
  // THEN the two MAT-files, by name, whatever their extension
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "a");
  EXPECT_EQ((*list)[1].id, "b");
  EXPECT_EQ((*list)[1].trial, 2);
  EXPECT_EQ((*list)[1].subject, 0);
  EXPECT_FALSE(PyShoeAdapter().list(dir.file("missing")));
}

// ---- Bad files --------------------------------------------------------------------------------------

/// Loads `path`, expects an error naming the file and containing `what`, on one line.
void expect_error(const std::string& path, const std::string& what) {
  const auto rec = PyShoeAdapter().load_file(path);
  ASSERT_FALSE(rec) << path;
  EXPECT_TRUE(one_line(rec.error())) << rec.error();
  EXPECT_NE(rec.error().find(path), std::string::npos) << rec.error();
  EXPECT_NE(rec.error().find(what), std::string::npos) << rec.error();
}

TEST(PyShoeAdapterTest, NotAMatFileIsAnError) {
  runload::testing::TempDir dir;
  std::ofstream(dir.file("x.mat")) << std::string(4096, 'x');
  expect_error(dir.file("x.mat"), "not a MAT-file");
  const SyntheticTrial trial;
  write_mat(dir.file("v4.mat"), trial.vars(), MAT_FT_MAT4);  // MAT v4 has no v5 header
  expect_error(dir.file("v4.mat"), "not a MAT-file");
  expect_error(dir.file("missing.mat"), "not a MAT-file");
}

TEST(PyShoeAdapterTest, MissingVariableIsNamed) {
  runload::testing::TempDir dir;
  const SyntheticTrial t;
  write_mat(dir.file("x.mat"), {{"ts", 1, t.n, t.ts}, {"imu", t.n, 6, t.imu}});
  expect_error(dir.file("x.mat"), "no variable 'gt'");
}

TEST(PyShoeAdapterTest, WrongShapesAndClassesAreNamed) {
  runload::testing::TempDir dir;
  const SyntheticTrial t;
  const std::vector<double> five(t.imu.begin(), t.imu.begin() + static_cast<std::ptrdiff_t>(5 * t.n));
  write_mat(dir.file("imu5.mat"), {{"ts", 1, t.n, t.ts}, {"imu", t.n, 5, five}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("imu5.mat"), "variable 'imu' is " + std::to_string(t.n) + "×5, expected " + std::to_string(t.n) + "×6");

  const std::vector<double> gt_short(t.gt.begin(), t.gt.begin() + static_cast<std::ptrdiff_t>(3 * (t.n - 1)));
  write_mat(dir.file("gt.mat"), {{"ts", 1, t.n, t.ts}, {"imu", t.n, 6, t.imu}, {"gt", t.n - 1, 3, gt_short}});
  expect_error(dir.file("gt.mat"), "variable 'gt' is " + std::to_string(t.n - 1) + "×3");

  write_mat(dir.file("int.mat"), {{"ts", 1, t.n, t.ts, true}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("int.mat"), "variable 'ts' is int64, expected double");

  std::vector<double> ts2(t.ts);
  ts2.insert(ts2.end(), t.ts.begin(), t.ts.end());
  write_mat(dir.file("ts2.mat"), {{"ts", 2, t.n, ts2}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("ts2.mat"), "variable 'ts' is 2×" + std::to_string(t.n) + ", expected 1×N");

  std::vector<double> back(t.ts);
  back[50] = back[48];
  write_mat(dir.file("back.mat"), {{"ts", 1, t.n, back}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("back.mat"), "ts is not increasing at sample 50");

  std::vector<double> hole(t.gt);
  hole[10] = std::nan("");
  write_mat(dir.file("nan.mat"), {{"ts", 1, t.n, t.ts}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, hole}});
  expect_error(dir.file("nan.mat"), "non-finite position");

  write_mat(dir.file("short.mat"), {{"ts", 1, 10, std::vector<double>(t.ts.begin(), t.ts.begin() + 10)},
                                    {"imu", 10, 6, std::vector<double>(60, 0.0)},
                                    {"gt", 10, 3, std::vector<double>(30, 0.0)}});
  expect_error(dir.file("short.mat"), "VICON reference");
}

TEST(PyShoeAdapterTest, TimesTheDeviceClockCannotHoldAreNamed) {
  // dataset_fuzz found a trial whose last ts was 4.9e232 s: it loaded with a sample rate of 0 and that
  // sample's device time made up (the µs count overflowed). Steps under 1 µs gave the mirror image.
  runload::testing::TempDir dir;
  const SyntheticTrial t;
  std::vector<double> far(t.ts);
  far.back() = 4.9e232;
  write_mat(dir.file("far.mat"), {{"ts", 1, t.n, far}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("far.mat"), "ts spans 4.9e+232 s, more than the device clock holds");

  std::vector<double> close(t.ts);
  close[1] = close[0] + 1e-300;
  write_mat(dir.file("close.mat"), {{"ts", 1, t.n, close}, {"imu", t.n, 6, t.imu}, {"gt", t.n, 3, t.gt}});
  expect_error(dir.file("close.mat"), "ts steps less than 1 µs (the device clock's resolution) at sample 1");
}

/// Copies the first `bytes` of `from` to `to`.
void truncate_copy(const std::string& from, const std::string& to, std::size_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  ASSERT_LE(bytes, data.size());
  std::ofstream(to, std::ios::binary).write(data.data(), static_cast<std::streamsize>(bytes));
}

TEST(PyShoeAdapterTest, TruncatedFileIsAnErrorNeverACrash) {
  // GIVEN a valid file (synthetic, and a shared trial when present) cut at many places — including
  // after the variables runload reads (matio alone would fill a cut tail with zeros silently)
  runload::testing::TempDir dir;
  const SyntheticTrial trial;
  write_mat(dir.file("whole.mat"), trial.vars());
  std::vector<std::string> sources{dir.file("whole.mat")};
  const fs::path real = shared_pyshoe() / "2017-11-27-11-14-52.mat";
  if (fs::exists(real)) sources.push_back(real.string());
  for (const auto& source : sources) {
    const auto size = fs::file_size(source);
    ASSERT_TRUE(PyShoeAdapter().load_file(source)) << source;
    for (const std::size_t cut : {std::size_t{0}, std::size_t{100}, std::size_t{131}, std::size_t{200},
                                  static_cast<std::size_t>(size / 3), static_cast<std::size_t>(size / 2),
                                  static_cast<std::size_t>(size - 8), static_cast<std::size_t>(size - 1)}) {
      truncate_copy(source, dir.file("cut.mat"), cut);
      // THEN each copy is a one-line error naming the file, never a crash or a silent load
      const auto rec = PyShoeAdapter().load_file(dir.file("cut.mat"));
      ASSERT_FALSE(rec) << source << " cut at " << cut;
      EXPECT_TRUE(one_line(rec.error())) << rec.error();
      EXPECT_NE(rec.error().find("cut.mat"), std::string::npos) << rec.error();
      EXPECT_TRUE(rec.error().find("truncated") != std::string::npos || rec.error().find("not a MAT-file") != std::string::npos)
          << cut << ": " << rec.error();
    }
  }
}

}  // namespace
