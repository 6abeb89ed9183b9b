#include "runload/signal/pitch_axis_estimator.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#if defined(EIGEN_VECTORIZE_SSE2)
#include <emmintrin.h>
#endif

namespace runload::signal {
namespace {

// The kinematic sign vote's motion segments: a quiet attitude held for kQuietHold_s ends one.
constexpr float kQuietRate_radps = 1.0f;  // foot flat / standing: almost no rotation …
constexpr float kQuietForce_mps2 = 1.5f;  // … and specific force ≈ gravity
constexpr float kQuietHold_s = 0.05f;
constexpr float kMaxSwing_s = 3.0f;  // a longer segment is not one swing

// Rest seen before the rest attitude replaces the long-term mean as the up axis.
constexpr float kMinRest_s = 0.5f;

}  // namespace

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
  dt_s_ = 1.0f / fs;
  impact_decay_ = std::exp(-dt_s_ / 0.1f);
}

void PitchAxisEstimator::reset() noexcept {
  *this = PitchAxisEstimator(settings_);
}

Vec3f PitchAxisEstimator::up_axis_sensor() const noexcept {
  const Vec3f& f = rest_s_ >= kMinRest_s ? rest_accel_ : mean_accel_;
  const float n = f.norm();
  return n > 1e-3f ? Vec3f(f / n) : Vec3f::UnitZ();
}

void PitchAxisEstimator::update(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                                const Vec3f& accel_sensor_mps2) noexcept {
  // Per-sample work is the shank pipeline's budget: norms are compared squared, and the sample
  // period and the sagittal frame are computed once, not per sample.
  const bool finite = all_finite(gyro_sensor_radps, gyro_lp_sensor_radps, accel_sensor_mps2);
  const bool accel_finite = finite || accel_sensor_mps2.allFinite();
  const bool gyro_lp_finite = finite || gyro_lp_sensor_radps.allFinite();
  const bool moments_ok = finite || (gyro_lp_finite && gyro_sensor_radps.allFinite());
  update_checked(gyro_sensor_radps, gyro_lp_sensor_radps, accel_sensor_mps2, moments_ok, accel_finite, gyro_lp_finite);
}

void PitchAxisEstimator::update_finite(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                                       const Vec3f& accel_sensor_mps2) noexcept {
  update_checked(gyro_sensor_radps, gyro_lp_sensor_radps, accel_sensor_mps2, true, true, true);
}

void PitchAxisEstimator::accumulate_moment(const Vec3f& g) noexcept {
  Eigen::Array4f& a = moment_xx_yx_zx_yy_;
  Eigen::Array4f& b = moment_zy_zz_;
#if defined(EIGEN_VECTORIZE_SSE2)
  // g as x y z 0 from two loads (a 16-byte load would read past the vector), α·g, then each lane's
  // factors by a shuffle: the entry-by-entry form took ~45 instructions per sample, this ~15.
  const __m128 g4 = _mm_movelh_ps(_mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(g.data())),
                                  _mm_load_ss(g.data() + 2));
  const __m128 ag4 = _mm_mul_ps(_mm_set1_ps(alpha_), g4);
  const __m128 keep = _mm_set1_ps(1.0f - alpha_);
  // xx yx zx yy = (αx αy αz αy)·(x x x y); zy zz 0 0 = (αz αz 0 0)·(y z 0 0).
  const __m128 outer_a = _mm_mul_ps(_mm_shuffle_ps(ag4, ag4, _MM_SHUFFLE(1, 2, 1, 0)), _mm_shuffle_ps(g4, g4, _MM_SHUFFLE(1, 0, 0, 0)));
  const __m128 outer_b = _mm_mul_ps(_mm_shuffle_ps(ag4, ag4, _MM_SHUFFLE(3, 3, 2, 2)), _mm_shuffle_ps(g4, g4, _MM_SHUFFLE(3, 3, 2, 1)));
  _mm_store_ps(a.data(), _mm_add_ps(_mm_mul_ps(keep, _mm_load_ps(a.data())), outer_a));
  _mm_store_ps(b.data(), _mm_add_ps(_mm_mul_ps(keep, _mm_load_ps(b.data())), outer_b));
