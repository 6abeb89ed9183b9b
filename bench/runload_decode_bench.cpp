// runload wire-format decode throughput: COBS + CRC-32C + sample-index accounting + conversion to
// signal::ImuSample, over an emulator stream (1600 Hz, 16 samples per frame, 10 minutes ≈ 14 MB).
#include <benchmark/benchmark.h>

#include "counting_sink.h"

#include <vector>

#include "runload/bridge/emulator.h"
#include "runload/bridge/runload_decoder.h"
#include "runload/signal/gait_simulator.h"

namespace {


using runload::bench::CountingSink;

const std::vector<std::uint8_t>& stream() {
  static const std::vector<std::uint8_t> bytes = [] {
    runload::signal::GaitSimulatorSettings gait;
    gait.sample_rate_hz = 1600.0f;
    runload::signal::GaitSimulator simulator(gait);
    std::uint64_t left = 1600ull * 600;
    runload::bridge::SensorEmulator emulator(
        {}, [&]() -> std::optional<runload::signal::ImuSample> {
          if (left == 0) return std::nullopt;
          --left;
          return simulator.next();
        },
        gait.sample_rate_hz);
    std::vector<std::uint8_t> all;
    while (auto frame = emulator.next()) all.insert(all.end(), frame->bytes.begin(), frame->bytes.end());
    return all;
  }();
  return bytes;
}

void BM_RunloadDecode(benchmark::State& state) {
  const auto& bytes = stream();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::uint64_t samples = 0;
  for (auto _ : state) {
    CountingSink sink;
    runload::bridge::RunloadDecoder decoder(sink);
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
      decoder.push(std::span(bytes).subspan(i, std::min(chunk, bytes.size() - i)));
    }
    samples = sink.samples;
    benchmark::DoNotOptimize(samples);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples));
  state.counters["stream_MB"] = static_cast<double>(bytes.size()) / 1e6;
}
// 64 KiB file reads, 244-byte BLE notifications at MTU 247, 20-byte notifications at MTU 23.
BENCHMARK(BM_RunloadDecode)->Arg(65536)->Arg(244)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace
