#include "runload/signal/zero_velocity_detector.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace runload::signal {

ZeroVelocityDetector::ZeroVelocityDetector(const ZeroVelocityDetectorSettings& settings)
    : settings_(settings) {
  const auto& s = settings;
  ok_ = std::isfinite(s.sample_rate_hz) && s.sample_rate_hz > 0.0f && std::isfinite(s.window_s) &&
        s.window_s > 0.0f && s.window_s * s.sample_rate_hz < 1e5f && std::isfinite(s.sigma_accel_mps2) &&
        s.sigma_accel_mps2 > 0.0f && std::isfinite(s.sigma_gyro_dps) && s.sigma_gyro_dps > 0.0f &&
        std::isfinite(s.gamma) && s.gamma > 0.0f;
  if (!ok_) return;
  const long w = std::max(1L, std::lround(s.window_s * s.sample_rate_hz));
  buffer_.assign(static_cast<std::size_t>(w), Entry{Vec3f::Zero(), Vec3f::Zero()});
  const double sigma_gyro_radps = static_cast<double>(s.sigma_gyro_dps) * std::numbers::pi / 180.0;
  inv_var_accel_ = 1.0 / (static_cast<double>(s.sigma_accel_mps2) * s.sigma_accel_mps2);
  inv_var_gyro_ = 1.0 / (sigma_gyro_radps * sigma_gyro_radps);
}

void ZeroVelocityDetector::reset() noexcept {
  next_ = 0;
  count_ = 0;
  sum_accel_mps2_.setZero();
  sum_accel_sq_ = 0.0;
  sum_gyro_sq_ = 0.0;
  output_ = ZeroVelocityOutput{};
}

void ZeroVelocityDetector::recompute_sums() noexcept {
  sum_accel_mps2_.setZero();
  sum_accel_sq_ = 0.0;
  sum_gyro_sq_ = 0.0;
  for (const Entry& e : buffer_) {
    const Eigen::Vector3d a = e.accel_mps2.cast<double>();
    sum_accel_mps2_ += a;
    sum_accel_sq_ += a.squaredNorm();
    sum_gyro_sq_ += e.gyro_radps.cast<double>().squaredNorm();
  }
}

ZeroVelocityOutput ZeroVelocityDetector::update(const Vec3f& accel_sensor_mps2,
                                                const Vec3f& gyro_sensor_radps) noexcept {
  if (!ok_ || !accel_sensor_mps2.allFinite() || !gyro_sensor_radps.allFinite()) return output_;
  const std::size_t w = buffer_.size();
  Entry& slot = buffer_[next_];
  if (count_ == w) {  // drop the oldest sample from the sums
    const Eigen::Vector3d a_old = slot.accel_mps2.cast<double>();
    sum_accel_mps2_ -= a_old;
    sum_accel_sq_ -= a_old.squaredNorm();
    sum_gyro_sq_ -= slot.gyro_radps.cast<double>().squaredNorm();
  }
  slot = Entry{accel_sensor_mps2, gyro_sensor_radps};
  const Eigen::Vector3d a_new = accel_sensor_mps2.cast<double>();
  sum_accel_mps2_ += a_new;
  sum_accel_sq_ += a_new.squaredNorm();
  sum_gyro_sq_ += gyro_sensor_radps.cast<double>().squaredNorm();
  next_ = next_ + 1 == w ? 0 : next_ + 1;
  if (count_ < w) ++count_;
  if (next_ == 0) recompute_sums();  // once per W samples: no long-run rounding drift
  if (count_ < w) return output_;

  // Σ‖a_k − g·u‖² with u = ā/‖ā‖ expands to Σ‖a_k‖² − 2g‖Σa_k‖ + W·g².
  const double g = kStandardGravity_mps2;
  const double wd = static_cast<double>(w);
  const double accel_residual = std::max(0.0, sum_accel_sq_ - 2.0 * g * sum_accel_mps2_.norm() + wd * g * g);
  const double t = (accel_residual * inv_var_accel_ + sum_gyro_sq_ * inv_var_gyro_) / wd;
  output_.statistic = static_cast<float>(t);
  output_.valid = true;
  output_.stance = t < static_cast<double>(settings_.gamma);
  return output_;
}

void ZeroVelocityDetector::process(std::span<const ImuSample> in,
                                   std::span<ZeroVelocityOutput> out) noexcept {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i]);
}

}  // namespace runload::signal