#else
  const Vec3f ag = alpha_ * g;
  const float keep = 1.0f - alpha_;
  a = keep * a + Eigen::Array4f(ag.x() * g.x(), ag.y() * g.x(), ag.z() * g.x(), ag.y() * g.y());
  b = keep * b + Eigen::Array4f(ag.z() * g.y(), ag.z() * g.z(), 0.0f, 0.0f);
#endif
}

void PitchAxisEstimator::update_checked(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                                        const Vec3f& accel_sensor_mps2, bool moments_ok, bool accel_finite,
                                        bool gyro_lp_finite) noexcept {
  const float gyro_lp_sq = gyro_lp_sensor_radps.squaredNorm();
  const float force_sq = accel_sensor_mps2.squaredNorm();
  if (moments_ok) {
    // Lower triangle of the symmetric second moment, each entry (1 − α)·m + (α·g_i)·g_j.
    accumulate_moment(gyro_lp_sensor_radps);
    weight_ = (1.0f - alpha_) * weight_ + alpha_;
    // Width at half maximum per sign: the broad swing lobe beats the narrow contact troughs.
    const float w = axis_.dot(gyro_sensor_radps);
    max_positive_radps_ = std::max(w, max_positive_radps_ * sign_decay_);
    max_negative_radps_ = std::max(-w, max_negative_radps_ * sign_decay_);
    const float indicator = w > 0.5f * max_positive_radps_ ? 1.0f : (-w > 0.5f * max_negative_radps_ ? -1.0f : 0.0f);
    sign_duration_ = (1.0f - sign_alpha_) * sign_duration_ + sign_alpha_ * indicator;
    seen_s_ += dt_s_;
    if (accel_finite) {
      update_swing_vote(gyro_sensor_radps, accel_sensor_mps2, force_sq);
      update_impact_vote(w, force_sq);
    }
    if (gyro_lp_sq > 1.0f) motion_s_ += dt_s_;
  }
  // The long-term mean is read only until kMinRest_s of rest was seen (up_axis_sensor()), and
  // rest time never decreases: after that, updating the mean would be dead work on every sample.
  if (accel_finite && rest_s_ < kMinRest_s) {
    // Faster bias-free start: plain average until the EMA has enough weight.
    float a = alpha_;
    if (!mean_accel_warm_) {
      a = std::max(alpha_, 1.0f / (seen_s_ * settings_.sample_rate_hz + 1.0f));
      mean_accel_warm_ = a == alpha_;
    }
    mean_accel_ = (1.0f - a) * mean_accel_ + a * accel_sensor_mps2;
  }
  if (accel_finite) {
    constexpr float kRestForce_mps2 = 0.5f;  // |f| within this of g
    constexpr float kLow_mps2 = kStandardGravity_mps2 - kRestForce_mps2, kHigh_mps2 = kStandardGravity_mps2 + kRestForce_mps2;
    const bool at_rest = gyro_lp_finite && gyro_lp_sq < 0.1f * 0.1f && force_sq > kLow_mps2 * kLow_mps2 &&
                         force_sq < kHigh_mps2 * kHigh_mps2;
    if (at_rest) {
      rest_s_ += dt_s_;
      const float b = std::max(alpha_, 1.0f / (rest_s_ * settings_.sample_rate_hz));
      rest_accel_ = (1.0f - b) * rest_accel_ + b * accel_sensor_mps2;
    }
  }
  if (++since_solve_samples_ >= solve_every_samples_) {
    since_solve_samples_ = 0;
    solve();
  }
}

void PitchAxisEstimator::update_sagittal_frame() noexcept {
  sagittal_stale_ = false;
  sagittal_valid_ = false;
  const float g_mps2 = quiet_accel_.norm();
  if (g_mps2 < 1.0f) return;  // no quiet attitude seen yet
  // Up u, pitch p (the axis made ⊥ u), forward f = u × p.
  sagittal_up_ = quiet_accel_ / g_mps2;
  Vec3f pitch = axis_ - axis_.dot(sagittal_up_) * sagittal_up_;
  const float pn = pitch.norm();
  if (pn < 0.3f) return;
  sagittal_pitch_ = pitch / pn;
  sagittal_forward_ = sagittal_up_.cross(sagittal_pitch_);
  sagittal_valid_ = true;
}

