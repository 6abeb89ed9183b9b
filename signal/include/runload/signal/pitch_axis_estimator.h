#pragma once
/// Finds the sagittal rotation (pitch, medio-lateral) axis of a foot or shank IMU from the data,
/// without assuming how the sensor is mounted, and signs it so that the mid-swing rotation is
/// positive (the Falbriard 2018 / Purcell 2005 convention: IC and TC are then negative troughs).
///
/// - Axis: principal eigenvector of the (exponentially weighted) second-moment matrix of the
///   low-passed angular rate. Gait rotates mostly in the sagittal plane, so this is the pitch axis.
/// - Sign, primary rule (kinematic): during swing the foot travels FORWARD. Between two quiet
///   (foot-flat / still) periods the sagittal motion is integrated in 2-D: pitch angle θ = ∫ p·ω dt
///   from the quiet attitude, specific force rotated by θ into the (forward, up) plane of that
///   attitude, gravity removed, integrated twice with a linear velocity-drift correction (the foot
///   is still at both ends). With the candidate axis p the forward direction is up × p (swing
///   rotation = toe-up about the rightward axis); flipping p flips both θ and "forward", so the
///   sign of the swing displacement tells which sign is right. Each swing votes (capped at ±1).
///   This does not depend on gait shape (walking, running, turns, short shuffles).
/// - Sign, second vote (running, where the foot is rarely quiet long enough for the first): each
///   landing impact (|f| > 4 g) votes with the sign of the pitch rotation just before it — the
///   swing lobe ends at landing (Falbriard 2018's mid-swing → IC order), the push-off lobe is
///   ≥ 0.3 s earlier. Half a vote per impact. Where the foot rests between swings (walking, slow
///   running) the swing's own vote replaces the impact votes cast during it: they are withdrawn
///   (walking heel-strike impacts exceed 4 g too, and on the Voisard data mostly vote wrong).
/// - Sign, fallback before any vote (or without quiet periods, e.g. some shank recordings): the
///   mid-swing lobe is the *broad* excursion of the pitch rate, while the IC/TC troughs are narrow.
///   The sign whose excursions beyond half of that sign's recent maximum last longer is the swing
///   sign. (This rule fails on some walking recordings: push-off troughs can be broad too.)
/// - Up axis (axial: tibia / foot normal): the mean specific force while the segment is at rest
///   (low angular rate, |f| ≈ g: standing, foot-flat), which is gravity along the segment; before any
///   rest has been seen, the long-term mean specific force (swing accelerations average out).
/// Streaming, O(1), allocation-free (fixed-size Eigen, 3×3 eigen solve every `solve_period_s`).
#include <Eigen/Core>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct PitchAxisEstimatorSettings {
  float sample_rate_hz = 1000.0f;
  /// Forgetting time constant of the moment estimates, s.
  float time_constant_s = 10.0f;
  /// Forgetting time constant of the sign evidence and of the per-sign maxima, s.
  float sign_time_constant_s = 3.0f;
  /// How often the 3×3 eigenproblem is re-solved, s.
  float solve_period_s = 0.05f;
};

class PitchAxisEstimator {
 public:
  explicit PitchAxisEstimator(const PitchAxisEstimatorSettings& settings) noexcept;
  /// Raw and low-passed angular rate (rad/s) and raw specific force (m/s²), sensor frame.
  /// Non-finite inputs are ignored.
  void update(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
              const Vec3f& accel_sensor_mps2) noexcept;
  /// update() when the caller knows all three inputs finite (the event detector: it checks the
  /// sample, and its low-pass output is always finite), so nothing is checked per sample here.
  void update_finite(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                     const Vec3f& accel_sensor_mps2) noexcept;
  void reset() noexcept;
  /// True once enough rotation has been seen to trust the axis and its sign.
  bool ready() const noexcept { return ready_; }
  /// The sign vote has decided (two or more swings agree); before that the sign is the fallback's.
  bool sign_decided() const noexcept { return displacement_votes_ >= kDecidedVotes || displacement_votes_ <= -kDecidedVotes; }
  /// A swing has voted against the standing tally (tight turns, side or back steps): the kinematic
  /// evidence conflicts, and a sign decided later is not necessarily the sign of the earlier strides.
  bool sign_contested() const noexcept { return sign_contested_; }
  /// sign_decided() || sign_contested(), kept up to date when a vote is cast (read every sample).
  bool sign_settled() const noexcept { return sign_settled_; }
  /// Unit pitch axis in the sensor frame, mid-swing rotation positive.
  const Vec3f& pitch_axis_sensor() const noexcept { return pitch_axis_; }
  /// Unit "up" (mean specific force) axis in the sensor frame.
  Vec3f up_axis_sensor() const noexcept;

