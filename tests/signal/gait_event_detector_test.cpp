// Gait event detection on the simulator with known truth (foot and shank, 1 kHz, 10 min with speed
// changes and a walking break), plus the streaming-stage contract: streaming == batch, no allocation
// in update(), non-finite input safe.
#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>
#include <numbers>
#include <vector>

#include "../../core/include/runload/core/event_scoring.h"  // header-only scoring maths
#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gait_simulator.h"
#include "testing/simulated_session.h"

namespace {
// Counting global operator new (STYLE §7.8).
std::size_t g_allocations = 0;
}  // namespace
// Our operator new is malloc-based, so free() in operator delete is the matching call; GCC cannot
// see that once it inlines GoogleTest's `new TestClass` and warns.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {
using namespace runload::signal;
namespace core = runload::core;

/// The 10-minute accuracy session (speed changes, a walking break with a stop).
GaitSimulatorSettings session(Placement placement) { return accuracy_session_settings(placement); }

using SimRun = runload::testing::SimulatedSession;
SimRun simulate(const GaitSimulatorSettings& s) { return runload::testing::simulate_schedule(s); }

struct Accuracy {
  core::EventScore ic, tc;
  double gct_mae_ms = 0.0, cadence_mae_spm = 0.0, pta_mre = 0.0;
  std::size_t strides = 0;
};

Accuracy score(const SimRun& run, const std::vector<GaitCycleEvents>& events) {
  std::vector<double> ref_ic, ref_tc, det_ic, det_tc;
  for (const auto& t : run.truth) {
    if (t.ic_index_samples) ref_ic.push_back(static_cast<double>(*t.ic_index_samples));
    if (t.tc_index_samples) ref_tc.push_back(static_cast<double>(*t.tc_index_samples));
  }
  for (const auto& e : events) {
    if (e.ic_index_samples) det_ic.push_back(static_cast<double>(*e.ic_index_samples));
    if (e.tc_index_samples) det_tc.push_back(static_cast<double>(*e.tc_index_samples));
  }
  core::EventScoringSettings s;
  s.tolerance_ms = 50.0;  // 1 kHz: one sample = 1 ms
  Accuracy a;
  a.ic = core::score_events(ref_ic, det_ic, s);
  a.tc = core::score_events(ref_tc, det_tc, s);
  // Per-stride: GCT, cadence (from consecutive detected ICs of a full stride) and PTA.
  const auto matches = core::match_events(ref_ic, det_ic, s.tolerance_ms);
  std::vector<const GaitStrideTruth*> truth_with_ic;
  for (const auto& t : run.truth)
    if (t.ic_index_samples) truth_with_ic.push_back(&t);
  std::vector<const GaitCycleEvents*> events_with_ic;
  for (const auto& e : events)
    if (e.ic_index_samples) events_with_ic.push_back(&e);
  double gct = 0, cad = 0, pta = 0;
  std::size_t n_gct = 0, n_cad = 0, n_pta = 0;
  for (std::size_t k = 0; k < matches.size(); ++k) {
    const auto& t = *truth_with_ic[matches[k].reference];
    const auto& e = *events_with_ic[matches[k].detected];
    if (t.tc_index_samples && e.tc_index_samples && t.contact_time_ms > 0.0f) {
      gct += std::fabs((static_cast<double>(*e.tc_index_samples) - static_cast<double>(*e.ic_index_samples)) -
                       static_cast<double>(t.contact_time_ms));
      ++n_gct;
    }
    if (k + 1 < matches.size() && matches[k + 1].reference == matches[k].reference + 1 &&
        matches[k + 1].detected == matches[k].detected + 1 && t.stride_time_s > 0.0f) {
      const double det_stride_s = (det_ic[matches[k + 1].detected] - det_ic[matches[k].detected]) / 1000.0;
      cad += std::fabs(120.0 / det_stride_s - static_cast<double>(t.cadence_steps_per_min));
      ++n_cad;
    }
    if (e.pta_axial_g && t.pta_axial_g > 0.0f) {
      pta += std::fabs(static_cast<double>(*e.pta_axial_g - t.pta_axial_g)) / static_cast<double>(t.pta_axial_g);
      ++n_pta;
    }
  }
  a.gct_mae_ms = n_gct ? gct / static_cast<double>(n_gct) : 1e9;
  a.cadence_mae_spm = n_cad ? cad / static_cast<double>(n_cad) : 1e9;
  a.pta_mre = n_pta ? pta / static_cast<double>(n_pta) : 1e9;
  a.strides = n_cad;
  return a;
}