void PitchAxisEstimator::update_swing_vote(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2,
                                           float force_sq) noexcept {
  constexpr float kLow_mps2 = kStandardGravity_mps2 - kQuietForce_mps2, kHigh_mps2 = kStandardGravity_mps2 + kQuietForce_mps2;
  // The force test first: force_sq is at hand, the rate's square is only computed when it passes.
  const bool quiet = force_sq > kLow_mps2 * kLow_mps2 && force_sq < kHigh_mps2 * kHigh_mps2 &&
                     gyro_sensor_radps.squaredNorm() < kQuietRate_radps * kQuietRate_radps;
  quiet_s_ = quiet ? quiet_s_ + dt_s_ : 0.0f;
  if (quiet_s_ >= kQuietHold_s) return end_motion_segment(accel_sensor_mps2);
  if (sagittal_stale_) update_sagittal_frame();
  // Motion longer than any swing cannot vote (a shank that never rests, running): stop integrating.
  if (!sagittal_valid_ || swing_s_ > kMaxSwing_s) return;
  integrate_swing(gyro_sensor_radps, accel_sensor_mps2);
}

void PitchAxisEstimator::end_motion_segment(const Vec3f& accel_sensor_mps2) noexcept {
  constexpr float kMinSwingAngle_rad = 0.35f;  // ≈ 20°: a real step, not a fidget
  constexpr float kMinSwing_s = 0.15f;
  constexpr float kVoteScale_m = 0.3f;  // displacement worth one full vote
  if (swing_s_ >= kMinSwing_s && swing_s_ <= kMaxSwing_s && swing_max_abs_theta_rad_ >= kMinSwingAngle_rad) {
    // The foot rested at both ends of this segment, so its own displacement votes: the landing-impact
    // votes cast during it are withdrawn (in walking they are unreliable: on the Voisard walking data
    // the heel-strike impacts, > 4 g, mostly vote against the swings, and the tally then swings in
    // and out of "decided" during the first strides).
    displacement_votes_ = std::clamp(displacement_votes_ - segment_impact_votes_, -kMaxVotes, kMaxVotes);
    // The foot is still at both ends: remove a linear velocity drift (its displacement is v_end·T/2).
    const float x_corrected_m = swing_x_m_ - 0.5f * swing_v_mps_ * swing_s_;
    // A swing against the standing tally: the kinematic evidence conflicts (tight turns, side or
    // back steps), and a sign decided later need not be the sign of these strides.
    if (displacement_votes_ != 0.0f && (x_corrected_m > 0.0f) != (displacement_votes_ > 0.0f)) sign_contested_ = true;
    displacement_votes_ =
        std::clamp(displacement_votes_ + std::clamp(x_corrected_m / kVoteScale_m, -1.0f, 1.0f), -kMaxVotes, kMaxVotes);
    sign_settled_ = sign_contested_ || sign_decided();
  }
  segment_impact_votes_ = 0.0f;
  swing_theta_rad_ = swing_max_abs_theta_rad_ = swing_v_mps_ = swing_x_m_ = swing_s_ = 0.0f;
  swing_cos_ = 1.0f;
  swing_sin_ = 0.0f;
  quiet_accel_ = accel_sensor_mps2;
  sagittal_stale_ = true;
}

void PitchAxisEstimator::integrate_swing(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2) noexcept {
  const float dtheta_rad = sagittal_pitch_.dot(gyro_sensor_radps) * dt_s_;
  swing_theta_rad_ += dtheta_rad;
  swing_max_abs_theta_rad_ = std::max(swing_max_abs_theta_rad_, std::fabs(swing_theta_rad_));
  // cos θ and sin θ by rotating (cos, sin) through dθ, no trig per sample: the first neglected
  // Taylor terms (dθ⁶/720, dθ⁷/5040) are < 2·10⁻⁸ for |dθ| ≤ 0.15 rad (860 °/s at 100 Hz), and one
  // Newton step keeps cos² + sin² = 1.
  const float d2 = dtheta_rad * dtheta_rad;
  const float cos_d = 1.0f - d2 * (0.5f - d2 * (1.0f / 24.0f));
  const float sin_d = dtheta_rad * (1.0f - d2 * ((1.0f / 6.0f) - d2 * (1.0f / 120.0f)));
  const float c0 = swing_cos_;
  swing_cos_ = c0 * cos_d - swing_sin_ * sin_d;
  swing_sin_ = swing_sin_ * cos_d + c0 * sin_d;
  const float renorm = 1.5f - 0.5f * (swing_cos_ * swing_cos_ + swing_sin_ * swing_sin_);
  swing_cos_ *= renorm;
  swing_sin_ *= renorm;
  // The sensor turned by θ about p: its f axis now points along cosθ·f + sinθ·u, its u axis along
  // cosθ·u − sinθ·f; the forward world component of the specific force (gravity has none) is:
  const float accel_forward_mps2 =
      swing_cos_ * sagittal_forward_.dot(accel_sensor_mps2) - swing_sin_ * sagittal_up_.dot(accel_sensor_mps2);
  swing_v_mps_ += accel_forward_mps2 * dt_s_;
  swing_x_m_ += swing_v_mps_ * dt_s_;
  swing_s_ += dt_s_;
}

