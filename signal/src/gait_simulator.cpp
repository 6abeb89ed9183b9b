#include "runload/signal/gait_simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace runload::signal {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kG = static_cast<double>(kStandardGravity_mps2);
constexpr double kInf = std::numeric_limits<double>::infinity();

/// A raised-cosine rate bump: centred at `c_s`, half-width `hw_s`, integral `area` (rad).
struct Bump {
  double c_s = 0.0;
  double hw_s = 1.0;
  double area = 0.0;

  double rate(double t_s) const noexcept {
    const double u = (t_s - c_s) / hw_s;
    if (area == 0.0 || u <= -1.0 || u >= 1.0) return 0.0;
    return area / hw_s * 0.5 * (1.0 + std::cos(kPi * u));
  }
  double angle(double t_s) const noexcept {
    const double u = (t_s - c_s) / hw_s;
    if (area == 0.0 || u <= -1.0) return 0.0;
    if (u >= 1.0) return area;
    return area * ((u + 1.0) / 2.0 + std::sin(kPi * u) / (2.0 * kPi));
  }
};

/// Sagittal-plane constants of the model (per placement and mode), angles in rad, times in s.
struct Shape {
  double h_ic_s, area_ic, h_tc_s, area_tc, stance_rotation, impact_width_s, swing_peak_speed_gain,
      swing_vertical_mps2, braking_g;
};

Shape shape_for(Placement p, GaitMode m) noexcept {
  const bool run = m == GaitMode::kRun;
  if (p == Placement::kShank) {
    // Tibia: short IC dip, stance roll-over (tibia forward), TC dip, swing lobe.
    return {run ? 0.012 : 0.020, 8.0 * kDegToRad, run ? 0.030 : 0.040, 10.0 * kDegToRad,
            (run ? 35.0 : 25.0) * kDegToRad, run ? 0.012 : 0.025, 1.0, run ? 4.0 : 2.0, run ? 0.6 : 0.2};
  }
  // Foot: landing trough, heel rise / push-off trough at TC, mid-swing lobe.
  return {run ? 0.015 : 0.025, 0.0, run ? 0.035 : 0.045, 40.0 * kDegToRad, 0.0, run ? 0.008 : 0.020, 2.0,
          run ? 6.0 : 3.0, run ? 0.8 : 0.3};
}

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

}  // namespace

struct GaitSimulator::Unit {
  bool has_ic = false;
  bool has_tc = false;
  double t_start_s = 0.0;  // IC time, or rest start
  double t_tc_s = kInf;
  double t_end_s = kInf;
  GaitMode mode = GaitMode::kStand;
  float speed_mps = 0.0f;
  double base_pitch_rad = 0.0;
  std::array<Bump, 4> pitch{};  // IC trough, settle/stance, TC trough, swing lobe
  std::array<Bump, 2> roll{};   // eversion, return
  double roll_static_rad = 0.0;
  double impact_amp_mps2 = 0.0;
  double impact_width_s = 0.01;
  double braking_amp_mps2 = 0.0;
  double braking_width_s = 0.05;
  double swing_start_s = kInf, swing_end_s = kInf;
  double swing_fwd_amp_mps2 = 0.0, swing_up_amp_mps2 = 0.0;
};

FootStrikePattern classify_foot_strike(float strike_angle_deg) noexcept {
  if (strike_angle_deg > 8.0f) return FootStrikePattern::kRearfoot;
  if (strike_angle_deg < -1.6f) return FootStrikePattern::kForefoot;
  return FootStrikePattern::kMidfoot;
}

