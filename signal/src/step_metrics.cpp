#include "runload/signal/step_metrics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace runload::signal {
namespace {

constexpr float kRadToDeg = 180.0f / std::numbers::pi_v<float>;

/// Position of the sample with this device index (or the first after it).
std::size_t position(std::span<const ImuSample> samples, std::uint64_t index) {
  const auto it = std::lower_bound(samples.begin(), samples.end(), index,
                                   [](const ImuSample& s, std::uint64_t i) { return s.index_samples < i; });
  return static_cast<std::size_t>(it - samples.begin());
}

bool finite(const ImuSample& s) { return s.accel_sensor_mps2.allFinite() && s.gyro_sensor_radps.allFinite(); }

}  // namespace

std::vector<StepMetrics> StepMetricsEstimator::estimate(std::span<const ImuSample> samples,
                                                        std::span<const GaitCycleEvents> events,
                                                        const StepMetricsSettings& settings) {
  std::vector<StepMetrics> out(events.size());
  out.resize(estimate(samples, events, settings, out));
  return out;
}

std::size_t StepMetricsEstimator::estimate(std::span<const ImuSample> samples, std::span<const GaitCycleEvents> events,
                                           const StepMetricsSettings& settings, std::span<StepMetrics> out) noexcept {
  const float fs = settings.sample_rate_hz > 0.0f ? settings.sample_rate_hz : 1000.0f;
  const float g = kStandardGravity_mps2;
  const std::size_t n = std::min(events.size(), out.size());
  float cumulative_g = 0.0f;
  for (std::size_t k = 0; k < n; ++k) {
    const GaitCycleEvents& e = events[k];
    StepMetrics m;
    m.ic_index_samples = e.ic_index_samples;
    m.tc_index_samples = e.tc_index_samples;
    const Vec3f& pitch_axis = e.pitch_axis_sensor;
    const Vec3f& up = e.up_axis_sensor;
    const Vec3f anterior = up.cross(pitch_axis).normalized();

    if (e.ic_index_samples && e.tc_index_samples && *e.tc_index_samples > *e.ic_index_samples)
      m.contact_time_ms = static_cast<float>(*e.tc_index_samples - *e.ic_index_samples) * 1000.0f / fs;
    // Stride: to the next IC of this leg.
    if (e.ic_index_samples)
      for (std::size_t j = k + 1; j < events.size(); ++j) {
        if (!events[j].ic_index_samples) {
          if (!events[j].tc_index_samples) continue;
          break;  // a push-off after a pause: no stride
        }
        const float stride_s = static_cast<float>(*events[j].ic_index_samples - *e.ic_index_samples) / fs;
        if (stride_s > 0.0f && stride_s <= settings.max_stride_s) {
          m.stride_time_s = stride_s;
          m.step_time_s = stride_s / 2.0f;
          m.cadence_strides_per_min = 60.0f / stride_s;
          m.cadence_steps_per_min = 120.0f / stride_s;
          if (m.contact_time_ms) {
            m.flight_time_ms = *m.step_time_s * 1000.0f - *m.contact_time_ms;
            m.duty_factor = *m.contact_time_ms / (stride_s * 1000.0f);
          }
        }
        break;
      }

    if (e.ic_index_samples) {
      // --- Impact window.
      const std::size_t p0 = position(samples, *e.ic_index_samples);
      const std::uint64_t end_index = *e.ic_index_samples + static_cast<std::uint64_t>(settings.impact_window_ms * fs / 1000.0f);
      float pta = -1e30f, resultant = 0.0f, axial_at_ic = 0.0f;
      std::uint64_t pta_index = *e.ic_index_samples;
      bool first = true;
      for (std::size_t p = p0; p < samples.size() && samples[p].index_samples <= end_index; ++p) {
        if (!finite(samples[p])) continue;
        const float axial = up.dot(samples[p].accel_sensor_mps2) / g;
        if (first) axial_at_ic = axial, first = false;
        if (axial > pta) pta = axial, pta_index = samples[p].index_samples;
        resultant = std::max(resultant, samples[p].accel_sensor_mps2.norm() / g);
      }
      if (!first) {
        m.pta_axial_g = pta;
        m.peak_resultant_g = resultant;
        if (pta_index > *e.ic_index_samples)
          m.loading_rate_g_per_s = (pta - axial_at_ic) / (static_cast<float>(pta_index - *e.ic_index_samples) / fs);
        cumulative_g += pta;
        m.cumulative_shock_g = cumulative_g;
      }
      // --- Braking: deceleration along anterior in early stance.
      if (m.contact_time_ms) {
        const auto braking_end = *e.ic_index_samples +
                                 static_cast<std::uint64_t>(settings.braking_fraction_of_contact * *m.contact_time_ms * fs / 1000.0f);
        float min_ap = 0.0f;
        for (std::size_t p = p0; p < samples.size() && samples[p].index_samples <= braking_end; ++p)
          if (finite(samples[p])) min_ap = std::min(min_ap, anterior.dot(samples[p].accel_sensor_mps2) / g);
        m.braking_g = -min_ap;
      }
      // --- Foot: strike angle and pronation; shank: frontal tibial angle.
      if (settings.placement == Placement::kFoot && e.mid_stance_index_samples && e.tc_index_samples) {
        float pitch_rad = 0.0f, roll_rad = 0.0f, max_roll = 0.0f, max_roll_rate = 0.0f;
        const std::uint64_t half = *e.ic_index_samples + (*e.tc_index_samples - *e.ic_index_samples) / 2;
        // Integrate the landing rotation only up to foot-flat (at the latest 40 % of stance), not into heel rise.
        const std::uint64_t flat_end = *e.ic_index_samples + 4 * (*e.tc_index_samples - *e.ic_index_samples) / 10;
        for (std::size_t p = p0; p + 1 < samples.size() && samples[p].index_samples < *e.tc_index_samples; ++p) {
          if (!finite(samples[p])) continue;
          const float dt = static_cast<float>(samples[p + 1].index_samples - samples[p].index_samples) / fs;
          const Vec3f& w = samples[p].gyro_sensor_radps;
          if (samples[p].index_samples < std::min(*e.mid_stance_index_samples, flat_end)) pitch_rad += pitch_axis.dot(w) * dt;
          roll_rad += anterior.dot(w) * dt;
          max_roll = std::max(max_roll, std::fabs(roll_rad));
          if (samples[p].index_samples < half) max_roll_rate = std::max(max_roll_rate, std::fabs(anterior.dot(w)));
        }
        // Pitch at IC relative to the flat foot at mid-stance: θ_IC = θ_MS − ∫ω = −∫ω.
        m.strike_angle_deg = -pitch_rad * kRadToDeg;
        m.strike_pattern = classify_foot_strike(*m.strike_angle_deg);
        m.pronation_excursion_deg = max_roll * kRadToDeg;
        m.pronation_velocity_dps = max_roll_rate * kRadToDeg;
      }
      if (settings.placement == Placement::kShank && e.mid_stance_index_samples) {
        const std::size_t pm = position(samples, *e.mid_stance_index_samples);
        const std::size_t half_window = static_cast<std::size_t>(0.01f * fs);
        Vec3f sum = Vec3f::Zero();
        for (std::size_t p = pm > half_window ? pm - half_window : 0; p < std::min(samples.size(), pm + half_window + 1); ++p)
          if (finite(samples[p])) sum += samples[p].accel_sensor_mps2;
        if (sum.norm() > 0.0f) m.tibial_frontal_angle_deg = std::asin(std::clamp(sum.dot(pitch_axis) / sum.norm(), -1.0f, 1.0f)) * kRadToDeg;
      }
    }
    out[k] = m;
  }
  return n;
}

}  // namespace runload::signal