void PitchAxisEstimator::update_impact_vote(float pitch_rate_radps, float force_sq_mps4) noexcept {
  // Running: the foot lands at the end of the swing. At each landing impact the pitch rotation of
  // the last ~0.1 s (exponentially weighted, itself a low-pass; the swing lobe, the landing trough
  // only starts with the impact) has the swing's sign. The push-off lobe lies ≥ 0.3 s earlier and weighs < 5 %.
  // Walking heel strikes can pass the impact level too (Voisard) and then mostly vote wrong: where the
  // foot rests between swings, the swing's own vote replaces them (end_motion_segment).
  constexpr float kImpact_mps2 = 4.0f * kStandardGravity_mps2;
  constexpr float kRefractory_s = 0.3f;
  constexpr float kMinArea_rad = 0.05f;  // ≈ 3°: a clear swing rotation
  pre_impact_area_rad_ = pre_impact_area_rad_ * impact_decay_ + pitch_rate_radps * dt_s_;
  since_impact_s_ += dt_s_;
  const bool impact = force_sq_mps4 > kImpact_mps2 * kImpact_mps2;
  if (impact && !in_impact_ && since_impact_s_ > kRefractory_s) [[unlikely]] {
    since_impact_s_ = 0.0f;
    if (std::fabs(pre_impact_area_rad_) > kMinArea_rad) cast_impact_vote();
  }
  in_impact_ = impact;
}

void PitchAxisEstimator::cast_impact_vote() noexcept {
  constexpr float kVote = 0.5f;
  const float before = displacement_votes_;
  displacement_votes_ = std::clamp(displacement_votes_ + (pre_impact_area_rad_ > 0.0f ? kVote : -kVote), -kMaxVotes, kMaxVotes);
  segment_impact_votes_ += displacement_votes_ - before;  // withdrawn if the segment casts a swing vote
  sign_settled_ = sign_contested_ || sign_decided();
}

void PitchAxisEstimator::solve() noexcept {
  if (weight_ <= 0.0f) return;
  const Eigen::Array4f a = moment_xx_yx_zx_yy_ / weight_, b = moment_zy_zz_ / weight_;
  Eigen::Matrix3f m;
  m << a(0), a(1), a(2),  //
      a(1), a(3), b(0),   //
      a(2), b(0), b(1);
  if (!m.allFinite()) return;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3f> es(m, Eigen::ComputeEigenvectors);
  if (es.info() != Eigen::Success) return;
  Vec3f e = es.eigenvectors().col(2);  // largest eigenvalue last
  const float lambda = es.eigenvalues()(2);
  // Keep the eigenvector continuous (it is defined up to sign) so the sign statistic stays valid.
  if (e.dot(axis_) < 0.0f) e = -e;
  axis_ = e;
  sagittal_stale_ = true;
  axis_rms_radps_ = std::sqrt(std::max(lambda, 0.0f));
  // The kinematic vote decides once two or more swings agree; before that, the lobe-width rule.
  const bool positive = std::fabs(displacement_votes_) >= kDecidedVotes ? displacement_votes_ > 0.0f : sign_duration_ >= 0.0f;
  pitch_axis_ = positive ? axis_ : Vec3f(-axis_);
  // Trust after ~0.6 s of clear rotation (two or three swings) with a decided sign.
  ready_ = ready_ || (axis_rms_radps_ > 0.5f && std::fabs(sign_duration_) > 0.005f && motion_s_ > 0.6f);
}

}  // namespace runload::signal
