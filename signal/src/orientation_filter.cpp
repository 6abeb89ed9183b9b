#include "runload/signal/orientation_filter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "runload/signal/frames.h"

namespace runload::signal {
namespace {
constexpr float kRadPerDeg = std::numbers::pi_v<float> / 180.0f;
constexpr float kDegPerRad = 180.0f / std::numbers::pi_v<float>;
constexpr float kInitialGain = 10.0f;       // start-up gain, ramped down to settings.gain
constexpr int kAcceptedTriggerStep = 9;     // recovery trigger falls 9 per accepted sample
constexpr float kMinAccelNorm_mps2 = 0.1f * kStandardGravity_mps2;  // free fall: no direction
constexpr float kSaturationFraction = 0.98f;

bool finite_nonneg(float x) { return std::isfinite(x) && x >= 0.0f; }

}  // namespace

OrientationFilter::OrientationFilter(const OrientationFilterSettings& settings) noexcept
    : settings_(settings) {
  const auto& s = settings;
  ok_ = std::isfinite(s.sample_rate_hz) && s.sample_rate_hz > 0.0f && finite_nonneg(s.gain) &&
        finite_nonneg(s.acceleration_rejection_deg) && s.acceleration_rejection_deg < 180.0f &&
        std::isfinite(s.recovery_trigger_period_s) && s.recovery_trigger_period_s > 0.0f &&
        finite_nonneg(s.gyro_range_dps) && finite_nonneg(s.initialisation_period_s) &&
        std::isfinite(s.max_dt_s) && s.max_dt_s > 0.0f &&
        s.recovery_trigger_period_s * s.sample_rate_hz < 1e9f &&
        s.initialisation_period_s * s.sample_rate_hz < 1e9f;
  if (!ok_) return;
  nominal_dt_s_ = 1.0f / s.sample_rate_hz;
  cos_rejection_ =
      s.acceleration_rejection_deg > 0.0f ? std::cos(s.acceleration_rejection_deg * kRadPerDeg) : -2.0f;
  recovery_period_samples_ =
      std::max(1, static_cast<int>(std::lround(s.recovery_trigger_period_s * s.sample_rate_hz)));
  initialisation_samples_ = static_cast<int>(std::lround(s.initialisation_period_s * s.sample_rate_hz));
  saturation_radps_ = kSaturationFraction * s.gyro_range_dps * kRadPerDeg;
  reset();
}

void OrientationFilter::start_initialisation() noexcept {
  ramp_remaining_samples_ = initialisation_samples_;
  recovery_trigger_ = 0;
  output_.initialising = ramp_remaining_samples_ > 0;
  output_.recovering = false;
}

void OrientationFilter::reset() noexcept {
  output_ = OrientationOutput{};
  tilt_initialised_ = false;
  have_previous_time_ = false;
  start_initialisation();
}

void OrientationFilter::reset(const Eigen::Quaternionf& q_world_from_sensor) noexcept {
  reset();
  if (!ok_ || !q_world_from_sensor.coeffs().allFinite() || q_world_from_sensor.norm() < 1e-3f) return;
  output_.q_world_from_sensor = q_world_from_sensor.normalized();
  tilt_initialised_ = true;
  ramp_remaining_samples_ = 0;
  output_.initialising = false;
}

OrientationOutput OrientationFilter::update(const Vec3f& gyro_sensor_radps,
                                            const Vec3f& accel_sensor_mps2, float dt_s) noexcept {
  if (!ok_ || !gyro_sensor_radps.allFinite() || !std::isfinite(dt_s) || dt_s <= 0.0f) return output_;
  const float accel_norm_mps2 = accel_sensor_mps2.norm();
  const bool accel_valid = std::isfinite(accel_norm_mps2) && accel_norm_mps2 > kMinAccelNorm_mps2;

  if (saturation_radps_ > 0.0f && gyro_sensor_radps.cwiseAbs().maxCoeff() > saturation_radps_) {
    start_initialisation();  // the integrated attitude is no longer trustworthy
  }
  if (!tilt_initialised_ && accel_valid) {
    // Tilt straight from gravity: the shortest rotation taking measured "up" onto world +z.
    output_.q_world_from_sensor =
        Eigen::Quaternionf::FromTwoVectors(accel_sensor_mps2 / accel_norm_mps2, Vec3f::UnitZ());
    tilt_initialised_ = true;
    return output_;
  }

  Eigen::Quaternionf& q = output_.q_world_from_sensor;
  const bool ramping = ramp_remaining_samples_ > 0;
  Vec3f rate_radps = gyro_sensor_radps;
  output_.accel_rejected = true;
  output_.accel_error_deg = 0.0f;
  if (accel_valid) {
    const Vec3f up_measured_sensor = accel_sensor_mps2 / accel_norm_mps2;
    const Vec3f up_predicted_sensor = q.conjugate() * Vec3f::UnitZ();
    const float cos_error = std::clamp(up_measured_sensor.dot(up_predicted_sensor), -1.0f, 1.0f);
    output_.accel_error_deg = std::acos(cos_error) * kDegPerRad;

    bool use_accel = true;
    if (!ramping && cos_rejection_ > -1.5f) {
      const bool outlier = cos_error < cos_rejection_;
      recovery_trigger_ += outlier ? 1 : -kAcceptedTriggerStep;
      recovery_trigger_ = std::clamp(recovery_trigger_, 0, recovery_period_samples_);
      // Hysteresis: enter recovery when rejection has dominated one trigger period, leave at 0.
      if (recovery_trigger_ >= recovery_period_samples_) output_.recovering = true;
      if (recovery_trigger_ == 0) output_.recovering = false;
      use_accel = !outlier || output_.recovering;
    }
    if (use_accel) {
      const float gain = ramping ? settings_.gain + (kInitialGain - settings_.gain) *
                                                        static_cast<float>(ramp_remaining_samples_) /
                                                        static_cast<float>(initialisation_samples_)
                                 : settings_.gain;
      // Rotating the body at measured × predicted turns predicted "up" toward measured "up".
      rate_radps += gain * up_measured_sensor.cross(up_predicted_sensor);
      output_.accel_rejected = false;
    }
  }
  if (ramping && --ramp_remaining_samples_ == 0) output_.initialising = false;

  // Body-frame increment: q ← q ⊗ exp(ω dt).
  q = (q * quaternion_from_rotation_vector(rate_radps * dt_s)).normalized();
  return output_;
}

OrientationOutput OrientationFilter::update(const ImuSample& s) noexcept {
  float dt_s = nominal_dt_s_;
  if (have_previous_time_) {
    const auto step_us = (s.t_device - previous_time_).count();
    const float step_s = static_cast<float>(step_us) * 1e-6f;
    if (step_us > 0 && step_s <= settings_.max_dt_s) dt_s = step_s;
  }
  have_previous_time_ = true;
  previous_time_ = s.t_device;
  return update(s.gyro_sensor_radps, s.accel_sensor_mps2, dt_s);
}

void OrientationFilter::process(std::span<const ImuSample> in,
                                std::span<OrientationOutput> out) noexcept {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i]);
}

}  // namespace runload::signal
