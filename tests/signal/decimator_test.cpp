// Decimator (signal/decimator.h): the anti-alias low-pass keeps content below the new Nyquist with
// the stated delay and attenuates content above it; kept samples' index and time; non-finite input;
// invalid settings; reset; streaming == batch.
#include "runload/signal/decimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace runload::signal {
namespace {

constexpr float kInputRate_hz = 200.0f;

/// A 200 Hz stream with a sine of `freq_hz` on accel x and gyro z (amplitude 1), index = i.
std::vector<ImuSample> sine_stream(double freq_hz, int n) {
  std::vector<ImuSample> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double t_s = i / static_cast<double>(kInputRate_hz);
    const auto v = static_cast<float>(std::sin(2.0 * std::numbers::pi * freq_hz * t_s));
    auto& s = out[static_cast<std::size_t>(i)];
    s.index_samples = static_cast<std::uint64_t>(i);
    s.t_device = device_time_from_us(static_cast<std::int64_t>(std::llround(t_s * 1e6)));
    s.accel_sensor_mps2 = Vec3f(v, 0.0f, 9.81f);
    s.gyro_sensor_radps = Vec3f(0.0f, 0.0f, v);
  }
  return out;
}

std::vector<ImuSample> decimate(Decimator& d, const std::vector<ImuSample>& in) {
  std::vector<ImuSample> out;
  for (const auto& s : in)
    if (const auto y = d.update(s)) out.push_back(*y);
  return out;
}

TEST(DecimatorTest, SettingsGiveTheStatedRateCutoffAndDelay) {
  const Decimator d({.input_rate_hz = kInputRate_hz, .factor = 2});
  ASSERT_TRUE(d.ok());
  EXPECT_FLOAT_EQ(d.output_rate_hz(), 100.0f);
  EXPECT_FLOAT_EQ(d.cutoff_hz(), 40.0f);  // 0.4 × 100 Hz
  // 4th-order Butterworth DC group delay 2.613 / Ωc, Ωc = 2 · 200 · tan(π · 40 / 200) = 290.6 rad/s:
  // 8.99 ms ≈ 0.9 output samples (the same value from the digital phase, pure-Python check)
  EXPECT_NEAR(d.group_delay_s(), 0.00899, 0.00002);
  const Decimator d4({.input_rate_hz = kInputRate_hz, .factor = 4});
  EXPECT_FLOAT_EQ(d4.cutoff_hz(), 20.0f);
  EXPECT_NEAR(d4.group_delay_s(), 0.02011, 0.00002);  // Ωc = 400 tan(π / 10) = 130.0 rad/s
}

TEST(DecimatorTest, SineBelowTheNewNyquistPassesWithTheStatedDelay) {
  // GIVEN 200 Hz → 100 Hz and an 8 Hz sine (a running stride's harmonics live here)
  Decimator d({.input_rate_hz = kInputRate_hz, .factor = 2});
  const double f_hz = 8.0;
  const auto out = decimate(d, sine_stream(f_hz, 4000));
  ASSERT_EQ(out.size(), 2000u);
  // THEN after 0.5 s of settling the output is the input delayed by group_delay_s() (8.99 ms):
  // |H(8 Hz)| = 1 − 4e-7 and the phase delay at 8 Hz is 9.08 ms, 0.09 ms more than at DC
  // (evaluated from the design's poles), an error of 2π · 8 Hz · 0.09 ms = 0.005 of the amplitude
  const double delay_s = d.group_delay_s();
  double max_err = 0.0, peak = 0.0;
  for (std::size_t k = 50; k < out.size(); ++k) {
    const double t_s = static_cast<double>(to_us(out[k].t_device)) * 1e-6;
    const double expected = std::sin(2.0 * std::numbers::pi * f_hz * (t_s - delay_s));
    max_err = std::max(max_err, std::abs(out[k].accel_sensor_mps2.x() - expected));
    max_err = std::max(max_err, std::abs(out[k].gyro_sensor_radps.z() - expected));
    peak = std::max(peak, std::abs(static_cast<double>(out[k].accel_sensor_mps2.x())));
    EXPECT_NEAR(out[k].accel_sensor_mps2.z(), 9.81f, 1e-4f);  // DC passes exactly
  }
  // 0.005 from the phase delay, float rounding well below it
  EXPECT_LT(max_err, 0.008);
  EXPECT_NEAR(peak, 1.0, 0.01);
}

TEST(DecimatorTest, SineAboveTheNewNyquistIsAttenuated) {
  // GIVEN 200 Hz → 100 Hz and a 70 Hz sine: picked without a filter it would alias to 30 Hz at full
  // amplitude
  Decimator d({.input_rate_hz = kInputRate_hz, .factor = 2});
  const auto out = decimate(d, sine_stream(70.0, 4000));
  // THEN what is left is the 4th-order Butterworth's |H(70 Hz)| = 0.019 (bilinear, fc 40 Hz at
  // fs 200 Hz, from the design's poles), well under the analogue prototype's 0.11
  double peak = 0.0;
  for (std::size_t k = 100; k < out.size(); ++k)
    peak = std::max(peak, std::abs(static_cast<double>(out[k].accel_sensor_mps2.x())));
  EXPECT_LT(peak, 0.025);
  // AND at 50 Hz output (N = 4) a 35 Hz sine (aliasing to 15 Hz) is left at |H(35 Hz)| = 0.079
  // (fc 20 Hz)
  Decimator d4({.input_rate_hz = kInputRate_hz, .factor = 4});
  const auto out4 = decimate(d4, sine_stream(35.0, 4000));
  double peak4 = 0.0;
  for (std::size_t k = 50; k < out4.size(); ++k)
    peak4 = std::max(peak4, std::abs(static_cast<double>(out4[k].accel_sensor_mps2.x())));
  EXPECT_LT(peak4, 0.085);
}

