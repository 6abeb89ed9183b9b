// libFuzzer target: the dataset files `runload replay`, `inspect` and `eval` read besides recordings and
// captures, through their real entry points:
//   - a PyShoe MAT v5 trial (PyShoeAdapter::load_file: the header and layout checks, matio, the shape and
//     time checks and the VICON reference), the whole input as the file. matio opens files by name, so the
//     file is one memfd, rewritten for each input and opened as /proc/self/fd/N;
//   - a Voisard trial (VoisardAdapter::load_text, which load() runs on the two files it reads): the input up
//     to "\n--json--\n" as the foot text of either foot, the rest as the JSON. list() is left out: it looks
//     only at file names, which the input does not choose.
// Checks on an accepted recording: a finite, positive sample rate; PyShoe sample times strictly increasing.
// matio is the system's (not instrumented): coverage guides only runload's side.
// Seeds (synthetic, no dataset bytes): tests/fuzz/seeds/dataset/.
//   cmake --build build-fuzz --target dataset_fuzz
//   ./build-fuzz/dataset_fuzz -max_len=4096 -dict=tests/fuzz/dataset.dict corpus/dataset tests/fuzz/seeds/dataset
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/voisard_adapter.h"

namespace {

namespace fs = std::filesystem;
namespace ds = runload::bridge::datasets;

/// The one file of the run, in memory: nothing is created or removed per input, and nothing is left
/// behind when the fuzzer dies.
struct MemoryFile {
  MemoryFile() : fd(::memfd_create("dataset_fuzz.mat", MFD_CLOEXEC)), path("/proc/self/fd/" + std::to_string(fd)) {
    if (fd < 0) __builtin_trap();
  }
  void write(std::string_view bytes) const {
    if (::ftruncate(fd, 0) != 0) __builtin_trap();
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) __builtin_trap();
      done += static_cast<std::size_t>(n);
    }
  }
  int fd;
  fs::path path;
};

void check_rate(const ds::Recording& rec) {
  if (!(std::isfinite(rec.sensor.sample_rate_hz) && rec.sensor.sample_rate_hz > 0)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const MemoryFile mat;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  mat.write(bytes);
  if (const auto rec = ds::PyShoeAdapter().load_file(mat.path)) {
    check_rate(*rec);
    for (std::size_t i = 1; i < rec->samples.size(); ++i) {
      if (!(rec->samples[i].t_device > rec->samples[i - 1].t_device)) __builtin_trap();
    }
  }

  constexpr std::string_view kSeparator = "\n--json--\n";
  const std::size_t cut = bytes.find(kSeparator);
  const std::string_view text = bytes.substr(0, cut);
  const std::string_view json = cut == std::string_view::npos ? std::string_view() : bytes.substr(cut + kSeparator.size());
  const ds::VoisardAdapter voisard;
  for (const auto side : {runload::signal::BodySide::kLeft, runload::signal::BodySide::kRight}) {
    ds::RecordingInfo info;  // as list() gives it for 1-2_lf.txt or 1-2_rf.txt beside 1-2.json
    info.id = side == runload::signal::BodySide::kLeft ? "1-2_lf" : "1-2_rf";
    info.subject = 1;
    info.trial = 2;
    info.side = side;
    info.placement = runload::signal::Placement::kFoot;
    info.files = {info.id + ".txt", "1-2.json"};
    if (const auto rec = voisard.load_text(info, text, json)) check_rate(*rec);
  }
  return 0;
}
