// The gait simulator itself: its truth is the simulated body's physics (checked by integrating the
// noise-free signal with an exact strapdown, independent of any detector), its per-stride
// morphology stays inside the literature ranges and really varies, and it is deterministic per seed.
#include "runload/signal/gait_simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace {
using namespace runload::signal;

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kG = static_cast<double>(kStandardGravity_mps2);

/// A noise-free foot or shank with the sensor on the body axes, starting at rest.
GaitSimulatorSettings clean(Placement placement, std::vector<GaitSegment> schedule, float rate_hz = 4000.0f) {
  GaitSimulatorSettings s;
  s.sample_rate_hz = rate_hz;
  s.placement = placement;
  s.accel_noise_mps2 = 0.0f;
  s.gyro_noise_radps = 0.0f;
  s.schedule = std::move(schedule);
  return s;
}

struct Recorded {
  std::vector<ImuSample> samples;
  std::vector<GaitStrideTruth> truth;
};

Recorded record(const GaitSimulatorSettings& s) {
  GaitSimulator sim(s);
  Recorded r;
  const auto n = static_cast<std::uint64_t>(sim.schedule_duration_s() * static_cast<double>(s.sample_rate_hz));
  while (r.samples.empty() || r.samples.back().index_samples + 1 < n) r.samples.push_back(sim.next());
  r.truth.assign(sim.truth().begin(), sim.truth().end());
  return r;
}

/// Strapdown integration of the noise-free signal from rest with a known initial attitude:
/// world-from-body attitude, velocity and position at every sample.
struct Navigation {
  std::vector<Eigen::Quaterniond> q_world_from_body;
  std::vector<Eigen::Vector3d> v_world_mps;
  std::vector<Eigen::Vector3d> p_world_m;
  std::vector<Eigen::Vector3d> a_world_mps2;  // gravity removed
};

Navigation integrate(const std::vector<ImuSample>& samples, double fs, const Eigen::Quaterniond& q0) {
  Navigation n;
  const double dt = 1.0 / fs;
  Eigen::Quaterniond q = q0;
  Eigen::Vector3d v = Eigen::Vector3d::Zero(), p = Eigen::Vector3d::Zero();
  const Eigen::Vector3d g(0.0, 0.0, kG);
  Eigen::Vector3d a_prev = q * samples[0].accel_sensor_mps2.cast<double>() - g;
  for (std::size_t k = 0; k < samples.size(); ++k) {
    if (k > 0) {
      const Eigen::Vector3d w = 0.5 * (samples[k - 1].gyro_sensor_radps + samples[k].gyro_sensor_radps).cast<double>();
      const double angle = w.norm() * dt;
      if (angle > 0.0) q = (q * Eigen::Quaterniond(Eigen::AngleAxisd(angle, w.normalized()))).normalized();
      const Eigen::Vector3d a = q * samples[k].accel_sensor_mps2.cast<double>() - g;
      const Eigen::Vector3d v_new = v + 0.5 * (a_prev + a) * dt;
      p += 0.5 * (v + v_new) * dt;
      v = v_new;
      a_prev = a;
    }
    n.q_world_from_body.push_back(q);
    n.v_world_mps.push_back(v);
    n.p_world_m.push_back(p);
    n.a_world_mps2.push_back(a_prev);
  }
  return n;
}

/// Pitch (toe-up) and roll of a world-from-body attitude (heading · pitch about −y · roll about x).
double pitch_rad(const Eigen::Quaterniond& q) { return std::asin(std::clamp((q * Eigen::Vector3d::UnitX()).z(), -1.0, 1.0)); }
double roll_rad(const Eigen::Quaterniond& q) {
  const Eigen::Vector3d y = q * Eigen::Vector3d::UnitY(), z = q * Eigen::Vector3d::UnitZ();
  return std::atan2(y.z(), z.z());
}

bool within(float x, const UniformRange& r, float slack = 1e-3f) { return x >= r.min - slack && x <= r.max + slack; }

