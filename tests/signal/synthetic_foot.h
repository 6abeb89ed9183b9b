#pragma once
/// An analytic foot trajectory for ZUPT tests: the foot rests, lifts, swings forward a known
/// distance along a fixed heading with a known pitch/roll/yaw profile, lands and rests again.
/// Position and Euler angles are polynomials with zero 1st and 2nd (position) / 1st (angle)
/// derivatives at lift-off and landing, so the IMU signals are computed exactly:
///   accel_sensor = Rᵀ (p̈ + g·up),  gyro_sensor = ZYX Euler rates mapped to body rates.
/// World frame ENU (docs/frames.md). Truth is double; the samples are float, with seeded noise.
#include <Eigen/Geometry>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "runload/signal/imu_sample.h"

namespace runload::signal::testing {

struct SyntheticFootSettings {
  double sample_rate_hz = 1000.0;
  double initial_rest_s = 1.0;
  double rest_s = 0.30;   // still phase per stride (whole stance is longer in reality)
  double swing_s = 0.45;
  int strides = 10;
  double stride_length_m = 2.5;
  double lift_height_m = 0.15;
  double heading_rad = 0.5;  // direction of travel in the world x-y plane
  double pitch_peak_rad = 0.8;
  double roll_peak_rad = 0.1;
  double yaw_peak_rad = 0.1;  // toe-out excursion during swing
  double accel_noise_mps2 = 0.05;
  double gyro_noise_radps = 0.005;
  Eigen::Vector3f accel_bias_mps2 = Eigen::Vector3f::Zero();
  Eigen::Vector3f gyro_bias_radps = Eigen::Vector3f::Zero();
  std::uint32_t seed = 1;
  /// Timestamp jitter (uniform ± this, µs) to mimic an irregular device clock; 0 = regular.
  int jitter_us = 0;
};

struct SyntheticFootTruth {
  Eigen::Vector3d position_world_m;
  Eigen::Vector3d velocity_world_mps;
  Eigen::Quaterniond q_world_from_sensor;
  bool still;
};

class SyntheticFoot {
 public:
  explicit SyntheticFoot(const SyntheticFootSettings& s) : s_(s) {}

  double duration_s() const { return s_.initial_rest_s + s_.strides * (s_.swing_s + s_.rest_s); }
  std::size_t num_samples() const {
    return static_cast<std::size_t>(std::floor(duration_s() * s_.sample_rate_hz));
  }

