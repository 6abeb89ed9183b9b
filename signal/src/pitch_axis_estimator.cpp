#include "runload/signal/pitch_axis_estimator.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace runload::signal {

PitchAxisEstimator::PitchAxisEstimator(const PitchAxisEstimatorSettings& settings) noexcept : settings_(settings) {
  const float fs = settings_.sample_rate_hz > 0.0f && std::isfinite(settings_.sample_rate_hz)
                       ? settings_.sample_rate_hz
                       : 1000.0f;
  const float tau = settings_.time_constant_s > 0.0f ? settings_.time_constant_s : 10.0f;
  alpha_ = 1.0f / (tau * fs);
  const float tau_sign = settings_.sign_time_constant_s > 0.0f ? settings_.sign_time_constant_s : 3.0f;
  sign_alpha_ = 1.0f / (tau_sign * fs);
  sign_decay_ = std::exp(-sign_alpha_);
  solve_every_samples_ = std::max(1, static_cast<int>(std::lround(settings_.solve_period_s * fs)));
  settings_.sample_rate_hz = fs;
}

void PitchAxisEstimator::reset() noexcept {
  *this = PitchAxisEstimator(settings_);
}

Vec3f PitchAxisEstimator::up_axis_sensor() const noexcept {
  const Vec3f& f = rest_s_ >= 0.5f ? rest_accel_ : mean_accel_;
  const float n = f.norm();
  return n > 1e-3f ? Vec3f(f / n) : Vec3f::UnitZ();
}

void PitchAxisEstimator::update(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                                const Vec3f& accel_sensor_mps2) noexcept {
  if (gyro_lp_sensor_radps.allFinite() && gyro_sensor_radps.allFinite()) {
    second_moment_ = (1.0f - alpha_) * second_moment_ + alpha_ * gyro_lp_sensor_radps * gyro_lp_sensor_radps.transpose();
    weight_ = (1.0f - alpha_) * weight_ + alpha_;
    // Width at half maximum per sign: the broad swing lobe beats the narrow contact troughs.
    const float w = axis_.dot(gyro_sensor_radps);
    max_positive_radps_ = std::max(w, max_positive_radps_ * sign_decay_);
    max_negative_radps_ = std::max(-w, max_negative_radps_ * sign_decay_);
    const float indicator = w > 0.5f * max_positive_radps_ ? 1.0f : (-w > 0.5f * max_negative_radps_ ? -1.0f : 0.0f);
    sign_duration_ = (1.0f - sign_alpha_) * sign_duration_ + sign_alpha_ * indicator;
    seen_s_ += 1.0f / settings_.sample_rate_hz;
    if (accel_sensor_mps2.allFinite()) update_swing_vote(gyro_sensor_radps, accel_sensor_mps2);
    if (gyro_lp_sensor_radps.norm() > 1.0f) motion_s_ += 1.0f / settings_.sample_rate_hz;
  }
  if (accel_sensor_mps2.allFinite()) {
    // Faster bias-free start: plain average until the EMA has enough weight.
    const float a = std::max(alpha_, 1.0f / (seen_s_ * settings_.sample_rate_hz + 1.0f));
    mean_accel_ = (1.0f - a) * mean_accel_ + a * accel_sensor_mps2;
    const bool at_rest = gyro_lp_sensor_radps.allFinite() && gyro_lp_sensor_radps.norm() < 0.1f &&
                         std::fabs(accel_sensor_mps2.norm() - kStandardGravity_mps2) < 0.5f;
    if (at_rest) {
      rest_s_ += 1.0f / settings_.sample_rate_hz;
      const float b = std::max(alpha_, 1.0f / (rest_s_ * settings_.sample_rate_hz));
      rest_accel_ = (1.0f - b) * rest_accel_ + b * accel_sensor_mps2;
    }
  }
  if (++since_solve_samples_ >= solve_every_samples_) {
    since_solve_samples_ = 0;
    solve();
  }
}

