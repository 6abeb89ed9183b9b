// libFuzzer target: the dataset files `runload replay`, `inspect` and `eval` read besides recordings and
// captures, through their real entry points (the bytes go to files on tmpfs):
//   - a PyShoe MAT v5 trial (PyShoeAdapter::load_file: the framing check, matio, the shape and time checks
//     and the VICON reference), the whole input as `trial.mat`;
//   - a Voisard trial (VoisardAdapter::list + load): the input up to "\n--json--\n" as `1-2_lf.txt` and
//     `1-2_rf.txt`, the rest as `1-2.json`.
// Checks on an accepted recording: a finite, positive sample rate; PyShoe sample times strictly increasing.
// matio is the system's (not instrumented): coverage guides only runload's side.
// Seeds (synthetic, no dataset bytes): tests/fuzz/seeds/dataset/.
//   cmake --build build-fuzz --target dataset_fuzz
//   ./build-fuzz/dataset_fuzz -max_len=4096 -dict=tests/fuzz/dataset.dict corpus/dataset tests/fuzz/seeds/dataset
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/voisard_adapter.h"

namespace {

namespace fs = std::filesystem;
namespace ds = runload::bridge::datasets;

/// The scratch folder on tmpfs, removed when the fuzzer exits.
struct Scratch {
  Scratch() {
    const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    root = fs::path(dir) / ("runload-dataset-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(root);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  fs::path root;
};

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void check_rate(const ds::Recording& rec) {
  if (!(std::isfinite(rec.sensor.sample_rate_hz) && rec.sensor.sample_rate_hz > 0)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const fs::path mat = scratch.root / "trial.mat";
  write(mat, bytes);
  if (const auto rec = ds::PyShoeAdapter().load_file(mat)) {
    check_rate(*rec);
    for (std::size_t i = 1; i < rec->samples.size(); ++i) {
      if (!(rec->samples[i].t_device > rec->samples[i - 1].t_device)) __builtin_trap();
    }
  }

  constexpr std::string_view kSeparator = "\n--json--\n";
  const std::size_t cut = bytes.find(kSeparator);
  const std::string_view text = bytes.substr(0, cut);
  const std::string_view json = cut == std::string_view::npos ? std::string_view() : bytes.substr(cut + kSeparator.size());
  write(scratch.root / "1-2_lf.txt", text);
  write(scratch.root / "1-2_rf.txt", text);
  write(scratch.root / "1-2.json", json);
  const ds::VoisardAdapter voisard;
  if (const auto list = voisard.list(scratch.root)) {
    for (const auto& info : *list) {
      if (const auto rec = voisard.load(info)) check_rate(*rec);
    }
  }
  return 0;
}