void print(const char* name, const Accuracy& a) {
  std::printf("%s: IC F1=%.4f (tp=%zu fp=%zu fn=%zu) median|e|=%.1f ms | TC F1=%.4f median|e|=%.1f ms | GCT MAE=%.2f ms | "
              "cadence MAE=%.3f steps/min over %zu strides | PTA mean rel. error=%.2f %%\n",
              name, a.ic.f1(), a.ic.true_positives, a.ic.false_positives, a.ic.false_negatives, a.ic.median_abs_error_ms(),
              a.tc.f1(), a.tc.median_abs_error_ms(), a.gct_mae_ms, a.cadence_mae_spm, a.strides, 100.0 * a.pta_mre);
}

TEST(GaitEventDetectorSimTest, FootTenMinutesWithSpeedChangesAndWalkingBreak) {
  // GIVEN a 10 min foot session at 1 kHz with noise, gyro bias, clipping and an odd mounting
  const auto run = simulate(session(Placement::kFoot));
  // WHEN the foot detector runs over it
  const auto events = GaitEventDetector::detect(run.samples, 1000.0f, foot_event_detector_settings(1000.0f));
  const auto a = score(run, events);
  print("foot 1 kHz", a);
  // THEN every stride is found. The issue-3 targets cadence ≤ 0.5 steps/min and GCT ≤ 5 ms per
  // stride are MISSED on the randomised simulator (docs/accuracy.md, Simulator): regression floors
  // just above today's 0.81 steps/min and 16.8 ms.
  EXPECT_GE(a.ic.f1(), 0.999);
  EXPECT_LE(a.cadence_mae_spm, 1.0);
  EXPECT_LE(a.gct_mae_ms, 20.0);
}

TEST(GaitEventDetectorSimTest, ShankTenMinutesWithSpeedChangesAndWalkingBreak) {
  const auto run = simulate(session(Placement::kShank));
  const auto events = GaitEventDetector::detect(run.samples, 1000.0f, shank_event_detector_settings(1000.0f));
  const auto a = score(run, events);
  print("shank 1 kHz", a);
  // Regression floors (targets F1 ≥ 0.999, 0.5 steps/min, 5 ms MISSED; today 0.9975, 3.58, 20.7):
  // the shank landing dip is drawn −15…+25 ms around contact (assumed, docs/simulator.md).
  EXPECT_GE(a.ic.f1(), 0.995);
  EXPECT_LE(a.cadence_mae_spm, 4.5);
  EXPECT_LE(a.gct_mae_ms, 24.0);
  // PTA within 3 % (1 kHz sampling of a 12 ms half-sine loses < 0.1 %; the axial axis is the mean
  // specific-force direction, ~10° off the tibia, which costs ~1.5 %).
  EXPECT_LE(a.pta_mre, 0.03);
}

TEST(GaitEventDetectorSimTest, StreamingEqualsBatch) {
  GaitSimulatorSettings s = session(Placement::kFoot);
  s.schedule = {{60.0, GaitMode::kRun, 3.5f, {}}};
  const auto run = simulate(s);
  const auto batch = GaitEventDetector::detect(run.samples, 1000.0f, foot_event_detector_settings(1000.0f));
  GaitEventDetector d(foot_event_detector_settings(1000.0f));
  std::vector<GaitCycleEvents> streamed;
  for (const auto& x : run.samples)
    if (auto e = d.update(x)) streamed.push_back(*e);
  // End of data: the lagged tail and the last landing (detect() does the same).
  while (auto e = d.flush()) streamed.push_back(*e);
  ASSERT_EQ(streamed.size(), batch.size());
  ASSERT_GT(batch.size(), 50u);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(streamed[i].ic_index_samples, batch[i].ic_index_samples);
    EXPECT_EQ(streamed[i].tc_index_samples, batch[i].tc_index_samples);
  }
}

TEST(GaitEventDetectorSimTest, UpdateDoesNotAllocate) {
  GaitSimulatorSettings s = session(Placement::kShank);
  s.schedule = {{30.0, GaitMode::kRun, 3.5f, {}}};
  const auto run = simulate(s);
  GaitEventDetector d(shank_event_detector_settings(1000.0f));
  std::size_t events = 0;
  const std::size_t before = g_allocations;
  for (const auto& x : run.samples) events += d.update(x).has_value() ? 1u : 0u;
  EXPECT_EQ(g_allocations, before);
  EXPECT_GT(events, 20u);
}

