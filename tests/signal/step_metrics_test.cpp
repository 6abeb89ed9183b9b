// Per-step metrics: against synthetic stances with a known orientation and known motion (braking,
// pronation), and against simulator truth (temporal and impact values, foot and shank, 1 kHz).
#include "runload/signal/step_metrics.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>

namespace {
using namespace runload::signal;

constexpr double kPi = std::numbers::pi;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kG = kStandardGravity_mps2;

/// 0 → 1 over [t0, t1] along a half cosine (zero rate at both ends), constant outside.
double ramp(double t, double t0, double t1) {
  if (t <= t0) return 0.0;
  if (t >= t1) return 1.0;
  return 0.5 * (1.0 - std::cos(kPi * (t - t0) / (t1 - t0)));
}

/// sin over [t0, t0 + width] (one half wave), 0 outside.
double half_sine(double t, double t0, double width) {
  return t > t0 && t < t0 + width ? std::sin(kPi * (t - t0) / width) : 0.0;
}

/// One stance with a known attitude and a known linear acceleration; time 0 = IC.
/// Attitude: world_from_body = yaw(heading) · pitch θ (toe-up +, about body −y) · roll φ (about body
/// x); sensor = body rotated by `q_sensor_from_body`. World ENU, travel along the heading.
/// The gyro is the instantaneous body rate (what an IMU measures), not a step of any integrator.
struct Stance {
  double sample_rate_hz = 1000.0;
  double contact_s = 0.25;
  double heading_rad = 0.7;
  Eigen::Quaterniond q_sensor_from_body = Eigen::Quaterniond::Identity();
  // Pitch, deg: strike_deg at IC → end_landing_deg at landing_end_s; → toe_off_deg from heel_rise_s to TC.
  double strike_deg = 15.0;
  double end_landing_deg = 0.0;
  double landing_end_s = 0.06;
  double heel_rise_s = 0.15;
  double toe_off_deg = -30.0;
  // Roll about body x, deg: 0 at IC → roll_max_deg at roll_max_s, held; + pushoff_roll_deg from heel rise to TC.
  double roll_max_deg = 0.0;
  double roll_max_s = 0.10;
  double pushoff_roll_deg = 0.0;
  // Linear acceleration, g: braking = a half sine of deceleration along the heading from IC,
  // propulsion the same after it; vertical impact from IC; a vertical bump peaking at mid-contact.
  double braking_g = 0.0;
  double braking_width_s = 0.06;
  double propulsion_g = 0.0;
  double impact_g = 6.0;
  double impact_width_s = 0.02;
  double midstance_vertical_g = 0.0;
  double gyro_noise_radps = 0.005;
  double accel_noise_mps2 = 0.05;

  double pitch_rad(double t) const {
    return kDegToRad * (strike_deg + (end_landing_deg - strike_deg) * ramp(t, 0.0, landing_end_s) +
                        (toe_off_deg - end_landing_deg) * ramp(t, heel_rise_s, contact_s));
  }
  double roll_rad(double t) const {
    return kDegToRad * (roll_max_deg * ramp(t, 0.0, roll_max_s) + pushoff_roll_deg * ramp(t, heel_rise_s, contact_s));
  }
  Eigen::Quaterniond q_world_from_sensor(double t) const {
    const Eigen::Quaterniond q_world_from_body = Eigen::AngleAxisd(heading_rad, Eigen::Vector3d::UnitZ()) *
                                                 Eigen::AngleAxisd(pitch_rad(t), -Eigen::Vector3d::UnitY()) *
                                                 Eigen::AngleAxisd(roll_rad(t), Eigen::Vector3d::UnitX());
    return q_world_from_body * q_sensor_from_body.conjugate();
  }
  Eigen::Vector3d accel_world_mps2(double t) const {
    const Eigen::Vector3d travel(std::cos(heading_rad), std::sin(heading_rad), 0.0);
    const double horizontal_g = -braking_g * half_sine(t, 0.0, braking_width_s) +
                                propulsion_g * half_sine(t, contact_s - braking_width_s, braking_width_s);
    const double vertical_g = impact_g * half_sine(t, 0.0, impact_width_s) + midstance_vertical_g * half_sine(t, 0.0, contact_s);
    return kG * (horizontal_g * travel + vertical_g * Eigen::Vector3d::UnitZ());
  }
  Eigen::Vector3d gyro_sensor_radps(double t) const {
    const double h = 1e-6;  // central difference of the attitude: ω = 2·vec(q⁻¹·q̇)
    const Eigen::Quaterniond dq = q_world_from_sensor(t - h).conjugate() * q_world_from_sensor(t + h);
    return Eigen::AngleAxisd(dq).axis() * Eigen::AngleAxisd(dq).angle() / (2.0 * h);
  }
  std::uint64_t index_at(double t) const { return 200 + static_cast<std::uint64_t>(std::lround(t * sample_rate_hz)); }