 private:
  /// The body of both updates; `moments_ok`: both rates finite (the moments and the sign statistics
  /// take the sample), `accel_ok`, `gyro_lp_ok`: those inputs finite.
  [[gnu::always_inline]] inline void update_checked(const Vec3f& gyro_sensor_radps, const Vec3f& gyro_lp_sensor_radps,
                                                    const Vec3f& accel_sensor_mps2, bool moments_ok, bool accel_ok,
                                                    bool gyro_lp_ok) noexcept;
  /// m ← (1 − α)·m + (α·g_i)·g_j for the six lower-triangle entries, two 4-lane operations (each
  /// lane the same float operations, in the same order, as the entry written out).
  [[gnu::always_inline]] inline void accumulate_moment(const Vec3f& gyro_lp_sensor_radps) noexcept;
  void solve() noexcept;
  /// Per sample only the quiet test runs here; a segment's end and a swing's integration are out of line.
  void update_swing_vote(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2, float force_sq) noexcept;
  [[gnu::noinline]] void end_motion_segment(const Vec3f& accel_sensor_mps2) noexcept;
  [[gnu::noinline]] void integrate_swing(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2) noexcept;
  void update_impact_vote(float pitch_rate_radps, float force_sq_mps4) noexcept;
  [[gnu::noinline]] void cast_impact_vote() noexcept;
  /// The sagittal frame of the last quiet attitude and the current axis.
  void update_sagittal_frame() noexcept;

  PitchAxisEstimatorSettings settings_;
  float alpha_ = 0.0f;  // EMA weight of a new sample
  float dt_s_ = 0.0f;   // sample period
  bool mean_accel_warm_ = false;  // the plain average has reached the EMA weight
  int solve_every_samples_ = 1;
  int since_solve_samples_ = 0;
  // Lower triangle of the symmetric second moment (all the eigen solver reads), in two 4-lane
  // registers so that the per-sample update is a few vector operations: xx yx zx yy | zy zz − −
  // (the last two lanes stay 0).
  Eigen::Array4f moment_xx_yx_zx_yy_ = Eigen::Array4f::Zero();
  Eigen::Array4f moment_zy_zz_ = Eigen::Array4f::Zero();
  float weight_ = 0.0f;  // bias correction of the EMA (sum of weights)
  Vec3f mean_accel_ = Vec3f::Zero();
  Vec3f rest_accel_ = Vec3f::Zero();
  float rest_s_ = 0.0f;
  float sign_alpha_ = 0.0f;
  float sign_decay_ = 1.0f;
  float sign_duration_ = 0.0f;  // EMA of +1 / −1 / 0 "beyond half maximum" indicator along the axis
  float max_positive_radps_ = 0.0f;
  float max_negative_radps_ = 0.0f;
  float motion_s_ = 0.0f;
  // Kinematic sign vote (see the header comment); integrators restart at every quiet period.
  float quiet_s_ = 0.0f;
  Vec3f quiet_accel_ = Vec3f::Zero();  // specific force of the last quiet attitude (gravity)
  // Sagittal frame of that attitude (up u, pitch p ⊥ u, forward u × p); valid once a quiet
  // attitude was seen and the axis is not along gravity; recomputed when used after either changed.
  bool sagittal_stale_ = false;
  bool sagittal_valid_ = false;
  Vec3f sagittal_up_ = Vec3f::UnitZ();
  Vec3f sagittal_pitch_ = Vec3f::UnitY();
  Vec3f sagittal_forward_ = Vec3f::UnitX();
  float swing_theta_rad_ = 0.0f;
  float swing_cos_ = 1.0f;  // cos and sin of swing_theta_rad_, advanced incrementally
  float swing_sin_ = 0.0f;
  float swing_max_abs_theta_rad_ = 0.0f;
  float swing_v_mps_ = 0.0f;
  float swing_x_m_ = 0.0f;
  float swing_s_ = 0.0f;
  float displacement_votes_ = 0.0f;
  float segment_impact_votes_ = 0.0f;  // impact votes cast since the last quiet period, as applied
  bool sign_contested_ = false;        // a swing voted against the standing tally
  bool sign_settled_ = false;
  static constexpr float kDecidedVotes = 1.5f;
  static constexpr float kMaxVotes = 20.0f;  // the tally's bound: a long recording can still turn it
  // Impact sign vote (running): decaying pitch-rotation area before each landing impact.
  float impact_decay_ = 1.0f;
  float pre_impact_area_rad_ = 0.0f;
  float since_impact_s_ = 1e9f;
  bool in_impact_ = false;
  Vec3f axis_ = Vec3f::UnitY();
  Vec3f pitch_axis_ = Vec3f::UnitY();
  float axis_rms_radps_ = 0.0f;
  float seen_s_ = 0.0f;
  bool ready_ = false;
};

}  // namespace runload::signal
