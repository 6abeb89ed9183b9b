// Xbus decode throughput over the real MTi captures (files 1..5 concatenated, repeated to ~14 MB).
#include <benchmark/benchmark.h>

#include "counting_sink.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runload/bridge/xbus_decoder.h"

namespace {


using runload::bench::CountingSink;

/// Adds `shift` to every MTData2 PacketCounter in a clean capture and fixes the checksums.
void shift_packet_counters(std::uint8_t* p, std::size_t size, std::uint16_t shift) {
  for (std::size_t pos = 0; pos + 5 <= size;) {
    const std::size_t len = p[pos + 3];  // the captures use no extended lengths
    std::uint8_t* payload = p + pos + 4;
    for (std::size_t t = 0; t + 3 <= len; t += 3u + payload[t + 2]) {
      if (payload[t] == 0x10 && payload[t + 1] == 0x20 && payload[t + 2] == 2) {
        const auto c = static_cast<std::uint16_t>(((payload[t + 3] << 8) | payload[t + 4]) + shift);
        payload[t + 3] = static_cast<std::uint8_t>(c >> 8);
        payload[t + 4] = static_cast<std::uint8_t>(c);
      }
    }
    unsigned sum = 0;
    for (std::size_t i = pos + 1; i < pos + 4 + len; ++i) sum += p[i];
    p[pos + 4 + len] = static_cast<std::uint8_t>(0x100u - (sum & 0xFFu));
    pos += 5 + len;
  }
}

const std::vector<std::uint8_t>& stream() {
  static const std::vector<std::uint8_t> bytes = [] {
    std::vector<std::uint8_t> one;
    for (int n = 1; n <= 5; ++n) {
      std::ifstream in(std::filesystem::path(RUNLOAD_SHARED_DATASETS) / "captures/xsens-mti" / std::to_string(n) /
                           "output.bin",
                       std::ios::binary);
      one.insert(one.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    // Repeat 200 times, shifting each copy's PacketCounters by 500 so the stream stays continuous
    // (a plain repeat would make every later copy a run of duplicates, skipping the sample path).
    std::vector<std::uint8_t> all;
    for (unsigned k = 0; k < 200; ++k) {
      const std::size_t base = all.size();
      all.insert(all.end(), one.begin(), one.end());
      shift_packet_counters(all.data() + base, one.size(), static_cast<std::uint16_t>(500u * k));
    }
    return all;
  }();
  return bytes;
}

/// Whole stream pushed in `chunk`-byte reads (64 KiB file blocks down to 20-byte BLE notifications).
void BM_XbusDecode(benchmark::State& state) {
  const auto& bytes = stream();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  CountingSink sink;
  std::uint64_t frames = 0;
  for (auto _ : state) {
    runload::bridge::XbusDecoder decoder(sink);
    for (std::size_t pos = 0; pos < bytes.size(); pos += chunk) {
      decoder.push(std::span<const std::uint8_t>(bytes).subspan(pos, std::min(chunk, bytes.size() - pos)));
    }
    frames = decoder.stats().frames;
    benchmark::DoNotOptimize(frames);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
  state.counters["samples"] = static_cast<double>(sink.samples) / static_cast<double>(state.iterations());
  state.counters["frames"] = static_cast<double>(frames);
}
BENCHMARK(BM_XbusDecode)->Arg(65536)->Arg(244)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace
