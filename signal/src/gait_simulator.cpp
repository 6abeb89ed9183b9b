#include "runload/signal/gait_simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace runload::signal {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kG = static_cast<double>(kStandardGravity_mps2);
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMs = 1e-3;

/// A raised-cosine rate bump: centre `c_s`, half-widths before and after the centre, integral `area`
/// (rad). Asymmetric bumps keep a continuous rate (both halves peak at the centre).
struct Bump {
  double c_s = 0.0;
  double before_s = 1.0;
  double after_s = 1.0;
  double area = 0.0;

  double peak() const noexcept { return 2.0 * area / (before_s + after_s); }
  double start_s() const noexcept { return c_s - before_s; }
  double end_s() const noexcept { return c_s + after_s; }
  double rate(double t_s) const noexcept {
    if (area == 0.0) return 0.0;
    const double u = (t_s - c_s) / (t_s < c_s ? before_s : after_s);
    if (u <= -1.0 || u >= 1.0) return 0.0;
    return peak() * 0.5 * (1.0 + std::cos(kPi * u));
  }
  double angle(double t_s) const noexcept {
    if (area == 0.0 || t_s <= start_s()) return 0.0;
    if (t_s >= end_s()) return area;
    if (t_s < c_s) {
      const double u = (t_s - c_s) / before_s;
      return peak() * before_s * ((u + 1.0) / 2.0 + std::sin(kPi * u) / (2.0 * kPi));
    }
    const double u = (t_s - c_s) / after_s;
    return peak() * (before_s / 2.0 + after_s * (u / 2.0 + std::sin(kPi * u) / (2.0 * kPi)));
  }
};

/// A symmetric bump covering [t0, t1].
Bump spanning(double t0_s, double t1_s, double area) noexcept {
  const double hw = std::max((t1_s - t0_s) / 2.0, 1e-3);
  return {(t0_s + t1_s) / 2.0, hw, hw, area};
}

/// The landing transient, world frame, from its onset (a few ms after IC): an impact pulse up
/// (quarter-sine rise to the peak, quarter-cosine fall), a rebound half-sine that leaves exactly the
/// touchdown vertical speed removed, and a horizontal braking half-sine that removes the touchdown
/// horizontal speed.
struct Transient {
  double onset_s = 0.0;  // absolute time of the onset
  double rise_s = 0.005, fall_s = 0.01, rebound_s = 0.045;
  double impact_mps2 = 0.0, rebound_mps2 = 0.0;
  double braking_s = 0.03, braking_mps2 = 0.0;

  double vertical_mps2(double t_s) const noexcept {
    const double tau = t_s - onset_s;
    if (tau < 0.0) return 0.0;
    if (tau < rise_s) return impact_mps2 * std::sin(kPi / 2.0 * tau / rise_s);
    if (tau < rise_s + fall_s) return impact_mps2 * std::cos(kPi / 2.0 * (tau - rise_s) / fall_s);
    const double r = tau - rise_s - fall_s;
    return r < rebound_s ? -rebound_mps2 * std::sin(kPi * r / rebound_s) : 0.0;
  }
  /// Deceleration along the arrival heading (negative = backwards).
  double horizontal_mps2(double t_s) const noexcept {
    const double tau = t_s - onset_s;
    return tau >= 0.0 && tau < braking_s ? -braking_mps2 * std::sin(kPi * tau / braking_s) : 0.0;
  }
  double end_s() const noexcept { return onset_s + std::max(rise_s + fall_s + rebound_s, braking_s); }
};

}  // namespace

/// One landing (the start of a unit), drawn together with the swing that precedes it so that the
/// swing can close the pitch angle and arrive with the right touchdown velocity.
struct GaitSimulator::Landing {
  bool pivot = false;
  double angle_at_ic_rad = 0.0;    // foot strike angle / tibia pitch at IC
  double pre_pitch_rad = 0.0;      // pitch before the landing trough starts
  Bump trough;                     // sagittal landing trough (absolute times)
  Transient transient;
  double touchdown_horizontal_mps = 0.0;
  double touchdown_vertical_mps = 0.0;  // downwards
  double slide_m = 0.0;                 // horizontal travel from IC to the end of braking
  double drop_m = 0.0;                  // vertical travel from IC to the end of the transient (≤ 0)
};

