// The same real recordings as another sensor would have read them give the same gait. Every shared
// recording (Voisard walking, 160 foot recordings; PyShoe running, 15 trials; read from ../shared at
// test time) is replayed
// - mounted another way: accelerometer and gyroscope rotated as a differently strapped sensor reads
//   them (a quarter turn about the sensor's z, upside down, an oblique mounting). The methods learn
//   the pitch axis and gravity from the data (no dataset's axes are assumed), so only float rounding
//   may move an event, by a sample at most;
// - with a gyroscope turn-on offset of 3 deg/s, which the pipeline learns while the foot stands still
//   and removes;
// - with an accelerometer offset of 0.2 m/s², which the ZUPT filter does not estimate: a bounded
//   distance change.
// Events, contact times and the ZUPT distance (and, without the gyroscope, the accelerometer-only
// ICs) are compared with those of the recording as it was made.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gyro_bias_estimator.h"
#include "runload/signal/session_pipeline.h"
#include "testing/paths.h"

namespace {

namespace fs = std::filesystem;
namespace sig = runload::signal;
using runload::bridge::datasets::DatasetAdapter;
constexpr float kRadPerDeg = std::numbers::pi_v<float> / 180.0f;
using runload::bridge::datasets::PyShoeAdapter;
using runload::bridge::datasets::Recording;
using runload::bridge::datasets::VoisardAdapter;

struct Mounting {
  const char* name;
  Eigen::Matrix3f sensor_from_original;
};

std::vector<Mounting> mountings() {
  using Eigen::AngleAxisf;
  using Eigen::Vector3f;
  const Eigen::Matrix3f oblique =
      (AngleAxisf(30.0f * kRadPerDeg, Vector3f::UnitZ()) * AngleAxisf(45.0f * kRadPerDeg, Vector3f::UnitY()) *
       AngleAxisf(60.0f * kRadPerDeg, Vector3f::UnitX()))
          .toRotationMatrix();
  return {{"quarter turn about z", AngleAxisf(90.0f * kRadPerDeg, Vector3f::UnitZ()).toRotationMatrix()},
          {"upside down", AngleAxisf(180.0f * kRadPerDeg, Vector3f::UnitX()).toRotationMatrix()},
          {"oblique", oblique}};
}

/// The samples as another sensor would have read them: `change` applied to each.
template <typename Change>
std::vector<sig::ImuSample> changed(const std::vector<sig::ImuSample>& samples, Change change) {
  std::vector<sig::ImuSample> out = samples;
  for (auto& s : out) change(s);
  return out;
}

std::vector<sig::ImuSample> remounted(const std::vector<sig::ImuSample>& samples, const Eigen::Matrix3f& r) {
  return changed(samples, [&](sig::ImuSample& s) {
    s.accel_sensor_mps2 = r * s.accel_sensor_mps2;
    s.gyro_sensor_radps = r * s.gyro_sensor_radps;
  });
}

std::vector<Recording> load_all(const DatasetAdapter& adapter, const fs::path& dir) {
  std::vector<Recording> out;
  const auto list = adapter.list(dir);
  if (!list) {
    ADD_FAILURE() << list.error();
    return out;
  }
  for (const auto& info : *list) {
    auto rec = adapter.load(info);
    if (!rec) {
      ADD_FAILURE() << rec.error();
      continue;
    }
    out.push_back(std::move(*rec));
  }
  return out;
}

std::vector<std::int64_t> initial_contacts(const std::vector<sig::GaitCycleEvents>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events)
    if (e.ic_index_samples) out.push_back(static_cast<std::int64_t>(*e.ic_index_samples));
  return out;
}

