#include "runload/signal/resampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace runload::signal {
namespace {

ImuSample at(std::int64_t t_us, float value) {
  ImuSample s;
  s.t_device = device_time_from_us(t_us);
  s.accel_sensor_mps2 = Vec3f(value, 2.0f * value, -value);
  s.gyro_sensor_radps = Vec3f(0.5f * value, 0.0f, 1.0f);
  return s;
}

/// Irregular timestamps: nominal 1 ms with ±300 µs jitter, signal linear in time.
std::vector<ImuSample> jittered_ramp(int n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> jitter(-300, 300);
  std::vector<ImuSample> in;
  for (int i = 0; i < n; ++i) {
    const std::int64_t t_us = 5000 + i * 1000 + (i == 0 ? 0 : jitter(rng));
    in.push_back(at(t_us, static_cast<float>(t_us) * 1e-3f));  // value = time in ms
  }
  return in;
}

TEST(ResamplerTest, LinearSignalIsReproducedOnTheGrid) {
  // GIVEN a ramp sampled at irregular times
  const std::vector<ImuSample> in = jittered_ramp(1000, 1);
  Resampler r({.output_rate_hz = 500.0f});
  std::vector<ImuSample> out(2000);
  // WHEN it is resampled at 500 Hz
  const std::size_t n = r.process(in, out);
  // THEN outputs sit exactly on the grid, with consecutive indices, and interpolate the ramp
  ASSERT_GE(n, 495u);
  for (std::size_t k = 0; k < n; ++k) {
    const std::int64_t t_us = 5000 + static_cast<std::int64_t>(k) * 2000;
    ASSERT_EQ(to_us(out[k].t_device), t_us);
    ASSERT_EQ(out[k].index_samples, k);
    // tolerance: float interpolation of values ~1000 (ulp ~6e-5)
    ASSERT_NEAR(out[k].accel_sensor_mps2.x(), static_cast<float>(t_us) * 1e-3f, 2e-3f) << k;
    ASSERT_NEAR(out[k].accel_sensor_mps2.y(), 2e-3f * static_cast<float>(t_us), 4e-3f) << k;
    ASSERT_EQ(out[k].gyro_sensor_radps.z(), 1.0f);
  }
  EXPECT_EQ(r.diagnostics().dropped_outputs, 0u);
}

TEST(ResamplerTest, GapIsNotBridged) {
  Resampler r({.output_rate_hz = 1000.0f, .max_gap_s = 0.01f});
  std::vector<ImuSample> out(r.max_outputs_per_update());
  EXPECT_EQ(r.update(at(0, 0.0f), out), 1u);
  EXPECT_EQ(r.update(at(1000, 1.0f), out), 1u);
  // a 50 ms gap, landing on the grid: only the landing sample, index jumps by 50
  ASSERT_EQ(r.update(at(51000, 7.0f), out), 1u);
  EXPECT_EQ(out[0].index_samples, 51u);
  EXPECT_EQ(out[0].accel_sensor_mps2.x(), 7.0f);
  // a gap landing off the grid: nothing now, interpolation resumes after it
  EXPECT_EQ(r.update(at(80500, 8.0f), out), 0u);
  ASSERT_EQ(r.update(at(81500, 9.0f), out), 1u);
  EXPECT_EQ(out[0].index_samples, 81u);
  EXPECT_FLOAT_EQ(out[0].accel_sensor_mps2.x(), 8.5f);
  EXPECT_EQ(r.diagnostics().gaps, 2u);
}

TEST(ResamplerTest, OutOfOrderAndNonFiniteAreSkipped) {
  Resampler r({});
  std::vector<ImuSample> out(r.max_outputs_per_update());
  r.update(at(0, 0.0f), out);
  r.update(at(1000, 1.0f), out);
  EXPECT_EQ(r.update(at(1000, 5.0f), out), 0u);  // duplicate time
  EXPECT_EQ(r.update(at(500, 5.0f), out), 0u);   // backwards
  EXPECT_EQ(r.update(at(2000, std::numeric_limits<float>::quiet_NaN()), out), 0u);
  ASSERT_EQ(r.update(at(2000, 2.0f), out), 1u);
  EXPECT_EQ(out[0].accel_sensor_mps2.x(), 2.0f);
  EXPECT_EQ(r.diagnostics().skipped_out_of_order, 2u);
  EXPECT_EQ(r.diagnostics().skipped_non_finite, 1u);
}

TEST(ResamplerTest, InvalidSettingsPassThrough) {
  Resampler r({.output_rate_hz = -1.0f});
  EXPECT_FALSE(r.ok());
  std::vector<ImuSample> out(1);
  const ImuSample s = at(1234, 3.0f);
  ASSERT_EQ(r.update(s, out), 1u);
  EXPECT_EQ(to_us(out[0].t_device), 1234);
  EXPECT_EQ(out[0].accel_sensor_mps2, s.accel_sensor_mps2);
}

TEST(ResamplerTest, StreamingEqualsBatch) {
  const std::vector<ImuSample> in = jittered_ramp(500, 2);
  Resampler streaming({.output_rate_hz = 800.0f}), batch({.output_rate_hz = 800.0f});
  std::vector<ImuSample> out_batch(1000), out_stream;
  const std::size_t n = batch.process(in, out_batch);
  std::vector<ImuSample> buf(streaming.max_outputs_per_update());
  for (const ImuSample& s : in) {
    const std::size_t k = streaming.update(s, buf);
    out_stream.insert(out_stream.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(k));
  }
  ASSERT_EQ(out_stream.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(out_stream[i].t_device, out_batch[i].t_device);
    ASSERT_EQ(out_stream[i].accel_sensor_mps2, out_batch[i].accel_sensor_mps2);
  }
}

}  // namespace
}  // namespace runload::signal