namespace {

/// Speed models (our simple fits to typical recreational values; only used to make sessions vary).
float model_cadence_steps_per_min(GaitMode m, float v_mps) noexcept {
  return m == GaitMode::kRun ? 150.0f + 6.0f * v_mps : 90.0f + 15.0f * v_mps;
}
double model_contact_s(GaitMode m, float v_mps, double stride_s) noexcept {
  return m == GaitMode::kRun ? std::clamp(0.32 - 0.025 * static_cast<double>(v_mps), 0.15, 0.32) : 0.62 * stride_s;
}
float model_pta_g(Placement p, GaitMode m, float v_mps) noexcept {
  const float run_g = 4.0f + 1.2f * v_mps;
  const float walk_g = 1.5f + v_mps;
  const float g = m == GaitMode::kRun ? run_g : walk_g;
  return p == Placement::kShank ? g : 1.3f * g;
}
/// Swing lift amplitude, m/s² (the vertical profile's zero-mean part; assumed).
double swing_lift_mps2(Placement p, GaitMode m) noexcept {
  const bool run = m == GaitMode::kRun;
  return p == Placement::kShank ? (run ? 4.0 : 2.0) : (run ? 6.0 : 3.0);
}

/// Unit-peak area of a bump after `t_s` (the normalised remainder), s.
double area_after_per_peak(const Bump& b, double t_s) noexcept {
  Bump unit = b;
  unit.area = (b.before_s + b.after_s) / 2.0;  // peak 1
  return unit.area - unit.angle(t_s);
}

}  // namespace

struct GaitSimulator::Unit {
  bool has_ic = false;
  bool has_tc = false;
  double t_start_s = 0.0;  // IC time, or rest start
  double t_tc_s = kInf;
  double t_end_s = kInf;
  GaitMode mode = GaitMode::kStand;
  float speed_mps = 0.0f;
  // Sagittal: pitch = base + landing + settle + push-off + swing lobe (+ the next landing's trough).
  double base_pitch_rad = 0.0;
  Bump landing, settle, pushoff, swing_lobe;
  // Frontal and heading.
  double roll_static_rad = 0.0;
  Bump eversion, inversion, roll_return;
  double heading_rad = 0.0;  // at IC; the pivot adds to it during stance
  Bump pivot;
  // Translation.
  Transient transient;  // this unit's landing (valid with has_ic)
  double swing_start_s = kInf, swing_end_s = kInf;
  double swing_fwd_mps2 = 0.0, swing_fwd_ramp_mps2 = 0.0;
  double swing_lift_mps2 = 0.0, swing_down_ramp_mps2 = 0.0, swing_skew_mps2 = 0.0;
  Landing next;  // the landing that starts the next unit (valid with has_tc)
};

namespace {

using Unit = GaitSimulator::Unit;

double pitch_of(const Unit& u, const Unit* next, double t_s) noexcept {
  double pitch = u.base_pitch_rad + u.landing.angle(t_s) + u.settle.angle(t_s) + u.pushoff.angle(t_s) + u.swing_lobe.angle(t_s);
  if (next != nullptr && next->has_ic) pitch += next->landing.angle(t_s);
  return pitch;
}

/// Noise-free specific force and angular rate, body frame, at `t_s` inside unit `u`.
struct BodySignal {
  Eigen::Vector3d f_body_mps2;
  Eigen::Vector3d gyro_body_radps;
};

BodySignal body_signal(const Unit& u, const Unit* next, double t_s) noexcept {
  double pitch_rate = u.landing.rate(t_s) + u.settle.rate(t_s) + u.pushoff.rate(t_s) + u.swing_lobe.rate(t_s);
  if (next != nullptr && next->has_ic) pitch_rate += next->landing.rate(t_s);
  const double pitch = pitch_of(u, next, t_s);
  const double roll_rate = u.eversion.rate(t_s) + u.inversion.rate(t_s) + u.roll_return.rate(t_s);
  const double roll = u.roll_static_rad + u.eversion.angle(t_s) + u.inversion.angle(t_s) + u.roll_return.angle(t_s);
  const double yaw_rate = u.pivot.rate(t_s);
  const double yaw = u.heading_rad + u.pivot.angle(t_s);

  // world_from_body = heading (about z) · pitch (toe-up, about −y) · roll (about x).
  const Eigen::Matrix3d r_pitch = Eigen::AngleAxisd(pitch, -Eigen::Vector3d::UnitY()).toRotationMatrix();
  const Eigen::Matrix3d r_roll = Eigen::AngleAxisd(roll, Eigen::Vector3d::UnitX()).toRotationMatrix();
  const Eigen::Matrix3d r_world_from_body = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix() * r_pitch * r_roll;
  const Eigen::Vector3d gyro_body = (r_pitch * r_roll).transpose() * Eigen::Vector3d(0.0, 0.0, yaw_rate) +
                                    r_roll.transpose() * Eigen::Vector3d(0.0, -pitch_rate, 0.0) +
                                    Eigen::Vector3d(roll_rate, 0.0, 0.0);

  // World-frame acceleration of the sensor: swing, then the landing transient.
  Eigen::Vector3d accel_world_mps2 = Eigen::Vector3d::Zero();
  if (t_s >= u.swing_start_s && t_s < u.swing_end_s) {
    const double ph = (t_s - u.swing_start_s) / (u.swing_end_s - u.swing_start_s);
    const double c1 = std::cos(2.0 * kPi * ph), s1 = std::sin(2.0 * kPi * ph);
    const double forward = u.swing_fwd_mps2 * s1 + u.swing_fwd_ramp_mps2 * (1.0 - c1);
    const double swing_heading = u.heading_rad + u.pivot.area;
    accel_world_mps2.x() = forward * std::cos(swing_heading);
    accel_world_mps2.y() = forward * std::sin(swing_heading);
    accel_world_mps2.z() = u.swing_lift_mps2 * (c1 - std::cos(4.0 * kPi * ph)) + u.swing_down_ramp_mps2 * (1.0 - c1) + u.swing_skew_mps2 * s1;
  }
  if (u.has_ic) {
    const double braking = u.transient.horizontal_mps2(t_s);
    accel_world_mps2 += Eigen::Vector3d(braking * std::cos(u.heading_rad), braking * std::sin(u.heading_rad), u.transient.vertical_mps2(t_s));
  }
  const Eigen::Vector3d f_body = r_world_from_body.transpose() * (accel_world_mps2 + Eigen::Vector3d(0.0, 0.0, kG));
  return {f_body, gyro_body};
}

}  // namespace