TEST(GaitEventDetectorSimTest, NonFiniteInputIsSkipped) {
  GaitSimulatorSettings s = session(Placement::kFoot);
  s.schedule = {{40.0, GaitMode::kRun, 3.5f, {}}};
  auto run = simulate(s);
  const auto clean = GaitEventDetector::detect(run.samples, 1000.0f, foot_event_detector_settings(1000.0f));
  // GIVEN NaN / inf in a few isolated samples
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t i = 5000; i < run.samples.size(); i += 7919) {
    run.samples[i].gyro_sensor_radps.x() = nan;
    run.samples[i + 1].accel_sensor_mps2.z() = std::numeric_limits<float>::infinity();
  }
  const auto dirty = GaitEventDetector::detect(run.samples, 1000.0f, foot_event_detector_settings(1000.0f));
  // THEN the same strides are found and every output is finite
  EXPECT_NEAR(static_cast<double>(dirty.size()), static_cast<double>(clean.size()), 1.0);
  for (const auto& e : dirty) {
    if (e.pta_axial_g) {
      EXPECT_TRUE(std::isfinite(*e.pta_axial_g));
    }
  }
}

TEST(GaitEventDetectorSimTest, WalkingAt100HzFindsEveryStep) {
  GaitSimulatorSettings s = session(Placement::kFoot);
  s.sample_rate_hz = 100.0f;
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {60.0, GaitMode::kWalk, 1.3f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
  const auto run = simulate(s);
  const auto events = GaitEventDetector::detect(run.samples, 100.0f, foot_event_detector_settings(100.0f));
  const auto a = score(run, events);
  std::printf("foot 100 Hz walking: IC F1=%.4f (tp=%zu fp=%zu fn=%zu) median|e|=%.1f samples\n", a.ic.f1(), a.ic.true_positives,
              a.ic.false_positives, a.ic.false_negatives, a.ic.median_abs_error_ms());
  EXPECT_GE(a.ic.f1(), 0.99);
  EXPECT_LE(a.ic.median_abs_error_ms(), 1.0);  // in samples here: ≤ 1 sample = 10 ms
}

/// 100 Hz walking that stops (3 s standing, 20 s walking, 3 s standing), then hand-made foot motion
/// appended sample by sample: the base of the pivot, rocking and flat-step cases below.
struct StoppedWalk {
  std::vector<ImuSample> samples;
  ImuSample standing;              // the last simulated sample: gravity along the foot's up axis, no rotation
  Vec3f gravity_sensor;            // the specific force at rest, as the sensor sees it now
  Vec3f pitch_axis = Vec3f::Zero();  // learn_pitch_axis()

  StoppedWalk() {
    GaitSimulatorSettings s = session(Placement::kFoot);
    s.sample_rate_hz = 100.0f;
    s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {20.0, GaitMode::kWalk, 1.3f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
    samples = simulate(s).samples;
    standing = samples.back();
    gravity_sensor = standing.accel_sensor_mps2;
  }
  std::uint64_t next_index() const { return samples.back().index_samples + 1; }
  void append(const Vec3f& gyro_radps, const Vec3f& accel_mps2) {
    ImuSample x = standing;
    x.index_samples = next_index();
    x.t_device = samples.back().t_device + DeviceClock::duration{10000};
    x.gyro_sensor_radps = gyro_radps;
    x.accel_sensor_mps2 = accel_mps2;
    samples.push_back(x);
  }
  /// `n` samples at rest.
  void rest(int n) {
    for (int k = 0; k < n; ++k) append(Vec3f::Zero(), gravity_sensor);
  }
  /// The pitch axis (mid-swing positive) as the detector has learnt it from the samples so far.
  void learn_pitch_axis() {
    pitch_axis = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f)).back().pitch_axis_sensor;
  }
  /// `n` samples turning at `dps` about the pitch axis (gravity seen by the sensor turns the other way).
  void rotate(float dps, int n) {
    const float rate = dps * std::numbers::pi_v<float> / 180.0f;
    for (int k = 0; k < n; ++k) {
      gravity_sensor = Eigen::AngleAxisf(-rate * 0.01f, pitch_axis) * gravity_sensor;
      append(rate * pitch_axis, gravity_sensor);
    }
  }
};