/// How far two event lists are apart: -1 when their counts differ, else the largest index shift.
std::int64_t largest_shift(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  if (a.size() != b.size()) return -1;
  std::int64_t worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

TEST(MountingInvarianceTest, WalkingEventsDoNotDependOnHowTheFootSensorIsMounted) {
  const fs::path dir = runload::testing::shared_datasets() / "voisard-ipol-2023-walking";
  if (!fs::exists(dir)) GTEST_SKIP() << "dataset not found: " << dir;
  const auto recordings = load_all(VoisardAdapter(), dir);
  ASSERT_EQ(recordings.size(), 160u);
  std::size_t events = 0, shifted = 0;
  for (const auto& rec : recordings) {
    const float fs = rec.sensor.sample_rate_hz;
    const auto settings = sig::foot_event_detector_settings(fs);
    const auto as_made = initial_contacts(sig::GaitEventDetector::detect(rec.samples, fs, settings));
    events += as_made.size();
    for (const auto& m : mountings()) {
      const auto moved = initial_contacts(
          sig::GaitEventDetector::detect(remounted(rec.samples, m.sensor_from_original), fs, settings));
      const auto shift = largest_shift(as_made, moved);
      EXPECT_TRUE(shift >= 0 && shift <= 1) << rec.info.id << ", " << m.name << ": " << as_made.size() << " → "
                                            << moved.size() << " ICs, largest shift " << shift << " samples";
      for (std::size_t i = 0; shift > 0 && i < as_made.size(); ++i) shifted += as_made[i] != moved[i];
    }
  }
  std::printf("walking: %zu ICs as recorded, %zu moved by one sample over 3 mountings\n", events, shifted);
  EXPECT_GT(events, 2700u);
}

/// A running trial replayed as it was made and as another sensor would have read it.
struct RunningReplay {
  std::vector<sig::StepRecord> steps;
  sig::SessionTotals totals;
};

RunningReplay replay_running(const Recording& rec, std::span<const sig::ImuSample> samples, bool accel_only) {
  sig::SessionPipelineSettings p;
  p.sample_rate_hz = rec.sensor.sample_rate_hz;
  p.placement = sig::Placement::kFoot;
  p.side = rec.sensor.side;
  p.ignore_gyroscope = accel_only;
  RunningReplay out;
  out.steps = sig::SessionPipeline::run(samples, p, &out.totals);
  return out;
}

/// The largest differences seen between the replays compared.
struct Differences {
  double distance_pct = 0.0, contact_ms = 0.0;
  std::int64_t ic_samples = 0;
  void print(const char* what) const {
    std::printf("running, %s: worst distance change %.3f %%, contact-time change %.1f ms, IC shift %lld samples\n",
                what, distance_pct, contact_ms, static_cast<long long>(ic_samples));
  }
};

/// The same steps (ICs within one sample, contact times within 5.5 ms) and the same ZUPT distance
/// (within 0.5 %); `what` names the recording and the variation in a failure.
void expect_same_running(const RunningReplay& made, const RunningReplay& other, const std::string& what,
                         Differences& seen) {
  ASSERT_EQ(other.steps.size(), made.steps.size()) << what;
  ASSERT_EQ(other.totals.distance_m.has_value(), made.totals.distance_m.has_value()) << what;
  if (made.totals.distance_m) {
    const double pct = 100.0 * (*other.totals.distance_m - *made.totals.distance_m) / *made.totals.distance_m;
    seen.distance_pct = std::max(seen.distance_pct, std::abs(pct));
    EXPECT_LT(std::abs(pct), 0.5) << what;
  }
  for (std::size_t i = 0; i < made.steps.size(); ++i) {
    const auto& a = made.steps[i];
    const auto& b = other.steps[i];
    ASSERT_EQ(a.ic_index_samples.has_value(), b.ic_index_samples.has_value()) << what << ", step " << i;
    if (a.ic_index_samples) {
      const auto shift =
          std::abs(static_cast<std::int64_t>(*a.ic_index_samples) - static_cast<std::int64_t>(*b.ic_index_samples));
      seen.ic_samples = std::max(seen.ic_samples, shift);
      EXPECT_LE(shift, 1) << what << ", step " << i;
    }
    ASSERT_EQ(a.contact_time_ms.has_value(), b.contact_time_ms.has_value()) << what << ", step " << i;
    if (a.contact_time_ms) {
      const float change_ms = std::abs(*a.contact_time_ms - *b.contact_time_ms);
      seen.contact_ms = std::max(seen.contact_ms, static_cast<double>(change_ms));
      EXPECT_LE(change_ms, 5.5f) << what << ", step " << i;
    }
  }
}

/// The 15 PyShoe running trials, loaded once for the suite.
class RealRunningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path dir = runload::testing::shared_datasets() / "pyshoe-vicon-running";
    if (fs::exists(dir)) trials_ = new std::vector<Recording>(load_all(PyShoeAdapter(), dir));
  }
  static void TearDownTestSuite() {
    delete trials_;
    trials_ = nullptr;
  }
  void SetUp() override {
    if (trials_ == nullptr) GTEST_SKIP() << "PyShoe dataset not found";
    ASSERT_EQ(trials_->size(), 15u);
  }
  static const std::vector<Recording>& trials() { return *trials_; }

 private:
  static inline std::vector<Recording>* trials_ = nullptr;
};

TEST_F(RealRunningTest, EventsContactTimesAndDistanceDoNotDependOnHowTheSensorIsMounted) {
  Differences seen;
  // With the gyroscope (ZUPT distance, contact time) and without it (the accelerometer-only method:
  // IC from the impact, along gravity learnt from the data).
  for (const bool accel_only : {false, true}) {
    for (const auto& rec : trials()) {
      const RunningReplay made = replay_running(rec, rec.samples, accel_only);
      ASSERT_EQ(made.totals.distance_m.has_value(), !accel_only) << rec.info.id;
      ASSERT_GE(made.steps.size(), 12u) << rec.info.id;
      for (const auto& m : mountings())
        expect_same_running(made, replay_running(rec, remounted(rec.samples, m.sensor_from_original), accel_only),
                            rec.info.id + ", " + m.name + (accel_only ? ", accelerometer only" : ""), seen);
    }
  }
  seen.print("3 mountings");
}

