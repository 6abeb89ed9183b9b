// Per-step metrics: against synthetic stances with a known orientation and known motion (braking,
// pronation), and at the simulator's stances against its truth (foot and shank, 1 kHz).
#include "runload/signal/step_metrics.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
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

TEST(StepMetricsTest, LoadingRateIsTheRiseSlopeWhereverICSitsOnTheImpact) {
  // GIVEN a flat landing with a 6 g, 20 ms half-sine impact, and IC reported at the impact's onset
  // (the walking gyro IC) or at its peak (the running impact IC)
  for (const double rate_hz : {1000.0, 200.0}) {
    Stance s;
    s.sample_rate_hz = rate_hz;
    s.strike_deg = 0.0;
    const auto samples = s.samples();
    // THEN the loading rate is the 20–80 % slope of the rise, the same for both ICs (before: 600 g/s
    // from the onset, none from the peak); analytic: 0.6 · 6 g over (asin 0.8 − asin 0.2) · w / π
    const double expected_g_per_s = 0.6 * s.impact_g * kPi / ((std::asin(0.8) - std::asin(0.2)) * s.impact_width_s);
    for (const double ic_s : {0.0, s.impact_width_s / 2}) {
      GaitCycleEvents e = s.events(0.11);
      e.ic_index_samples = s.index_at(ic_s);
      StepMetricsSettings ms;
      ms.sample_rate_hz = static_cast<float>(rate_hz);
      const StepMetrics m = StepMetricsEstimator::estimate(samples, std::span(&e, 1), ms).at(0);
      ASSERT_TRUE(m.loading_rate_g_per_s.has_value()) << rate_hz << " Hz, IC at " << ic_s << " s";
      // sampled chord of the sine: within 10 % at 1 kHz; at 200 Hz the rise is 4 samples (25 %)
      EXPECT_NEAR(*m.loading_rate_g_per_s, expected_g_per_s, (rate_hz > 500 ? 0.10 : 0.25) * expected_g_per_s)
          << rate_hz << " Hz, IC at " << ic_s << " s";
    }
  }
}

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
  // WHEN measured (the shank's gravity reference is the middle of contact)
  const StepMetrics m = measure(s, Placement::kShank, BodySide::kUnknown, 0.125);
  // THEN the braking peak is recovered within 3 %
  ASSERT_TRUE(m.braking_g.has_value());
  EXPECT_NEAR(*m.braking_g, 0.5, 0.015);
}

TEST(StepMetricsBrakingTest, NoneWhenTheReferenceIsNotGravity) {
  // GIVEN a stance whose sensor still accelerates downwards at 2 g around mid-stance, so the
  // specific force there points down (no gravity reference)
  Stance s;
  s.braking_g = 0.8;
  s.midstance_vertical_g = -2.0;
  s.contact_s = 0.22;  // the half-sine peaks at the mid-stance instant (0.11 s)
  // WHEN measured THEN braking is not reported (rather than a value with gravity in it)
  EXPECT_FALSE(measure(s, Placement::kFoot, BodySide::kLeft).braking_g.has_value());
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

std::vector<ImuSample> run(GaitSimulator& sim, double duration_s) {
  std::vector<ImuSample> v;
  const auto n = static_cast<std::uint64_t>(duration_s * static_cast<double>(sim.settings().sample_rate_hz));
  while (v.empty() || v.back().index_samples + 1 < n) v.push_back(sim.next());
  return v;
}

/// The simulator's own stances as events (IC and TC from its truth, axes from its mounting), so the
/// metrics are checked apart from the event detector (whose accuracy gait_event_detector_test
/// checks). Mid-stance: the quietest sample of the central 80 % of stance (the detector's rule).
std::vector<GaitCycleEvents> truth_events(const GaitSimulator& sim, std::span<const ImuSample> samples) {
  std::vector<GaitCycleEvents> out;
  const Eigen::Quaternionf& q = sim.settings().q_sensor_from_body;
  for (const GaitStrideTruth& t : sim.truth()) {
    if (!t.ic_index_samples || !t.tc_index_samples || *t.tc_index_samples >= samples.size()) continue;
    GaitCycleEvents e;
    e.ic_index_samples = t.ic_index_samples;
    e.tc_index_samples = t.tc_index_samples;
    const std::uint64_t margin = (*t.tc_index_samples - *t.ic_index_samples) / 10;
    float quietest = 1e30f;
    for (std::uint64_t i = *t.ic_index_samples + margin; i < *t.tc_index_samples - margin; ++i)
      if (samples[i].gyro_sensor_radps.norm() < quietest) quietest = samples[i].gyro_sensor_radps.norm(), e.mid_stance_index_samples = i;
    e.pitch_axis_sensor = q * -Vec3f::UnitY();
    e.up_axis_sensor = q * Vec3f::UnitZ();
    out.push_back(e);
  }
  return out;
}

GaitSimulatorSettings running(Placement placement, BodySide side) {
  GaitSimulatorSettings s;
  s.placement = placement;
  s.side = side;
  s.q_sensor_from_body = odd_mount().cast<float>();
  s.schedule = {{3.0, GaitMode::kStand, 0.0f, {}}, {60.0, GaitMode::kRun, 3.5f, {}}, {3.0, GaitMode::kStand, 0.0f, {}}};
  return s;
}

/// Nearest-rank percentile (p in 0..100) of |errors|.
float percentile(std::vector<float> v, float p) {
  if (v.empty()) return std::numeric_limits<float>::quiet_NaN();
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0f * static_cast<float>(v.size())))];
}

const GaitStrideTruth& truth_of(const GaitSimulator& sim, const StepMetrics& m) {
  const auto t = std::find_if(sim.truth().begin(), sim.truth().end(),
                              [&](const GaitStrideTruth& x) { return x.ic_index_samples == m.ic_index_samples; });
  EXPECT_NE(t, sim.truth().end());
  return *t;
}

// The simulator draws each stride's morphology (docs/simulator.md), so these are distribution checks
// (self-consistency, not accuracy). Known misses, stated rather than hidden:
// - braking is unavailable on strides whose simulated impact rebound still accelerates the sensor
//   downwards at the reference instant (specific force pointing down on a flat foot; the guard
//   refuses it) — a simulator trait a real flat foot does not have;
// - pivot landings turn the foot during stance, which the 1-D pitch integration of the strike angle
//   does not separate (up to 5° there);
// - where a simulated stride's maximum eversion comes after its push-off has begun, the metric stops
//   at heel rise by definition.
TEST(StepMetricsTest, FootMetricsMatchSimulatorTruth) {
  for (const BodySide side : {BodySide::kLeft, BodySide::kRight}) {
    // GIVEN 60 s of running at 3.5 m/s (strike angle, eversion, push-off inversion, touchdown
    // speed and braking drawn per stride), both feet, an odd mounting
    GaitSimulator sim(running(Placement::kFoot, side));
    const auto samples = run(sim, sim.schedule_duration_s());
    StepMetricsSettings ms;
    ms.placement = Placement::kFoot;
    ms.side = side;
    // WHEN measured at the simulated stances
    const auto metrics = StepMetricsEstimator::estimate(samples, truth_events(sim, samples), ms);
    // THEN
    std::vector<float> strike_deg, pronation_deg, velocity_rel, braking_rel;
    for (const StepMetrics& m : metrics) {
      const GaitStrideTruth& t = truth_of(sim, m);
      if (t.mode != GaitMode::kRun) continue;
      EXPECT_NEAR(*m.contact_time_ms, t.contact_time_ms, 1.0f);              // the truth's own events
      EXPECT_NEAR(*m.pta_axial_g, t.pta_axial_g, 0.03f * t.pta_axial_g);  // every stride: PTA within 3 %
      ASSERT_TRUE(m.strike_angle_deg && m.pronation_excursion_deg && m.pronation_velocity_dps);
      strike_deg.push_back(std::fabs(*m.strike_angle_deg - t.strike_angle_deg));
      pronation_deg.push_back(std::fabs(*m.pronation_excursion_deg - t.pronation_excursion_deg));
      velocity_rel.push_back(std::fabs(*m.pronation_velocity_dps - t.pronation_velocity_dps) / t.pronation_velocity_dps);
      if (m.braking_g) braking_rel.push_back(std::fabs(*m.braking_g - t.braking_g) / t.braking_g);
    }
    ASSERT_GT(strike_deg.size(), 80u);
    // Noise-free these would be ~0; the 0.005 rad/s gyro noise over ≤ 0.2 s and the misses above
    // set the floors.
    EXPECT_LT(percentile(strike_deg, 50), 0.3f);
    EXPECT_LT(percentile(strike_deg, 90), 1.0f);
    EXPECT_LT(percentile(pronation_deg, 50), 0.2f);
    EXPECT_LT(percentile(pronation_deg, 90), 0.75f);
    EXPECT_LT(percentile(velocity_rel, 90), 0.02f);
    ASSERT_GT(braking_rel.size(), 60u);
    EXPECT_LT(percentile(braking_rel, 90), 0.02f);
    ASSERT_TRUE(metrics.back().cumulative_shock_g.has_value());
  }
}