FootStrikePattern classify_foot_strike(float strike_angle_deg) noexcept {
  if (strike_angle_deg > 8.0f) return FootStrikePattern::kRearfoot;
  if (strike_angle_deg < -1.6f) return FootStrikePattern::kForefoot;
  return FootStrikePattern::kMidfoot;
}

GaitSimulator::GaitSimulator(const GaitSimulatorSettings& settings)
    : settings_(settings),
      sample_period_s_(1.0 / static_cast<double>(settings.sample_rate_hz > 0.0f ? settings.sample_rate_hz : 1000.0f)),
      rng_(settings.seed),
      morphology_rng_(settings.seed ^ 0x9e3779b9u) {
  steady_.duration_s = kInf;
  steady_.mode = GaitMode::kRun;
  steady_.speed_mps = settings_.speed_mps;
  steady_.cadence_steps_per_min = settings_.cadence_steps_per_min;
  const double total_s = std::min(schedule_duration_s(), 4.0 * 3600.0);
  truth_.reserve(static_cast<std::size_t>(total_s * 2.0) + 16);
  units_.reserve(4);
  // The session begins standing still; the first unit is a push-off (or a rest if standing).
  plan_next();
  plan_next();
}

GaitSimulator::~GaitSimulator() = default;
GaitSimulator::GaitSimulator(const GaitSimulator&) = default;
GaitSimulator& GaitSimulator::operator=(const GaitSimulator&) = default;

double GaitSimulator::schedule_duration_s() const noexcept {
  if (settings_.schedule.empty()) return kInf;
  double total = 0.0;
  for (const auto& s : settings_.schedule) total += s.duration_s;
  return total;
}

const GaitSegment& GaitSimulator::segment_at(double t_s, double* segment_end_s) const noexcept {
  static const GaitSegment kStandForever{kInf, GaitMode::kStand, 0.0f, std::nullopt};
  if (settings_.schedule.empty()) {
    *segment_end_s = kInf;
    return steady_;
  }
  double start = 0.0;
  for (const auto& s : settings_.schedule) {
    if (t_s < start + s.duration_s) {
      *segment_end_s = start + s.duration_s;
      return s;
    }
    start += s.duration_s;
  }
  *segment_end_s = kInf;
  return kStandForever;
}

Placement GaitSimulator::placement() const noexcept {
  return settings_.placement == Placement::kShank ? Placement::kShank : Placement::kFoot;
}

const StrideMorphologyRanges& GaitSimulator::ranges(GaitMode mode) const noexcept {
  const bool run = mode == GaitMode::kRun;
  const GaitMorphology& m = settings_.morphology;
  if (placement() == Placement::kShank) return run ? m.shank_run : m.shank_walk;
  return run ? m.foot_run : m.foot_walk;
}

double GaitSimulator::draw(const UniformRange& r) {
  const double lo = static_cast<double>(std::min(r.min, r.max));
  const double hi = static_cast<double>(std::max(r.min, r.max));
  return lo + (hi - lo) * std::uniform_real_distribution<double>(0.0, 1.0)(morphology_rng_);
}