void PitchAxisEstimator::update_swing_vote(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2) noexcept {
  constexpr float kQuietRate_radps = 1.0f;      // foot flat / standing: almost no rotation …
  constexpr float kQuietForce_mps2 = 1.5f;      // … and specific force ≈ gravity
  constexpr float kQuietHold_s = 0.05f;         // held this long ends a motion segment
  constexpr float kMinSwingAngle_rad = 0.35f;   // ≈ 20°: a real step, not a fidget
  constexpr float kMinSwing_s = 0.15f;
  constexpr float kMaxSwing_s = 3.0f;
  constexpr float kVoteScale_m = 0.3f;          // displacement worth one full vote
  constexpr float kMaxVotes = 20.0f;
  const float dt_s = 1.0f / settings_.sample_rate_hz;
  const bool quiet = gyro_sensor_radps.norm() < kQuietRate_radps &&
                     std::fabs(accel_sensor_mps2.norm() - kStandardGravity_mps2) < kQuietForce_mps2;
  quiet_s_ = quiet ? quiet_s_ + dt_s : 0.0f;
  if (quiet_s_ >= kQuietHold_s) {
    if (swing_s_ >= kMinSwing_s && swing_s_ <= kMaxSwing_s && swing_max_abs_theta_rad_ >= kMinSwingAngle_rad) {
      // The foot is still at both ends: remove a linear velocity drift (its displacement is v_end·T/2).
      const float x_corrected_m = swing_x_m_ - 0.5f * swing_v_mps_ * swing_s_;
      displacement_votes_ =
          std::clamp(displacement_votes_ + std::clamp(x_corrected_m / kVoteScale_m, -1.0f, 1.0f), -kMaxVotes, kMaxVotes);
    }
    swing_theta_rad_ = swing_max_abs_theta_rad_ = swing_v_mps_ = swing_x_m_ = swing_s_ = 0.0f;
    quiet_accel_ = accel_sensor_mps2;
    return;
  }
  const float g_mps2 = quiet_accel_.norm();
  if (g_mps2 < 1.0f) return;  // no quiet attitude seen yet
  // Sagittal frame of the last quiet attitude: up u, pitch p (⊥ u), forward f = u × p.
  const Vec3f up = quiet_accel_ / g_mps2;
  Vec3f pitch = axis_ - axis_.dot(up) * up;
  const float pn = pitch.norm();
  if (pn < 0.3f) return;
  pitch /= pn;
  const Vec3f forward = up.cross(pitch);
  swing_theta_rad_ += pitch.dot(gyro_sensor_radps) * dt_s;
  swing_max_abs_theta_rad_ = std::max(swing_max_abs_theta_rad_, std::fabs(swing_theta_rad_));
  // The sensor turned by θ about p: its f axis now points along cosθ·f + sinθ·u, its u axis along
  // cosθ·u − sinθ·f; the forward world component of the specific force (gravity has none) is:
  const float c = std::cos(swing_theta_rad_), s = std::sin(swing_theta_rad_);
  const float accel_forward_mps2 = c * forward.dot(accel_sensor_mps2) - s * up.dot(accel_sensor_mps2);
  swing_v_mps_ += accel_forward_mps2 * dt_s;
  swing_x_m_ += swing_v_mps_ * dt_s;
  swing_s_ += dt_s;
}

void PitchAxisEstimator::solve() noexcept {
  if (weight_ <= 0.0f) return;
  const Eigen::Matrix3f m = second_moment_ / weight_;
  if (!m.allFinite()) return;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3f> es(m, Eigen::ComputeEigenvectors);
  if (es.info() != Eigen::Success) return;
  Vec3f e = es.eigenvectors().col(2);  // largest eigenvalue last
  const float lambda = es.eigenvalues()(2);
  // Keep the eigenvector continuous (it is defined up to sign) so the sign statistic stays valid.
  if (e.dot(axis_) < 0.0f) e = -e;
  axis_ = e;
  axis_rms_radps_ = std::sqrt(std::max(lambda, 0.0f));
  // The kinematic vote decides once two or more swings agree; before that, the lobe-width rule.
  constexpr float kDecidedVotes = 1.5f;
  const bool positive = std::fabs(displacement_votes_) >= kDecidedVotes ? displacement_votes_ > 0.0f : sign_duration_ >= 0.0f;
  pitch_axis_ = positive ? axis_ : Vec3f(-axis_);
  // Trust after ~0.6 s of clear rotation (two or three swings) with a decided sign.
  ready_ = ready_ || (axis_rms_radps_ > 0.5f && std::fabs(sign_duration_) > 0.005f && motion_s_ > 0.6f);
}

}  // namespace runload::signal