GaitSimulator::GaitSimulator(const GaitSimulatorSettings& settings)
    : settings_(settings),
      sample_period_s_(1.0 / static_cast<double>(settings.sample_rate_hz > 0.0f ? settings.sample_rate_hz : 1000.0f)),
      rng_(settings.seed) {
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

void GaitSimulator::plan_next() {
  const Placement placement = settings_.placement == Placement::kShank ? Placement::kShank : Placement::kFoot;
  const bool foot = placement == Placement::kFoot;
  // Pitch just before an IC trough (end of every swing): constant so that strides chain smoothly.
  const double strike_rad = static_cast<double>(settings_.strike_angle_deg) * kDegToRad;
  const double foot_landing_area = std::max(2.0 * strike_rad, 8.0 * kDegToRad);
  // The landing trough is centred half a width after IC (IC = midway between the end of the swing
  // rotation and the trough, as observed on hand-labelled walking data); the push-off trough is
  // centred half a width before TC (TC = where the trough has eased to half its peak).
  // Fraction of a raised-cosine bump's area accumulated half a width before its centre:
  constexpr double kAreaBeforeIc = 0.25 - 1.0 / (2.0 * kPi);
  const double pre_ic_rad = foot ? strike_rad + kAreaBeforeIc * foot_landing_area : 10.0 * kDegToRad;

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
    u.t_end_s = seg_end_s;
  } else {
    u.mode = seg.mode;
    u.speed_mps = seg.speed_mps;
    u.has_tc = true;
  }
  const GaitMode shape_mode = u.mode == GaitMode::kStand ? GaitMode::kWalk : u.mode;
  const Shape sh = shape_for(placement, shape_mode);

  GaitStrideTruth tr;
  tr.mode = u.mode;
  tr.speed_mps = u.speed_mps;
  double stride_s = 0.0;
  double contact_s = 0.0;
  float pta_g = 0.0f;
  if (u.has_tc) {
    const bool steady = settings_.schedule.empty();
    const float cadence = seg.cadence_steps_per_min.value_or(model_cadence_steps_per_min(u.mode, u.speed_mps));
    const double jitter = 1.0 + static_cast<double>(settings_.stride_jitter * unit_normal_(rng_));
    stride_s = 120.0 / static_cast<double>(cadence) * jitter;
    contact_s = (steady ? static_cast<double>(settings_.contact_time_ms) / 1000.0
                        : model_contact_s(u.mode, u.speed_mps, 120.0 / static_cast<double>(cadence))) *
                jitter;
    pta_g = steady ? settings_.impact_peak_g : model_pta_g(placement, u.mode, u.speed_mps);
    if (u.has_ic) {
      u.t_tc_s = u.t_start_s + contact_s;
    } else {
      u.t_tc_s = u.t_start_s + 0.3;  // push-off from standing: a short quiet stance first
    }
    u.t_end_s = u.t_tc_s + (stride_s - contact_s);
  } else if (u.has_ic) {
    pta_g = model_pta_g(placement, u.mode, prev->speed_mps);
    contact_s = std::min(0.4, u.t_end_s - u.t_start_s);
  }

  // ---- Sagittal angular rate.
  const double t0 = u.t_start_s;
  const double flat_rad = (!foot && u.has_tc) ? -sh.stance_rotation : 0.0;
  if (u.has_ic) {
    const double area_ic = foot ? foot_landing_area : sh.area_ic;
    u.base_pitch_rad = pre_ic_rad;
    u.pitch[0] = {t0 + sh.h_ic_s / 2.0, sh.h_ic_s, -area_ic};
    // Settle from the post-landing angle to the stance angle (heel drop / tibia roll-over).
    const double settle = flat_rad - (pre_ic_rad - area_ic);
    const double s0 = t0 + 1.5 * sh.h_ic_s;
    const double s1 = u.has_tc ? u.t_tc_s - 1.5 * sh.h_tc_s : t0 + 0.3;
    const double s1_foot = foot ? std::min(s1, s0 + 0.06) : s1;
    u.pitch[1] = {(s0 + s1_foot) / 2.0, std::max((s1_foot - s0) / 2.0, 1e-3), settle};
  } else {
    u.base_pitch_rad = 0.0;
  }
  if (u.has_tc) {
    const double angle_before_tc = u.has_ic ? flat_rad : 0.0;
    u.pitch[2] = {u.t_tc_s - sh.h_tc_s / 2.0, sh.h_tc_s, -sh.area_tc};
    // The next IC's half-width (same mode unless the schedule changes; the difference is tiny).
    double next_seg_end = kInf;
    const GaitSegment& next_seg = segment_at(u.t_end_s, &next_seg_end);
    const GaitMode next_mode = next_seg.mode == GaitMode::kStand ? u.mode : next_seg.mode;
    const double next_h_ic = shape_for(placement, next_mode).h_ic_s;
    u.swing_start_s = u.t_tc_s + sh.h_tc_s / 2.0;
    u.swing_end_s = u.t_end_s - next_h_ic / 2.0;
    const double swing_area = pre_ic_rad - (angle_before_tc - sh.area_tc);
    u.pitch[3] = {(u.swing_start_s + u.swing_end_s) / 2.0, (u.swing_end_s - u.swing_start_s) / 2.0, swing_area};
    const double swing_s = u.swing_end_s - u.swing_start_s;
    // Kinematically consistent swing (world frame, so a ZUPT-INS can integrate it): the forward
    // acceleration A·sin(2π·ph) moves the foot by A·T²/(2π) = speed × stride time, the stride
    // length; the vertical A·(cos 2π·ph − cos 4π·ph) lifts and lowers it with zero net velocity
    // and displacement. The foot is still at both ends of the swing.
    // The braking pulse pair after this unit's IC moves the foot back by 2·A·w²/π (see generate()):
    // the swing makes up for it so that IC → IC travel is exactly the stride length.
    const double braking_back_m =
        u.has_ic ? 2.0 * sh.braking_g * kG * (0.125 * contact_s) * (0.125 * contact_s) / kPi : 0.0;
    const double stride_length_m = static_cast<double>(u.speed_mps) * stride_s;
    u.swing_fwd_amp_mps2 = 2.0 * kPi * (stride_length_m + braking_back_m) / (swing_s * swing_s);
    u.swing_up_amp_mps2 = sh.swing_vertical_mps2;
  }

  // ---- Frontal plane.
  if (foot && u.has_ic) {
    const double e = static_cast<double>(settings_.pronation_excursion_deg) * kDegToRad;
    const double hw = 0.2 * contact_s;
    u.roll[0] = {t0 + hw, hw, -e};
    const double r0 = t0 + 0.6 * contact_s;
    const double r1 = t0 + contact_s + 0.15;
    u.roll[1] = {(r0 + r1) / 2.0, (r1 - r0) / 2.0, e};
    tr.pronation_excursion_deg = settings_.pronation_excursion_deg;
    tr.pronation_velocity_dps = static_cast<float>(e / hw * 0.5 * 2.0 / kDegToRad);  // peak = area / hw
  }
  if (!foot) u.roll_static_rad = static_cast<double>(settings_.tibial_frontal_angle_deg) * kDegToRad;

  // ---- Impact and braking.
  if (u.has_ic) {
    u.impact_width_s = sh.impact_width_s;
    u.braking_width_s = 0.125 * contact_s;  // the pulse pair ends at 25 % of contact
    u.braking_amp_mps2 = sh.braking_g * kG;
    // Gravity along the axial axis at IC is ≈ g·cos(pre-IC pitch); the half-sine tops it up.
    u.impact_amp_mps2 = std::max(0.0, static_cast<double>(pta_g) * kG - kG * std::cos(pre_ic_rad));
  }

  units_.push_back(u);
  if (units_.size() > 2) units_.erase(units_.begin());

  // ---- Truth.
  if (!u.has_ic && !u.has_tc) return;  // a plain rest: no stride
  const double fs = 1.0 / sample_period_s_;
  if (u.has_ic) {
    tr.ic_time_s = u.t_start_s;
    tr.ic_index_samples = static_cast<std::uint64_t>(std::llround(u.t_start_s * fs));
    tr.pta_axial_g = 0.0f;
    // Noise-free axial peak on a fine grid (matches what a 1 kHz detector samples within ~1 %).
    double peak = 0.0;
    for (int k = 0; k <= 200; ++k) {
      const double t = u.t_start_s + u.impact_width_s * k / 200.0;
      const double pitch = u.base_pitch_rad + u.pitch[0].angle(t) + u.pitch[1].angle(t);
      const double axial = kG * std::cos(pitch) * std::cos(u.roll_static_rad) +
                           u.impact_amp_mps2 * std::sin(kPi * (t - u.t_start_s) / u.impact_width_s);
      peak = std::max(peak, axial);
    }
    tr.pta_axial_g = static_cast<float>(peak / kG);
    if (foot) {
      const double at_ic = u.base_pitch_rad + u.pitch[0].angle(u.t_start_s) + u.pitch[1].angle(u.t_start_s);
      tr.strike_angle_deg = static_cast<float>(at_ic / kDegToRad);
      tr.strike_pattern = classify_foot_strike(tr.strike_angle_deg);
    } else {
      // Frontal tibial angle at mid-stance along the pitch (−y) axis: asin(f·(−y)/|f|).
      const double t_ms = u.t_start_s + contact_s / 2.0;
      const double pitch = u.base_pitch_rad + u.pitch[0].angle(t_ms) + u.pitch[1].angle(t_ms);
      tr.tibial_frontal_angle_deg =
          static_cast<float>(-std::asin(std::cos(pitch) * std::sin(u.roll_static_rad)) / kDegToRad);
    }
  }
  if (u.has_tc) {
    tr.tc_time_s = u.t_tc_s;
    tr.tc_index_samples = static_cast<std::uint64_t>(std::llround(u.t_tc_s * fs));
  }
  tr.end_time_s = u.t_end_s;
  if (u.has_tc) tr.stride_length_m = static_cast<float>(static_cast<double>(u.speed_mps) * stride_s);  // this swing's travel
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
  const Unit& cur = units_.front();
  const Unit* nxt = units_.size() > 1 ? &units_[1] : nullptr;

  double pitch_rate = 0.0;
  double pitch = cur.base_pitch_rad;
  for (const Bump& b : cur.pitch) {
    pitch_rate += b.rate(t);
    pitch += b.angle(t);
  }
  if (nxt != nullptr && nxt->has_ic) {
    // The next landing trough begins before the next IC.
    pitch_rate += nxt->pitch[0].rate(t);
    pitch += nxt->pitch[0].angle(t);
  }
  double roll_rate = 0.0;
  double roll = cur.roll_static_rad;
  for (const Bump& b : cur.roll) {
    roll_rate += b.rate(t);
    roll += b.angle(t);
  }

  // Orientation: world_from_body = pitch (toe-up, about −y) then roll (about x).
  const Eigen::Matrix3d r_world_from_body =
      (Eigen::AngleAxisd(pitch, -Eigen::Vector3d::UnitY()) * Eigen::AngleAxisd(roll, Eigen::Vector3d::UnitX()))
          .toRotationMatrix();
  Eigen::Vector3d f_body = r_world_from_body.transpose() * Eigen::Vector3d(0.0, 0.0, kG);
  const Eigen::Vector3d gyro_body(roll_rate, -pitch_rate * std::cos(roll), pitch_rate * std::sin(roll));

  // Linear acceleration (body frame; small-angle approximation is fine for a test signal).
  if (t >= cur.swing_start_s && t < cur.swing_end_s) {
    const double ph = (t - cur.swing_start_s) / (cur.swing_end_s - cur.swing_start_s);
    const Eigen::Vector3d swing_accel_world_mps2(cur.swing_fwd_amp_mps2 * std::sin(2.0 * kPi * ph), 0.0,
                                                 cur.swing_up_amp_mps2 * (std::cos(2.0 * kPi * ph) - std::cos(4.0 * kPi * ph)));
    f_body += r_world_from_body.transpose() * swing_accel_world_mps2;
  }
  if (cur.has_ic) {
    // Impact along the body (axial) axis, then a 3× longer, 3× weaker opposite half-sine so the
    // landing leaves no net velocity; braking: a world-horizontal deceleration half-sine and its
    // mirror (the foot is still again at 2w). Both keep the kinematics a ZUPT-INS integrates exact.
    const double tau = t - cur.t_start_s;
    const double wi = cur.impact_width_s, wb = cur.braking_width_s;
    if (tau >= 0.0 && tau < wi) {
      f_body.z() += cur.impact_amp_mps2 * std::sin(kPi * tau / wi);
    } else if (tau >= wi && tau < 4.0 * wi) {
      f_body.z() -= cur.impact_amp_mps2 / 3.0 * std::sin(kPi * (tau - wi) / (3.0 * wi));
    }
    double braking_world_mps2 = 0.0;
    if (tau >= 0.0 && tau < wb) {
      braking_world_mps2 = -cur.braking_amp_mps2 * std::sin(kPi * tau / wb);
    } else if (tau >= wb && tau < 2.0 * wb) {
      braking_world_mps2 = cur.braking_amp_mps2 * std::sin(kPi * (tau - wb) / wb);
    }
    f_body += r_world_from_body.transpose() * Eigen::Vector3d(braking_world_mps2, 0.0, 0.0);
  }

  const Eigen::Quaternionf& q = settings_.q_sensor_from_body;
  Vec3f accel = q * f_body.cast<float>();
  Vec3f gyro = q * gyro_body.cast<float>() + settings_.gyro_bias_radps;
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
  s.gyro_sensor_radps = gyro;
  return s;
}

ImuSample GaitSimulator::next() {
  for (;;) {
    const double t = static_cast<double>(index_samples_) * sample_period_s_;
    while (units_.size() > 1 && t >= units_[1].t_start_s - 0.0) {
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