std::vector<GaitSegment> run_then_walk() {
  return {{2.0, GaitMode::kStand, 0.0f, {}}, {25.0, GaitMode::kRun, 3.6f, {}}, {12.0, GaitMode::kWalk, 1.3f, {}},
          {2.0, GaitMode::kStand, 0.0f, {}}};
}

TEST(GaitSimulatorTest, SwingAndLandingIntegrateToTheTrueStrideLength) {
  // GIVEN a noise-free foot with pivot landings (turns) among running and walking strides
  GaitSimulatorSettings s = clean(Placement::kFoot, run_then_walk());
  s.morphology.foot_run.pivot_landing_probability = 0.1f;
  const Recorded r = record(s);
  // WHEN an exact strapdown integrates it from rest
  const Navigation nav = integrate(r.samples, s.sample_rate_hz, Eigen::Quaterniond::Identity());
  // THEN the foot is still at every toe-off, and TC → TC travels exactly one stride length
  std::vector<const GaitStrideTruth*> strides;
  for (const auto& t : r.truth)
    if (t.tc_index_samples) strides.push_back(&t);
  ASSERT_GT(strides.size(), 30u);
  std::size_t pivots = 0;
  for (std::size_t k = 0; k + 1 < strides.size(); ++k) {
    const std::size_t tc0 = *strides[k]->tc_index_samples - 1, tc1 = *strides[k + 1]->tc_index_samples - 1;
    EXPECT_LT(nav.v_world_mps[tc1].norm(), 0.01) << "stride " << k;
    const Eigen::Vector3d d = nav.p_world_m[tc1] - nav.p_world_m[tc0];
    EXPECT_NEAR(d.z(), 0.0, 0.005) << "stride " << k;
    pivots += strides[k + 1]->pivot_landing ? 1u : 0u;
  }
  EXPECT_GT(pivots, 0u);
}

TEST(GaitSimulatorTest, PivotLandingsTurnTheHeadingByTheirTruth) {
  GaitSimulatorSettings s = clean(Placement::kFoot, {{2.0, GaitMode::kStand, 0.0f, {}}, {40.0, GaitMode::kRun, 3.0f, {}}});
  s.morphology.foot_run.pivot_landing_probability = 0.2f;
  const Recorded r = record(s);
  const Navigation nav = integrate(r.samples, s.sample_rate_hz, Eigen::Quaterniond::Identity());
  std::vector<const GaitStrideTruth*> strides;
  for (const auto& t : r.truth)
    if (t.ic_index_samples && t.tc_index_samples) strides.push_back(&t);
  std::size_t turns = 0;
  for (std::size_t k = 1; k + 1 < strides.size(); ++k) {
    // Direction of travel of the swing before and after stance k.
    const Eigen::Vector3d before = nav.p_world_m[*strides[k]->tc_index_samples] - nav.p_world_m[*strides[k - 1]->tc_index_samples];
    const Eigen::Vector3d after = nav.p_world_m[*strides[k + 1]->tc_index_samples] - nav.p_world_m[*strides[k]->tc_index_samples];
    const double turn_deg = std::remainder(std::atan2(after.y(), after.x()) - std::atan2(before.y(), before.x()), 2.0 * std::numbers::pi) / kDeg;
    if (!strides[k]->pivot_landing) {
      EXPECT_NEAR(turn_deg, 0.0, 0.5);
      continue;
    }
    ++turns;
    EXPECT_NEAR(turn_deg, strides[k]->pivot_turn_deg, 0.5);
    EXPECT_GE(std::fabs(strides[k]->pivot_turn_deg), 20.0f);
    // Weak: no heel-strike trough, only the small plantarflexion before a flat landing.
    const StrideMorphologyRanges& run = s.morphology.foot_run;
    const float weakest = 2.0f * run.pivot_landing_rotation_deg.max / ((run.landing_onset_ms.min + run.landing_recovery_ms.min) / 1000.0f);
    EXPECT_GT(strides[k]->landing_trough_depth_dps, -weakest);
  }
  EXPECT_GT(turns, 3u);
}

