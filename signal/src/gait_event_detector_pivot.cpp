// Pivot steps (walking turns, Voisard items 9 and 11 in docs/accuracy_history.md): the part of
// GaitEventDetector that finds steps without a mid-swing.
//
// In a tight walking turn a foot may be lifted and turned about the vertical with almost no sagittal
// swing: its low-passed pitch rate never reaches the swing threshold, so no mid-swing is found and
// the mid-swing cycle logic reads the step as a stop. Such a pivot step is a motion segment between
// two foot-flat periods (raw gyro norm, 30-ms mean, below landing_still_dps for ≥ 50 ms) with no
// accepted mid-swing, whose low-passed pitch rate stays below pivot_step_max_pitch_dps, which turns
// the foot by ≥ pivot_step_yaw_deg about the up axis, ends in a landing impact (a 10-ms change of
// specific force ≥ pivot_step_jerk_g), lasts no longer than max_stride_s and, integrated strapdown,
// lifted the sensor by ≥ pivot_step_min_lift_m (the standing foot pivots too, but on the ground).
// IC = that impact, reported as an IC-only event once the cycle open when it was found has been
// reported, unless another IC lies within min_stride_s. Walking only (usual stride ≥
// running_stride_s).
//
// track_pivot() runs for every foot sample; the rest only while a segment is open or when it ends.
#include "runload/signal/gait_event_detector.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Geometry>

#include "runload/signal/frames.h"

