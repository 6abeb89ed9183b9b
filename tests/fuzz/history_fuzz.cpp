// libFuzzer target: the history importers (CSV, GPX, TCX) fed arbitrary bytes through their real entry
// points (the bytes are written to a file on tmpfs first), and every accepted session checked against the
// bounds the readers promise (finite, 0..1000 km, 0..7 days).
// Build and run (clang), beside decoder_fuzz:
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DRUNLOAD_FUZZ=ON \
//         -DRUNLOAD_BUILD_TESTS=OFF -DRUNLOAD_BUILD_APPS=OFF -DRUNLOAD_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target history_fuzz
//   ./build-fuzz/history_fuzz -max_len=4096 -dict=tests/fuzz/history.dict tests/fuzz/seeds/history
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "history_bounds.h"
#include "runload/store/history_import.h"

namespace {

std::string scratch_path(const char* extension) {
  const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return std::string(dir) + "/runload-history-fuzz-" + std::to_string(::getpid()) + extension;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string csv = scratch_path(".csv");
  static const std::string gpx = scratch_path(".gpx");
  static const std::string tcx = scratch_path(".tcx");
  for (const std::string* path : {&csv, &gpx, &tcx}) {
    std::ofstream out(*path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  trap_unless_sessions_in_bounds(runload::store::read_history_csv(csv));
  trap_unless_sessions_in_bounds(runload::store::read_gpx(gpx));
  trap_unless_sessions_in_bounds(runload::store::read_tcx(tcx));
  return 0;
}