TEST(GaitSimulatorTest, TruthIsTheSimulatedBodyNotADetectorRule) {
  for (const BodySide side : {BodySide::kLeft, BodySide::kRight}) {
    GaitSimulatorSettings s = clean(Placement::kFoot, run_then_walk());
    s.side = side;
    const Recorded r = record(s);
    const Navigation nav = integrate(r.samples, s.sample_rate_hz, Eigen::Quaterniond::Identity());
    const double fs = s.sample_rate_hz;
    const double eversion_sign = side == BodySide::kLeft ? 1.0 : -1.0;  // docs/frames.md
    std::size_t checked = 0;
    for (const auto& t : r.truth) {
      if (!t.ic_index_samples || !t.tc_index_samples) continue;
      const std::size_t ic = *t.ic_index_samples, tc = *t.tc_index_samples;
      // Strike angle = the foot's pitch at IC; the anterior accelerometer then reads g·sin(angle).
      // (The IC sample is up to half a sample from the contact instant, on a trough of up to 1200 °/s.)
      const double half_sample_deg = 0.5 / fs * std::fabs(t.landing_trough_depth_dps);
      EXPECT_NEAR(pitch_rad(nav.q_world_from_body[ic]) / kDeg, t.strike_angle_deg, 0.02 + half_sample_deg);
      EXPECT_NEAR(r.samples[ic].accel_sensor_mps2.x() / kG, std::sin(t.strike_angle_deg * kDeg), 0.02);
      // Pronation = eversion from IC to maximum eversion (signed by side in the signal).
      double max_eversion = 0.0, max_rate = 0.0;
      const double roll_ic = roll_rad(nav.q_world_from_body[ic]);
      for (std::size_t k = ic; k <= tc; ++k) {
        max_eversion = std::max(max_eversion, eversion_sign * (roll_rad(nav.q_world_from_body[k]) - roll_ic));
        max_rate = std::max(max_rate, eversion_sign * static_cast<double>(r.samples[k].gyro_sensor_radps.x()));
      }
      EXPECT_NEAR(max_eversion / kDeg, t.pronation_excursion_deg, 0.1);
      EXPECT_NEAR(max_rate / kDeg, t.pronation_velocity_dps, 0.02 * t.pronation_velocity_dps);
      // Braking = the horizontal deceleration (along the travel at IC) with gravity excluded.
      const Eigen::Vector2d travel = nav.v_world_mps[ic].head<2>().normalized();
      double braking = 0.0;
      for (std::size_t k = ic; k < ic + static_cast<std::size_t>(0.1 * fs); ++k) braking = std::max(braking, -nav.a_world_mps2[k].head<2>().dot(travel));
      EXPECT_NEAR(braking / kG, t.braking_g, 0.01 + 0.01 * t.braking_g);
      // PTA = the peak of the axial specific force, at the truth's instant.
      float pta = 0.0f;
      for (std::size_t k = ic; k < ic + static_cast<std::size_t>(0.06 * fs); ++k) pta = std::max(pta, r.samples[k].accel_sensor_mps2.z());
      EXPECT_NEAR(pta / kStandardGravity_mps2, t.pta_axial_g, 0.005f * t.pta_axial_g);
      EXPECT_GE(t.pta_after_ic_ms, t.impact_onset_after_ic_ms);
      // The physical events: contact instants, contact time and duty factor from them.
      EXPECT_NEAR(t.contact_time_ms, (*t.tc_time_s - *t.ic_time_s) * 1000.0, 1e-3);
      EXPECT_NEAR(t.duty_factor, t.contact_time_ms / (t.stride_time_s * 1000.0f), 1e-4f);
      ++checked;
    }
    EXPECT_GT(checked, 30u);
  }
}

TEST(GaitSimulatorTest, ShankTiltTruthIsTheConfiguredTilt) {
  GaitSimulatorSettings s = clean(Placement::kShank, run_then_walk(), 1000.0f);
  s.tibial_frontal_angle_deg = 5.0f;
  const Recorded r = record(s);
  // Standing still at the start: gravity seen through the tilt only.
  const Vec3f f = r.samples[100].accel_sensor_mps2;
  EXPECT_NEAR(std::asin(f.y() / f.norm()) / kDeg, 5.0, 0.01);
  std::size_t landings = 0;
  for (const auto& t : r.truth)
    if (t.ic_index_samples) {
      EXPECT_EQ(t.tibial_frontal_angle_deg, 5.0f);
      ++landings;
    }
  EXPECT_GT(landings, 30u);
}

/// Every morphology draw of a long session, per placement and mode, against its range.
void expect_morphology_in_ranges_and_varying(Placement placement) {
  GaitSimulatorSettings s = accuracy_session_settings(placement);
  const Recorded r = record(s);
  const GaitMorphology& m = s.morphology;
  const bool foot = placement == Placement::kFoot;
  for (const GaitMode mode : {GaitMode::kRun, GaitMode::kWalk}) {
    const StrideMorphologyRanges& range =
        foot ? (mode == GaitMode::kRun ? m.foot_run : m.foot_walk) : (mode == GaitMode::kRun ? m.shank_run : m.shank_walk);
    std::vector<float> landing, pushoff, onset, contact_ratio, strike, pivots;
    for (const auto& t : r.truth) {
      if (t.mode != mode || !t.ic_index_samples || !t.tc_index_samples) continue;
      pivots.push_back(t.pivot_landing ? 1.0f : 0.0f);
      EXPECT_TRUE(within(t.impact_onset_after_ic_ms, range.impact_onset_ms, 0.01f));
      EXPECT_TRUE(within(t.pushoff_trough_before_tc_ms, range.pushoff_trough_before_tc_ms));
      EXPECT_GT(t.pta_axial_g, 1.0f);
      EXPECT_GT(t.braking_g, 0.0f);
      onset.push_back(t.impact_onset_after_ic_ms);
      pushoff.push_back(t.pushoff_trough_before_tc_ms);
      if (t.pivot_landing) continue;
      if (foot) {
        const float centre = mode == GaitMode::kRun ? s.strike_angle_deg : s.walking_strike_angle_deg;
        EXPECT_TRUE(within(t.strike_angle_deg - centre, range.strike_angle_offset_deg, 0.05f));
        strike.push_back(t.strike_angle_deg);
      }
      EXPECT_TRUE(within(t.landing_trough_after_ic_ms, range.landing_trough_after_ic_ms));
      // Depth: every landing trough is capped at 1200 °/s.
      const float deepest = 1200.0f;
      EXPECT_LT(t.landing_trough_depth_dps, -50.0f);
      EXPECT_GT(t.landing_trough_depth_dps, -deepest - 0.5f);
      landing.push_back(t.landing_trough_after_ic_ms);
    }
    ASSERT_GT(landing.size(), 40u);
    // They vary: each draw covers most of its range (uniform draws over ≥ 40 strides).
    const auto spread = [](const std::vector<float>& v) { return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end()); };
    const auto width = [](const UniformRange& x) { return x.max - x.min; };
    EXPECT_GT(spread(landing), 0.7f * width(range.landing_trough_after_ic_ms));
    EXPECT_GT(spread(pushoff), 0.7f * width(range.pushoff_trough_before_tc_ms));
    EXPECT_GT(spread(onset), 0.7f * width(range.impact_onset_ms));
    if (foot) {
      EXPECT_GT(spread(strike), 0.7f * width(range.strike_angle_offset_deg));
    }
  }
}

TEST(GaitSimulatorTest, FootMorphologyStaysInItsRangesAndVaries) { expect_morphology_in_ranges_and_varying(Placement::kFoot); }
TEST(GaitSimulatorTest, ShankMorphologyStaysInItsRangesAndVaries) { expect_morphology_in_ranges_and_varying(Placement::kShank); }