/// 100 Hz walking that stops, then a turn in place: the foot is still, turns about the vertical by
/// 160° (400 deg/s for 0.4 s, no sagittal swing) while it is lifted by `lift_m` and set down again
/// (a raised-cosine height), lands with (or without) a 2.5 g impact, and rests. With `rock_dps` > 0
/// the foot then rocks flat after landing: a short positive pitch lobe (60 ms at rock_dps about the
/// pitch axis learnt from the walk) before it rests.
std::vector<ImuSample> walk_then_pivot(bool landing_impact, std::uint64_t& impact_index, float lift_m = 0.03f,
                                       float rock_dps = 0.0f) {
  StoppedWalk foot;
  const Vec3f at_rest = foot.standing.accel_sensor_mps2;
  const Vec3f up = at_rest.normalized();
  foot.rest(50);
  const float yaw_radps = 400.0f * std::numbers::pi_v<float> / 180.0f;
  // Height h(t) = lift/2 · (1 − cos(2πt/T)) over the turn: up and down, at rest at both ends. The
  // rotation is about `up`, so the vertical acceleration stays along `up` in the sensor frame.
  constexpr int kTurn = 40;
  const float w = 2.0f * std::numbers::pi_v<float> / (static_cast<float>(kTurn) * 0.01f);
  for (int k = 0; k < kTurn; ++k) {
    const float a_up = 0.5f * lift_m * w * w * std::cos(w * (static_cast<float>(k) + 0.5f) * 0.01f);
    foot.append(yaw_radps * up, at_rest + a_up * up);
  }
  impact_index = foot.next_index();
  // The impact: a 2.5 g spike that rebounds over the next two samples (no net change of velocity:
  // the foot is at rest before and after it); its largest 10-ms change is the rebound, one sample on.
  const float spike_g[] = {2.5f, -1.5f, -1.0f};
  for (const float g : spike_g) foot.append(Vec3f::Zero(), at_rest + (landing_impact ? g : 0.0f) * kStandardGravity_mps2 * up);
  if (rock_dps > 0.0f) {
    foot.learn_pitch_axis();
    foot.rest(4);
    foot.rotate(rock_dps, 6);
  }
  foot.rest(300);
  return foot.samples;
}

/// The events with an IC at or after device index `first`.
std::vector<GaitCycleEvents> with_ic_from(const std::vector<GaitCycleEvents>& events, std::uint64_t first) {
  std::vector<GaitCycleEvents> out;
  for (const auto& e : events)
    if (e.ic_index_samples && *e.ic_index_samples >= first) out.push_back(e);
  return out;
}
/// The events with an IC less than 100 samples (1 s at 100 Hz) before the pivot's impact, or after it.
std::vector<GaitCycleEvents> near_pivot(const std::vector<GaitCycleEvents>& events, std::uint64_t impact) {
  return with_ic_from(events, impact - 99);
}

TEST(GaitEventDetectorPivotTest, AWalkingPivotStepWithALandingImpactIsAStep) {
  std::uint64_t impact = 0;
  const auto samples = walk_then_pivot(true, impact);
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN the turn in place is one step: an IC-only event at the landing impact (no mid-swing)
  const auto found = near_pivot(events, impact);
  for (const auto& e : found) {
    EXPECT_NEAR(static_cast<double>(*e.ic_index_samples), static_cast<double>(impact), 1.0);
    EXPECT_FALSE(e.tc_index_samples.has_value());
    EXPECT_FALSE(e.mid_swing_index_samples.has_value());
  }
  EXPECT_EQ(found.size(), 1u);
  // AND the shank (no foot-flat) does not look for pivot steps
  const auto shank = GaitEventDetector::detect(samples, 100.0f, shank_event_detector_settings(100.0f));
  EXPECT_TRUE(near_pivot(shank, impact).empty());
}