double GaitSimulator::draw_normal(double limit_sd) {
  return std::clamp(std::normal_distribution<double>(0.0, 1.0)(morphology_rng_), -limit_sd, limit_sd);
}

float GaitSimulator::pta_target_g(GaitMode mode, float speed_mps) const noexcept {
  return settings_.schedule.empty() ? settings_.impact_peak_g : model_pta_g(placement(), mode, speed_mps);
}

/// The landing at `t_ic_s` (mode and speed of the stride it starts).
GaitSimulator::Landing GaitSimulator::draw_landing(double t_ic_s, GaitMode mode, float speed_mps) {
  const StrideMorphologyRanges& r = ranges(mode);
  const bool foot = placement() == Placement::kFoot;
  Landing l;
  l.pivot = std::uniform_real_distribution<double>(0.0, 1.0)(morphology_rng_) < static_cast<double>(r.pivot_landing_probability);
  const double trough_after_ic_s = draw(r.landing_trough_after_ic_ms) * kMs;
  const double onset_s = std::max(draw(r.landing_onset_ms) * kMs, 2e-3);
  double recovery_s = std::max(draw(r.landing_recovery_ms) * kMs, 2e-3);
  Bump trough{t_ic_s + trough_after_ic_s, onset_s, recovery_s, 0.0};
  constexpr double kMaxDepth_radps = 1200.0 * kDegToRad;  // assumed plausible limit for any landing trough
  bool heel_first = false;
  if (foot) {
    const double centre_deg =
        static_cast<double>(mode == GaitMode::kRun ? settings_.strike_angle_deg : settings_.walking_strike_angle_deg);
    l.angle_at_ic_rad = (l.pivot ? draw(r.pivot_strike_angle_deg) : centre_deg + draw(r.strike_angle_offset_deg)) * kDegToRad;
    heel_first = !l.pivot && l.angle_at_ic_rad >= 1.0 * kDegToRad && trough_after_ic_s >= 0.0;
    // Flat, forefoot or pivot landing: the foot plantarflexes in terminal swing and the trough ends
    // at IC; no heel-strike trough after it (the heel drop follows, see plan_next()).
    if (!heel_first) trough.area = -draw(l.pivot ? r.pivot_landing_rotation_deg : r.landing_rotation_deg) * kDegToRad;
  } else {
    l.angle_at_ic_rad = draw(r.shank_angle_at_ic_deg) * kDegToRad;
    trough.area = -draw(r.landing_rotation_deg) * kDegToRad;
  }
  if (heel_first) {
    // The trough after IC rotates the foot from its strike angle to flat, so its depth follows from
    // the strike angle and the widths (capped by slowing the recovery).
    double per_peak_s = area_after_per_peak(trough, t_ic_s);
    if (l.angle_at_ic_rad / per_peak_s > kMaxDepth_radps) {
      trough.after_s += 2.0 * (l.angle_at_ic_rad / kMaxDepth_radps - per_peak_s);
      per_peak_s = area_after_per_peak(trough, t_ic_s);
    }
    trough.area = -l.angle_at_ic_rad / per_peak_s * (trough.before_s + trough.after_s) / 2.0;
  } else if (std::fabs(trough.peak()) > kMaxDepth_radps) {
    // A drawn rotation too fast for the drawn widths: widen both.
    const double widen = std::fabs(trough.peak()) / kMaxDepth_radps;
    trough.before_s *= widen;
    trough.after_s *= widen;
  }
  if (foot && !heel_first) trough.c_s = t_ic_s - trough.after_s;
  l.trough = trough;
  l.pre_pitch_rad = l.angle_at_ic_rad - trough.angle(t_ic_s);

  // Landing transient: the peak axial specific force is drawn around the speed model; the pulse
  // adds to gravity's axial component at the strike angle (the exact peak is measured for truth).
  Transient& tr = l.transient;
  tr.onset_s = t_ic_s + draw(r.impact_onset_ms) * kMs;
  tr.rise_s = std::max(draw(r.impact_rise_ms) * kMs, 1e-3);
  tr.fall_s = std::max(draw(r.impact_fall_ms) * kMs, 1e-3);
  tr.rebound_s = 3.0 * (tr.rise_s + tr.fall_s);  // assumed: the transient rings down over 3× its width
  const double pta_g = static_cast<double>(pta_target_g(mode, speed_mps)) *
                       std::max(0.2, 1.0 + static_cast<double>(r.impact_peak_cv) * draw_normal(2.5));
  const double cos_strike = std::cos(l.angle_at_ic_rad);
  tr.impact_mps2 = std::max(0.0, pta_g * kG / cos_strike - kG);
  l.touchdown_vertical_mps = draw(r.touchdown_vertical_speed_mps);
  const double pulse_mps = 2.0 * tr.impact_mps2 * (tr.rise_s + tr.fall_s) / kPi;
  tr.rebound_mps2 = (pulse_mps - l.touchdown_vertical_mps) * kPi / (2.0 * tr.rebound_s);
  l.touchdown_horizontal_mps = draw(r.touchdown_horizontal_speed_mps);
  tr.braking_s = std::max(draw(r.braking_duration_ms) * kMs, 2e-3);
  tr.braking_mps2 = kPi * l.touchdown_horizontal_mps / (2.0 * tr.braking_s);
  // Travel from IC to the end of the transient (the swing before makes up for it).
  l.slide_m = l.touchdown_horizontal_mps * (tr.onset_s - t_ic_s + tr.braking_s / 2.0);
  constexpr int kSteps = 2000;
  const double dt = (tr.end_s() - t_ic_s) / kSteps;
  double v_mps = -l.touchdown_vertical_mps;
  for (int k = 0; k < kSteps; ++k) {
    const double t = t_ic_s + (k + 0.5) * dt;
    const double v_mid = v_mps + tr.vertical_mps2(t) * dt / 2.0;
    l.drop_m += v_mid * dt;
    v_mps += tr.vertical_mps2(t) * dt;
  }
  return l;
}

