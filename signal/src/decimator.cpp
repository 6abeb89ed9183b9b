#include "runload/signal/decimator.h"

#include <cmath>
#include <numbers>

namespace runload::signal {

namespace {

bool valid(const DecimatorSettings& s) noexcept {
  return std::isfinite(s.input_rate_hz) && s.input_rate_hz > 0.0f && s.factor >= 1 &&
         std::isfinite(s.cutoff_fraction) && s.cutoff_fraction > 0.0f && s.cutoff_fraction < 0.5f;
}

ButterworthSettings anti_alias(const DecimatorSettings& s) noexcept {
  ButterworthSettings b;
  b.sample_rate_hz = s.input_rate_hz;
  b.cutoff_hz = s.cutoff_fraction * s.input_rate_hz / static_cast<float>(s.factor);
  b.response = FilterResponse::kLowPass;
  b.order = Decimator::kFilterOrder;
  return b;
}

}  // namespace

Decimator::Decimator(const DecimatorSettings& settings) noexcept
    : settings_(settings),
      ok_(valid(settings)),
      accel_(anti_alias(settings)),
      gyro_(anti_alias(settings)),
      high_g_(anti_alias(settings)) {
  // N = 1 keeps every sample: no filter (a low-pass at 0.4 fs would only delay and smooth).
  filtering_ = ok_ && settings_.factor > 1 && accel_.ok();
  if (ok_ && settings_.factor > 1 && !accel_.ok()) ok_ = false;
}

float Decimator::output_rate_hz() const noexcept {
  return ok_ ? settings_.input_rate_hz / static_cast<float>(settings_.factor) : settings_.input_rate_hz;
}

float Decimator::cutoff_hz() const noexcept { return filtering_ ? anti_alias(settings_).cutoff_hz : 0.0f; }

double Decimator::group_delay_s() const noexcept {
  if (!filtering_) return 0.0;
  // Analogue Butterworth of order n: DC group delay = Σ sin((2k−1)π/2n) / Ωc = 1 / (sin(π/2n) Ωc).
  // The bilinear transform keeps the DC delay (dΩ/dω = 1 at ω = 0) and the design is pre-warped:
  // Ωc = 2 fs tan(π fc / fs).
  const double n = kFilterOrder;
  const double fs = static_cast<double>(settings_.input_rate_hz);
  const double wc = 2.0 * fs * std::tan(std::numbers::pi * static_cast<double>(cutoff_hz()) / fs);
  return 1.0 / (std::sin(std::numbers::pi / (2.0 * n)) * wc);
}

std::optional<ImuSample> Decimator::update(const ImuSample& in) noexcept {
  ++diagnostics_.inputs;
  if (!filtering_) {
    ++diagnostics_.outputs;
    return in;  // identity: N = 1 or invalid settings
  }
  const bool finite = all_finite(in.accel_sensor_mps2, in.gyro_sensor_radps, in.accel_high_g_sensor_mps2);
  if (!finite) ++diagnostics_.non_finite_inputs;
  if (!started_ && finite) {
    // Start in the steady state of the first finite sample: no start-up transient.
    accel_.reset(in.accel_sensor_mps2);
    gyro_.reset(in.gyro_sensor_radps);
    high_g_.reset(in.accel_high_g_sensor_mps2);
    started_ = true;
  }
  // Each filter holds an axis whose input is non-finite (biquad.h), so bad values never enter state.
  const Vec3f accel_mps2 = accel_.update(in.accel_sensor_mps2);
  const Vec3f gyro_radps = gyro_.update(in.gyro_sensor_radps);
  const Vec3f high_g_mps2 = high_g_.update(in.accel_high_g_sensor_mps2);
  const auto n = static_cast<std::uint64_t>(settings_.factor);
  if (in.index_samples % n != 0) return std::nullopt;
  if (!finite || !started_) {
    ++diagnostics_.dropped_non_finite;  // a kept slot with no trustworthy value: a lost sample
    return std::nullopt;
  }
  ImuSample out = in;
  out.index_samples = in.index_samples / n;
  out.accel_sensor_mps2 = accel_mps2;
  out.gyro_sensor_radps = gyro_radps;
  out.accel_high_g_sensor_mps2 = high_g_mps2;
  ++diagnostics_.outputs;
  return out;
}

std::size_t Decimator::process(std::span<const ImuSample> in, std::span<ImuSample> out) noexcept {
  std::size_t written = 0;
  for (const auto& s : in) {
    if (written == out.size()) break;
    if (const auto y = update(s)) out[written++] = *y;
  }
  return written;
}

void Decimator::reset() noexcept {
  started_ = false;
  diagnostics_ = {};
}

}  // namespace runload::signal