  SyntheticFootTruth truth(double t_s, Eigen::Vector3d* accel_world = nullptr,
                           Eigen::Vector3d* gyro_sensor = nullptr) const {
    const double cycle_s = s_.swing_s + s_.rest_s;
    const double after_s = t_s - s_.initial_rest_s;
    int stride = 0;
    double tau = 0.0;  // swing phase in [0,1]; 0 while resting before, 1 while resting after
    bool still = true;
    if (after_s > 0.0) {
      stride = std::min(s_.strides - 1, static_cast<int>(std::floor(after_s / cycle_s)));
      const double in_cycle_s = after_s - stride * cycle_s;
      if (in_cycle_s < s_.swing_s) {
        tau = in_cycle_s / s_.swing_s;
        still = false;
      } else {
        tau = 1.0;
      }
    }
    const double T = s_.swing_s;
    const double t2 = tau * tau, t3 = t2 * tau, t4 = t3 * tau, t5 = t4 * tau;
    // Minimum-jerk forward progress s(τ), lift bell f(τ) = 64 τ³(1−τ)³, pitch P(τ) ∝ τ²(1−τ)²(1−2τ).
    const double s = 10 * t3 - 15 * t4 + 6 * t5;
    const double sd = (30 * t2 - 60 * t3 + 30 * t4) / T;
    const double sdd = (60 * tau - 180 * t2 + 120 * t3) / (T * T);
    const double f = 64 * (t3 - 3 * t4 + 3 * t5 - t4 * t2);
    const double fd = 64 * (3 * t2 - 12 * t3 + 15 * t4 - 6 * t5) / T;
    const double fdd = 64 * (6 * tau - 36 * t2 + 60 * t3 - 30 * t4) / (T * T);
    constexpr double kPitchNorm = 1.0 / 0.016037507477489605;  // 1 / max τ²(1−τ)²(1−2τ)
    const double p = kPitchNorm * (t2 - 4 * t3 + 5 * t4 - 2 * t5);
    const double pd = kPitchNorm * (2 * tau - 12 * t2 + 20 * t3 - 10 * t4) / T;

    const Eigen::Vector3d dir(std::cos(s_.heading_rad), std::sin(s_.heading_rad), 0.0);
    SyntheticFootTruth out;
    out.still = still;
    out.position_world_m = dir * s_.stride_length_m * (stride + s) + Eigen::Vector3d(0, 0, s_.lift_height_m * f);
    out.velocity_world_mps = dir * s_.stride_length_m * sd + Eigen::Vector3d(0, 0, s_.lift_height_m * fd);
    const double roll = s_.roll_peak_rad * f, pitch = s_.pitch_peak_rad * p, yaw = s_.heading_rad + s_.yaw_peak_rad * f;
    const double roll_d = s_.roll_peak_rad * fd, pitch_d = s_.pitch_peak_rad * pd, yaw_d = s_.yaw_peak_rad * fd;
    out.q_world_from_sensor = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()) *
                              Eigen::AngleAxisd(pitch, Eigen::Vector3d::UnitY()) *
                              Eigen::AngleAxisd(roll, Eigen::Vector3d::UnitX());
    if (accel_world) {
      *accel_world = dir * s_.stride_length_m * sdd + Eigen::Vector3d(0, 0, s_.lift_height_m * fdd);
    }
    if (gyro_sensor) {
      // ZYX Euler rates → body rates.
      *gyro_sensor = Eigen::Vector3d(roll_d - yaw_d * std::sin(pitch),
                                     pitch_d * std::cos(roll) + yaw_d * std::cos(pitch) * std::sin(roll),
                                     -pitch_d * std::sin(roll) + yaw_d * std::cos(pitch) * std::cos(roll));
    }
    return out;
  }

  /// All samples, with noise, biases and optional timestamp jitter.
  std::vector<ImuSample> samples() const {
    std::mt19937 rng(s_.seed);
    std::normal_distribution<double> n(0.0, 1.0);
    std::uniform_int_distribution<int> jitter(-s_.jitter_us, s_.jitter_us);
    std::vector<ImuSample> out(num_samples());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const std::int64_t t_us = std::llround(static_cast<double>(i) * 1e6 / s_.sample_rate_hz) +
                                (s_.jitter_us > 0 ? jitter(rng) : 0);
      const double t_s = static_cast<double>(t_us) * 1e-6;
      Eigen::Vector3d a_world, w_sensor;
      const SyntheticFootTruth tr = truth(t_s, &a_world, &w_sensor);
      const Eigen::Vector3d f_sensor =
          tr.q_world_from_sensor.conjugate() * (a_world + Eigen::Vector3d(0, 0, kStandardGravity_mps2));
      ImuSample& smp = out[i];
      smp.index_samples = i;
      smp.t_device = device_time_from_us(t_us);
      for (int k = 0; k < 3; ++k) {
        smp.accel_sensor_mps2[k] = static_cast<float>(f_sensor[k] + s_.accel_noise_mps2 * n(rng));
        smp.gyro_sensor_radps[k] = static_cast<float>(w_sensor[k] + s_.gyro_noise_radps * n(rng));
      }
      smp.accel_sensor_mps2 += s_.accel_bias_mps2;
      smp.gyro_sensor_radps += s_.gyro_bias_radps;
    }
    return out;
  }

  const SyntheticFootSettings& settings() const { return s_; }

 private:
  SyntheticFootSettings s_;
};

}  // namespace runload::signal::testing