void GaitSimulator::plan_next() {
  const bool foot = placement() == Placement::kFoot;
  Unit u;
  const Unit* prev = units_.empty() ? nullptr : &units_.back();
  u.t_start_s = prev ? prev->t_end_s : 0.0;
  if (!std::isfinite(u.t_start_s)) return;  // standing forever
  double seg_end_s = kInf;
  const GaitSegment& seg = segment_at(u.t_start_s, &seg_end_s);
  // An IC happens if the previous unit ended with a swing.
  u.has_ic = prev != nullptr && prev->has_tc;
  if (seg.mode == GaitMode::kStand) {
    // Terminal stance (after a landing) or a plain rest, until the segment ends.
    u.mode = u.has_ic ? prev->mode : GaitMode::kStand;
    u.speed_mps = u.has_ic ? prev->speed_mps : 0.0f;
    u.t_end_s = seg_end_s;
  } else {
    u.mode = seg.mode;
    u.speed_mps = seg.speed_mps;
    u.has_tc = true;
  }
  const GaitMode shape_mode = u.mode == GaitMode::kStand ? GaitMode::kWalk : u.mode;
  const StrideMorphologyRanges& r = ranges(shape_mode);

  // ---- Timing: stride and contact vary independently from stride to stride.
  double stride_s = 0.0;
  double contact_s = 0.0;
  if (u.has_tc) {
    const bool steady = settings_.schedule.empty();
    const float cadence = seg.cadence_steps_per_min.value_or(model_cadence_steps_per_min(u.mode, u.speed_mps));
    const double nominal_stride_s = 120.0 / static_cast<double>(cadence);
    stride_s = nominal_stride_s * (1.0 + static_cast<double>(settings_.stride_jitter) * draw_normal(3.0));
    contact_s = (steady ? static_cast<double>(settings_.contact_time_ms) / 1000.0 : model_contact_s(u.mode, u.speed_mps, nominal_stride_s)) *
                (1.0 + static_cast<double>(r.contact_time_cv) * draw_normal(3.0));
    contact_s = std::min(contact_s, 0.8 * stride_s);
    u.t_tc_s = u.t_start_s + (u.has_ic ? contact_s : 0.3);  // push-off from standing: a short quiet stance first
    u.t_end_s = u.t_tc_s + (stride_s - contact_s);
  } else if (u.has_ic) {
    contact_s = std::min(0.4, u.t_end_s - u.t_start_s);
  }
  const double t0 = u.t_start_s;

  // ---- Landing (drawn with the previous swing), heading, and the sagittal stance.
  Landing landing;
  if (u.has_ic) {
    landing = prev->next;
    u.landing = landing.trough;
    u.base_pitch_rad = landing.pre_pitch_rad;
    u.transient = landing.transient;
  }
  if (prev != nullptr) u.heading_rad = prev->heading_rad + prev->pivot.area;
  double stance_end_pitch_rad = 0.0;  // foot flat; the shank rolls over the foot
  double stance_quiet_from_s = t0 + 0.05;  // the push-off starts no earlier
  if (u.has_ic) {
    const double landing_end_s = std::max(u.landing.end_s(), t0);
    const double after_landing_rad = u.base_pitch_rad + u.landing.area;
    stance_quiet_from_s = landing_end_s + 0.02;
    if (foot && std::fabs(after_landing_rad) > 1e-9) {
      // Heel drop after a flat or forefoot landing (none after a heel-first one: already flat).
      const double drop_s = std::max(draw(r.heel_drop_ms) * kMs, 2e-3);
      u.settle = spanning(landing_end_s, landing_end_s + 2.0 * drop_s, -after_landing_rad);
      stance_quiet_from_s = u.settle.end_s();
    }
    if (!foot && u.has_tc) stance_end_pitch_rad = landing.angle_at_ic_rad - draw(r.shank_stance_rotation_deg) * kDegToRad;
  }

  // ---- Push-off: the trough's position and recovery vary around TC.
  if (u.has_tc) {
    const double before_tc_s = draw(r.pushoff_trough_before_tc_ms) * kMs;
    const double centre_s = u.t_tc_s - before_tc_s;
    const double onset_s = std::clamp(draw(r.pushoff_onset_ms) * kMs, 5e-3, std::max(centre_s - stance_quiet_from_s, 5e-3));
    const double recovery_s =
        std::clamp(draw(r.pushoff_recovery_ms) * kMs, 5e-3, std::max(0.5 * (u.t_end_s - u.t_tc_s) + before_tc_s, 5e-3));
    u.pushoff = {centre_s, onset_s, recovery_s, -draw(r.pushoff_rotation_deg) * kDegToRad};
  }
  if (!foot && u.has_ic) {
    // Shank roll-over: the tibia rotates forward over the foot throughout contact, under the landing
    // and push-off dips (after a terminal landing it comes back to upright standing).
    const double s0 = t0;
    const double s1 = u.has_tc ? u.t_tc_s : t0 + 0.3;
    u.settle = spanning(s0, s1, stance_end_pitch_rad - (u.base_pitch_rad + u.landing.area));
  }

  // ---- The next landing, the swing lobe that closes the pitch and the swing translation.
  if (u.has_tc) {
    double next_seg_end = kInf;
    const GaitSegment& next_seg = segment_at(u.t_end_s, &next_seg_end);
    const bool next_stands = next_seg.mode == GaitMode::kStand;
    u.next = draw_landing(u.t_end_s, next_stands ? u.mode : next_seg.mode, next_stands ? u.speed_mps : next_seg.speed_mps);
    // The lobe ends where the landing trough begins, at the latest at IC (a trough centred later
    // than its onset half-width after IC leaves the pitch rate at zero from IC to its start).
    const double lobe_end_s = std::min(u.next.trough.start_s(), u.t_end_s);
    const double lobe_start_s = std::min(std::max(u.t_tc_s, u.pushoff.c_s + 0.5 * u.pushoff.after_s), lobe_end_s - 0.1);
    const double after_pushoff_rad = stance_end_pitch_rad + u.pushoff.area;
    u.swing_lobe = spanning(lobe_start_s, lobe_end_s, u.next.pre_pitch_rad - after_pushoff_rad);

    // Kinematically consistent swing (world frame, so a ZUPT-INS can integrate it), from toe-off
    // (foot still) to the next IC (arriving with the touchdown velocity the landing removes):
    //   forward  a = A·sin 2πφ + C·(1 − cos 2πφ):  v_end = C·T,  travel = A·T²/2π + C·T²/2;
    //   vertical a = L·(cos 2πφ − cos 4πφ) + C'·(1 − cos 2πφ) + S·sin 2πφ: zero net height with the
    //   landing's drop. Travel TC → end of the next braking = speed × stride time (the stride length).
    u.swing_start_s = u.t_tc_s;
    u.swing_end_s = u.t_end_s;
    const double swing_s = u.swing_end_s - u.swing_start_s;
    const double stride_length_m = static_cast<double>(u.speed_mps) * stride_s;
    const double v_h = u.next.touchdown_horizontal_mps, v_z = u.next.touchdown_vertical_mps;
    u.swing_fwd_ramp_mps2 = v_h / swing_s;
    u.swing_fwd_mps2 = 2.0 * kPi * (stride_length_m - u.next.slide_m - v_h * swing_s / 2.0) / (swing_s * swing_s);
    u.swing_lift_mps2 = swing_lift_mps2(placement(), u.mode);
    u.swing_down_ramp_mps2 = -v_z / swing_s;
    u.swing_skew_mps2 = 2.0 * kPi * (v_z * swing_s / 2.0 - u.next.drop_m) / (swing_s * swing_s);
  }

  // ---- Frontal plane (foot): eversion to a varying maximum, inversion through push-off (signed
  // by side, docs/frames.md: +roll is eversion on the left foot, inversion on the right).
  GaitStrideTruth tr;
  if (foot && u.has_ic) {
    const double eversion_sign = settings_.side == BodySide::kLeft ? 1.0 : -1.0;
    const double e_deg = std::max(0.0, static_cast<double>(settings_.pronation_excursion_deg) + draw(r.eversion_offset_deg));
    const double e = e_deg * kDegToRad;
    const double t_max_eversion = t0 + draw(r.max_eversion_fraction_of_contact) * contact_s;
    u.eversion = spanning(t0, t_max_eversion, eversion_sign * e);
    if (u.has_tc) {
      const double inversion = draw(r.pushoff_inversion_deg) * kDegToRad;
      const double heel_rise_s = std::clamp(u.pushoff.start_s(), t_max_eversion, u.t_tc_s - 0.01);
      u.inversion = spanning(heel_rise_s, u.t_tc_s, -eversion_sign * (e + inversion));
      u.roll_return = spanning(u.t_tc_s, u.t_tc_s + 0.4 * (u.t_end_s - u.t_tc_s), eversion_sign * inversion);
    } else {
      u.inversion = spanning(t_max_eversion, t_max_eversion + 0.3, -eversion_sign * e);
    }
    tr.pronation_excursion_deg = static_cast<float>(e_deg);
    tr.pronation_velocity_dps = static_cast<float>(std::fabs(u.eversion.peak()) / kDegToRad);
  }
  if (!foot) u.roll_static_rad = static_cast<double>(settings_.tibial_frontal_angle_deg) * kDegToRad;
  // A pivot landing turns the foot about the vertical during stance (assumed timing: centred at
  // 30–50 % of contact, half-width 15–30 % of contact).
  if (u.has_ic && u.has_tc && landing.pivot) {
    const double sign = std::uniform_real_distribution<double>(0.0, 1.0)(morphology_rng_) < 0.5 ? -1.0 : 1.0;
    const double centre_s = t0 + draw({0.3f, 0.5f}) * contact_s;
    const double hw_s = draw({0.15f, 0.3f}) * contact_s;
    u.pivot = {centre_s, hw_s, hw_s, sign * draw(r.pivot_turn_deg) * kDegToRad};
  }

  units_.push_back(u);
  if (units_.size() > 2) units_.erase(units_.begin());

  // ---- Truth: the physical events and quantities of the simulated body.
  if (!u.has_ic && !u.has_tc) return;  // a plain rest: no stride
  const Unit& placed = units_.back();
  tr.mode = u.mode;
  tr.speed_mps = u.speed_mps;
  const double fs = 1.0 / sample_period_s_;
  if (u.has_ic) {
    tr.ic_time_s = t0;
    tr.ic_index_samples = static_cast<std::uint64_t>(std::llround(t0 * fs));
    // PTA: the noise-free axial peak of the simulated transient (fine grid).
    double peak_mps2 = -kInf, peak_t = t0;
    const double window_end = u.transient.onset_s + u.transient.rise_s + u.transient.fall_s + 2e-3;
    for (double t = t0; t <= window_end; t += 5e-5) {
      const double axial = body_signal(placed, nullptr, t).f_body_mps2.z();
      if (axial > peak_mps2) peak_mps2 = axial, peak_t = t;
    }
    tr.pta_axial_g = static_cast<float>(peak_mps2 / kG);
    tr.pta_after_ic_ms = static_cast<float>((peak_t - t0) * 1000.0);
    tr.braking_g = static_cast<float>(u.transient.braking_mps2 / kG);
    tr.impact_onset_after_ic_ms = static_cast<float>((u.transient.onset_s - t0) * 1000.0);
    tr.pivot_landing = landing.pivot;
    tr.pivot_turn_deg = static_cast<float>(u.pivot.area / kDegToRad);
    tr.landing_trough_after_ic_ms = static_cast<float>((u.landing.c_s - t0) * 1000.0);
    tr.landing_trough_depth_dps = static_cast<float>(-std::fabs(u.landing.peak()) / kDegToRad);
    if (foot) {
      tr.strike_angle_deg = static_cast<float>(pitch_of(placed, nullptr, t0) / kDegToRad);
      tr.strike_pattern = classify_foot_strike(tr.strike_angle_deg);
    } else {
      tr.tibial_frontal_angle_deg = settings_.tibial_frontal_angle_deg;
    }
  }
  if (u.has_tc) {
    tr.tc_time_s = u.t_tc_s;
    tr.tc_index_samples = static_cast<std::uint64_t>(std::llround(u.t_tc_s * fs));
    tr.pushoff_trough_before_tc_ms = static_cast<float>((u.t_tc_s - u.pushoff.c_s) * 1000.0);
    tr.pushoff_level_at_tc = static_cast<float>(u.pushoff.rate(u.t_tc_s) / u.pushoff.peak());
    tr.stride_length_m = static_cast<float>(static_cast<double>(u.speed_mps) * stride_s);  // TC → end of the next braking
  }
  tr.end_time_s = u.t_end_s;
  if (u.has_ic && u.has_tc) {
    tr.stride_time_s = static_cast<float>(stride_s);
    tr.step_time_s = static_cast<float>(stride_s / 2.0);
    tr.cadence_steps_per_min = static_cast<float>(60.0 / (stride_s / 2.0));
    tr.cadence_strides_per_min = static_cast<float>(60.0 / stride_s);
    tr.contact_time_ms = static_cast<float>(contact_s * 1000.0);
    tr.flight_time_ms = static_cast<float>((stride_s / 2.0 - contact_s) * 1000.0);
    tr.duty_factor = static_cast<float>(contact_s / stride_s);
  }
  truth_.push_back(tr);
}