TEST(GaitEventDetectorPivotTest, AnImpactWithoutLiftIsTheStandingFootNotAStep) {
  // GIVEN the same turn with its landing-like jerk, but the foot never leaves the ground (the
  // standing foot pivoting and shifting its weight: no rise in the strapdown height)
  std::uint64_t impact = 0;
  const auto samples = walk_then_pivot(true, impact, /*lift_m=*/0.0f);
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN no step is reported there
  EXPECT_TRUE(near_pivot(events, impact).empty());
  // AND with the lift gate off it was one (the gate is what rejects it)
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.pivot_step_min_lift_m = 0.0f;
  EXPECT_EQ(near_pivot(GaitEventDetector::detect(samples, 100.0f, off), impact).size(), 1u);
}

TEST(GaitEventDetectorPivotTest, ATurnStepThatRocksFlatAfterLandingHasItsICAtTheImpact) {
  // GIVEN a turn step that lands (2.5 g impact) while pivoting and then rocks flat: a short positive
  // pitch lobe after the landing, read as this step's mid-swing, with the foot at rest at its peak
  std::uint64_t impact = 0;
  const auto samples = walk_then_pivot(true, impact, /*lift_m=*/0.0f, /*rock_dps=*/250.0f);
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN the step's IC is the landing impact before that lobe, not the foot-flat after it
  const auto found = near_pivot(events, impact);
  for (const auto& e : found) EXPECT_NEAR(static_cast<double>(*e.ic_index_samples), static_cast<double>(impact), 1.0);
  EXPECT_EQ(found.size(), 1u);
  // AND without the rule IC was the foot-flat after the lobe, ≥ 100 ms late
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.quiet_swing_impact_lookback_ms = 0.0f;
  for (const auto& e : near_pivot(GaitEventDetector::detect(samples, 100.0f, off), impact))
    EXPECT_GE(*e.ic_index_samples, impact + 10);
}

TEST(GaitEventDetectorPivotTest, AStandingFootRockingWithoutALandingIsNotAStep) {
  // GIVEN the turn without lift or impact, followed by the same short pitch lobe with the foot at
  // rest at its peak: the standing foot rocking heel-to-toe while the other foot turns
  std::uint64_t impact = 0;
  const auto samples = walk_then_pivot(false, impact, /*lift_m=*/0.0f, /*rock_dps=*/250.0f);
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN no IC is reported there (nothing landed)
  EXPECT_TRUE(near_pivot(events, impact).empty());
  // AND without the rule the lobe's foot-flat was reported as a landing
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.quiet_swing_min_impact_g = 0.0f;
  EXPECT_EQ(near_pivot(GaitEventDetector::detect(samples, 100.0f, off), impact).size(), 1u);
}

// A walk, then the standing foot rocks: a short forward pitch lobe, the foot at rest for `rest`
// samples (100 Hz), then a push-off (a clear negative pitch trough) without a landing; with
// `impact` a 2.5 g landing spike comes just before the push-off (a foot that hovered, then landed).
std::vector<ImuSample> walk_then_rock(int rest, bool impact, std::uint64_t& lobe_index) {
  StoppedWalk foot;
  foot.learn_pitch_axis();
  foot.rest(50);
  lobe_index = foot.next_index();
  foot.rotate(250.0f, 6);  // the rock: 15° forward
  foot.rest(rest);
  if (impact) {
    const Vec3f up = foot.gravity_sensor.normalized();
    for (const float g : {2.5f, -1.5f, -1.0f}) foot.append(Vec3f::Zero(), foot.gravity_sensor + g * kStandardGravity_mps2 * up);
    foot.rest(5);
  }
  foot.rotate(-150.0f, 10);  // the push-off
  foot.rest(300);
  return foot.samples;
}

TEST(GaitEventDetectorPivotTest, APushOffAfterTheFootStoodStillIsNotALanding) {
  // GIVEN the standing foot rocking forward, resting 200 ms, then pushing off without any landing
  std::uint64_t lobe = 0;
  const auto samples = walk_then_rock(20, false, lobe);
  // THEN no IC is reported for that lobe
  EXPECT_EQ(with_ic_from(GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f)), lobe).size(), 0u);
  // AND without the rule the push-off trough was reported as its landing
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.rested_trough_min_rest_ms = 0.0f;
  EXPECT_EQ(with_ic_from(GaitEventDetector::detect(samples, 100.0f, off), lobe).size(), 1u);
}

