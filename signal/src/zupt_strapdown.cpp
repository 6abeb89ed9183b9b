#include "runload/signal/zupt_strapdown.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "runload/signal/elapsed_time.h"
#include "runload/signal/frames.h"

namespace runload::signal {
namespace {
constexpr float kRadPerDeg = std::numbers::pi_v<float> / 180.0f;

bool finite_positive(float x) { return std::isfinite(x) && x > 0.0f; }

/// Half-way between two device times (no overflow however far apart).
DeviceTime midpoint(DeviceTime first, DeviceTime last) noexcept {
  return first + DeviceClock::duration{elapsed_us(last, first) / 2};
}

Eigen::Matrix3f skew(const Vec3f& v) noexcept {
  Eigen::Matrix3f m;
  m << 0.0f, -v.z(), v.y(), v.z(), 0.0f, -v.x(), -v.y(), v.x(), 0.0f;
  return m;
}

}  // namespace

ZuptStrapdown::ZuptStrapdown(const ZuptStrapdownSettings& settings) noexcept : settings_(settings) {
  const auto& s = settings;
  ok_ = finite_positive(s.sample_rate_hz) && finite_positive(s.accel_noise_mps2) &&
        finite_positive(s.gyro_noise_dps) && finite_positive(s.zupt_velocity_std_mps) &&
        finite_positive(s.initial_tilt_std_deg) && finite_positive(s.initial_yaw_std_deg) &&
        finite_positive(s.initialisation_still_s) && std::isfinite(s.min_stride_s) && s.min_stride_s >= 0.0f &&
        finite_positive(s.max_dt_s) && finite_positive(s.max_stance_anchor_s) && s.max_stance_anchor_s < 1e6f &&
        s.initialisation_still_s * s.sample_rate_hz < 1e8f;
  if (!ok_) return;
  nominal_dt_s_ = 1.0f / s.sample_rate_hz;
  accel_var_mps2_ = s.accel_noise_mps2 * s.accel_noise_mps2;
  const float gyro_std_radps = s.gyro_noise_dps * kRadPerDeg;
  gyro_var_radps_ = gyro_std_radps * gyro_std_radps;
  zupt_var_mps2_ = s.zupt_velocity_std_mps * s.zupt_velocity_std_mps;
  tilt_var_rad2_ = (s.initial_tilt_std_deg * kRadPerDeg) * (s.initial_tilt_std_deg * kRadPerDeg);
  yaw_var_rad2_ = (s.initial_yaw_std_deg * kRadPerDeg) * (s.initial_yaw_std_deg * kRadPerDeg);
  init_samples_ = std::max(1, static_cast<int>(std::lround(s.initialisation_still_s * s.sample_rate_hz)));
  min_stride_us_ = std::llround(static_cast<double>(s.min_stride_s) * 1e6);
  max_anchor_ = DeviceClock::duration{std::llround(static_cast<double>(s.max_stance_anchor_s) * 1e6)};
  max_dt_us_ = std::llround(static_cast<double>(s.max_dt_s) * 1e6);
}

void ZuptStrapdown::reset() noexcept {
  P_.setZero();
  have_time_ = false;
  init_accel_sum_mps2_.setZero();
  init_count_ = 0;
  in_stance_ = false;
  have_reference_ = false;
  output_ = ZuptStrapdownOutput{};
}

void ZuptStrapdown::initialise(const Vec3f& mean_accel_sensor_mps2) noexcept {
  // At rest the accelerometer measures +g·up: rotate it onto world +z (yaw left at its minimum).
  output_.q_world_from_sensor =
      Eigen::Quaternionf::FromTwoVectors(mean_accel_sensor_mps2.normalized(), up_world());
  output_.position_world_m.setZero();
  output_.velocity_world_mps.setZero();
  P_.setZero();
  P_.diagonal().segment<3>(3).setConstant(zupt_var_mps2_);
  P_(6, 6) = tilt_var_rad2_;
  P_(7, 7) = tilt_var_rad2_;
  P_(8, 8) = yaw_var_rad2_;
  output_.initialised = true;
}

void ZuptStrapdown::propagate(const Vec3f& gyro_sensor_radps, const Vec3f& accel_sensor_mps2,
                              float dt_s) noexcept {
  Eigen::Quaternionf& q = output_.q_world_from_sensor;
  // Specific force rotated with the mid-interval attitude (second-order in ω·dt).
  const Eigen::Quaternionf q_mid = q * quaternion_from_rotation_vector(0.5f * dt_s * gyro_sensor_radps);
  q = (q * quaternion_from_rotation_vector(dt_s * gyro_sensor_radps)).normalized();
  const Vec3f specific_force_world_mps2 = q_mid * accel_sensor_mps2;
  const Vec3f accel_world_mps2 = specific_force_world_mps2 - specific_force_at_rest_world_mps2();

  Vec3f& v = output_.velocity_world_mps;
  const Vec3f v_mean_mps = v + (0.5f * dt_s) * accel_world_mps2;  // trapezoid over the step
  output_.position_world_m += v_mean_mps.cast<double>() * static_cast<double>(dt_s);
  v += dt_s * accel_world_mps2;

  // Error dynamics: δṗ = δv, δv̇ = −[f_world]× δθ + noise, δθ̇ = noise (world-frame attitude error).
  // P ← F·P·Fᵀ with F = [I dt·I 0; 0 I A; 0 0 I], A = −[f]×·dt, done block-wise (F is sparse:
  // 2 small block products instead of two dense 9×9 ones). Row blocks first, then column blocks;
  // each step reads only blocks it has not yet changed.
  const Eigen::Matrix3f A = -skew(specific_force_world_mps2) * dt_s;
  P_.block<3, 9>(0, 0) += dt_s * P_.block<3, 9>(3, 0);
  P_.block<3, 9>(3, 0) += A * P_.block<3, 9>(6, 0);
  P_.block<9, 3>(0, 0) += dt_s * P_.block<9, 3>(0, 3);
  P_.block<9, 3>(0, 3) += P_.block<9, 3>(0, 6) * A.transpose();
  P_.diagonal().segment<3>(3).array() += accel_var_mps2_ * dt_s * dt_s;
  P_.diagonal().segment<3>(6).array() += gyro_var_radps_ * dt_s * dt_s;
}

void ZuptStrapdown::zero_velocity_update() noexcept {
  // Measurement: velocity = 0, H = [0 I 0], R = σ²I.
  using Matrix93f = Eigen::Matrix<float, 9, 3>;
  const Eigen::Matrix3f S = P_.block<3, 3>(3, 3) + zupt_var_mps2_ * Eigen::Matrix3f::Identity();
  const Matrix93f PHt = P_.block<9, 3>(0, 3);
  const Matrix93f K = PHt * S.inverse();
  const Vec3f innovation_mps = -output_.velocity_world_mps;
  const Eigen::Matrix<float, 9, 1> dx = K * innovation_mps;
  // Joseph form keeps P symmetric positive semi-definite in float.
  Matrix9f IKH = Matrix9f::Identity();
  IKH.block<9, 3>(0, 3) -= K;
  const Matrix9f P_updated = IKH * P_ * IKH.transpose() + zupt_var_mps2_ * (K * K.transpose());
  P_ = 0.5f * (P_updated + P_updated.transpose());

  // Inject the error estimate into the nominal state; the error state resets to zero.
  output_.position_world_m += dx.segment<3>(0).cast<double>();
  output_.velocity_world_mps += dx.segment<3>(3);
  output_.q_world_from_sensor = (quaternion_from_rotation_vector(dx.segment<3>(6)) * output_.q_world_from_sensor).normalized();
}

std::optional<StrideResult> ZuptStrapdown::stride_to(DeviceTime end) const noexcept {
  if (!have_reference_ || elapsed_us(end, reference_time_) < min_stride_us_) return std::nullopt;
  StrideResult r;
  r.t_start = reference_time_;
  r.t_end = end;
  r.displacement_world_m = output_.position_world_m - reference_position_m_;
  r.length_m = r.displacement_world_m.head<2>().norm();
  r.duration_s = static_cast<double>(elapsed_us(end, reference_time_)) * 1e-6;
  r.speed_mps = r.length_m / r.duration_s;
  return r;
}

DeviceTime ZuptStrapdown::stance_arrival() const noexcept {
  // (Compared as durations: no sum can overflow, however far apart corrupt timestamps are.)
  const DeviceTime mid = midpoint(stance_start_, stance_last_);
  return elapsed_us(mid, stance_start_) <= max_anchor_.count() ? mid : stance_start_ + max_anchor_;
}

DeviceTime ZuptStrapdown::stance_departure() const noexcept {
  const DeviceTime mid = midpoint(stance_start_, stance_last_);
  return elapsed_us(stance_last_, mid) <= max_anchor_.count() ? mid : stance_last_ - max_anchor_;
}

std::optional<StrideResult> ZuptStrapdown::open_stride() const noexcept {
  if (!ok_ || !output_.initialised || !in_stance_) return std::nullopt;
  return stride_to(stance_arrival());
}

std::optional<StrideResult> ZuptStrapdown::close_stance_period() noexcept {
  in_stance_ = false;
  const std::optional<StrideResult> stride = stride_to(stance_arrival());
  if (stride) {
    output_.distance_m += stride->length_m;
    ++output_.stride_count;
  }
  // This stance becomes the reference (also when it was too close to the previous one).
  have_reference_ = true;
  reference_time_ = stance_departure();
  reference_position_m_ = output_.position_world_m;
  return stride;
}

ZuptStrapdownOutput ZuptStrapdown::update(const ImuSample& s, bool stance) noexcept {
  output_.stride.reset();
  output_.zupt_applied = false;
  if (!ok_ || !s.accel_sensor_mps2.allFinite() || !s.gyro_sensor_radps.allFinite()) return output_;
  float dt_s = nominal_dt_s_;
  if (have_time_) {
    const std::int64_t step_us = elapsed_us(s.t_device, t_previous_);
    if (step_us > 0 && step_us <= max_dt_us_) dt_s = static_cast<float>(step_us) * 1e-6f;
  }
  have_time_ = true;
  t_previous_ = s.t_device;

  if (!output_.initialised) {
    if (!stance) {
      init_accel_sum_mps2_.setZero();
      init_count_ = 0;
      return output_;
    }
    init_accel_sum_mps2_ += s.accel_sensor_mps2;
    if (++init_count_ < init_samples_) return output_;
    initialise(init_accel_sum_mps2_ / static_cast<float>(init_count_));
    in_stance_ = true;
    stance_start_ = s.t_device;
    stance_last_ = s.t_device;
    return output_;
  }

  propagate(s.gyro_sensor_radps, s.accel_sensor_mps2, dt_s);
  if (stance) {
    zero_velocity_update();
    output_.zupt_applied = true;
    if (!in_stance_) {
      in_stance_ = true;
      stance_start_ = s.t_device;
    }
    stance_last_ = s.t_device;
  } else if (in_stance_) {
    output_.stride = close_stance_period();
  }
  return output_;
}

std::optional<StrideResult> ZuptStrapdown::finish() noexcept {
  if (!ok_ || !output_.initialised || !in_stance_) return std::nullopt;
  return close_stance_period();
}

void ZuptStrapdown::process(std::span<const ImuSample> in, std::span<const ZeroVelocityOutput> zv,
                            std::span<ZuptStrapdownOutput> out) noexcept {
  const std::size_t n = std::min({in.size(), zv.size(), out.size()});
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i], zv[i].stance);
}

}  // namespace runload::signal