TEST(GaitSimulatorTest, StrideAndContactTimesVaryAtTheirConfiguredSpread) {
  GaitSimulatorSettings s = clean(Placement::kFoot, {{2.0, GaitMode::kStand, 0.0f, {}}, {300.0, GaitMode::kRun, 3.5f, {}}}, 200.0f);
  const Recorded r = record(s);
  std::vector<double> stride, contact;
  for (const auto& t : r.truth)
    if (t.ic_index_samples && t.tc_index_samples) stride.push_back(t.stride_time_s), contact.push_back(t.contact_time_ms);
  const auto cv = [](const std::vector<double>& v) {
    double mean = 0.0, var = 0.0;
    for (double x : v) mean += x / static_cast<double>(v.size());
    for (double x : v) var += (x - mean) * (x - mean) / static_cast<double>(v.size() - 1);
    return std::sqrt(var) / mean;
  };
  ASSERT_GT(stride.size(), 300u);
  EXPECT_NEAR(cv(stride), s.stride_jitter, 0.2 * s.stride_jitter);
  EXPECT_NEAR(cv(contact), s.morphology.foot_run.contact_time_cv, 0.2 * s.morphology.foot_run.contact_time_cv);
}

TEST(GaitSimulatorTest, ForefootLandingHasNoTroughAfterContact) {
  // A forefoot strike (−6° ± 3°): the trough ends at IC and the heel then drops (pitch rate > 0).
  GaitSimulatorSettings s = clean(Placement::kFoot, {{2.0, GaitMode::kStand, 0.0f, {}}, {20.0, GaitMode::kRun, 3.5f, {}}}, 1000.0f);
  s.strike_angle_deg = -6.0f;
  s.morphology.foot_run.strike_angle_offset_deg = {-3.0f, 3.0f};
  s.morphology.foot_run.pivot_landing_probability = 0.0f;
  const Recorded r = record(s);
  std::size_t checked = 0;
  for (const auto& t : r.truth) {
    if (!t.ic_index_samples || !t.tc_index_samples) continue;
    EXPECT_EQ(t.strike_pattern, FootStrikePattern::kForefoot);
    EXPECT_LE(t.landing_trough_after_ic_ms, 0.0f);
    // Pitch rate = −gyro y (pitch is about −y); positive (heel drop) somewhere in the 60 ms after IC.
    float max_rate = -1e9f;
    for (std::size_t k = *t.ic_index_samples; k < *t.ic_index_samples + 60; ++k) max_rate = std::max(max_rate, -r.samples[k].gyro_sensor_radps.y());
    EXPECT_GT(max_rate, 0.0f);
    ++checked;
  }
  EXPECT_GT(checked, 10u);
}

TEST(GaitSimulatorTest, DeterministicPerSeed) {
  GaitSimulatorSettings s = accuracy_session_settings(Placement::kFoot);
  s.schedule = {{2.0, GaitMode::kStand, 0.0f, {}}, {15.0, GaitMode::kRun, 3.5f, {}}};
  const Recorded a = record(s), b = record(s);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t k = 0; k < a.samples.size(); ++k) {
    ASSERT_EQ(a.samples[k].accel_sensor_mps2, b.samples[k].accel_sensor_mps2);
    ASSERT_EQ(a.samples[k].gyro_sensor_radps, b.samples[k].gyro_sensor_radps);
  }
  ASSERT_EQ(a.truth.size(), b.truth.size());
  for (std::size_t k = 0; k < a.truth.size(); ++k) EXPECT_EQ(a.truth[k].ic_index_samples, b.truth[k].ic_index_samples);
  // Another seed: another gait (and noise draws or lost samples do not change the gait).
  s.seed += 1;
  const Recorded c = record(s);
  std::size_t differing = 0;
  for (std::size_t k = 0; k < std::min(a.truth.size(), c.truth.size()); ++k) differing += a.truth[k].tc_index_samples != c.truth[k].tc_index_samples;
  EXPECT_GT(differing, a.truth.size() / 2);
  GaitSimulatorSettings noisy = s;
  noisy.drop_probability = 0.05f;
  noisy.accel_noise_mps2 = 0.3f;
  const Recorded d = record(noisy);
  ASSERT_EQ(c.truth.size(), d.truth.size());
  for (std::size_t k = 0; k < c.truth.size(); ++k) EXPECT_EQ(c.truth[k].tc_index_samples, d.truth[k].tc_index_samples);
}

}  // namespace
