#include "runload/signal/step_metrics.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "runload/signal/frames.h"

namespace runload::signal {
namespace {

constexpr float kRadToDeg = 180.0f / std::numbers::pi_v<float>;

/// Position of the sample with this device index (or the first after it).
std::size_t position(std::span<const ImuSample> samples, std::uint64_t index) {
  const auto it = std::lower_bound(samples.begin(), samples.end(), index,
                                   [](const ImuSample& s, std::uint64_t i) { return s.index_samples < i; });
  return static_cast<std::size_t>(it - samples.begin());
}

/// A NaN or ±inf in any axis makes the sum non-finite (one test instead of six).
bool finite(const ImuSample& s) { return std::isfinite(s.accel_sensor_mps2.sum() + s.gyro_sensor_radps.sum()); }

float seconds_between(const ImuSample& a, const ImuSample& b, float fs) {
  return static_cast<float>(b.index_samples - a.index_samples) / fs;
}

/// Calls visit(sample, q_ref_from_sensor) for every finite sample from position `p_ref` on, forward
/// while index ≤ `limit_index` or backward while index ≥ `limit_index`, carrying the sensor's
/// attitude relative to its attitude at the first of them: q ← q ⊗ exp(±ω̄·|dt|), ω̄ the mean of
/// the rates at both ends of the step (trapezoid); − when walking back in time.
template <class Visit>
void walk_attitude(std::span<const ImuSample> samples, std::size_t p_ref, bool forward, std::uint64_t limit_index, float fs,
                   Visit&& visit) {
  Eigen::Quaternionf q_ref_from_sensor = Eigen::Quaternionf::Identity();
  const ImuSample* previous = nullptr;
  const float half_period_s = (forward ? 0.5f : -0.5f) / fs;
  unsigned steps = 0;
  for (std::size_t p = p_ref; p < samples.size(); forward ? ++p : --p) {
    const ImuSample& s = samples[p];
    if (forward ? s.index_samples > limit_index : s.index_samples < limit_index) break;
    if (finite(s)) {
      if (previous != nullptr) {
        const auto gap_samples = static_cast<float>(forward ? s.index_samples - previous->index_samples
                                                            : previous->index_samples - s.index_samples);
        const Vec3f rotation_sensor_rad = (previous->gyro_sensor_radps + s.gyro_sensor_radps) * (half_period_s * gap_samples);
        q_ref_from_sensor = q_ref_from_sensor * quaternion_from_rotation_vector(rotation_sensor_rad);
        // Both factors are unit to float rounding: renormalising now and then bounds the drift.
        if (++steps % 32 == 0) q_ref_from_sensor.normalize();
      }
      visit(s, q_ref_from_sensor);
      previous = &s;
    }
    if (!forward && p == 0) break;
  }
}

/// Peak horizontal deceleration along the direction of travel from IC to `end_index`, g (≥ 0).
/// Everything is expressed in the sensor frame at the reference instant (`reference_index`):
/// gravity's direction (up) is the mean specific force over the samples within `half_window` of
/// it, travel = up × pitch axis, and the linear acceleration is f − g·up; nullopt when that force
/// points more than 60° away from `standing_up_sensor` (the event's up axis). One walk back from
/// the reference to IC (and on to `end_index` when that lies after it) carries the attitude.
std::optional<float> peak_braking_g(std::span<const ImuSample> samples, std::uint64_t ic_index, std::uint64_t reference_index,
                                    std::uint64_t half_window, std::uint64_t end_index, const Vec3f& pitch_axis_sensor,
                                    const Vec3f& standing_up_sensor, float fs) {
  const std::size_t p_ref = position(samples, reference_index);
  if (p_ref >= samples.size() || samples[p_ref].index_samples < ic_index) return std::nullopt;
  const std::uint64_t ref_index = samples[p_ref].index_samples;
  Vec3f specific_force_sum_ref = Vec3f::Zero();
  const auto add = [&](const ImuSample& s, const Eigen::Quaternionf& q) { specific_force_sum_ref += q * s.accel_sensor_mps2; };
  walk_attitude(samples, p_ref, true, ref_index + half_window, fs, add);
  walk_attitude(samples, p_ref, false, std::max(ic_index, ref_index - std::min(ref_index, half_window)), fs,
                [&](const ImuSample& s, const Eigen::Quaternionf& q) {
                  if (s.index_samples < ref_index) add(s, q);  // the reference itself counted once
                });
  if (!(specific_force_sum_ref.squaredNorm() > 0.0f)) return std::nullopt;
  const Vec3f up_ref = specific_force_sum_ref.normalized();
  // A flat foot or an upright shank at the reference is tilted far less than 60° from standing; a
  // specific force further off is not gravity (the sensor is accelerating): no braking then.
  if (!(up_ref.dot(standing_up_sensor) > 0.5f)) return std::nullopt;
  const Vec3f travel_ref = up_ref.cross(pitch_axis_sensor);  // horizontal, normal to the pitch axis
  if (!(travel_ref.norm() > 0.5f)) return std::nullopt;     // pitch axis within 30° of vertical: no heading
  const Vec3f travel_unit_ref = travel_ref.normalized();
  const float g = kStandardGravity_mps2;
  float peak_deceleration_mps2 = 0.0f;
  const auto braking = [&](const ImuSample& s, const Eigen::Quaternionf& q) {
    if (s.index_samples > end_index) return;
    const Vec3f accel_ref_mps2 = q * s.accel_sensor_mps2 - g * up_ref;  // gravity removed
    peak_deceleration_mps2 = std::max(peak_deceleration_mps2, -accel_ref_mps2.dot(travel_unit_ref));
  };
  walk_attitude(samples, p_ref, false, ic_index, fs, braking);
  if (end_index > ref_index) walk_attitude(samples, p_ref, true, end_index, fs, braking);
  return peak_deceleration_mps2 / g;
}

struct Pronation {
  float excursion_deg = 0.0f;
  float velocity_dps = 0.0f;
};

/// Eversion from IC to its maximum before heel rise. `eversion_sign` is +1 when +rotation about
/// the anterior axis is eversion (left foot), −1 when it is inversion (right foot).
Pronation pronation(std::span<const ImuSample> samples, std::size_t p_ic, std::uint64_t mid_stance_index,
                    std::uint64_t tc_index, const Vec3f& anterior_sensor, const Vec3f& pitch_axis_sensor,
                    float eversion_sign, float fs) {
  // Heel rise: the push-off rotation (toe-down, pitch rate < 0) runs without a break into TC;
  // it starts after the last sample from mid-stance on at which the foot was not pitching toe-down.
  std::uint64_t heel_rise_index = mid_stance_index;
  for (std::size_t p = position(samples, mid_stance_index); p < samples.size() && samples[p].index_samples < tc_index; ++p)
    if (finite(samples[p]) && pitch_axis_sensor.dot(samples[p].gyro_sensor_radps) >= 0.0f)
      heel_rise_index = samples[p].index_samples;
  Pronation out;
  float eversion_rad = 0.0f, max_eversion_rad = 0.0f, peak_rate_radps = 0.0f, previous_rate_radps = 0.0f;
  const ImuSample* previous = nullptr;
  for (std::size_t p = p_ic; p < samples.size() && samples[p].index_samples <= heel_rise_index; ++p) {
    const ImuSample& s = samples[p];
    if (!finite(s)) continue;
    const float rate_radps = eversion_sign * anterior_sensor.dot(s.gyro_sensor_radps);
    if (previous != nullptr) eversion_rad += 0.5f * (previous_rate_radps + rate_radps) * seconds_between(*previous, s, fs);
    peak_rate_radps = std::max(peak_rate_radps, rate_radps);
    if (eversion_rad > max_eversion_rad) {
      max_eversion_rad = eversion_rad;
      out.velocity_dps = peak_rate_radps * kRadToDeg;  // the peak rate on the way to this maximum
    }
    previous = &s;
    previous_rate_radps = rate_radps;
  }
  out.excursion_deg = max_eversion_rad * kRadToDeg;
  return out;
}

/// +1 when +rotation about the anterior axis everts this foot (docs/frames.md sign table).
std::optional<float> eversion_sign(BodySide side) {
  switch (side) {
    case BodySide::kLeft: return 1.0f;
    case BodySide::kRight: return -1.0f;
    case BodySide::kUnknown: break;
  }
  return std::nullopt;
}

/// Loading-rate proxy: the slope of the axial specific force's rise to its peak, between 20 % and
/// 80 % of the rise (EVIDENCE §1.5: VALR is the 20–80 % slope of the vertical GRF; the wearable proxy
/// is Δacc/Δt up to the peak). The rise is searched back from the peak over `rise_samples` — it may
/// start before IC, which in running sits on the impact itself. nullopt when no rise is resolved.
std::optional<float> loading_rate_g_per_s(std::span<const ImuSample> samples, std::size_t peak_pos, const Vec3f& up,
                                          float g, float fs, std::size_t rise_samples) {
  const auto axial = [&](std::size_t p) { return up.dot(samples[p].accel_sensor_mps2) / g; };
  const std::size_t first = peak_pos > rise_samples ? peak_pos - rise_samples : 0;
  const float peak = axial(peak_pos);
  std::size_t base_pos = peak_pos;
  for (std::size_t p = peak_pos; p-- > first;) {
    if (!finite(samples[p])) break;
    if (axial(p) < axial(base_pos)) base_pos = p;
  }
  const float base = axial(base_pos);
  if (!(peak > base)) return std::nullopt;
  const float low = base + 0.2f * (peak - base), high = base + 0.8f * (peak - base);
  std::size_t p20 = peak_pos;  // the last sample at or below 20 % before the peak
  while (p20 > base_pos && axial(p20) > low) --p20;
  std::size_t p80 = p20;  // then the first at or above 80 %
  while (p80 < peak_pos && axial(p80) < high) ++p80;
  const auto dt_samples = static_cast<float>(samples[p80].index_samples - samples[p20].index_samples);
  if (p80 <= p20 || dt_samples <= 0.0f) return std::nullopt;
  return (axial(p80) - axial(p20)) / (dt_samples / fs);
}

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
      float pta = -1e30f, resultant = 0.0f;
      std::size_t pta_pos = p0;
      bool first = true;
      for (std::size_t p = p0; p < samples.size() && samples[p].index_samples <= end_index; ++p) {
        if (!finite(samples[p])) continue;
        const float axial = up.dot(samples[p].accel_sensor_mps2) / g;
        first = false;
        if (axial > pta) pta = axial, pta_pos = p;
        resultant = std::max(resultant, samples[p].accel_sensor_mps2.norm() / g);
      }
      if (!first) {
        m.pta_axial_g = pta;
        m.peak_resultant_g = resultant;
        m.loading_rate_g_per_s = loading_rate_g_per_s(samples, pta_pos, up, g, fs,
                                                      static_cast<std::size_t>(settings.loading_rise_ms * fs / 1000.0f));
        cumulative_g += pta;
        m.cumulative_shock_g = cumulative_g;
      }
      // --- Braking: horizontal deceleration along the direction of travel in early stance. Gravity
      // reference: the foot at rest (flat, mid-stance); the shank never rests, so the middle of
      // contact, where the horizontal ground force of steady running turns from braking to
      // propulsion and the body's acceleration is vertical.
      const std::optional<std::uint64_t> reference_index =
          settings.placement == Placement::kShank && e.tc_index_samples
              ? std::optional<std::uint64_t>(*e.ic_index_samples + (*e.tc_index_samples - *e.ic_index_samples) / 2)
              : e.mid_stance_index_samples;
      if (m.contact_time_ms && reference_index && *reference_index >= *e.ic_index_samples) {
        const auto braking_end = *e.ic_index_samples +
                                 static_cast<std::uint64_t>(settings.braking_fraction_of_contact * *m.contact_time_ms * fs / 1000.0f);
        const auto half_window = static_cast<std::uint64_t>(std::max(0.0f, settings.gravity_window_ms) * fs / 2000.0f);
        m.braking_g = peak_braking_g(samples, *e.ic_index_samples, *reference_index, half_window, braking_end, pitch_axis, up, fs);
      }
      // --- Foot: strike angle and pronation; shank: frontal tibial angle.
      if (settings.placement == Placement::kFoot && e.mid_stance_index_samples && e.tc_index_samples) {
        float pitch_rad = 0.0f;
        // Integrate the landing rotation only up to foot-flat (at the latest 40 % of stance), not into heel rise.
        const std::uint64_t flat_end = *e.ic_index_samples + 4 * (*e.tc_index_samples - *e.ic_index_samples) / 10;
        for (std::size_t p = p0; p + 1 < samples.size() && samples[p].index_samples < std::min(*e.mid_stance_index_samples, flat_end); ++p) {
          if (!finite(samples[p])) continue;
          const float dt = static_cast<float>(samples[p + 1].index_samples - samples[p].index_samples) / fs;
          pitch_rad += pitch_axis.dot(samples[p].gyro_sensor_radps) * dt;
        }
        // Pitch at IC relative to the flat foot at mid-stance: θ_IC = θ_MS − ∫ω = −∫ω.
        m.strike_angle_deg = -pitch_rad * kRadToDeg;
        m.strike_pattern = classify_foot_strike(*m.strike_angle_deg);
        if (const auto sign = eversion_sign(settings.side); sign && *e.mid_stance_index_samples >= *e.ic_index_samples) {
          const Pronation p = pronation(samples, p0, *e.mid_stance_index_samples, *e.tc_index_samples, anterior, pitch_axis, *sign, fs);
          m.pronation_excursion_deg = p.excursion_deg;
          m.pronation_velocity_dps = p.velocity_dps;
        }
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