std::vector<GaitStrideTruth> GaitSimulator::truth_until(double t_s) const {
  std::vector<GaitStrideTruth> out;
  for (const auto& t : truth_)
    if (t.end_time_s <= t_s) out.push_back(t);
  return out;
}

ImuSample GaitSimulator::generate(std::uint64_t index) noexcept {
  const double t = static_cast<double>(index) * sample_period_s_;
  const Unit* next = units_.size() > 1 ? &units_[1] : nullptr;
  const BodySignal b = body_signal(units_.front(), next, t);
  const Eigen::Quaternionf& q = settings_.q_sensor_from_body;
  Vec3f accel = q * b.f_body_mps2.cast<float>();
  Vec3f gyro = q * b.gyro_body_radps.cast<float>() + settings_.gyro_bias_radps;
  for (int axis = 0; axis < 3; ++axis) {
    accel[axis] += settings_.accel_noise_mps2 * unit_normal_(rng_);
    gyro[axis] += settings_.gyro_noise_radps * unit_normal_(rng_);
  }
  if (settings_.accel_range_g > 0.0f) {
    const float r = settings_.accel_range_g * kStandardGravity_mps2;
    accel = accel.cwiseMax(-r).cwiseMin(r);
  }
  if (settings_.gyro_range_dps > 0.0f) {
    const float r = settings_.gyro_range_dps * static_cast<float>(kDegToRad);
    gyro = gyro.cwiseMax(-r).cwiseMin(r);
  }
  ImuSample s;
  s.index_samples = index;
  s.t_device = device_time_from_us(static_cast<std::int64_t>(std::llround(t * 1e6)));
  s.accel_sensor_mps2 = accel;
  if (settings_.gyro_present) {
    s.gyro_sensor_radps = gyro;  // else zero, and the channel is absent (the RNG draws are the same)
  } else {
    s.channels = kChannelAccel;
  }
  return s;
}

ImuSample GaitSimulator::next() {
  for (;;) {
    const double t = static_cast<double>(index_samples_) * sample_period_s_;
    while (units_.size() > 1 && t >= units_[1].t_start_s) {
      units_.erase(units_.begin());
      plan_next();
    }
    const std::uint64_t index = index_samples_++;
    ImuSample s = generate(index);
    // Lost samples still consume RNG draws, so a drop does not change the rest of the signal.
    const bool dropped = settings_.drop_probability > 0.0f && unit_uniform_(rng_) < settings_.drop_probability;
    if (!dropped) return s;
  }
}

std::vector<GaitSegment> accuracy_session_schedule() {
  return {{5.0, GaitMode::kStand, 0.0f, {}},  {140.0, GaitMode::kRun, 3.0f, {}}, {140.0, GaitMode::kRun, 3.8f, {}},
          {100.0, GaitMode::kRun, 4.6f, {}}, {30.0, GaitMode::kWalk, 1.4f, {}},  {10.0, GaitMode::kStand, 0.0f, {}},
          {30.0, GaitMode::kWalk, 1.2f, {}}, {140.0, GaitMode::kRun, 3.4f, {}},  {5.0, GaitMode::kStand, 0.0f, {}}};
}

GaitSimulatorSettings accuracy_session_settings(Placement placement) {
  GaitSimulatorSettings s;
  s.sample_rate_hz = 1000.0f;
  s.placement = placement;
  s.seed = placement == Placement::kFoot ? 7u : 11u;
  s.gyro_bias_radps = Vec3f(0.01f, -0.02f, 0.015f);
  s.accel_range_g = 32.0f;
  s.gyro_range_dps = 4000.0f;
  s.q_sensor_from_body = Eigen::Quaternionf(Eigen::AngleAxisf(2.1f, Vec3f(0.3f, -0.8f, 0.5f).normalized()));
  s.schedule = accuracy_session_schedule();
  return s;
}

}  // namespace runload::signal