namespace runload::signal {

void GaitEventDetector::track_pivot(Seq seq, float pitch_lp_radps) noexcept {
  if (stride_ema_s_ < settings_.running_stride_s) {  // running: no pivot steps; start afresh after
    pivot_still_.reset();
    still_run_ = 0;
    in_segment_ = false;
    return;
  }
  // Foot-flat: the raw gyro norm, averaged over 30 ms, below landing_still_dps for 50 ms.
  if (pivot_still_.update_resummed(gyro_norms_back_from(seq))) {
    if (++still_run_ == min_still_samples_) {
      if (in_segment_) end_pivot_segment(seq + 1 - still_run_);
      had_still_ = true;
    }
  } else {
    still_run_ = 0;
    if (!in_segment_ && had_still_) [[unlikely]] {
      in_segment_ = true;
      segment_swing_ = false;
      segment_begin_ = seq;
      segment_up_ = axes_.up_axis_sensor();
      segment_yaw_rad_ = 0.0f;
      segment_pitch_max_radps_ = pitch_lp_radps;
      segment_jerk_sq_ = 0.0f;
      segment_impact_ = seq;
    }
  }
  if (!in_segment_) return;
  const Entry& e = at(seq);
  segment_yaw_rad_ += std::fabs(segment_up_.dot(e.gyro_sensor_radps));  // × dt at the segment's end
  segment_pitch_max_radps_ = std::max(segment_pitch_max_radps_, pitch_lp_radps);
  if (seq >= jerk_lag_ && held(seq - jerk_lag_)) {
    const float change_sq = jerk_sq(seq);
    if (change_sq > segment_jerk_sq_) {
      segment_jerk_sq_ = change_sq;
      segment_impact_ = seq;
    }
  }
}

void GaitEventDetector::end_pivot_segment(Seq end) noexcept {
  in_segment_ = false;
  // Walking only, no mid-swing in the segment (nor one still open), little sagittal rotation, a
  // turn about the up axis, a landing impact, no longer than a stride.
  if (stride_ema_s_ < settings_.running_stride_s || segment_swing_ || in_swing_ || pivot_ic_) return;
  if (end - segment_begin_ > max_stride_samples_) return;
  if (segment_pitch_max_radps_ >= settings_.pivot_step_max_pitch_dps * kDegToRad) return;
  if (segment_yaw_rad_ < settings_.pivot_step_yaw_deg * kDegToRad * settings_.sample_rate_hz) return;
  const float jerk_mps2 = settings_.pivot_step_jerk_g * kStandardGravity_mps2;
  if (segment_jerk_sq_ < jerk_mps2 * jerk_mps2) return;
  if (settings_.pivot_step_min_lift_m > 0.0f && segment_lift_m(segment_begin_, end) < settings_.pivot_step_min_lift_m) return;
  if (last_ic_index_ && within_min_stride(at(segment_impact_).index_samples, *last_ic_index_)) return;
  pivot_ic_ = segment_impact_;
  pivot_waits_for_cycle_ = last_ms_ && !last_ms_closed_;
}

float GaitEventDetector::segment_lift_m(Seq begin, Seq end) const noexcept {
  // Strapdown over the segment, three passes (no buffer): (1) the velocity at the end, which is
  // drift since the foot is at rest there; (2) the position with that drift removed linearly, whose
  // height at the end is drift again (the foot lands on the same floor); (3) the highest point above
  // the line between the two rest heights. Orientation at the start: gravity from the foot-flat
  // samples before the segment (yaw is arbitrary and irrelevant to height).
  const Seq rest = min_still_samples_;  // the foot-flat before the segment lasts at least this long
  if (end <= begin + 1 || begin < rest + 1 || !held(begin - rest - 1) || !held(end - 1)) return 0.0f;
  Vec3f gravity_sensor = Vec3f::Zero();
  for (Seq s = begin - rest; s < begin; ++s) gravity_sensor += at(s).accel_sensor_mps2;
  if (gravity_sensor.squaredNorm() <= 0.0f) return 0.0f;
  const Eigen::Quaternionf q_start = Eigen::Quaternionf::FromTwoVectors(gravity_sensor.normalized(), up_world());
  const Vec3f gravity_world = specific_force_at_rest_world_mps2();
  const float sample_s = 1.0f / settings_.sample_rate_hz;
  Vec3f v_end = Vec3f::Zero();
  float height_end = 0.0f, duration = 0.0f, lift = 0.0f;
  for (int pass = 0; pass < 3; ++pass) {
    Eigen::Quaternionf q = q_start;
    Vec3f v = Vec3f::Zero();
    float height = 0.0f, t = 0.0f;
    for (Seq s = begin; s < end; ++s) {
      // Device time step (the index may skip lost packets).
      const auto steps = at(s).index_samples > at(s - 1).index_samples ? at(s).index_samples - at(s - 1).index_samples : 1;
      const float dt = sample_s * static_cast<float>(steps);
      q = (q * quaternion_from_rotation_vector(at(s).gyro_sensor_radps * dt)).normalized();
      v += (q * at(s).accel_sensor_mps2 - gravity_world) * dt;
      t += dt;
      if (pass == 0) continue;
      height += (v.z() - v_end.z() * (t / duration)) * dt;
      if (pass == 2) lift = std::max(lift, height - height_end * (t / duration));
    }
    if (pass == 0) {
      v_end = v;
      duration = t;
    } else if (pass == 1) {
      height_end = height;
    }
  }
  return lift;
}

std::optional<GaitCycleEvents> GaitEventDetector::take_pivot() noexcept {
  if (!pivot_ic_ || pivot_waits_for_cycle_) return std::nullopt;
  const Seq ic = *pivot_ic_;
  pivot_ic_.reset();
  if (!held(ic)) return std::nullopt;
  return make_events(ic, std::nullopt, std::nullopt, std::nullopt, /*refine=*/false);
}

void GaitEventDetector::drop_pivot_near(const std::optional<GaitCycleEvents>& e) noexcept {
  if (!pivot_ic_ || !e) return;
  // Any reported event closes the cycle that was open when the pivot step was found.
  pivot_waits_for_cycle_ = false;
  if (!held(*pivot_ic_)) {
    pivot_ic_.reset();
    return;
  }
  if (!e->ic_index_samples) return;
  if (within_min_stride(at(*pivot_ic_).index_samples, *e->ic_index_samples)) pivot_ic_.reset();
}

bool GaitEventDetector::within_min_stride(std::uint64_t index_a, std::uint64_t index_b) const noexcept {
  return (index_a > index_b ? index_a - index_b : index_b - index_a) < min_stride_samples_;
}

}  // namespace runload::signal