  /// Samples from 0.2 s before IC to 0.1 s after TC (the attitude held outside the stance).
  std::vector<ImuSample> samples(std::uint32_t seed = 7) const {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<ImuSample> out;
    for (std::uint64_t i = 0; i < index_at(contact_s + 0.1); ++i) {
      const double t = (static_cast<double>(i) - static_cast<double>(index_at(0.0))) / sample_rate_hz;
      const double tc = std::clamp(t, 0.0, contact_s);
      ImuSample s;
      s.index_samples = i;
      const Eigen::Vector3d f_world = accel_world_mps2(t) + kG * Eigen::Vector3d::UnitZ();
      const Eigen::Vector3d f_sensor = q_world_from_sensor(tc).conjugate() * f_world;
      const Eigen::Vector3d w_sensor = t > 0.0 && t < contact_s ? gyro_sensor_radps(t) : Eigen::Vector3d::Zero();
      for (int k = 0; k < 3; ++k) {
        s.accel_sensor_mps2[k] = static_cast<float>(f_sensor[k] + accel_noise_mps2 * noise(rng));
        s.gyro_sensor_radps[k] = static_cast<float>(w_sensor[k] + gyro_noise_radps * noise(rng));
      }
      out.push_back(s);
    }
    return out;
  }
  /// The events a detector would report: IC, TC, mid-stance (foot flat) and the body axes.
  GaitCycleEvents events(double mid_stance_s) const {
    GaitCycleEvents e;
    e.ic_index_samples = index_at(0.0);
    e.tc_index_samples = index_at(contact_s);
    e.mid_stance_index_samples = index_at(mid_stance_s);
    e.pitch_axis_sensor = (q_sensor_from_body * -Eigen::Vector3d::UnitY()).cast<float>();
    e.up_axis_sensor = (q_sensor_from_body * Eigen::Vector3d::UnitZ()).cast<float>();
    return e;
  }
  /// What the sensor-frame anterior axis (up × pitch) reads at IC, g.
  double sensor_anterior_at_ic_g(const std::vector<ImuSample>& v) const {
    const GaitCycleEvents e = events(0.1);
    const Vec3f anterior = e.up_axis_sensor.cross(e.pitch_axis_sensor);
    return static_cast<double>(anterior.dot(v[index_at(0.0)].accel_sensor_mps2)) / kG;
  }
};

StepMetrics measure(const Stance& stance, Placement placement, BodySide side, double mid_stance_s = 0.11) {
  StepMetricsSettings ms;
  ms.sample_rate_hz = static_cast<float>(stance.sample_rate_hz);
  ms.placement = placement;
  ms.side = side;
  const auto samples = stance.samples();
  const GaitCycleEvents e = stance.events(mid_stance_s);
  const auto metrics = StepMetricsEstimator::estimate(samples, std::span(&e, 1), ms);
  return metrics.at(0);
}

/// A mounting far from the nominal one: the method must not assume sensor axes = body axes.
Eigen::Quaterniond odd_mount() { return Eigen::Quaterniond(Eigen::AngleAxisd(2.1, Eigen::Vector3d(0.3, -0.8, 0.5).normalized())); }

TEST(StepMetricsBrakingTest, RecoversHorizontalDecelerationAtA15DegreeStrike) {
  for (const double rate_hz : {1000.0, 200.0}) {
    for (const double strike_deg : {15.0, -15.0}) {  // rearfoot (toe up) and forefoot (toe down)
      // GIVEN a foot landing pitched 15° with a 0.8 g horizontal deceleration and a 6 g vertical impact
      Stance s;
      s.sample_rate_hz = rate_hz;
      s.strike_deg = strike_deg;
      s.braking_g = 0.8;
      s.q_sensor_from_body = odd_mount();
      // WHEN measured
      const StepMetrics m = measure(s, Placement::kFoot, BodySide::kLeft);
      // THEN braking_g is the deceleration within 3 % (attitude error of a trapezoidal strapdown over
      // 0.1 s and the noise; 1° of attitude error would leak 6 g · sin 1° ≈ 0.1 g of the impact)
      ASSERT_TRUE(m.braking_g.has_value());
      EXPECT_NEAR(*m.braking_g, 0.8, 0.024) << rate_hz << " Hz, strike " << strike_deg << "°";
    }
  }
}

TEST(StepMetricsBrakingTest, ReadsZeroWithoutDecelerationAlthoughTheSensorAnteriorSeesGravity) {
  for (const double strike_deg : {15.0, -15.0}) {
    // GIVEN a pitched landing with no horizontal acceleration at all (only the vertical impact)
    Stance s;
    s.strike_deg = strike_deg;
    s.q_sensor_from_body = odd_mount();
    // (the sensor-frame anterior axis sees g·sin(pitch) of gravity plus the impact's share)
    EXPECT_NEAR(s.sensor_anterior_at_ic_g(s.samples()), std::sin(strike_deg * kDegToRad), 0.02);
    // WHEN measured THEN braking_g ≈ 0 (noise only: 0.05 m/s² per axis ≈ 0.005 g; peak of ~60 samples)
    const StepMetrics m = measure(s, Placement::kFoot, BodySide::kLeft);
    ASSERT_TRUE(m.braking_g.has_value());
    EXPECT_LT(*m.braking_g, 0.03) << "strike " << strike_deg << "°";
  }
}

TEST(StepMetricsBrakingTest, ShankRotatingThroughStanceWithBodyAccelerationAtMidStance) {
  // GIVEN a shank inclined −10° at IC rotating forward 40° through stance (≈ 160 °/s), 0.5 g
  // braking then 0.5 g propulsion, and 1.5 g of vertical body acceleration peaking at mid-stance
  Stance s;
  s.strike_deg = -10.0;
  s.end_landing_deg = -10.0;
  s.heel_rise_s = 0.0;
  s.toe_off_deg = 30.0;
  s.braking_g = 0.5;
  s.propulsion_g = 0.5;
  s.braking_width_s = 0.1;
  s.midstance_vertical_g = 1.5;
  s.q_sensor_from_body = odd_mount();
  // WHEN measured with mid-stance at mid-contact (the shank's slowest instant is not quiet)
  const StepMetrics m = measure(s, Placement::kShank, BodySide::kUnknown, 0.125);
  // THEN the braking peak is recovered within 3 %
  ASSERT_TRUE(m.braking_g.has_value());
  EXPECT_NEAR(*m.braking_g, 0.5, 0.015);
}

TEST(StepMetricsPronationTest, SignedBySideFromTheFramesTable) {
  // GIVEN a foot that everts 8° from IC to mid-stance. Eversion is +roll about x on the left
  // foot and −roll on the right (docs/frames.md).
  Stance left;
  left.roll_max_deg = 8.0;
  Stance right = left;
  right.roll_max_deg = -8.0;
  // WHEN each is measured with its own side THEN +8° of eversion (±0.3°: integration and noise)
  const StepMetrics l = measure(left, Placement::kFoot, BodySide::kLeft);
  const StepMetrics r = measure(right, Placement::kFoot, BodySide::kRight);
  ASSERT_TRUE(l.pronation_excursion_deg && r.pronation_excursion_deg);
  EXPECT_NEAR(*l.pronation_excursion_deg, 8.0, 0.3);
  EXPECT_NEAR(*r.pronation_excursion_deg, 8.0, 0.3);
  // Peak rate of the half-cosine ramp: E·π / (2·0.1 s) = 125.7 °/s (±3 %).
  EXPECT_NEAR(*l.pronation_velocity_dps, 125.7, 3.8);
  EXPECT_NEAR(*r.pronation_velocity_dps, 125.7, 3.8);
  // AND the same motion read as the other foot is inversion: no eversion at all.
  const StepMetrics swapped = measure(left, Placement::kFoot, BodySide::kRight);
  ASSERT_TRUE(swapped.pronation_excursion_deg.has_value());
  EXPECT_LT(*swapped.pronation_excursion_deg, 0.3);
}

TEST(StepMetricsPronationTest, PushOffRollAfterMaximumEversionIsNotCounted) {
  for (const double pushoff_deg : {-20.0, +10.0}) {
    // GIVEN 8° of eversion by mid-stance, then from heel rise to TC either a 20° inversion (the
    // foot supinates into push-off, 12° past IC) or a further 10° eversion (fast: 157 °/s peak)
    Stance s;
    s.roll_max_deg = 8.0;
    s.pushoff_roll_deg = pushoff_deg;
    // WHEN measured THEN only IC → maximum eversion before heel rise counts
    const StepMetrics m = measure(s, Placement::kFoot, BodySide::kLeft);
    ASSERT_TRUE(m.pronation_excursion_deg.has_value());
    EXPECT_NEAR(*m.pronation_excursion_deg, 8.0, 0.3) << "push-off roll " << pushoff_deg << "°";
    EXPECT_NEAR(*m.pronation_velocity_dps, 125.7, 3.8) << "push-off roll " << pushoff_deg << "°";
  }
}

TEST(StepMetricsPronationTest, UnknownSideGivesNoPronation) {
  Stance s;
  s.roll_max_deg = 8.0;
  const StepMetrics m = measure(s, Placement::kFoot, BodySide::kUnknown);
  EXPECT_FALSE(m.pronation_excursion_deg.has_value());
  EXPECT_FALSE(m.pronation_velocity_dps.has_value());
  EXPECT_TRUE(m.strike_angle_deg.has_value());  // the rest of the technique metrics stay
}

struct Pair {
  const GaitStrideTruth* truth;
  const StepMetrics* metrics;
};

std::vector<ImuSample> run(GaitSimulator& sim, double duration_s) {
  std::vector<ImuSample> v;
  const auto n = static_cast<std::uint64_t>(duration_s * static_cast<double>(sim.settings().sample_rate_hz));
  while (v.empty() || v.back().index_samples + 1 < n) v.push_back(sim.next());
  return v;
}

std::vector<Pair> pair_up(std::span<const GaitStrideTruth> truth, const std::vector<StepMetrics>& metrics) {
  std::vector<Pair> out;
  for (const auto& m : metrics) {
    if (!m.ic_index_samples) continue;
    for (const auto& t : truth)
      if (t.ic_index_samples && std::llabs(static_cast<long long>(*t.ic_index_samples) - static_cast<long long>(*m.ic_index_samples)) <= 5)
        out.push_back({&t, &m});
  }
  return out;
}

TEST(StepMetricsTest, FootMetricsMatchSimulatorTruth) {
  // GIVEN 60 s of running at 3.5 m/s with a 12° rearfoot strike
  GaitSimulatorSettings s;
  s.placement = Placement::kFoot;
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {60.0, GaitMode::kRun, 3.5f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
  GaitSimulator sim(s);
  const auto samples = run(sim, sim.schedule_duration_s());
  const auto events = GaitEventDetector::detect(samples, 1000.0f, foot_event_detector_settings(1000.0f));
  StepMetricsSettings ms;
  ms.placement = Placement::kFoot;
  ms.side = s.side;
  const auto metrics = StepMetricsEstimator::estimate(samples, events, ms);
  const auto pairs = pair_up(sim.truth(), metrics);
  ASSERT_GT(pairs.size(), 80u);
  std::size_t checked = 0;
  for (const auto& [t, m] : pairs) {
    if (!m->stride_time_s || t->stride_time_s <= 0.0f) continue;
    ++checked;
    // Tolerances: events are exact to ±1 sample (1 ms) on this model.
    // Per stride: ±1 ms on each IC of a ~0.7 s stride is ±0.5 steps/min; the 0.5 spm *mean* target
    // is checked in gait_event_detector_test.
    EXPECT_NEAR(*m->cadence_steps_per_min, t->cadence_steps_per_min, 1.0f);
    EXPECT_NEAR(*m->cadence_strides_per_min * 2.0f, *m->cadence_steps_per_min, 1e-3f);  // steps = 2 × strides
    EXPECT_NEAR(*m->contact_time_ms, t->contact_time_ms, 3.0f);
    EXPECT_NEAR(*m->duty_factor, t->duty_factor, 0.01f);
    EXPECT_NEAR(*m->pta_axial_g, t->pta_axial_g, 0.03f * t->pta_axial_g);
    // Angles integrate ~0.1 s of gyro with bias/noise: ±1.5° strike.
    ASSERT_TRUE(m->strike_angle_deg.has_value());
    EXPECT_NEAR(*m->strike_angle_deg, t->strike_angle_deg, 1.5f);
    EXPECT_EQ(*m->strike_pattern, t->strike_pattern);
    // Pronation and braking are checked against the synthetic stances above, whose attitude and
    // motion are known; the simulator's roll is not yet signed by side (issue 10 item 7).
    EXPECT_TRUE(m->pronation_excursion_deg.has_value());
    EXPECT_TRUE(m->braking_g.has_value());
  }
  EXPECT_GT(checked, 80u);
  ASSERT_TRUE(metrics.back().cumulative_shock_g.has_value());
}

TEST(StepMetricsTest, ShankFrontalAngleAndImpact) {
  GaitSimulatorSettings s;
  s.placement = Placement::kShank;
  s.tibial_frontal_angle_deg = 5.0f;
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {60.0, GaitMode::kRun, 4.0f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
  GaitSimulator sim(s);
  const auto samples = run(sim, sim.schedule_duration_s());
  const auto events = GaitEventDetector::detect(samples, 1000.0f, shank_event_detector_settings(1000.0f));
  StepMetricsSettings ms;
  ms.placement = Placement::kShank;
  const auto metrics = StepMetricsEstimator::estimate(samples, events, ms);
  const auto pairs = pair_up(sim.truth(), metrics);
  ASSERT_GT(pairs.size(), 80u);
  for (const auto& [t, m] : pairs) {
    ASSERT_TRUE(m->pta_axial_g.has_value());
    EXPECT_NEAR(*m->pta_axial_g, t->pta_axial_g, 0.03f * t->pta_axial_g);  // issue target: PTA within 3 %
    EXPECT_GE(*m->peak_resultant_g, *m->pta_axial_g - 1e-3f);
    // Tibial frontal angle: NOT checked, and reported as "unvalidated" (session_summary): the
    // simulator rolls the tibia before pitching it, so the learnt pitch axis tilts with the frontal
    // angle and gravity has no component along it; the metric then reads ~0°. It needs a reference
    // from real shank data before it is checked or used by a rule.
    EXPECT_TRUE(m->tibial_frontal_angle_deg.has_value() || !m->tc_index_samples);
    EXPECT_GT(*m->loading_rate_g_per_s, 0.0f);
    EXPECT_FALSE(m->pronation_excursion_deg.has_value());  // foot only
  }
}

}  // namespace
