// libFuzzer target: the zip-export importer (`runload import export.zip`) fed arbitrary bytes through its real
// entry point: the bytes are written to a .zip on tmpfs, unpack_history_files() unpacks it into a scratch
// folder (gzip entries, one nested zip), and every file it names is read by read_history_file() as the import
// does. Checks: every unpacked file is a regular file in its own numbered folder inside the scratch folder
// (no path from the archive escapes it), no larger than kMaxHistoryFileBytes, and every accepted session is
// finite, 0..1000 km, 0..7 days (as in history_fuzz).
// libzip and zlib are the system's (not instrumented): coverage guides only runload's side of the walk.
// Seed: tests/fuzz/seeds/archive/export.zip (a CSV, a GPX, a gzip-compressed TCX and a zip holding a CSV).
//   cmake --build build-fuzz --target archive_fuzz
//   ./build-fuzz/archive_fuzz -max_len=4096 -dict=tests/fuzz/archive.dict corpus/archive tests/fuzz/seeds/archive
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "history_bounds.h"
#include "runload/store/history_archive.h"
#include "runload/store/history_import.h"

namespace {

namespace fs = std::filesystem;

/// The scratch folder on tmpfs, removed when the fuzzer exits.
struct Scratch {
  Scratch() {
    const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    root = fs::path(dir) / ("runload-archive-fuzz-" + std::to_string(::getpid()));
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  fs::path root;
};

void check_session_bounds(const tl::expected<runload::store::HistoryFile, std::string>& file) {
  trap_unless_sessions_in_bounds(file);
  if (!file) return;
  for (const auto& row : file->sessions) {
    if (!row.import_id) __builtin_trap();  // read_history_file promises one for every session
  }
}

/// The unpacked file must be `<unpacked>/<n>/<name>` with n = its 1-based position, a regular file within the cap.
void check_unpacked(const fs::path& unpacked, const fs::path& file, std::size_t position) {
  if (file.parent_path() != unpacked / std::to_string(position)) __builtin_trap();
  const fs::path name = file.filename();
  if (name.empty() || name == "." || name == "..") __builtin_trap();
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec)) || ec) __builtin_trap();
  if (fs::file_size(file, ec) > runload::store::kMaxHistoryFileBytes || ec) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  const fs::path& root = scratch.root;
  static const fs::path zip = root / "export.zip";
  static const fs::path unpacked = root / "unpacked";
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(unpacked);
  std::ofstream(zip, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));

  const auto archive = runload::store::unpack_history_files(zip, unpacked);
  if (archive) {
    for (std::size_t i = 0; i < archive->files.size(); ++i) {
      check_unpacked(unpacked, archive->files[i], i + 1);
      check_session_bounds(runload::store::read_history_file(archive->files[i]));
    }
    // Nothing but the numbered folders it reported.
    std::size_t folders = 0;
    for (const auto& entry : fs::directory_iterator(unpacked)) folders += entry.is_directory() ? 1 : 0;
    if (folders != archive->files.size()) __builtin_trap();
  }
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.path() != zip && entry.path() != unpacked) __builtin_trap();  // nothing written beside the scratch folder
  }
  return 0;
}
