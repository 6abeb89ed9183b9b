#include "runload/signal/gyro_bias_estimator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace runload::signal {
namespace {
constexpr float kRadPerDeg = std::numbers::pi_v<float> / 180.0f;
bool finite_positive(float x) { return std::isfinite(x) && x > 0.0f; }
}  // namespace

GyroBiasEstimator::GyroBiasEstimator(const GyroBiasEstimatorSettings& settings) noexcept
    : settings_(settings) {
  const auto& s = settings;
  ok_ = finite_positive(s.sample_rate_hz) && finite_positive(s.window_s) &&
        finite_positive(s.gyro_std_max_dps) && finite_positive(s.accel_tolerance_mps2) &&
        finite_positive(s.max_bias_dps) && finite_positive(s.time_constant_s) &&
        s.window_s * s.sample_rate_hz >= 2.0f && s.window_s * s.sample_rate_hz < 1e7f;
  if (!ok_) return;
  window_samples_ = static_cast<int>(std::lround(s.window_s * s.sample_rate_hz));
  const float std_max_radps = s.gyro_std_max_dps * kRadPerDeg;
  gyro_var_max_radps2_ = std_max_radps * std_max_radps;
  max_bias_radps_ = s.max_bias_dps * kRadPerDeg;
  blend_ = std::min(1.0f, s.window_s / s.time_constant_s);
}

void GyroBiasEstimator::start_block() noexcept {
  count_ = 0;
  mean_radps_.setZero();
  m2_radps2_.setZero();
  accel_ok_ = true;
}

GyroBiasOutput GyroBiasEstimator::update(const Vec3f& accel_sensor_mps2,
                                         const Vec3f& gyro_sensor_radps) noexcept {
  if (!ok_ || !accel_sensor_mps2.allFinite() || !gyro_sensor_radps.allFinite()) return output_;
  // Welford running mean / sum of squared deviations, per axis.
  ++count_;
  const Vec3f delta = gyro_sensor_radps - mean_radps_;
  mean_radps_ += delta / static_cast<float>(count_);
  m2_radps2_ += delta.cwiseProduct(gyro_sensor_radps - mean_radps_);
  const float gravity_error_mps2 = std::fabs(accel_sensor_mps2.norm() - kStandardGravity_mps2);
  accel_ok_ = accel_ok_ && gravity_error_mps2 <= settings_.accel_tolerance_mps2;
  if (count_ < window_samples_) return output_;

  const Vec3f variance_radps2 = m2_radps2_ / static_cast<float>(count_ - 1);
  const bool still = variance_radps2.maxCoeff() <= gyro_var_max_radps2_;
  const bool plausible = mean_radps_.norm() <= max_bias_radps_;
  output_.at_rest = still && accel_ok_ && plausible;
  if (output_.at_rest) {
    // First rest block sets the bias; later ones blend it (exponential average over blocks).
    const float w = output_.valid ? blend_ : 1.0f;
    output_.bias_sensor_radps += w * (mean_radps_ - output_.bias_sensor_radps);
    output_.valid = true;
  }
  start_block();
  return output_;
}

void GyroBiasEstimator::process(std::span<const ImuSample> in,
                                std::span<GyroBiasOutput> out) noexcept {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i]);
}

void GyroBiasEstimator::reset(const Vec3f& bias_sensor_radps) noexcept {
  start_block();
  output_ = GyroBiasOutput{};
  if (ok_ && bias_sensor_radps.allFinite()) {
    output_.bias_sensor_radps = bias_sensor_radps;
    output_.valid = !bias_sensor_radps.isZero(0.0f);
  }
}

}  // namespace runload::signal
