// libFuzzer target: the FIT decoder fed arbitrary bytes in two chunks split at an input-chosen point,
// every field of every message read back as a number and as text; then the same bytes through the
// importer's summary (decode_fit_activity: file_id, sessions, developer series).
// Build and run (clang), beside decoder_fuzz:
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DRUNLOAD_FUZZ=ON \
//         -DRUNLOAD_BUILD_TESTS=OFF -DRUNLOAD_BUILD_APPS=OFF -DRUNLOAD_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target fit_fuzz
//   ./build-fuzz/fit_fuzz -max_total_time=60 -max_len=65536 ../shared/datasets/fit/python-fitparse
#include <cstddef>
#include <cstdint>
#include <span>

#include "runload/store/fit_activity.h"
#include "runload/store/fit_decoder.h"

namespace {
struct ReadEverything final : runload::store::fit::MessageSink {
  void on_message(const runload::store::fit::Message& m) override {
    for (const auto& f : m.fields) {
      if (m.number(f.number)) ++values;
      if (m.text(f.number)) ++values;
    }
    for (const auto& f : m.developer_fields) {
      if (m.developer_number(f)) ++values;
    }
  }
  std::size_t values = 0;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::size_t split = size > 0 ? data[0] % (size + 1) : 0;
  ReadEverything sink;
  runload::store::fit::Decoder decoder(sink);
  decoder.push(bytes.first(split));
  decoder.push(bytes.subspan(split));
  decoder.finish();
  const auto activity = runload::store::decode_fit_activity(bytes);
  if (activity.sessions.size() > activity.stats.messages) __builtin_trap();
  return 0;
}