TEST(GaitEventDetectorPivotTest, AFootThatHoversStillThenLandsKeepsItsLanding) {
  // GIVEN the same, but the foot lands with an impact after the rest (a slow turn or closing step)
  std::uint64_t lobe = 0;
  const auto samples = walk_then_rock(20, true, lobe);
  // THEN its landing is reported; AND a rest shorter than 130 ms does not trigger the rule
  EXPECT_EQ(with_ic_from(GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f)), lobe).size(), 1u);
  const auto short_rest = walk_then_rock(10, false, lobe);
  EXPECT_EQ(with_ic_from(GaitEventDetector::detect(short_rest, 100.0f, foot_event_detector_settings(100.0f)), lobe).size(), 1u);
}

TEST(GaitEventDetectorPivotTest, TheStandingFootPivotingOnTheGroundIsNotAStep) {
  // GIVEN the same turn without a landing impact and without lift (the foot turns on the ground)
  std::uint64_t impact = 0;
  const auto samples = walk_then_pivot(false, impact, /*lift_m=*/0.0f);
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN no step is reported there
  EXPECT_TRUE(near_pivot(events, impact).empty());
}

// A walk and a stop, then two small steps set down flat: a forward pitch lobe (the foot tilts 20°),
// the foot at rest for `rest` samples (100 Hz) with no negative pitch trough since the lobe, a
// second lobe (another 20°) and then a clear landing (the foot rotates back by 40°). Returns the
// device indices of that landing rotation, [first, last].
std::vector<ImuSample> walk_then_flat_steps(int rest, std::uint64_t& landing_first, std::uint64_t& landing_last) {
  StoppedWalk foot;
  foot.learn_pitch_axis();
  foot.rest(50);
  foot.rotate(200.0f, 10);  // the first small step
  foot.rest(rest);
  foot.rotate(200.0f, 10);  // the second
  landing_first = foot.next_index();
  foot.rotate(-200.0f, 20);  // its landing
  landing_last = foot.next_index() - 1;
  foot.rest(300);
  return foot.samples;
}

/// The events with an IC in [first, last].
std::vector<GaitCycleEvents> with_ic_in(const std::vector<GaitCycleEvents>& events, std::uint64_t first, std::uint64_t last) {
  std::vector<GaitCycleEvents> out;
  for (const auto& e : with_ic_from(events, first))
    if (*e.ic_index_samples <= last) out.push_back(e);
  return out;
}

TEST(GaitEventDetectorRestTest, ARestBetweenTwoLobesMakesThemTwoSwings) {
  // GIVEN two small swing lobes with the foot at rest for 400 ms between them but no landing trough
  // (the first step was set down flat), the second ending in a clear landing
  std::uint64_t first = 0, last = 0;
  const auto samples = walk_then_flat_steps(40, first, last);
  // THEN the second lobe is a swing of its own and its landing is reported
  EXPECT_EQ(with_ic_in(GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f)), first, last).size(), 1u);
  // AND without the rule it was read as part of the first swing, and its landing was lost
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.rest_separates_swings = false;
  EXPECT_TRUE(with_ic_in(GaitEventDetector::detect(samples, 100.0f, off), first, last).empty());
  // AND the shank (no foot-flat) keeps the trough rule alone
  EXPECT_FALSE(shank_event_detector_settings(100.0f).rest_separates_swings);
}

/// The gait stops among `events`: a last landing (IC only, no mid-swing after it).
std::size_t count_stops(const std::vector<GaitCycleEvents>& events) {
  return static_cast<std::size_t>(
      std::count_if(events.begin(), events.end(), [](const GaitCycleEvents& e) { return e.ic_index_samples && !e.mid_swing_index_samples; }));
}

