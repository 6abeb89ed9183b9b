// Throughput of each signal/ stage's update(), in samples/s (items_per_second).
// Run: ./build/bench/dsp_bench   (figures in the commit / docs/benchmarks.md)
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "runload/signal/biquad.h"
#include "runload/signal/gyro_bias_estimator.h"
#include "runload/signal/orientation_filter.h"
#include "runload/signal/resampler.h"
#include "runload/signal/zero_velocity_detector.h"
#include "runload/signal/zupt_strapdown.h"

namespace {
using namespace runload::signal;

/// 4096 samples of a 1 kHz running-like signal: rest, then a swing with rotation and acceleration.
const std::vector<ImuSample>& samples() {
  static const std::vector<ImuSample> s = [] {
    std::vector<ImuSample> v(4096);
    std::mt19937 rng(1);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const float t_s = static_cast<float>(i) * 1e-3f;
      const float phase = std::fmod(t_s, 0.75f);
      const bool swing = phase > 0.3f;
      const float w = swing ? 10.0f * std::sin(6.98f * (phase - 0.3f)) : 0.0f;
      v[i].index_samples = i;
      v[i].t_device = device_time_from_us(static_cast<std::int64_t>(i) * 1000);
      v[i].accel_sensor_mps2 = Vec3f(swing ? 20.0f * std::cos(6.98f * (phase - 0.3f)) : 0.0f, 0.0f, 9.81f) +
                               0.05f * Vec3f(n(rng), n(rng), n(rng));
      v[i].gyro_sensor_radps = Vec3f(0.0f, w, 0.0f) + 0.005f * Vec3f(n(rng), n(rng), n(rng));
    }
    return v;
  }();
  return s;
}

/// Runs `body(sample)` over the sample set; reports samples/s.
template <typename Body>
void run(benchmark::State& state, Body&& body) {
  const auto& in = samples();
  std::size_t i = 0;
  for (auto _ : state) {
    body(in[i]);
    i = (i + 1) & (in.size() - 1);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_Butterworth4Scalar(benchmark::State& state) {
  ButterworthFilter f({.order = 4});
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(f.update(s.accel_sensor_mps2.x())); });
}
BENCHMARK(BM_Butterworth4Scalar);

void BM_Butterworth4Vec3(benchmark::State& state) {
  ButterworthFilterVec3 f({.order = 4});
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(f.update(s.accel_sensor_mps2)); });
}
BENCHMARK(BM_Butterworth4Vec3);

void BM_GyroBiasEstimator(benchmark::State& state) {
  GyroBiasEstimator est({});
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(est.update(s)); });
}
BENCHMARK(BM_GyroBiasEstimator);

void BM_OrientationFilter(benchmark::State& state) {
  OrientationFilter f({.gyro_range_dps = 2000.0f});
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(f.update(s)); });
}
BENCHMARK(BM_OrientationFilter);

void BM_ZeroVelocityDetector(benchmark::State& state) {
  ZeroVelocityDetector det({});
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(det.update(s)); });
}
BENCHMARK(BM_ZeroVelocityDetector);

void BM_Resampler(benchmark::State& state) {
  Resampler r({.output_rate_hz = 800.0f});
  std::vector<ImuSample> out(r.max_outputs_per_update());
  // Shift timestamps so the stream keeps advancing across wrap-arounds of the sample set.
  std::int64_t offset_us = 0;
  const auto& in = samples();
  std::size_t i = 0;
  for (auto _ : state) {
    ImuSample s = in[i];
    s.t_device = device_time_from_us(to_us(s.t_device) + offset_us);
    benchmark::DoNotOptimize(r.update(s, out));
    if (++i == in.size()) {
      i = 0;
      offset_us += static_cast<std::int64_t>(in.size()) * 1000;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Resampler);

void BM_ZuptStrapdownPropagate(benchmark::State& state) {
  ZuptStrapdown ins({});
  for (int i = 0; i < 200; ++i) ins.update(samples()[0], true);  // initialise
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(ins.update(s, false)); });
}
BENCHMARK(BM_ZuptStrapdownPropagate);

void BM_ZuptStrapdownPropagateAndZupt(benchmark::State& state) {
  ZuptStrapdown ins({});
  for (int i = 0; i < 200; ++i) ins.update(samples()[0], true);
  run(state, [&](const ImuSample& s) { benchmark::DoNotOptimize(ins.update(s, true)); });
}
BENCHMARK(BM_ZuptStrapdownPropagateAndZupt);

}  // namespace
