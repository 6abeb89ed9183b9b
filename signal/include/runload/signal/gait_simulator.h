#pragma once
/// A deterministic synthetic running signal for emulators, demos and tests: a shoe or shank IMU
/// seeing gravity, a swing-phase pitch rotation and an impact transient at each initial contact.
/// Truth is known by construction (cadence, contact time, impact peak).
#include <cstdint>
#include <random>

#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::signal {

struct GaitSimulatorSettings {
  float sample_rate_hz = 1000.0f;
  /// Whole-body cadence; one leg sees half of it as strides.
  float cadence_steps_per_min = 170.0f;
  float contact_time_ms = 250.0f;
  /// Peak axial (tibial) acceleration at impact above gravity, g.
  float impact_peak_g = 8.0f;
  /// Standard deviation of white noise added to each accelerometer / gyro axis.
  float accel_noise_mps2 = 0.05f;
  float gyro_noise_radps = 0.005f;
  Placement placement = Placement::kFoot;
  std::uint32_t seed = 1;
};

class GaitSimulator {
 public:
  explicit GaitSimulator(const GaitSimulatorSettings& settings);
  /// The next sample; index and device time advance by one sample period.
  ImuSample next() noexcept;
  const GaitSimulatorSettings& settings() const noexcept { return settings_; }

 private:
  GaitSimulatorSettings settings_;
  double stride_period_s_;
  double sample_period_s_;
  std::uint64_t index_samples_ = 0;
  std::mt19937 rng_;
  std::normal_distribution<float> unit_normal_{0.0f, 1.0f};
};

}  // namespace runload::signal
