#include "runload/signal/gait_simulator.h"

#include <cmath>
#include <numbers>

namespace runload::signal {

GaitSimulator::GaitSimulator(const GaitSimulatorSettings& settings)
    : settings_(settings),
      // One leg completes a stride every two steps.
      stride_period_s_(120.0 / static_cast<double>(settings.cadence_steps_per_min)),
      sample_period_s_(1.0 / static_cast<double>(settings.sample_rate_hz)),
      rng_(settings.seed) {}

ImuSample GaitSimulator::next() noexcept {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  const double t_s = static_cast<double>(index_samples_) * sample_period_s_;
  const double phase_s = std::fmod(t_s, stride_period_s_);
  const double contact_s = settings_.contact_time_ms / 1000.0;
  const bool in_stance = phase_s < contact_s;

  // Impact: a damped half-sine of ~10 ms right after initial contact (phase 0), along +z (axial).
  const double impact_width_s = 0.010;
  const double impact_g =
      phase_s < impact_width_s ? settings_.impact_peak_g * std::sin(std::numbers::pi * phase_s / impact_width_s) : 0.0;
  // Swing: the segment pitches forward and back once per stride, zero during stance.
  const double swing_s = stride_period_s_ - contact_s;
  const double swing_phase = in_stance ? 0.0 : (phase_s - contact_s) / swing_s;
  const double pitch_rate_radps =
      in_stance ? 0.0 : (settings_.placement == Placement::kFoot ? 12.0 : 6.0) * std::sin(kTwoPi * swing_phase);
  const double swing_accel_mps2 = in_stance ? 0.0 : 15.0 * std::sin(kTwoPi * swing_phase);

  ImuSample s;
  s.index_samples = index_samples_;
  s.t_device = device_time_from_us(static_cast<std::int64_t>(std::llround(t_s * 1e6)));
  s.accel_sensor_mps2 = Vec3f(static_cast<float>(swing_accel_mps2), 0.0f,
                              static_cast<float>((1.0 + impact_g) * kStandardGravity_mps2));
  s.gyro_sensor_radps = Vec3f(0.0f, static_cast<float>(pitch_rate_radps), 0.0f);
  for (int axis = 0; axis < 3; ++axis) {
    s.accel_sensor_mps2[axis] += settings_.accel_noise_mps2 * unit_normal_(rng_);
    s.gyro_sensor_radps[axis] += settings_.gyro_noise_radps * unit_normal_(rng_);
  }
  ++index_samples_;
  return s;
}

}  // namespace runload::signal