TEST(DecimatorTest, KeptSamplesHaveConsecutiveIndicesAndTheirOwnDeviceTime) {
  Decimator d({.input_rate_hz = kInputRate_hz, .factor = 4});
  const auto in = sine_stream(1.0, 41);
  const auto out = decimate(d, in);
  ASSERT_EQ(out.size(), 11u);  // inputs 0, 4, …, 40
  for (std::size_t k = 0; k < out.size(); ++k) {
    EXPECT_EQ(out[k].index_samples, k);
    EXPECT_EQ(out[k].t_device, in[4 * k].t_device);
    EXPECT_EQ(out[k].channels, in[4 * k].channels);
  }
  EXPECT_EQ(d.diagnostics().inputs, 41u);
  EXPECT_EQ(d.diagnostics().outputs, 11u);
}

TEST(DecimatorTest, NonFiniteInputNeverEntersTheFilterAndAKeptOneIsDropped) {
  Decimator d({.input_rate_hz = kInputRate_hz, .factor = 2});
  auto in = sine_stream(5.0, 400);
  in[101].accel_sensor_mps2.x() = std::numeric_limits<float>::quiet_NaN();  // not a kept slot
  in[200].gyro_sensor_radps.y() = std::numeric_limits<float>::infinity();   // a kept slot
  const auto out = decimate(d, in);
  // THEN index 100 (input 200) is missing, as a lost sample, and every output is finite
  ASSERT_EQ(out.size(), 199u);
  EXPECT_EQ(out[99].index_samples, 99u);
  EXPECT_EQ(out[100].index_samples, 101u);
  for (const auto& s : out)
    EXPECT_TRUE(all_finite(s.accel_sensor_mps2, s.gyro_sensor_radps, s.accel_high_g_sensor_mps2));
  EXPECT_EQ(d.diagnostics().non_finite_inputs, 2u);
  EXPECT_EQ(d.diagnostics().dropped_non_finite, 1u);
}

TEST(DecimatorTest, InvalidSettingsAndFactorOneAreTheIdentity) {
  const auto in = sine_stream(70.0, 50);
  for (const DecimatorSettings s : {DecimatorSettings{.factor = 0}, DecimatorSettings{.factor = -2},
                                    DecimatorSettings{.input_rate_hz = std::numeric_limits<float>::quiet_NaN()},
                                    DecimatorSettings{.cutoff_fraction = 0.5f}, DecimatorSettings{.factor = 1}}) {
    Decimator d(s);
    EXPECT_EQ(d.ok(), s.factor == 1);
    EXPECT_EQ(d.cutoff_hz(), 0.0f);
    EXPECT_EQ(d.group_delay_s(), 0.0);
    const auto out = decimate(d, in);
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      EXPECT_EQ(out[i].index_samples, in[i].index_samples);
      EXPECT_EQ(out[i].accel_sensor_mps2, in[i].accel_sensor_mps2);
    }
  }
}

TEST(DecimatorTest, ConstantInputFromTheStartIsExact) {
  // GIVEN a constant stream: the filters start in its steady state (no transient), so the output
  // is exactly the input
  Decimator d({.input_rate_hz = kInputRate_hz, .factor = 4});
  ImuSample s;
  s.accel_sensor_mps2 = Vec3f(-2.5f, 0.3f, -9.5f);
  s.gyro_sensor_radps = Vec3f(0.01f, -0.02f, 0.03f);
  for (std::uint64_t i = 0; i < 400; ++i) {
    s.index_samples = i;
    const auto y = d.update(s);
    if (!y) continue;
    EXPECT_EQ(y->accel_sensor_mps2, s.accel_sensor_mps2);
    EXPECT_EQ(y->gyro_sensor_radps, s.gyro_sensor_radps);
  }
  // AND after reset() a new constant starts without a transient too
  d.reset();
  s.accel_sensor_mps2 = Vec3f(1.0f, 2.0f, 3.0f);
  s.index_samples = 400;
  EXPECT_EQ(d.update(s)->accel_sensor_mps2, s.accel_sensor_mps2);
}

TEST(DecimatorTest, StreamingEqualsBatch) {
  const auto in = sine_stream(12.0, 1001);
  Decimator streaming({.input_rate_hz = kInputRate_hz, .factor = 2});
  const auto a = decimate(streaming, in);
  Decimator batch({.input_rate_hz = kInputRate_hz, .factor = 2});
  std::vector<ImuSample> b(600);
  b.resize(batch.process(in, b));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].accel_sensor_mps2, b[k].accel_sensor_mps2);
    EXPECT_EQ(a[k].index_samples, b[k].index_samples);
  }
}

}  // namespace
}  // namespace runload::signal