TEST(GaitEventDetectorSlowWalkTest, ASlowWalkerIsNotReadAsAStopAtEveryStride) {
  // GIVEN a slow walk at 100 Hz, strides 1.4 s then 1.6 s (86 and 75 steps/min: an older runner
  // walking, a return-to-run walking interval), between two standing periods. The stop limit is
  // 1.6 s from the last mid-swing, and the next swing lobe opens before that.
  GaitSimulatorSettings s = session(Placement::kFoot);
  s.sample_rate_hz = 100.0f;
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}},
                {30.0, GaitMode::kWalk, 0.9f, 120.0f / 1.4f},
                {30.0, GaitMode::kWalk, 0.8f, 120.0f / 1.6f},
                {3.0, GaitMode::kStand, 0.0f, {}}};
  const auto run = simulate(s);
  const auto events = GaitEventDetector::detect(run.samples, 100.0f, foot_event_detector_settings(100.0f));
  std::vector<double> truth_ic;
  for (const auto& t : run.truth)
    if (t.ic_index_samples) truth_ic.push_back(static_cast<double>(*t.ic_index_samples));
  ASSERT_GE(truth_ic.size(), 35u);
  // THEN every stride is one whole cycle: IC, TC and contact time in the same stance event, and the
  // only gait stop (a last landing, IC only) is the real one at the end of the walk
  std::size_t stops = 0, whole = 0;
  for (std::size_t k = 0; k < events.size(); ++k) {
    const auto& e = events[k];
    const bool stop = e.ic_index_samples && !e.mid_swing_index_samples;
    if (stop) {
      ++stops;
      EXPECT_EQ(k + 1, events.size()) << "a stop in the middle of the walk, IC at " << *e.ic_index_samples;
      continue;
    }
    if (!e.ic_index_samples) {
      EXPECT_EQ(k, 0u) << "a push-off (restart) in the middle of the walk, TC at " << e.tc_index_samples.value_or(0);
      continue;
    }
    ASSERT_TRUE(e.tc_index_samples.has_value());
    EXPECT_GT(*e.tc_index_samples, *e.ic_index_samples);
    const double contact_ms = static_cast<double>(*e.tc_index_samples - *e.ic_index_samples) * 10.0;
    EXPECT_GT(contact_ms, 400.0);  // walking stance ≈ 60 % of a 1.4–1.6 s stride
    EXPECT_LT(contact_ms, 1200.0);
    ++whole;
  }
  EXPECT_EQ(stops, 1u);
  EXPECT_GE(whole + 1, truth_ic.size() - 1);
  // AND every landing is found
  std::vector<double> det_ic;
  for (const auto& e : events)
    if (e.ic_index_samples) det_ic.push_back(static_cast<double>(*e.ic_index_samples));
  core::EventScoringSettings sc;
  sc.tolerance_ms = 10.0;  // samples here: 100 ms
  const auto ic = core::score_events(truth_ic, det_ic, sc);
  std::printf("slow walk 100 Hz: IC tp=%zu fp=%zu fn=%zu, whole cycles %zu, stops %zu\n", ic.true_positives, ic.false_positives,
              ic.false_negatives, whole, stops);
  EXPECT_EQ(ic.false_negatives, 0u);
  EXPECT_EQ(ic.false_positives, 0u);
  // AND without the rule the walk was cut by a stop and a restart
  GaitEventDetectorSettings off = foot_event_detector_settings(100.0f);
  off.stop_waits_for_open_swing = false;
  EXPECT_GT(count_stops(GaitEventDetector::detect(run.samples, 100.0f, off)), 1u);
}

TEST(GaitEventDetectorSlowWalkTest, APauseBetweenTwoRunningStridesStaysAStop) {
  // GIVEN running (strides ≈ 0.7 s), the runner standing 1 s, then running again: the next swing
  // lobe opens before the 1.6-s stop limit and ends after it (PyShoe 11-18-11's kind)
  GaitSimulatorSettings s = session(Placement::kFoot);
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {15.0, GaitMode::kRun, 3.0f, {}}, {1.0, GaitMode::kStand, 0.0f, {}},
                {15.0, GaitMode::kRun, 3.0f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
  const auto run = simulate(s);
  const auto events = GaitEventDetector::detect(run.samples, 1000.0f, foot_event_detector_settings(1000.0f));
  // THEN no stance event spans the pause: a cycle of more than two usual strides holds a pause, and
  // it stays a last landing (IC only) and a push-off (TC only)
  for (const auto& e : events) {
    if (e.ic_index_samples && e.tc_index_samples) {
      EXPECT_LT(*e.tc_index_samples - *e.ic_index_samples, 600u);
    }
  }
  const std::size_t stops = count_stops(events);
  EXPECT_EQ(stops, 2u);
  // AND without the bound the pause was read as one long stride
  GaitEventDetectorSettings unbounded = foot_event_detector_settings(1000.0f);
  unbounded.open_swing_max_strides = 10.0f;
  const std::size_t stops_unbounded = count_stops(GaitEventDetector::detect(run.samples, 1000.0f, unbounded));
  std::printf("running pause: stops %zu, without the bound %zu\n", stops, stops_unbounded);
  EXPECT_LT(stops_unbounded, stops);
}

}  // namespace
