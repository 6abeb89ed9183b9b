// libFuzzer target: every decoder fed the same arbitrary bytes, split at an input-chosen point.
// Build and run (clang):
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DRUNLOAD_FUZZ=ON \
//         -DRUNLOAD_BUILD_TESTS=OFF -DRUNLOAD_BUILD_APPS=OFF -DRUNLOAD_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target decoder_fuzz
//   ./build-fuzz/decoder_fuzz -max_total_time=60 ../shared/datasets/captures/xsens-mti/1
#include <cstddef>
#include <cstdint>
#include <span>

#include "runload/bridge/decoder.h"

namespace {
struct NullSink final : runload::bridge::DecoderSink {
  void on_samples(const runload::bridge::SampleBatch& batch) override {
    for (const auto& s : batch.samples) {
      if (!s.accel_sensor_mps2.allFinite() && s.has(runload::signal::kChannelAccel)) volatile_sink = 1;
    }
  }
  volatile int volatile_sink = 0;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using runload::bridge::Protocol;
  const std::span<const std::uint8_t> bytes(data, size);
  const std::size_t split = size > 0 ? data[0] % (size + 1) : 0;
  for (Protocol p : {Protocol::kRunload, Protocol::kXimu3, Protocol::kXimu3Csv, Protocol::kXsens}) {
    NullSink sink;
    auto decoder = runload::bridge::make_decoder(p, sink);
    decoder->push(bytes.first(split));
    decoder->on_link_break();
    decoder->push(bytes.subspan(split));
  }
  return 0;
}