TEST(StepMetricsTest, ShankImpactAndBrakingMatchSimulatorTruth) {
  // GIVEN 60 s of shank running at 4 m/s with a 5° frontal tilt
  GaitSimulatorSettings s = running(Placement::kShank, BodySide::kLeft);
  s.tibial_frontal_angle_deg = 5.0f;
  s.schedule[1].speed_mps = 4.0f;
  GaitSimulator sim(s);
  const auto samples = run(sim, sim.schedule_duration_s());
  StepMetricsSettings ms;
  ms.placement = Placement::kShank;
  ms.side = BodySide::kLeft;
  // WHEN measured at the simulated stances
  const auto metrics = StepMetricsEstimator::estimate(samples, truth_events(sim, samples), ms);
  std::vector<float> braking_rel;
  std::size_t checked = 0;
  for (const StepMetrics& m : metrics) {
    const GaitStrideTruth& t = truth_of(sim, m);
    if (t.mode != GaitMode::kRun) continue;
    ++checked;
    // THEN impact on every stride; braking where the gravity reference is usable (the simulated
    // shank's impact rebound points the specific force down at mid-contact on about half the
    // strides: see the foot test's notes), with the tibia rotating through the braking window
    ASSERT_TRUE(m.pta_axial_g.has_value());
    EXPECT_NEAR(*m.pta_axial_g, t.pta_axial_g, 0.03f * t.pta_axial_g);  // issue target: PTA within 3 %
    EXPECT_GE(*m.peak_resultant_g, *m.pta_axial_g - 1e-3f);
    EXPECT_GT(*m.loading_rate_g_per_s, 0.0f);
    if (m.braking_g) braking_rel.push_back(std::fabs(*m.braking_g - t.braking_g) / t.braking_g);
    // Tibial frontal angle: computed but NOT checked, and reported "unvalidated" (session_summary):
    // it has no reference on real shank data (issue 10), so no test claims it is right.
    EXPECT_TRUE(m.tibial_frontal_angle_deg.has_value());
    EXPECT_FALSE(m.pronation_excursion_deg.has_value());  // foot only
  }
  EXPECT_GT(checked, 80u);
  ASSERT_GT(braking_rel.size(), 30u);
  EXPECT_LT(percentile(braking_rel, 50), 0.01f);
  EXPECT_LT(percentile(braking_rel, 90), 0.03f);
}

}  // namespace
