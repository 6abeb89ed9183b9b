// The running impact test at a lower bandwidth (GaitEventDetectorSettings::impact_jerk_rate_hz,
// impact_jerk_scale): a landing that passes the 3 g / 10 ms test at 200 Hz shows less of its rise
// once band-limited to a 100 Hz stream, and the threshold follows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "runload/signal/decimator.h"
#include "runload/signal/gait_event_detector.h"
#include "synthetic_foot.h"

namespace runload::signal {
namespace {

TEST(ImpactJerkScaleTest, FollowsTheRiseTimeOfTheStream) {
  // At and above the reference rate the threshold is kept exactly (the native figures cannot move).
  EXPECT_EQ(impact_jerk_scale(200.0f, 200.0f), 1.0f);
  EXPECT_EQ(impact_jerk_scale(200.006f, 200.0f), 1.0f);
  EXPECT_EQ(impact_jerk_scale(1000.0f, 200.0f), 1.0f);
  // 100 Hz: √(10² + 5²) / √(10² + 10²) ms = 0.7906 (a 3 g step at 200 Hz shows 2.37 g).
  EXPECT_NEAR(impact_jerk_scale(100.0f, 200.0f), std::sqrt(125.0 / 200.0), 1e-6);
  // 50 Hz: the window is one sample (20 ms) and holds the whole blurred rise, as 10 ms do at 200 Hz.
  EXPECT_NEAR(impact_jerk_scale(50.0f, 200.0f), 1.0f, 1e-6);
  // Off, or no usable rate: no scaling.
  EXPECT_EQ(impact_jerk_scale(100.0f, 0.0f), 1.0f);
  EXPECT_EQ(impact_jerk_scale(0.0f, 200.0f), 1.0f);
  EXPECT_EQ(impact_jerk_scale(std::nanf(""), 200.0f), 1.0f);
}

/// A running foot at 200 Hz (SyntheticFoot: 0.45 s swing, 0.25 s rest, 0.7 s strides) whose every
/// landing shows an impact `lead_s` before the landing's end of swing: the specific force along the
/// sensor's up axis rises by `impact_g` over 10 ms (the fastest running landings) and decays over
/// 40 ms. `impacts` receives the impacts' peak times, s.
std::vector<ImuSample> running_with_impacts(float impact_g, double lead_s, std::vector<double>& impacts) {
  testing::SyntheticFootSettings s;
  s.sample_rate_hz = 200.0;
  s.swing_s = 0.45;
  s.rest_s = 0.25;
  s.strides = 24;
  s.initial_rest_s = 1.0;
  std::vector<ImuSample> samples = testing::SyntheticFoot(s).samples();
  impacts.clear();
  for (int k = 0; k < s.strides; ++k)
    impacts.push_back(s.initial_rest_s + k * (s.swing_s + s.rest_s) + s.swing_s - lead_s);
  for (auto& smp : samples) {
    const double t = static_cast<double>(to_us(smp.t_device)) * 1e-6;
    for (const double peak : impacts) {
      const double rise_s = 0.01, decay_s = 0.04;
      double a = 0.0;
      if (t > peak - rise_s && t <= peak)
        a = (t - (peak - rise_s)) / rise_s;
      else if (t > peak && t < peak + decay_s)
        a = 0.5 * (1.0 + std::cos(std::numbers::pi * (t - peak) / decay_s));
      smp.accel_sensor_mps2.z() += static_cast<float>(a * impact_g * kStandardGravity_mps2);
    }
  }
  return samples;
}

std::vector<ImuSample> to_100_hz(const std::vector<ImuSample>& in) {
  DecimatorSettings d;
  d.input_rate_hz = 200.0f;
  d.factor = 2;
  Decimator decimator(d);
  std::vector<ImuSample> out;
  for (const auto& s : in)
    if (const auto y = decimator.update(s)) out.push_back(*y);
  return out;
}

/// The largest change of specific force over 10 ms (`lag` samples) within 30 ms of `t_s`, g.
float step_near(const std::vector<ImuSample>& v, std::size_t lag, double t_s) {
  float best = 0.0f;
  for (std::size_t i = lag; i < v.size(); ++i) {
    const double t = static_cast<double>(to_us(v[i].t_device)) * 1e-6;
    if (std::abs(t - t_s) <= 0.03)
      best = std::max(best, (v[i].accel_sensor_mps2 - v[i - lag].accel_sensor_mps2).norm());
  }
  return best / kStandardGravity_mps2;
}

/// Each IC's time minus the nearest impact peak, ms.
std::vector<double> ic_after_impact_ms(const std::vector<GaitCycleEvents>& events, const std::vector<double>& impacts) {
  std::vector<double> out;
  for (const auto& e : events) {
    if (!e.ic_time) continue;
    const double t = static_cast<double>(to_us(*e.ic_time)) * 1e-6;
    double nearest = 1e9;
    for (const double p : impacts)
      if (std::abs(t - p) < std::abs(nearest)) nearest = t - p;
    out.push_back(nearest * 1000.0);
  }
  return out;
}

TEST(ImpactBandwidthTest, ABandLimitedLandingKeepsItsImpactIC) {
  // GIVEN running whose landings rise by 3.2 g over 10 ms, 120 ms before the end of swing: at 200 Hz
  // every landing passes the 3 g / 10 ms test; decimated to 100 Hz (signal::Decimator: a 40 Hz
  // anti-alias low-pass) each shows about three quarters of that step: below 3 g, above 3 g × 0.79
  std::vector<double> impacts;
  const auto native = running_with_impacts(3.2f, 0.12, impacts);
  const auto slow = to_100_hz(native);
  for (std::size_t k = 2; k < impacts.size(); ++k) {
    EXPECT_GT(step_near(native, 2, impacts[k]), 3.0f);
    EXPECT_LT(step_near(slow, 1, impacts[k]), 3.0f);
    EXPECT_GT(step_near(slow, 1, impacts[k]), 3.0f * impact_jerk_scale(100.0f, 200.0f) + 0.1f);
  }
  // WHEN the 100 Hz stream is analysed with the foot defaults
  const auto events = GaitEventDetector::detect(slow, 100.0f, foot_event_detector_settings(100.0f));
  // THEN every IC is the impact's peak (20 ms after it at 100 Hz: the anti-alias filter's 9 ms delay
  // on the 10 ms grid), as at 200 Hz, not the gyro IC 20 ms later still
  const auto after = ic_after_impact_ms(events, impacts);
  EXPECT_GE(after.size(), impacts.size() - 2);
  for (const double ms : after) EXPECT_NEAR(ms, 20.0, 1.0);
  // (with the unscaled 3 g threshold they all stay at the gyro IC)
  auto unscaled = foot_event_detector_settings(100.0f);
  unscaled.impact_jerk_rate_hz = 0.0f;
  for (const double ms : ic_after_impact_ms(GaitEventDetector::detect(slow, 100.0f, unscaled), impacts))
    EXPECT_GT(ms, 30.0);
  // AND at the reference rate the rule changes nothing: 200 Hz events equal with and without it
  auto native_unscaled = foot_event_detector_settings(200.0f);
  native_unscaled.impact_jerk_rate_hz = 0.0f;
  const auto at_200 = GaitEventDetector::detect(native, 200.0f, foot_event_detector_settings(200.0f));
  const auto at_200_unscaled = GaitEventDetector::detect(native, 200.0f, native_unscaled);
  ASSERT_EQ(at_200.size(), at_200_unscaled.size());
  for (std::size_t k = 0; k < at_200.size(); ++k)
    EXPECT_EQ(at_200[k].ic_index_samples, at_200_unscaled[k].ic_index_samples);
  for (const double ms : ic_after_impact_ms(at_200, impacts)) EXPECT_NEAR(ms, 5.0, 1.0);
}

/// IC times, µs.
std::vector<std::int64_t> ic_times_us(const std::vector<GaitCycleEvents>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events)
    if (e.ic_time) out.push_back(to_us(*e.ic_time));
  return out;
}

TEST(ImpactGapTest, LostSamplesDoNotReadAsALandingImpact) {
  // GIVEN running at 200 Hz with a smooth rise and fall of the specific force at the end of swing
  // (8 g over 200 ms: at most 1.3 g per 10 ms, no impact), once as recorded and once with 4 samples
  // (20 ms) lost in the middle of every rise, as a wireless sensor loses packets: across that gap
  // the force changes by more than 3 g between two samples that are "10 ms" apart by count
  std::vector<double> peaks;
  const auto samples = running_with_impacts(0.0f, 0.10, peaks);
  std::vector<ImuSample> whole, lossy;
  for (auto s : samples) {
    const double t = static_cast<double>(to_us(s.t_device)) * 1e-6;
    bool lost = false;
    for (const double peak : peaks) {
      const double x = t - (peak - 0.1);  // the bump starts 100 ms before its peak
      if (x > 0.0 && x < 0.2)
        s.accel_sensor_mps2.z() +=
            static_cast<float>(4.0 * (1.0 - std::cos(2.0 * std::numbers::pi * x / 0.2)) * kStandardGravity_mps2);
      lost = lost || (x >= 0.05 && x < 0.07);
    }
    whole.push_back(s);
    if (!lost) lossy.push_back(s);
  }
  ASSERT_GE(whole.size() - lossy.size(), 3 * peaks.size());  // 3 or 4 samples per stride (5-ms grid)
  // WHEN both are analysed
  const auto settings = foot_event_detector_settings(200.0f);
  const auto expected = ic_times_us(GaitEventDetector::detect(whole, 200.0f, settings));
  const auto found = ic_times_us(GaitEventDetector::detect(lossy, 200.0f, settings));
  // THEN the lost samples move no IC: the 10-ms change is read only between samples 10 ms apart
  // (read across the gap, it passes the impact test and every IC moves 15 ms to the bump's peak)
  ASSERT_GE(expected.size(), peaks.size() - 2);
  EXPECT_EQ(found, expected);
}

}  // namespace
}  // namespace runload::signal
