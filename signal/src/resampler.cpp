#include "runload/signal/resampler.h"

#include <algorithm>
#include <cmath>

namespace runload::signal {
namespace {
bool finite(const ImuSample& s) noexcept {
  return s.accel_sensor_mps2.allFinite() && s.gyro_sensor_radps.allFinite() &&
         s.accel_high_g_sensor_mps2.allFinite();
}
}  // namespace

Resampler::Resampler(const ResamplerSettings& settings) noexcept : settings_(settings) {
  ok_ = std::isfinite(settings.output_rate_hz) && settings.output_rate_hz > 0.0f &&
        settings.output_rate_hz <= 1e6f && std::isfinite(settings.max_gap_s) && settings.max_gap_s > 0.0f &&
        settings.max_gap_s * settings.output_rate_hz < 1e6f;
  if (!ok_) return;
  period_us_ = 1e6 / static_cast<double>(settings.output_rate_hz);
  max_gap_us_ = std::llround(static_cast<double>(settings.max_gap_s) * 1e6);
  max_outputs_ = static_cast<std::size_t>(std::ceil(static_cast<double>(max_gap_us_) / period_us_)) + 1;
}

void Resampler::reset() noexcept {
  started_ = false;
  next_k_ = 0;
  diagnostics_ = ResamplerDiagnostics{};
}

std::int64_t Resampler::grid_time_us(std::int64_t k) const noexcept {
  return t0_us_ + std::llround(static_cast<double>(k) * period_us_);
}

std::size_t Resampler::update(const ImuSample& in, std::span<ImuSample> out) noexcept {
  if (!finite(in)) {
    ++diagnostics_.skipped_non_finite;
    return 0;
  }
  if (!ok_) {  // identity
    if (out.empty()) {
      ++diagnostics_.dropped_outputs;
      return 0;
    }
    out[0] = in;
    return 1;
  }
  const std::int64_t t_us = to_us(in.t_device);
  if (!started_) {
    started_ = true;
    t0_us_ = t_us;
    next_k_ = 0;
  } else if (t_us <= to_us(previous_.t_device)) {
    ++diagnostics_.skipped_out_of_order;
    return 0;
  }
  std::size_t written = 0;
  const std::int64_t t_prev_us = to_us(previous_.t_device);
  const bool gap = next_k_ > 0 && t_us - t_prev_us > max_gap_us_;
  if (gap) {
    ++diagnostics_.gaps;
    // Skip the grid points inside the gap; resume at the first one at or after this sample.
    next_k_ = std::max(next_k_, static_cast<std::int64_t>(std::ceil(static_cast<double>(t_us - t0_us_) / period_us_)));
    while (grid_time_us(next_k_) < t_us) ++next_k_;
    while (next_k_ > 0 && grid_time_us(next_k_ - 1) >= t_us) --next_k_;
  }
  for (std::int64_t t_k_us = grid_time_us(next_k_); t_k_us <= t_us; t_k_us = grid_time_us(next_k_)) {
    ImuSample s;
    if (t_k_us == t_us || next_k_ == 0 || gap) {
      s = in;  // on the grid (or first sample): no interpolation
    } else {
      // Linear interpolation between the previous and this sample.
      const float w = static_cast<float>(static_cast<double>(t_k_us - t_prev_us) / static_cast<double>(t_us - t_prev_us));
      s.accel_sensor_mps2 = previous_.accel_sensor_mps2 + w * (in.accel_sensor_mps2 - previous_.accel_sensor_mps2);
      s.gyro_sensor_radps = previous_.gyro_sensor_radps + w * (in.gyro_sensor_radps - previous_.gyro_sensor_radps);
      s.accel_high_g_sensor_mps2 =
          previous_.accel_high_g_sensor_mps2 + w * (in.accel_high_g_sensor_mps2 - previous_.accel_high_g_sensor_mps2);
      s.channels = static_cast<std::uint8_t>(previous_.channels & in.channels);
    }
    s.index_samples = static_cast<std::uint64_t>(next_k_);
    s.t_device = device_time_from_us(t_k_us);
    if (written < out.size()) {
      out[written++] = s;
    } else {
      ++diagnostics_.dropped_outputs;
    }
    ++next_k_;
  }
  previous_ = in;
  return written;
}

std::size_t Resampler::process(std::span<const ImuSample> in, std::span<ImuSample> out) noexcept {
  std::size_t written = 0;
  for (const ImuSample& s : in) written += update(s, out.subspan(written));
  return written;
}

}  // namespace runload::signal
