// x-IMU3 decode throughput: binary and ASCII inertial streams made with our encoder (~10 MB each).
#include <benchmark/benchmark.h>

#include "counting_sink.h"

#include <cmath>
#include <vector>

#include "runload/bridge/ximu3_decoder.h"
#include "runload/bridge/ximu3_encoder.h"

namespace {


using runload::bench::CountingSink;

/// 300 000 inertial messages at 400 Hz with running-like values.
std::vector<std::uint8_t> make_stream(bool binary) {
  std::vector<std::uint8_t> out;
  std::uint8_t buf[runload::bridge::kXimu3InertialAsciiMaxWireBytes];
  for (int k = 0; k < 300'000; ++k) {
    runload::bridge::Ximu3Inertial m;
    m.timestamp_us = 1'000'000u + 2'500u * static_cast<std::uint64_t>(k);
    const float phase = 0.01f * static_cast<float>(k);
    for (int a = 0; a < 3; ++a) {
      m.gyro_dps[a] = 300.0f * std::sin(phase + static_cast<float>(a));
      m.accel_g[a] = 4.0f * std::cos(phase + static_cast<float>(a));
    }
    const std::size_t n = binary ? runload::bridge::encode_ximu3_inertial_binary(m, buf)
                                 : runload::bridge::encode_ximu3_inertial_ascii(m, buf);
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

void run(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  const auto chunk = static_cast<std::size_t>(state.range(0));
  CountingSink sink;
  for (auto _ : state) {
    runload::bridge::Ximu3Decoder decoder(sink);
    for (std::size_t pos = 0; pos < bytes.size(); pos += chunk) {
      decoder.push(std::span<const std::uint8_t>(bytes).subspan(pos, std::min(chunk, bytes.size() - pos)));
    }
    benchmark::DoNotOptimize(decoder.stats().frames);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
  state.counters["samples"] = static_cast<double>(sink.samples) / static_cast<double>(state.iterations());
}

void BM_Ximu3DecodeBinary(benchmark::State& state) {
  static const auto bytes = make_stream(true);
  run(state, bytes);
}
void BM_Ximu3DecodeAscii(benchmark::State& state) {
  static const auto bytes = make_stream(false);
  run(state, bytes);
}
BENCHMARK(BM_Ximu3DecodeBinary)->Arg(65536)->Arg(20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ximu3DecodeAscii)->Arg(65536)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace
