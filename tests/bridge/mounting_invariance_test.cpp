// A sensor strapped on another way gives the same gait: every shared real recording (Voisard walking,
// 160 foot recordings; PyShoe running, 15 trials) is replayed with its accelerometer and gyroscope
// rotated as a differently mounted sensor would read them (a quarter turn about the sensor's z, upside
// down, and an oblique mounting), and the detector's events and the pipeline's contact times and ZUPT
// distance (and, without the gyroscope, the accelerometer-only ICs) must be those of the recording
// as it was made. The methods learn the pitch axis and gravity
// from the data (no axis of any dataset is assumed), so only float rounding may move an event, by a
// sample at most. The shared recordings are read from ../shared at test time.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/signal/gait_event_detector.h"
#include "runload/signal/session_pipeline.h"
#include "testing/paths.h"

namespace {

namespace fs = std::filesystem;
namespace sig = runload::signal;
using runload::bridge::datasets::DatasetAdapter;
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
  constexpr float kDeg = std::numbers::pi_v<float> / 180.0f;
  const Eigen::Matrix3f oblique =
      (AngleAxisf(30.0f * kDeg, Vector3f::UnitZ()) * AngleAxisf(45.0f * kDeg, Vector3f::UnitY()) *
       AngleAxisf(60.0f * kDeg, Vector3f::UnitX()))
          .toRotationMatrix();
  return {{"quarter turn about z", AngleAxisf(90.0f * kDeg, Vector3f::UnitZ()).toRotationMatrix()},
          {"upside down", AngleAxisf(180.0f * kDeg, Vector3f::UnitX()).toRotationMatrix()},
          {"oblique", oblique}};
}

std::vector<sig::ImuSample> remounted(const std::vector<sig::ImuSample>& samples, const Eigen::Matrix3f& r) {
  std::vector<sig::ImuSample> out = samples;
  for (auto& s : out) {
    s.accel_sensor_mps2 = r * s.accel_sensor_mps2;
    s.gyro_sensor_radps = r * s.gyro_sensor_radps;
  }
  return out;
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

TEST(MountingInvarianceTest, RunningEventsContactTimesAndDistanceDoNotDependOnHowTheSensorIsMounted) {
  const fs::path dir = runload::testing::shared_datasets() / "pyshoe-vicon-running";
  if (!fs::exists(dir)) GTEST_SKIP() << "dataset not found: " << dir;
  const auto recordings = load_all(PyShoeAdapter(), dir);
  ASSERT_EQ(recordings.size(), 15u);
  double worst_distance_pct = 0.0, worst_contact_ms = 0.0;
  // With the gyroscope (ZUPT distance, contact time) and without it (the accelerometer-only method:
  // IC from the impact, along gravity learnt from the data).
  for (const bool accel_only : {false, true})
    for (const auto& rec : recordings) {
      sig::SessionPipelineSettings p;
      p.sample_rate_hz = rec.sensor.sample_rate_hz;
      p.placement = sig::Placement::kFoot;
      p.side = rec.sensor.side;
      p.ignore_gyroscope = accel_only;
      sig::SessionTotals made_totals;
      const auto made = sig::SessionPipeline::run(rec.samples, p, &made_totals);
      ASSERT_EQ(made_totals.distance_m.has_value(), !accel_only) << rec.info.id;
      ASSERT_GE(made.size(), 12u) << rec.info.id << (accel_only ? ", accelerometer only" : "");
      for (const auto& m : mountings()) {
        sig::SessionTotals totals;
        const auto steps = sig::SessionPipeline::run(remounted(rec.samples, m.sensor_from_original), p, &totals);
        ASSERT_EQ(steps.size(), made.size())
            << rec.info.id << ", " << m.name << (accel_only ? ", accelerometer only" : "");
        ASSERT_EQ(totals.distance_m.has_value(), made_totals.distance_m.has_value()) << rec.info.id << ", " << m.name;
        if (totals.distance_m) {
          const double distance_pct = 100.0 * (*totals.distance_m - *made_totals.distance_m) / *made_totals.distance_m;
          worst_distance_pct = std::max(worst_distance_pct, std::abs(distance_pct));
          EXPECT_LT(std::abs(distance_pct), 0.5) << rec.info.id << ", " << m.name;
        }
        for (std::size_t i = 0; i < steps.size(); ++i) {
          const auto& a = made[i];
          const auto& b = steps[i];
          ASSERT_EQ(a.ic_index_samples.has_value(), b.ic_index_samples.has_value()) << rec.info.id << " step " << i;
          if (a.ic_index_samples) {
            EXPECT_LE(std::abs(static_cast<std::int64_t>(*a.ic_index_samples) -
                               static_cast<std::int64_t>(*b.ic_index_samples)),
                      1)
                << rec.info.id << ", " << m.name << (accel_only ? ", accelerometer only" : "") << ", step " << i;
          }
          if (a.contact_time_ms && b.contact_time_ms) {
            worst_contact_ms =
                std::max(worst_contact_ms, static_cast<double>(std::abs(*a.contact_time_ms - *b.contact_time_ms)));
            EXPECT_LE(std::abs(*a.contact_time_ms - *b.contact_time_ms), 5.5f)
                << rec.info.id << ", " << m.name << ", step " << i;
          } else {
            EXPECT_EQ(a.contact_time_ms.has_value(), b.contact_time_ms.has_value()) << rec.info.id << " step " << i;
          }
        }
      }
    }
  std::printf("running: worst distance change %.3f %%, worst contact-time change %.1f ms over 3 mountings\n",
              worst_distance_pct, worst_contact_ms);
}

}  // namespace