TEST_F(RealRunningTest, DistanceAndContactTimesHoldWithATurnOnGyroOffset) {
  // The offset is learnt while the foot stands still: every trial must find that rest in its first
  // second, with the pipeline's rest test (the MicroStrain's own noise is about 0.4-0.55 deg/s per axis).
  double latest_rest_s = 0.0;
  for (const auto& rec : trials()) {
    sig::GyroBiasEstimatorSettings rest;
    rest.sample_rate_hz = rec.sensor.sample_rate_hz;
    sig::GyroBiasEstimator bias(rest);
    std::size_t i = 0;
    while (i < rec.samples.size() && !bias.update(rec.samples[i]).valid) ++i;
    const double rest_s = static_cast<double>(i) / static_cast<double>(rec.sensor.sample_rate_hz);
    latest_rest_s = std::max(latest_rest_s, rest_s);
    EXPECT_LT(rest_s, 1.0) << rec.info.id << ": the first rest block ends at " << rest_s << " s";
  }
  std::printf("running: every trial's first rest block ends by %.2f s\n", latest_rest_s);

  // 3 deg/s in two directions of the sensor frame.
  const std::vector<Eigen::Vector3f> offsets_dps = {Eigen::Vector3f(1.0f, 1.0f, 1.0f).normalized() * 3.0f,
                                                    Eigen::Vector3f(-2.0f, 2.0f, 1.0f).normalized() * 3.0f};
  Differences seen;
  for (const auto& rec : trials()) {
    const RunningReplay made = replay_running(rec, rec.samples, false);
    ASSERT_TRUE(made.totals.distance_m) << rec.info.id;
    for (const auto& offset_dps : offsets_dps) {
      const auto offset =
          changed(rec.samples, [&](sig::ImuSample& s) { s.gyro_sensor_radps += offset_dps * kRadPerDeg; });
      expect_same_running(made, replay_running(rec, offset, false),
                          rec.info.id + ", gyro offset (" + std::to_string(offset_dps.x()) + ", " +
                              std::to_string(offset_dps.y()) + ", " + std::to_string(offset_dps.z()) + ") deg/s",
                          seen);
    }
  }
  seen.print("3 deg/s gyro offset");
}

TEST_F(RealRunningTest, DistanceMovesLittleWithAnAccelerometerOffset) {
  // The ZUPT filter does not estimate an accelerometer offset (zupt_strapdown.h): during each swing it
  // integrates into velocity and position. 0.2 m/s² (20 mg; an uncalibrated MEMS part's offset is
  // specified at a few tens of mg) moves the PyShoe trials' distance by up to 1.2 %, 0.5 m/s² by up to
  // 2.9 %. The steps stay: the same count, and all but a borderline few ICs within a sample (a turn
  // stride of 11-17-28 flips between two landings, as a threshold decision does).
  struct Case {
    float offset_mps2;
    double max_distance_pct;
  };
  for (const Case c : {Case{0.2f, 1.5}, Case{0.5f, 3.5}}) {
    const Eigen::Vector3f offset_mps2 = Eigen::Vector3f(1.0f, -1.0f, 1.0f).normalized() * c.offset_mps2;
    double worst_distance_pct = 0.0;
    std::size_t ics = 0, moved = 0;
    for (const auto& rec : trials()) {
      const auto offset = changed(rec.samples, [&](sig::ImuSample& s) { s.accel_sensor_mps2 += offset_mps2; });
      const RunningReplay made = replay_running(rec, rec.samples, false);
      const RunningReplay other = replay_running(rec, offset, false);
      ASSERT_EQ(other.steps.size(), made.steps.size()) << rec.info.id;
      ASSERT_TRUE(made.totals.distance_m && other.totals.distance_m) << rec.info.id;
      const double pct = 100.0 * (*other.totals.distance_m - *made.totals.distance_m) / *made.totals.distance_m;
      worst_distance_pct = std::max(worst_distance_pct, std::abs(pct));
      EXPECT_LT(std::abs(pct), c.max_distance_pct) << rec.info.id << ", " << c.offset_mps2 << " m/s²";
      for (std::size_t i = 0; i < made.steps.size(); ++i) {
        const auto& a = made.steps[i].ic_index_samples;
        const auto& b = other.steps[i].ic_index_samples;
        ASSERT_EQ(a.has_value(), b.has_value()) << rec.info.id << ", step " << i;
        if (!a) continue;
        ++ics;
        moved += std::abs(static_cast<std::int64_t>(*a) - static_cast<std::int64_t>(*b)) > 1;
      }
    }
    EXPECT_LE(moved * 100, ics) << moved << " of " << ics << " ICs moved by more than a sample at " << c.offset_mps2
                                << " m/s²";
    std::printf("running, %.1f m/s² accelerometer offset: worst distance change %.3f %%, %zu of %zu ICs moved\n",
                static_cast<double>(c.offset_mps2), worst_distance_pct, moved, ics);
  }
}

}  // namespace
